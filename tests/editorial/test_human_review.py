"""A text written with AI reaches readers only after a person with editorial responsibility says
they reviewed it (EU AI Act, Article 50(4)); who and when is kept with the article's history and
told to readers."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article, Author
from newsroom.editorial.models import HumanReview
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.pages import change_url, get_page, logged_in, open_form, parse

pytestmark = pytest.mark.django_db

REVIEW = "_human_review"


def post_form(client, article, button="_save", review=False, **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    if review:
        data[REVIEW] = ["on"]
    else:
        data.pop(REVIEW, None)
    data[button] = ["1"]
    return client.post(change_url(article), data)


def field_errors(response, name):
    page = parse(response.content.decode())
    row = page.find("div", class_=f"field-{name}")
    return row.find("ul", class_="errorlist").text if row and row.find("ul", class_="errorlist") else ""


@pytest.fixture
def ai_draft():
    return ArticleFactory(
        status=Article.Status.IN_REVIEW,
        published_at=None,
        is_reported_by_ai=True,
        headline_en="JICA scheme aims at twenty Aguascalientes firms",
    )


def test_publishing_an_ai_text_without_a_review_is_refused_and_keeps_what_was_typed(editor, ai_draft):
    response = post_form(editor, ai_draft, status="published", headline_en="JICA scheme: twenty firms")

    assert response.status_code == 200
    assert "review" in field_errors(response, REVIEW)
    assert 'value="JICA scheme: twenty firms"' in response.content.decode()
    ai_draft.refresh_from_db()
    assert ai_draft.status == Article.Status.IN_REVIEW
    assert not HumanReview.objects.exists()


def test_the_review_is_recorded_shown_in_the_history_and_told_to_readers(editor, ai_draft):
    Author.objects.create(display_name="Jonas Weber", slug="jonas-weber", user=EditorFactory(username="ines"))

    response = post_form(editor, ai_draft, status="published", review=True)

    assert response.status_code == 302
    review = HumanReview.objects.get(article=ai_draft)
    assert review.reviewed_by.username == "ines"
    assert review.reviewer_name == "Jonas Weber"
    history = get_page(editor, f"/admin/articles/article/{ai_draft.pk}/history/")
    assert "Jonas Weber" in history.text
    assert "Human reviews of AI-assisted text" in history.text
    provenance = get_page(Client(), ai_draft.url_in("en")).find("aside", class_="provenance").text
    assert "Reviewed by Jonas Weber" in provenance
    german = get_page(Client(), ai_draft.url_in("de")).find("aside", class_="provenance").text
    assert "Geprüft von Jonas Weber" in german


def test_a_reviewer_without_a_byline_or_name_is_an_editor_to_readers_never_a_login(ai_draft):
    editor = logged_in(EditorFactory(username="ines.login", first_name="", last_name=""))

    assert post_form(editor, ai_draft, status="published", review=True).status_code == 302

    provenance = get_page(Client(), ai_draft.url_in("en")).find("aside", class_="provenance").text
    assert "Reviewed by an editor on" in provenance
    assert "ines.login" not in provenance
    assert "ines.login" in get_page(editor, f"/admin/articles/article/{ai_draft.pk}/history/").text


def test_an_article_written_without_ai_needs_no_review(editor):
    draft = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)

    assert post_form(editor, draft, status="published").status_code == 302

    draft.refresh_from_db()
    assert draft.is_published
    assert not HumanReview.objects.exists()


def test_changes_to_a_live_ai_text_need_a_review_when_they_are_published_not_when_saved(editor):
    live = ArticleFactory(is_reported_by_ai=True, published_at=timezone.now() - datetime.timedelta(days=1))

    assert (
        post_form(editor, live, button="_save_without_publishing", headline_en="Saved, not published").status_code
        == 302
    )
    refused = post_form(editor, live, button="_publish_changes", headline_en="Published now")
    assert refused.status_code == 200 and "or save without publishing" in field_errors(refused, REVIEW)
    assert parse(refused.content.decode()).find("input", name="headline_en")["value"] == "Published now"
    assert not HumanReview.objects.exists()

    assert (
        post_form(editor, live, button="_publish_changes", review=True, headline_en="Published now").status_code == 302
    )
    assert get_page(Client(), live.url_in("en")).find("h1").text == "Published now"
    assert HumanReview.objects.filter(article=live).count() == 1


def test_a_review_given_when_scheduling_changes_is_kept(editor):
    live = ArticleFactory(is_reported_by_ai=True, published_at=timezone.now() - datetime.timedelta(days=1))
    later = timezone.localtime() + datetime.timedelta(hours=5)

    response = post_form(
        editor,
        live,
        button="_schedule_changes",
        review=True,
        headline_en="Later",
        _changes_publish_at_0=later.strftime("%Y-%m-%d"),
        _changes_publish_at_1=later.strftime("%H:%M:%S"),
    )

    assert response.status_code == 302
    assert HumanReview.objects.filter(article=live).count() == 1


def test_the_bulk_publish_action_holds_back_unreviewed_ai_texts(editor, ai_draft):
    plain = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)

    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [ai_draft.pk, plain.pk]},
        follow=True,
    )

    assert "was not published" in response.content.decode()
    ai_draft.refresh_from_db()
    plain.refresh_from_db()
    assert plain.is_published
    assert ai_draft.status == Article.Status.IN_REVIEW

    HumanReview.record(ai_draft, EditorFactory(username="ines"))
    editor.post("/admin/articles/article/", {"action": "publish", "_selected_action": [ai_draft.pk]})
    ai_draft.refresh_from_db()
    assert ai_draft.is_published


def test_a_reporter_neither_sees_the_review_nor_can_forge_one(ai_draft):
    reporter_user = ReporterFactory(username="rita")
    ai_draft.created_by = reporter_user
    ai_draft.status = Article.Status.DRAFT
    ai_draft.save()
    reporter = logged_in(reporter_user)

    page, data = open_form(reporter, change_url(ai_draft), "article_form")
    assert REVIEW not in data
    data[REVIEW] = ["on"]
    data["_save"] = ["1"]
    assert reporter.post(change_url(ai_draft), data).status_code == 302

    assert not HumanReview.objects.exists()
