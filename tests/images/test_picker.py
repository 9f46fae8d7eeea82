"""The image picker on the forms that show an image, its search, and the image's own form: where it
is used and its focal point — through the admin's HTTP."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsroom.images.models import Image
from newsroom.images.templatetags.pictures import rendition_url
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    ReporterFactory,
    TranslatorFactory,
    UserFactory,
)
from tests.pages import get_page, open_form

pytestmark = pytest.mark.django_db

# Noon in Mexico City on 7 December 2026.
NOON = datetime.datetime(2026, 12, 7, 18, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 7)
SEARCH = "/admin/images/image/autocomplete/"
ARTICLE_IMAGE = {"app_label": "articles", "model_name": "article", "field_name": "image"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor():
    client = Client()
    client.force_login(EditorFactory(username="ines"))
    return client


def search(client, term="", **source):
    return client.get(SEARCH, {**(source or ARTICLE_IMAGE), "term": term})


@time_machine.travel(NOON, tick=False)
def test_the_pickers_results_carry_thumbnail_credit_licence_and_uses(editor):
    image = ImageFactory(
        caption_en="The seat plant", credit_en="Photo: Cuartoscuro", licence_last_day=datetime.date(2026, 12, 10)
    )
    ArticleFactory(image=image)
    ArticleFactory(image=image)

    response = search(editor, "seat")

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": str(image.pk),
                "text": "The seat plant",
                "thumbnail": rendition_url(image, "thumb"),
                "credit": "Photo: Cuartoscuro",
                "licence": "ends 10 Dec",
                "is_shown": True,
                "uses": 2,
                "uses_label": "used 2 times",
            }
        ],
        "pagination": {"more": False},
    }


def test_the_picker_finds_an_image_by_its_german_caption_its_creator_and_its_file_name(editor):
    hall = ImageFactory(caption_en="The assembly hall", caption_de="Die Montagehalle in Silao", creator="Ana Ruiz")
    ImageFactory(caption_en="A port crane", caption_de="Ein Hafenkran", original_name="IMG_2231.jpg")
    Image.objects.filter(caption_en="A port crane").update(original_name="IMG_2231.jpg")

    def found(term):
        return [result["text"] for result in search(editor, term).json()["results"]]

    assert found("Montagehalle") == ["The assembly hall"]
    assert found("Ruiz") == ["The assembly hall"]
    assert found("IMG_2231") == ["A port crane"]
    assert hall.pk


@time_machine.travel(NOON, tick=False)
def test_images_whose_licence_ended_come_last_and_say_so(editor):
    ended = ImageFactory(caption_en="Plant at night", licence_last_day=datetime.date(2026, 12, 6))
    ImageFactory(caption_en="Plant by day")
    ImageFactory(caption_en="Plant in the rain", licence_last_day=datetime.date(2027, 3, 1))

    results = search(editor, "Plant").json()["results"]

    assert [r["text"] for r in results][-1] == "Plant at night"
    assert results[-1] == {**results[-1], "id": str(ended.pk), "licence": "ended", "is_shown": False, "thumbnail": ""}
    assert {r["licence"] for r in results[:2]} == {"", "ends 1 Mar 2027"}


def test_a_reporter_searches_the_library_and_a_user_without_view_permission_is_refused():
    ImageFactory(caption_en="The seat plant")
    reporter, stranger = Client(), Client()
    reporter.force_login(ReporterFactory(username="rosa"))
    stranger.force_login(UserFactory(username="visitor", is_staff=True))

    assert [r["text"] for r in search(reporter, "seat").json()["results"]] == ["The seat plant"]
    assert search(stranger, "seat").status_code == 403
    assert Client().get(SEARCH, {**ARTICLE_IMAGE, "term": "seat"}).status_code == 302  # to the login page


def test_forged_requests_to_the_pickers_search_are_refused(editor):
    ArticleFactory(headline_en="Secret draft", status="draft")

    assert editor.get(SEARCH, {"term": "seat"}).status_code == 403  # no field named
    assert search(editor, app_label="articles", model_name="article", field_name="section").status_code == 403
    assert search(editor, app_label="articles", model_name="article", field_name="headline").status_code == 403
    assert search(editor, app_label="articles", model_name="nothing", field_name="image").status_code == 403
    assert search(editor, app_label="articles", model_name="article", field_name="related_articles").status_code == 403


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/articles/article/add/", "image"),
        ("/admin/events/event/add/", "image"),
        ("/admin/people/person/add/", "portrait"),
        ("/admin/articles/author/add/", "portrait"),
        ("/admin/organizations/organization/add/", "logo_image"),
    ],
)
def test_every_form_that_shows_an_image_picks_it_with_the_picker(editor, url, field):
    page = get_page(editor, url)

    select = page.find("select", name=field)
    assert "image-picker" in select["class"].split()
    assert select["data-ajax--url"] == SEARCH
    scripts = [script["src"] for script in page.find_all("script", src=True)]
    assert any(src.endswith("images/picker.js") for src in scripts)
    inline = [script for script in page.find_all("script") if script.text.strip() and script.get("type") != "importmap"]
    assert not inline  # the editor's import map is the one the policy allows, by its hash
    assert page.find("a", id=f"add_id_{field}")["href"].startswith("/admin/images/image/add/?")


def test_the_article_form_shows_the_chosen_image_under_the_field(editor):
    image = ImageFactory(caption_en="The seat plant", credit_en="Photo: Cuartoscuro", licence="agency")
    article = ArticleFactory(image=image)
    ArticleFactory(image=image)
    EventFactory(image=image)

    page = get_page(editor, f"/admin/articles/article/{article.pk}/change/")
    panel = page.find("div", class_="image-picker-chosen")

    assert panel.get("hidden") is None
    assert panel.find("img", class_="image-picker-chosen__thumbnail")["src"] == rendition_url(image, "thumb")
    assert panel.find("strong").text == "The seat plant"
    assert panel.find("span", class_="image-picker-chosen__credit").text == "Photo: Cuartoscuro"
    assert panel.find("span", class_="image-picker-chosen__licence").text == "Agency subscription"
    assert panel.find("span", class_="image-picker-chosen__uses").text == "Used in 2 articles, 1 event"
    assert panel.find("a", class_="image-picker-chosen__change")["href"] == f"/admin/images/image/{image.pk}/change/"
    option = page.find("select", name="image").find("option", selected=True)
    assert (option["value"], option["data-thumbnail"]) == (str(image.pk), rendition_url(image, "thumb"))


def test_a_reporter_picks_from_the_library_and_adds_to_it_from_the_article_form():
    reporter = Client()
    reporter.force_login(ReporterFactory(username="rosa"))

    page = get_page(reporter, "/admin/articles/article/add/")

    assert "image-picker" in page.find("select", name="image")["class"].split()
    assert page.find("a", id="add_id_image")["href"].startswith("/admin/images/image/add/?")


def test_an_article_without_an_image_has_its_panel_hidden(editor):
    panel = get_page(editor, "/admin/articles/article/add/").find("div", class_="image-picker-chosen")

    assert panel.get("hidden") is not None
    assert panel["data-change-url"] == "/admin/images/image/__fk__/change/"


def test_the_image_form_lists_where_the_image_is_used(editor):
    image = ImageFactory()
    article = ArticleFactory(image=image, headline_en="Tachi-S adds a shift")
    author = AuthorFactory(portrait=image, display_name="Marta Reyes")
    organization = OrganizationFactory(logo_image=image, name_en="Nissan Mexicana")
    person = PersonFactory(portrait=image, name="Carlos Slim")
    event = EventFactory(image=image, title_en="Auto parts fair")

    used = get_page(editor, f"/admin/images/image/{image.pk}/change/").find("fieldset", class_="where-used")

    links = {a.text: a["href"] for a in used.find_all("a")}
    assert links == {
        "Tachi-S adds a shift": f"/admin/articles/article/{article.pk}/change/",
        "Marta Reyes": f"/admin/articles/author/{author.pk}/change/",
        "Nissan Mexicana": f"/admin/organizations/organization/{organization.pk}/change/",
        "Carlos Slim": f"/admin/people/person/{person.pk}/change/",
        "Auto parts fair": f"/admin/events/event/{event.pk}/change/",
    }
    assert set(used.texts("label")) == {"Articles:", "Authors:", "Organizations:", "People:", "Events:"}


def test_a_translator_is_not_shown_the_drafts_using_an_image():
    image = ImageFactory()
    ArticleFactory(image=image, headline_en="Published piece")
    ArticleFactory(image=image, headline_en="Unannounced draft", status="draft")
    translator = Client()
    translator.force_login(TranslatorFactory(username="tomas"))

    used = get_page(translator, f"/admin/images/image/{image.pk}/change/").find("fieldset", class_="where-used")

    assert used.texts("a") == ["Published piece"]


def test_an_unused_image_says_nothing_uses_it(editor):
    image = ImageFactory()

    used = get_page(editor, f"/admin/images/image/{image.pk}/change/").find("fieldset", class_="where-used")

    assert "Nothing uses this image." in used.text


def test_the_focal_point_set_on_the_form_is_saved_and_moves_the_previews(editor):
    image = ImageFactory()
    url = f"/admin/images/image/{image.pk}/change/"
    page, data = open_form(editor, url, "image_form")
    assert page.find("div", class_="focal-point").find("img")["src"] == rendition_url(image, "lead")
    data.update(focal_x=["20"], focal_y=["75"])

    response = editor.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (20, 75)
    focal = get_page(editor, url).find("div", class_="focal-point")
    assert focal.find("span", class_="focal-point__marker")["style"] == "left: 20%; top: 75%"
    # 64 × 48: a square crop is 48 wide, centred on 20% across (12.8 px) as far as the edge allows.
    assert focal.find("figure", class_="focal-crop--square").find("img")["style"] == "object-position: 0% 50%"
    assert focal.find("figure", class_="focal-crop--social").find("img")["style"] == "object-position: 50% 100%"


def test_a_page_of_results_takes_the_same_queries_for_three_images_as_for_twenty(editor, django_assert_num_queries):
    for _ in range(3):
        ArticleFactory(image=ImageFactory())
    search(editor, "plant")  # the session and the user, loaded once
    with CaptureQueriesContext(connection) as three:
        assert len(search(editor, "plant").json()["results"]) == 3
    for _ in range(17):
        ArticleFactory(image=ImageFactory())

    with django_assert_num_queries(len(three)):
        assert len(search(editor, "plant").json()["results"]) == 20
