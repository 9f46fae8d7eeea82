"""What the search page says before it searches: with no words, words it cannot search, a page
number that is no page, and the article list's old search. The same on SQLite and PostgreSQL."""

import pytest

from tests.pages import get_page, url_in
from tests.search.results import search, search_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("query", ["", "?q=", "?q=+++"], ids=["no-query", "empty", "spaces"])
def test_the_search_page_without_words_explains_how_to_search(client, language, query):
    page = get_page(client, search_url(language) + query)

    assert page.find("div", class_="search-help")
    assert not page.find_all("li", class_="search-result")


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_overlong_query_is_refused_with_a_message(client, language):
    page = search(client, language, "Nearshoring " * 20, status=400)

    assert len(page.find("div", class_="errors").texts("li")) == 1


@pytest.mark.parametrize("q", ["!!!", "?! … — «»", "& | ! :* ( ) <->", "-12 -000"])
def test_a_query_without_words_is_refused_with_a_message(client, q):
    page = search(client, "en", q, status=400)

    assert page.find("div", class_="errors").texts("li") == ["Search for words: this search has none."]


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "1.5", "51"])
def test_a_page_number_that_is_no_page_is_refused(client, page_number):
    page = search(client, "en", "copper", status=400, page=page_number)

    assert page.find("div", class_="errors").texts("li")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_search_on_the_article_list_leads_to_the_search_page_with_its_words(client, language):
    response = client.get(url_in(language, "articles:list") + "?q=Nissan")

    assert response.status_code == 302
    assert response["Location"] == search_url(language, q="Nissan")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_number_alone_is_a_query(client, language):
    page = search(client, language, "737")

    assert not page.find_all("div", class_="errors")


def test_filters_without_words_show_the_article_list(client):
    response = client.get(search_url("en", section="3", kind="news"))

    assert response.status_code == 302
    assert response["Location"] == f"{url_in('en', 'articles:list')}?section=3&kind=news"


def test_the_form_s_empty_fields_leave_the_address(client):
    response = client.get(search_url("en", section="", kind="", q="Toyota"))

    assert response.status_code == 302
    assert response["Location"].endswith("?q=Toyota")


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_overlong_query_says_how_long_a_query_may_be(client, language):
    page = search(client, language, "Nearshoring " * 20, status=400)

    expected = {"en": "Search for at most 200 characters.", "de": "Suchen Sie nach höchstens 200 Zeichen."}
    assert page.find("div", class_="errors").texts("li") == [expected[language]]
