"""Embargoes as editors meet them: set on the article's form, shown as an embargo (not a schedule)
on the form, the list and the dashboard, in the newsroom's time zone and with the source's
conditions; a floor under the publish time that the form, the publishing verbs and the database
hold; each setting, move and lifting kept in the article's history."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from newsroom.articles.models import Article
from newsroom.articles.templatetags.structured_data import machine_time
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, ReporterFactory
from tests.pages import change_url, get_page, logged_in, open_form, parse

pytestmark = pytest.mark.django_db

HEADLINE = "Banxico cuts its benchmark rate to 6.75%"
CONDITIONS = "Banxico, 13:00 Mexico City time; no mention of the decision before release"
MEXICO_CITY = datetime.timezone(datetime.timedelta(hours=-6))


def release_tomorrow() -> datetime.datetime:
    """Banxico's announcement at 13:00 in Mexico City, tomorrow."""
    today = timezone.localdate()
    return datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(13, 0), tzinfo=MEXICO_CITY)


def draft(**fields) -> Article:
    return ArticleFactory(
        **{
            "status": Article.Status.DRAFT,
            "published_at": None,
            "headline_en": HEADLINE,
            "headline_de": HEADLINE,
            "authors": [AuthorFactory()],
            **fields,
        }
    )


def post(client, url, button="_continue", **changes):
    _page, data = open_form(client, url, "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data[button] = ["1"]
    return client.post(url, data)


def embargo_fields(when: datetime.datetime, conditions: str = CONDITIONS) -> dict[str, str]:
    local = timezone.localtime(when)
    return {
        "embargo_until_0": local.strftime("%Y-%m-%d"),
        "embargo_until_1": local.strftime("%H:%M:%S"),
        "embargo_conditions": conditions,
    }


def test_publishing_under_an_embargo_without_a_time_publishes_at_the_embargo(editor):
    article = draft()
    when = release_tomorrow()

    response = post(editor, change_url(article), status="published", **embargo_fields(when))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at, article.embargo_until) == ("published", when, when)
    assert article.embargo_conditions == CONDITIONS
    success = get_page(editor, response["Location"]).texts("li", class_="success")
    time = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
    assert success == [f"Under embargo: readers get “{HEADLINE}” from {time} (Mexico City) on, when the embargo lifts."]


def test_the_form_refuses_a_publish_time_before_the_embargo_and_keeps_what_was_typed(editor):
    article = draft()
    when = release_tomorrow()
    early = timezone.localtime(when - datetime.timedelta(hours=1))

    response = post(
        editor,
        change_url(article),
        status="published",
        headline_en="Banxico cuts its rate by a quarter point",
        published_at_0=early.strftime("%Y-%m-%d"),
        published_at_1=early.strftime("%H:%M:%S"),
        **embargo_fields(when),
    )

    assert response.status_code == 200
    page = parse(response)
    errors = page.find("div", class_="field-published_at").find("ul", class_="errorlist").text
    assert errors == (
        f"The embargo holds this article until {formats.date_format(timezone.localtime(when), 'DATETIME_FORMAT')} "
        "(Mexico City): choose a publish time at or after it, or leave the publish time empty to publish it at "
        "the embargo."
    )
    assert page.find("input", name="headline_en")["value"] == "Banxico cuts its rate by a quarter point"
    assert page.find("input", name="published_at_1")["value"] == early.strftime("%H:%M:%S")
    assert page.find("textarea", name="embargo_conditions").text == CONDITIONS
    article.refresh_from_db()
    assert (article.status, article.published_at, article.embargo_until) == ("draft", None, None)


def test_the_database_refuses_a_publish_time_before_the_embargo_whatever_the_path():
    when = release_tomorrow()
    article = draft(embargo_until=when)

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status="published", published_at=when - datetime.timedelta(seconds=1)
        )


def test_the_publish_action_publishes_an_embargoed_draft_at_its_embargo(editor):
    when = release_tomorrow()
    article = draft(embargo_until=when)

    editor.post("/admin/articles/article/", {"action": "publish", "_selected_action": [str(article.pk)], "index": "0"})

    article.refresh_from_db()
    assert (article.status, article.published_at) == ("published", when)
    assert article.transitions.get().publish_at == when


