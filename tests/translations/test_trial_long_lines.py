"""Long one-line texts (a 150-character headline, a caption) get a box of several lines on the
translation pages, and are saved as the one line they are."""

import pytest
from django.test import Client

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, TranslatorFactory
from tests.pages import get_page, open_form, translate_url

pytestmark = pytest.mark.django_db

HEADLINE = (
    "Nissan Mexicana, JICA and the Clúster Automotriz de Aguascalientes agree a training plan for "
    "4,800 technicians in Querétaro and San Luis Potosí by 2029"
)
SHORT_ITEMS = "/admin/translations/translation/short-items/de/"


@pytest.fixture
def translator():
    client = Client()
    client.force_login(TranslatorFactory(username="translator"))
    return client


def test_a_long_headline_gets_a_box_of_several_lines_and_a_short_one_an_input(translator):
    long = ArticleFactory(headline_en=HEADLINE, headline_de="", released_translations=False)
    short = ArticleFactory(headline_en="Jatco hires", headline_de="", released_translations=False)

    box = get_page(translator, translate_url(long, "de")).find("textarea", name="headline")
    assert box is not None and int(box["rows"]) >= 3
    assert box["lang"] == "de" and box["maxlength"]
    assert get_page(translator, translate_url(short, "de")).find("input", name="headline") is not None


def test_a_line_break_typed_into_a_long_headlines_box_is_saved_as_a_space(translator):
    article = ArticleFactory(headline_en=HEADLINE, headline_de="", released_translations=False)
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    data["headline"] = ["Nissan Mexicana, JICA und der Clúster Automotriz\r\nde Aguascalientes schulen 4.800 Techniker"]
    data["_save"] = ["1"]

    assert translator.post(translate_url(article, "de"), data).status_code == 302
    assert Article.objects.get(pk=article.pk).headline_de == (
        "Nissan Mexicana, JICA und der Clúster Automotriz de Aguascalientes schulen 4.800 Techniker"
    )


def test_a_long_caption_on_the_page_of_short_items_gets_a_box_of_several_lines(translator):
    photo = ImageFactory(alt_en="Cars", caption_en="", credit_en="", alt_de="", caption_de="", credit_de="")
    ArticleFactory(
        headline_en="Nissan doubles",
        image=photo,
        lead_image_caption_en="The new cluster unites 68 aerospace companies from five states in the Bajío region.",
        lead_image_caption_de="",
    )

    page = get_page(translator, SHORT_ITEMS)

    boxes = page.find_all("textarea", class_="short-items__input")
    assert len(boxes) == 1 and int(boxes[0]["rows"]) >= 2
    assert len(page.find_all("input", class_="short-items__input")) == 1  # the image's short alt text
