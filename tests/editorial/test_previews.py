"""Drafts previewed from the admin in each language, and share links for people without an account:
valid, expired, withdrawn, tampered — never indexed, and showing nothing but the one article."""

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import PreviewLink
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, TranslatorFactory
from tests.pages import get_page, logged_in, open_form, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        headline_en="Mazda will add a second shift in Salamanca",
        headline_de="Mazda führt in Salamanca eine zweite Schicht ein",
    )


def preview_url(article, language):
    return f"/admin/articles/article/{article.pk}/preview/{language}/"


def assert_not_indexed(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    page = parse(response)
    assert page.find("meta", name="robots")["content"] == "noindex, nofollow"
    assert page.find_all("link", rel="canonical") == [] and page.find_all("link", rel="alternate", hreflang=True) == []


# From the admin


def test_an_editor_previews_a_draft_in_each_language_as_readers_will_see_it(editor, draft):
    english = editor.get(preview_url(draft, "en"))
    german = editor.get(preview_url(draft, "de"))

    assert english.status_code == german.status_code == 200
    assert parse(english).find("h1").text == "Mazda will add a second shift in Salamanca"
    assert parse(german).find("h1").text == "Mazda führt in Salamanca eine zweite Schicht ein"
    assert parse(german).find("html")["lang"] == "de"
    assert parse(german).find("p", class_="preview-banner")
    assert_not_indexed(german)
    switcher = {a["hreflang"]: a["href"] for a in parse(german).find("nav", class_="language-switcher").find_all("a")}
    assert switcher == {"en": preview_url(draft, "en")}
    assert Client().get(draft.url_in("en")).status_code == 404


def test_a_language_not_yet_translated_is_previewed_as_readers_would_get_it_the_original_with_a_notice(editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, headline_en="Jatco expands", headline_de="", body_de=""
    )

    page = get_page(editor, preview_url(draft, "de"))

    assert page.find("h1").text == "Jatco expands" and page.find("h1")["lang"] == "en"
    assert "noch nicht auf Deutsch" in page.find("p", class_="notice").text


def test_the_change_form_offers_a_preview_in_each_language(editor, draft):
    page = get_page(editor, f"/admin/articles/article/{draft.pk}/change/")

    links = {a.text: a["href"] for a in page.find("ul", class_="object-tools").find_all("a")}
    assert links["Preview in English"] == preview_url(draft, "en")
    assert links["Preview in German"] == preview_url(draft, "de")


def test_a_preview_is_for_the_newsroom_only(draft):
    assert Client().get(preview_url(draft, "en")).status_code == 302  # to the login page
    translator = logged_in(TranslatorFactory(username="tom"))
    assert translator.get(preview_url(draft, "en")).status_code == 404  # drafts are not theirs to see
    assert logged_in(EditorFactory(username="ines")).get(preview_url(draft, "fr")).status_code == 404


# Share links


def make_link(client, article, language="de"):
    url = f"/admin/articles/article/{article.pk}/change/"
    _page, data = open_form(client, url, "article_form")
    data.update(
        {
            "preview_links-TOTAL_FORMS": ["1"],
            "preview_links-0-language": [language],
            "preview_links-0-expires_at_0": [(timezone.localdate() + datetime.timedelta(days=7)).isoformat()],
            "preview_links-0-expires_at_1": ["12:00:00"],
        }
    )
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response


def test_an_editor_makes_a_share_link_that_shows_the_draft_to_someone_without_an_account(editor, draft):
    response = make_link(editor, draft)

    link = PreviewLink.objects.get(article=draft)
    (message,) = [
        m.text for m in parse(response).find("ul", class_="messagelist").find_all("li") if "/preview/" in m.text
    ]
    address = re.search(r"http://testserver(/preview/\S+/)", message).group(1)
    assert address == link.get_absolute_url() and link.created_by.username == "ines"

    outsider = Client()
    shown = outsider.get(address)
    assert shown.status_code == 200
    assert parse(shown).find("h1").text == "Mazda führt in Salamanca eine zweite Schicht ein"
    assert_not_indexed(shown)
    # Only the language it was made for: the other may not be ready for whoever has the link.
    assert parse(shown).find_all("nav", class_="language-switcher") == []
    assert outsider.get(f"{address}en/").status_code == 404
    assert outsider.get(f"{address}de/").status_code == 200
    assert (
        get_page(editor, f"/admin/articles/article/{draft.pk}/change/")
        .find("td", class_="field-address")
        .text.endswith(address)
    ), "the address shown on the form stays the same"
    link.refresh_from_db()
    assert link.times_opened == 2
    assert outsider.get("/admin/articles/article/").status_code == 302  # still not logged in


def test_a_share_link_shows_nothing_but_its_article(editor, draft):
    other_draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="Another draft")
    draft.related_articles.add(other_draft)
    make_link(editor, draft, "en")
    address = PreviewLink.objects.get(article=draft).get_absolute_url()

    html = Client().get(address).content.decode()

    assert "Another draft" not in html
    assert Client().get(other_draft.url_in("en")).status_code == 404