@pytest.mark.parametrize(
    ("language", "banner", "label"),
    [
        ("en", "Under embargo until {time} (Mexico City)", "Embargoed until {time} (Mexico City)"),
        ("de", "Unter Sperrfrist bis {time} (Mexiko-Stadt)", "Sperrfrist bis {time} (Mexiko-Stadt)"),
    ],
)
def test_the_form_and_the_list_show_an_embargo_not_a_schedule_in_the_newsrooms_time(language, banner, label):
    when = release_tomorrow()
    article = ArticleFactory(
        headline_en=HEADLINE, headline_de=HEADLINE, published_at=when, embargo_until=when, embargo_conditions=CONDITIONS
    )
    ArticleFactory(headline_en="Toyota opens a line", published_at=when + datetime.timedelta(days=1))
    editor = logged_in(EditorFactory(), HTTP_ACCEPT_LANGUAGE=language)
    editor.cookies["django_language"] = language
    with translation.override(language):
        time = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")

    form = get_page(editor, change_url(article))
    shown = form.find("div", class_="embargo")
    assert banner.format(time=time) in shown.text
    assert CONDITIONS in shown.text
    assert shown.find("time")["datetime"] == machine_time(when)

    listed = get_page(editor, "/admin/articles/article/?publication=embargoed")
    assert listed.texts("th", class_="field-headline") == [HEADLINE]
    assert listed.texts("td", class_="field-publication") == [label.format(time=time)]


def test_a_draft_under_embargo_is_labelled_with_its_status_and_its_embargo(editor):
    when = release_tomorrow()
    draft(embargo_until=when)
    time = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")

    listed = get_page(editor, "/admin/articles/article/")

    assert listed.texts("td", class_="field-publication") == [f"Draft, embargoed until {time} (Mexico City)"]


@pytest.mark.parametrize(("language", "heading"), [("en", "Upcoming embargoes"), ("de", "Anstehende Sperrfristen")])
def test_the_dashboard_lists_the_upcoming_embargoes_soonest_first(language, heading, django_assert_max_num_queries):
    when = release_tomorrow()
    writer = EditorFactory(first_name="Ana", last_name="Ruiz")
    later = ArticleFactory(
        headline_en="INEGI: industrial output",
        headline_de="INEGI: industrial output",
        published_at=when + datetime.timedelta(days=1),
        created_by=writer,
    )
    later.embargo_until = later.published_at
    later.save()
    draft(embargo_until=when, embargo_conditions=CONDITIONS, created_by=writer)
    draft(
        headline_en="Lifted already",
        headline_de="Lifted already",
        embargo_until=timezone.now() - datetime.timedelta(minutes=1),
    )
    editor = logged_in(EditorFactory(), HTTP_ACCEPT_LANGUAGE=language)
    get_page(editor, "/admin/")
    for number in range(5):
        ArticleFactory(
            headline_en=f"Scheduled {number}",
            headline_de=f"Scheduled {number}",
            published_at=when + datetime.timedelta(hours=number),
        )

    with django_assert_max_num_queries(17):
        page = get_page(editor, "/admin/")

    panel = page.find("section", aria_labelledby="dashboard-embargoes")
    assert panel.find("h2").text == heading
    rows = panel.find_all("li")
    assert [row.find("a").text for row in rows] == [HEADLINE, "INEGI: industrial output"]
    assert "Ana Ruiz" in rows[0].text and CONDITIONS in rows[0].text
    scheduled = page.find("section", aria_labelledby="dashboard-scheduled").text
    assert "INEGI: industrial output" not in scheduled and "Scheduled 0" in scheduled


