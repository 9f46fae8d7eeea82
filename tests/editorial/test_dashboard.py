"""The admin's index page: my drafts, waiting for review, scheduled, recently published, recent
corrections, and the translation queue per language."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.editorial.models import Transition
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, ReporterFactory, TranslatorFactory
from tests.pages import get_page, logged_in

pytestmark = pytest.mark.django_db


def dashboard_list(page, name):
    section = page.find("section", aria_labelledby=f"dashboard-{name}")
    return [item.find("a").text for item in section.find_all("li")]


@pytest.fixture
def newsroom():
    """A morning's state of the newsroom."""
    now = timezone.now()
    rita = ReporterFactory(username="rita")
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=rita, headline_en="Rita's draft on Jatco"
    )
    byline_draft = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        headline_en="Co-written draft",
        authors=[AuthorFactory(user=rita)],
    )
    Transition.objects.create(
        article=draft, from_status="in_review", to_status="draft", comment="Check the figure with the cluster."
    )
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="Someone else's draft")
    ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, headline_en="Filed for review")
    ArticleFactory(published_at=now + datetime.timedelta(days=2), headline_en="Later this week")
    ArticleFactory(published_at=now + datetime.timedelta(hours=3), headline_en="This afternoon")
    ArticleFactory(published_at=now - datetime.timedelta(days=2), headline_en="Older story")
    corrected = ArticleFactory(published_at=now - datetime.timedelta(hours=5), headline_en="Newest story")
    Correction.objects.create(article=corrected, text_en="A figure was wrong.", published_at=now)
    return {"rita": rita, "draft": draft, "byline_draft": byline_draft}


def test_a_reporter_finds_their_drafts_and_why_one_came_back(newsroom):
    page = get_page(logged_in(newsroom["rita"]), "/admin/")

    assert sorted(dashboard_list(page, "my-drafts")) == ["Co-written draft", "Rita's draft on Jatco"]
    section = page.find("section", aria_labelledby="dashboard-my-drafts")
    assert "Check the figure with the cluster." in section.text
    assert dashboard_list(page, "in-review") == ["Filed for review"]


def test_a_writers_own_comment_on_submitting_is_not_called_sent_back(newsroom):
    draft = newsroom["draft"]
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.IN_REVIEW)
    Transition.objects.create(article=draft, from_status="draft", to_status="in_review", comment="Ready now.")

    page = get_page(logged_in(newsroom["rita"]), "/admin/")

    section = page.find("section", aria_labelledby="dashboard-my-drafts")
    assert "sent back" not in section.text and "Ready now." not in section.text


def test_an_editor_sees_what_waits_what_is_scheduled_and_what_went_out(newsroom):
    page = get_page(logged_in(EditorFactory(username="ines")), "/admin/")

    assert dashboard_list(page, "my-drafts") == []
    assert dashboard_list(page, "in-review") == ["Filed for review"]
    assert dashboard_list(page, "scheduled") == ["This afternoon", "Later this week"]
    assert page.find("section", aria_labelledby="dashboard-scheduled").find_all("time")
    assert dashboard_list(page, "published") == ["Newest story", "Older story"]
    assert dashboard_list(page, "corrections") == ["Newest story"]
    assert page.find("section", class_="translation-queue")


def test_each_list_links_to_the_whole_list(newsroom):
    editor = logged_in(EditorFactory(username="ines"))
    page = get_page(editor, "/admin/")

    def rows(name):
        url = page.find("section", aria_labelledby=f"dashboard-{name}").find("h2").find("a")["href"]
        listing = get_page(editor, url)
        return sorted(cell.text for cell in listing.find_all("th", class_="field-headline"))

    assert rows("scheduled") == ["Later this week", "This afternoon"]
    assert rows("in-review") == ["Filed for review"]
    assert rows("published") == ["Newest story", "Older story"]
    rita = logged_in(newsroom["rita"])
    mine = get_page(rita, page.find("section", aria_labelledby="dashboard-my-drafts").find("a")["href"])
    assert sorted(cell.text for cell in mine.find_all("th", class_="field-headline")) == [
        "Co-written draft",
        "Rita's draft on Jatco",
    ]


def test_a_translator_sees_no_drafts_on_the_dashboard(newsroom):
    page = get_page(logged_in(TranslatorFactory(username="tom")), "/admin/")

    shown = page.find("div", class_="dashboard").text
    assert "Rita's draft on Jatco" not in shown and "Someone else's draft" not in shown


def panels(page):
    return [section["aria-labelledby"] for section in page.find_all("section", class_="module")]


def test_a_translators_index_leads_with_their_queue_and_shows_no_draft_panels(newsroom):
    page = get_page(logged_in(TranslatorFactory(username="tom")), "/admin/")

    assert panels(page)[:7] == [
        "translation-queue-title",
        # The planning board's (templates/admin/planning/includes/dashboard.html): a translator's assignments.
        "dashboard-my-assignments",
        "dashboard-uncovered-events",
        "dashboard-embargoes",
        "dashboard-scheduled",
        "dashboard-published",
        "dashboard-corrections",
    ]
    assert dashboard_list(page, "published") == ["Newest story", "Older story"]


def test_a_writers_index_leads_with_the_work_in_progress_and_ends_with_the_queue(newsroom):
    page = get_page(logged_in(EditorFactory(username="ines")), "/admin/")

    assert panels(page)[:8] == [
        "dashboard-my-drafts",
        "dashboard-in-review",
        "dashboard-embargoes",
        "dashboard-scheduled",
        "dashboard-published",
        "dashboard-waiting",
        "dashboard-corrections",
        "translation-queue-title",
    ]


def test_the_dashboard_costs_the_same_queries_for_a_busy_morning(newsroom, django_assert_max_num_queries):
    editor = logged_in(EditorFactory(username="ines"))
    get_page(editor, "/admin/")
    for _ in range(10):
        ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))

    with django_assert_max_num_queries(16):
        page = get_page(editor, "/admin/")
    assert len(dashboard_list(page, "in-review")) == 8


def test_interviews_are_named_in_the_admins_language_only_when_all_their_answers_are(
    django_assert_max_num_queries,
):
    from tests.factories import InterviewExchangeFactory

    whole = InterviewExchangeFactory(
        article__headline_en="Whole interview", article__headline_de="Ganzes Interview"
    ).article
    half = InterviewExchangeFactory(
        answer_de="", article__headline_en="Half interview", article__headline_de="Halbes Interview"
    ).article
    for article in (whole, half):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW, published_at=None)
    editor = logged_in(EditorFactory(username="ines"), HTTP_ACCEPT_LANGUAGE="de")
    get_page(editor, "/admin/")
    InterviewExchangeFactory.create_batch(3, article=half)

    with django_assert_max_num_queries(17):
        names = dashboard_list(get_page(editor, "/admin/"), "in-review")

    assert set(names) == {"Ganzes Interview", "Half interview"}