def test_a_share_link_stops_working_when_it_expires(editor, draft, time_machine):
    make_link(editor, draft)
    link = PreviewLink.objects.get(article=draft)

    time_machine.move_to(link.expires_at - datetime.timedelta(seconds=1), tick=False)
    assert Client().get(link.get_absolute_url()).status_code == 200
    time_machine.move_to(link.expires_at, tick=False)
    response = Client().get(link.get_absolute_url())

    assert response.status_code == 410
    assert "abgelaufen" in parse(response).find("main").text  # in the link's language
    assert "Mazda" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_withdrawn_share_link_stops_working_at_once(editor, draft):
    make_link(editor, draft)
    link = PreviewLink.objects.get(article=draft)
    url = f"/admin/articles/article/{draft.pk}/change/"
    _page, data = open_form(editor, url, "article_form")
    data["preview_links-0-is_withdrawn"] = ["on"]
    assert editor.post(url, data).status_code == 302

    response = Client().get(link.get_absolute_url())

    assert response.status_code == 410
    assert "zurückgezogen" in parse(response).find("main").text
    assert "Mazda" not in response.content.decode()
    assert "withdrawn" in get_page(editor, url).find("td", class_="field-address").text


def test_a_tampered_or_made_up_share_link_shows_nothing(editor, draft):
    make_link(editor, draft)
    link = PreviewLink.objects.get(article=draft)
    token = link.token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    signer = signing.Signer(salt=PreviewLink.SALT)
    wrong_key = signer.sign_object([link.pk, "guessed"], compress=True)
    other_id = signer.sign_object([link.pk + 1, link.key], compress=True)

    for bad in (tampered, wrong_key, other_id, "x", "%00", "a" * 500):
        response = Client().get(f"/preview/{bad}/")
        assert response.status_code == 404, bad
        assert "Mazda" not in response.content.decode()
    assert Client().get(f"/preview/{token}/fr/").status_code == 404
    assert Client().post(link.get_absolute_url()).status_code == 405


def test_only_editors_make_share_links_even_by_forged_posts(draft):
    rita = ReporterFactory(username="rita")
    own = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=rita)
    reporter = logged_in(rita)
    page, data = open_form(reporter, f"/admin/articles/article/{own.pk}/change/", "article_form")
    assert "preview_links-TOTAL_FORMS" not in data
    data.update(
        {
            "preview_links-TOTAL_FORMS": ["1"],
            "preview_links-INITIAL_FORMS": ["0"],
            "preview_links-0-language": ["en"],
            "preview_links-0-expires_at_0": ["2030-01-01"],
            "preview_links-0-expires_at_1": ["12:00:00"],
        }
    )
    reporter.post(f"/admin/articles/article/{own.pk}/change/", data)

    assert not PreviewLink.objects.exists()
