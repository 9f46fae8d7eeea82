import pytest

from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_home_page_lists_a_published_article(client):
    article = ArticleFactory(headline_en="Nissan expands in Aguascalientes")
    response = client.get("/en/")
    assert response.status_code == 200
    assert article.headline_en in response.content.decode()
