"""A form that goes out of date while its user types — an editor publishes the reporter's draft, or
an article carrying the reporter's tag — is refused (403) in the admin's own look: what changed, why
they can no longer save, and what they typed, to copy or to send on. Nothing is saved."""

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Tag
from tests.factories import ArticleFactory, InterviewExchangeFactory, ReporterFactory, TagFactory
from tests.pages import change_url, logged_in, open_form, parse

pytestmark = pytest.mark.django_db

STANDFIRST = "Die Nachtschicht beginnt im März; 500 Stellen für Techniker aus der Region."


@pytest.fixture
def rita():
    return ReporterFactory(username="rita")


@pytest.fixture
def reporter(rita):
    return logged_in(rita)


def publish_as_editor(editor, article):
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(status=["published"], _save=["1"])
    assert editor.post(change_url(article), data).status_code == 302


def in_admin_look(page) -> bool:
    return bool(page.find_all(id="site-name")) and bool(
        page.find_all("nav", id="nav-sidebar") or page.find_all(id="header")
    )


def test_a_reporters_draft_published_while_open_is_refused_with_why_and_what_they_typed(editor, rita, reporter):
    article = ArticleFactory(
        status=Article.Status.IN_REVIEW,
        published_at=None,
        created_by=rita,
        headline_de="Mazda führt in Salamanca eine zweite Schicht ein",
        original_language="de",
    )
    reporter.cookies["django_language"] = "de"
    _page, stale = open_form(reporter, change_url(article), "article_form")
    publish_as_editor(editor, article)

    stale.update(standfirst_de=[STANDFIRST], _save=["1"])
    response = reporter.post(change_url(article), stale)

    assert response.status_code == 403
    page = parse(response)
    assert in_admin_look(page)
    box = page.find("div", class_="out-of-date")
    assert "Nicht gesichert." in box.text
    assert "ines hat diesen Artikel veröffentlicht" in box.text
    assert "Seitdem ändert ihn nur noch die Redaktion." in box.text
    typed = box.find_all("textarea")
    assert [t.text for t in typed] == [STANDFIRST]
    assert box.find("label").text == "Vorspann (Deutsch)"
    # The article as it is now, read-only: nothing to press that would try again.
    assert not page.find_all("input", type="submit")
    assert Article.objects.get(pk=article.pk).standfirst_de != STANDFIRST


def test_the_questions_a_reporter_typed_into_a_stale_interview_are_kept_too(editor, rita, reporter):
    exchange = InterviewExchangeFactory(
        article__status=Article.Status.IN_REVIEW, article__published_at=None, article__created_by=rita
    )
    article = exchange.article
    _page, stale = open_form(reporter, change_url(article), "article_form")
    publish_as_editor(editor, article)

    stale.update({"exchanges-0-answer_en": ["Suppliers certified for the USMCA rules of origin."], "_save": ["1"]})
    response = reporter.post(change_url(article), stale)

    assert response.status_code == 403
    box = parse(response).find("div", class_="out-of-date")
    assert box.texts("label") == ["Question and answer 1: Answer (English)"]
    assert box.texts("textarea") == ["Suppliers certified for the USMCA rules of origin."]


def test_a_reporters_tag_put_on_a_published_article_while_open_is_refused_with_why_and_the_name_typed(editor, reporter):
    tag = TagFactory(name_en="Automotive supplier industry")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="Nissan hires in Aguascalientes")
    draft.tags.add(tag)
    url = f"/admin/articles/tag/{tag.pk}/change/"
    _page, stale = open_form(reporter, url, "tag_form")
    publish_as_editor(editor, draft)

    stale.update(name_en=["Automotive suppliers"], _save=["1"])
    response = reporter.post(url, stale)

    assert response.status_code == 403
    page = parse(response)
    assert in_admin_look(page)
    box = page.find("div", class_="out-of-date")
    assert "“Nissan hires in Aguascalientes”" in box.text and "only an editor can rename it now" in box.text
    assert box.texts("textarea") == ["Automotive suppliers"]
    assert Tag.objects.get(pk=tag.pk).name_en == "Automotive supplier industry"


def test_any_refusal_in_the_admin_keeps_the_admins_look_says_why_and_leads_back(editor, reporter):
    tag = TagFactory(name_en="Nearshoring")
    ArticleFactory(published_at=timezone.now()).tags.add(tag)
    url = f"/admin/articles/tag/{tag.pk}/delete/"

    response = reporter.get(url, HTTP_REFERER=f"http://testserver/admin/articles/tag/{tag.pk}/change/")

    assert response.status_code == 403
    page = parse(response)
    assert in_admin_look(page)
    assert page.find("h1").text == "Not allowed"
    assert "Your account may not do this here." in page.text
    back = page.find("a", href=f"http://testserver/admin/articles/tag/{tag.pk}/change/")
    assert back.text == "Back to the page you came from"
    # A forged POST gets the same page, leading back to the form as it is now.
    refused = parse(reporter.post(url, {"post": "yes"}))
    assert refused.find("a", href=url).text == "Back to the page"
    assert Tag.objects.filter(pk=tag.pk).exists()
