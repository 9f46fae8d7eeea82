"""Taking a live article off the site is an act of its own: only "Take off the site" does it, the
History records who did it, when and until when, and the message says what readers see now.
No button that says "publish" or "save without publishing" takes an article away from readers."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import formats, timezone, translation

from newsroom.articles.models import Article
from newsroom.editorial.models import PendingChange, Transition
from tests.factories import ArticleFactory, ReporterFactory
from tests.pages import change_url, get_page, logged_in, open_form, parse

pytestmark = pytest.mark.django_db

HEADLINE = "Five Bajío states pool 68 aerospace companies in a joint cluster"
SCHLAGZEILE = "Fünf Bajío-Staaten bündeln 68 Luftfahrtunternehmen in einem gemeinsamen Cluster"
STANDFIRST = "Querétaro, Guanajuato, Aguascalientes, San Luis Potosí and Jalisco sign in León."
ADDED = " Updated with the new member list."


@pytest.fixture(autouse=True)
def no_cached_schedule():
    cache.clear()


@pytest.fixture
def article():
    return ArticleFactory(
        headline_en=HEADLINE,
        headline_de=SCHLAGZEILE,
        standfirst_en=STANDFIRST,
        published_at=timezone.now() - datetime.timedelta(days=2),
    )


def tomorrow_at_eight():
    return (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)


def time_fields(name, when):
    return {f"{name}_0": when.strftime("%Y-%m-%d"), f"{name}_1": when.strftime("%H:%M:%S")}


def post(client, article, button, **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    if button:
        data[button] = ["1"]
    return client.post(change_url(article), data)


def readers_see(article) -> bool:
    return Client().get(article.url_in("en")).status_code == 200


def messages_after(client, response) -> str:
    return get_page(client, response["Location"]).find("ul", class_="messagelist").text


OTHER_BUTTONS = [
    "_save_without_publishing",
    "_publish_changes",
    "_schedule_changes",
    None,  # Django's own "Save", a stale tab: no publishing button named
]


@pytest.mark.parametrize("button", OTHER_BUTTONS)
@pytest.mark.parametrize("leaving", ["publish time to come", "unpublished"])
def test_no_other_button_takes_a_live_article_off_the_site(editor, article, button, leaving):
    changes = {"standfirst_en": STANDFIRST + ADDED}
    if leaving == "unpublished":
        changes["status"] = "unpublished"
    else:
        changes.update(time_fields("published_at", tomorrow_at_eight()))
    if button == "_schedule_changes":
        changes.update(time_fields("_changes_publish_at", timezone.localtime() + datetime.timedelta(hours=3)))

    response = post(editor, article, button, **changes)

    assert response.status_code == 200
    page = parse(response)
    field = "status" if leaving == "unpublished" else "published_at"
    error = page.find("ul", class_="errorlist", id=f"id_{field}_error").text
    assert "Take off the site" in error
    assert page.find("textarea", name="standfirst_en").text == STANDFIRST + ADDED
    assert readers_see(article)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.published_at, stored.standfirst_en) == (
        Article.Status.PUBLISHED,
        article.published_at,
        STANDFIRST,
    )
    assert not PendingChange.objects.exists() and not Transition.objects.exists()


def test_taking_a_live_article_off_the_site_unpublishes_it_says_so_and_records_who(editor, article):
    response = post(
        editor,
        article,
        "_take_off_site",
        standfirst_en=STANDFIRST + ADDED,
        _transition_comment="The cluster asked us to hold the member list.",
    )

    assert response.status_code == 302
    assert not readers_see(article)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.standfirst_en) == (Article.Status.UNPUBLISHED, STANDFIRST + ADDED)
    transition = Transition.objects.get(article=article)
    assert (transition.from_status, transition.to_status, transition.by.username) == (
        "published",
        "unpublished",
        "ines",
    )
    assert transition.comment == "The cluster asked us to hold the member list."
    assert f"Unpublished: readers no longer see “{HEADLINE}”." in messages_after(editor, response)


def test_taken_off_until_a_time_the_history_shows_who_when_and_until_when_in_german(editor, article):
    editor.cookies["django_language"] = "de"
    when = tomorrow_at_eight()

    response = post(
        editor, article, "_take_off_site", standfirst_en=STANDFIRST + ADDED, **time_fields("published_at", when)
    )

    assert response.status_code == 302
    assert not readers_see(article)
    assert Article.objects.get(pk=article.pk).is_scheduled
    with translation.override("de"):
        shown = formats.date_format(when, "DATETIME_FORMAT")
    message = messages_after(editor, response)
    assert f"Von der Website genommen: Leser sehen „{SCHLAGZEILE}“ nicht mehr, ab {shown} wieder." in message
    history = get_page(editor, f"/admin/articles/article/{article.pk}/history/")
    rows = [
        [cell.text for cell in row.find_all("td")]
        for row in history.find("section", class_="editorial-history").find("tbody").find_all("tr")
    ]
    assert [row[1:3] for row in rows] == [[f"Veröffentlicht → Geplant ({shown})", "ines"]]
    assert "Es wurde noch kein Statuswechsel aufgezeichnet." not in history.text


def test_taking_off_the_site_keeps_the_waiting_changes_in_the_article_and_nothing_waits_any_more(editor, article):
    post(editor, article, "_save_without_publishing", headline_en=HEADLINE + ", with 70 members")
    assert PendingChange.objects.exists()

    response = post(editor, article, "_take_off_site")

    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.headline_en) == (Article.Status.UNPUBLISHED, HEADLINE + ", with 70 members")
    assert not PendingChange.objects.exists()
    assert "The changes that were waiting are saved in it." in messages_after(editor, response)


def test_taking_off_the_site_can_send_the_article_back_to_its_writer(editor, article):
    response = post(editor, article, "_take_off_site", status="draft")

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert f"Taken off the site and now “Draft”: readers no longer see “{HEADLINE}”." in messages_after(
        editor, response
    )


def test_a_reporter_cannot_take_a_live_article_off_the_site_even_by_forging_the_button(editor, article):
    _page, data = open_form(editor, change_url(article), "article_form")  # an editor's whole form
    reporter = logged_in(ReporterFactory(username="rita"))
    data["_take_off_site"] = ["1"]

    assert reporter.post(change_url(article), data).status_code == 403
    assert readers_see(article)
    assert not Transition.objects.exists()


def test_the_article_publish_time_and_the_time_for_the_changes_cannot_be_taken_for_each_other(editor, article):
    page = get_page(editor, change_url(article))

    publication = page.find("div", class_="field-published_at")
    assert publication.find("label").text == "Publish time of the article:"
    assert "only “Take off the site” does that" in publication.find("div", class_="help").text
    # The time for the changes is not among the article's fields but beside its own button.
    assert not page.find_all("div", class_="field-_changes_publish_at")
    group = page.find("div", class_="pending-controls__schedule")
    assert group.find("label").text == "Publish the changes at:"
    assert group.find_all("input", name="_changes_publish_at_0") and group.find_all("input", name="_schedule_changes")
    assert "The article's own publish time stays as it is." in group.text
    take_off = page.find("input", name="_take_off_site")
    assert "Readers no longer see it" in take_off["data-confirm"]


@pytest.mark.parametrize("button", ["_publish_changes", "_save_without_publishing"])
def test_a_time_typed_for_the_changes_is_never_ignored_by_another_button(editor, article, button):
    # Enter in the time field submits the first button, "Publish the changes".
    later = timezone.localtime() + datetime.timedelta(hours=3)

    response = post(editor, article, button, headline_en="Changed", **time_fields("_changes_publish_at", later))

    assert response.status_code == 200
    error = parse(response).find("ul", class_="errorlist", id="id__changes_publish_at_error").text
    assert "use “Save and schedule the changes”" in error
    assert Article.objects.get(pk=article.pk).headline_en == HEADLINE and not PendingChange.objects.exists()


def test_moving_a_scheduled_article_to_now_is_recorded_as_published(editor):
    scheduled = ArticleFactory(published_at=tomorrow_at_eight())

    post(
        editor, scheduled, "_save", **time_fields("published_at", timezone.localtime() - datetime.timedelta(minutes=1))
    )

    transition = Transition.objects.get(article=scheduled)
    assert (transition.from_label, transition.to_label) == ("Scheduled", "Published")
    assert readers_see(scheduled)