def test_setting_moving_and_lifting_an_embargo_is_kept_in_the_history(editor):
    article = draft()
    when = release_tomorrow()
    later = when + datetime.timedelta(hours=2)

    post(editor, change_url(article), **embargo_fields(when))
    post(editor, change_url(article), **embargo_fields(later))
    post(editor, change_url(article), embargo_until_0="", embargo_until_1="", embargo_conditions="")

    history = get_page(editor, f"/admin/articles/article/{article.pk}/history/").text
    shown = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
    moved = formats.date_format(timezone.localtime(later), "DATETIME_FORMAT")
    assert f"Embargo set: readers get nothing before {shown} (Mexico City). Conditions: {CONDITIONS}" in history
    assert f"Embargo moved from {shown} (Mexico City) to {moved} (Mexico City)." in history
    assert f"Embargo lifted (it held the article until {moved} (Mexico City))." in history


@pytest.mark.parametrize(
    ("language", "clock"),
    [
        ("en", "In Mexico City time, the newsroom's clock, wherever you are."),
        ("de", "In Ortszeit Mexiko-Stadt, der Uhr der Redaktion, wo immer Sie sind."),
    ],
)
def test_the_embargo_and_the_publish_time_name_the_newsrooms_clock_for_an_editor_elsewhere(language, clock):
    article = draft()
    editor = logged_in(EditorFactory(), HTTP_ACCEPT_LANGUAGE=language)
    editor.cookies["django_language"] = language

    form = get_page(editor, change_url(article))

    for field in ("embargo_until", "published_at"):
        row = form.find("div", class_=f"field-{field}")
        assert clock in row.find("div", class_="help").text


REFUSED = {
    "en": (
        "The embargo holds this article until {time} (Mexico City): only an editor can lift it or bring it "
        "forward. You may move it later."
    ),
    "de": (
        "Die Sperrfrist hält diesen Artikel bis {time} (Mexiko-Stadt) zurück: Nur die Redaktion kann sie "
        "aufheben oder vorziehen. Sie können sie auf später verschieben."
    ),
}


def reporters_draft(language):
    """A reporter's own draft under Banxico's embargo, and the reporter's session in `language`."""
    reporter = ReporterFactory(username="rita")
    article = draft(created_by=reporter, embargo_until=release_tomorrow(), embargo_conditions=CONDITIONS)
    session = logged_in(reporter, HTTP_ACCEPT_LANGUAGE=language)
    session.cookies["django_language"] = language
    return article, session


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("change", ["cleared", "earlier"])
def test_a_reporter_cannot_lift_an_embargo_or_bring_it_forward_and_keeps_what_was_typed(language, change):
    article, reporter = reporters_draft(language)
    when = article.embargo_until
    typed = (
        {"embargo_until_0": "", "embargo_until_1": ""}
        if change == "cleared"
        else {
            "embargo_until_0": timezone.localtime(when - datetime.timedelta(hours=1)).strftime("%Y-%m-%d"),
            "embargo_until_1": timezone.localtime(when - datetime.timedelta(hours=1)).strftime("%H:%M:%S"),
        }
    )

    response = post(reporter, change_url(article), headline_en="Banxico cuts its rate by a quarter point", **typed)

    assert response.status_code == 200
    page = parse(response)
    errors = page.find("div", class_="field-embargo_until").find("ul", class_="errorlist").text
    with translation.override(language):
        shown = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
    assert errors == REFUSED[language].format(time=shown)
    assert page.find("input", name="headline_en")["value"] == "Banxico cuts its rate by a quarter point"
    assert page.find("input", name="embargo_until_1")["value"] == typed["embargo_until_1"]
    article.refresh_from_db()
    assert (article.embargo_until, article.headline_en) == (when, HEADLINE)


def test_a_reporter_may_move_an_embargo_later():
    article, reporter = reporters_draft("en")
    later = article.embargo_until + datetime.timedelta(hours=2)

    response = post(reporter, change_url(article), **embargo_fields(later))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.embargo_until == later


def test_an_editor_may_lift_an_embargo(editor):
    article = draft(embargo_until=release_tomorrow(), embargo_conditions=CONDITIONS)

    response = post(editor, change_url(article), embargo_until_0="", embargo_until_1="", embargo_conditions="")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.embargo_until is None
