"""A reporter files a draft for review; an editor schedules it, then publishes it at once — in Chromium."""

import datetime
import re

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import Transition
from newsroom.roles import EDITOR, REPORTER, role
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Mazda will add a second shift in Salamanca"


def member(username, role_name):
    user = UserFactory(username=username)
    user.groups.add(role(role_name))
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_reporter_submits_and_an_editor_schedules_then_publishes(live_server, page, screenshot):
    rita = member("rita", REPORTER)
    member("ines", EDITOR)
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=rita,
        headline_en=HEADLINE,
        headline_de="Mazda führt in Salamanca eine zweite Schicht ein",
        standfirst_en="The plant hires.",
    )
    public_url = f"{live_server.url}{article.url_in('en')}"

    # The reporter finds the draft on the dashboard, finishes it and submits it for review.
    log_in(page, live_server, "rita")
    page.get_by_role("region", name="My drafts").get_by_role("link", name=HEADLINE).click()
    page.locator("#id_status").wait_for()
    assert [o.get_attribute("value") for o in page.locator("#id_status option").all()] == ["draft", "in_review"]
    page.fill("#id_standfirst_en", "The plant hires 500 people for a second shift.")
    page.select_option("#id_status", "in_review")
    page.fill("#id__transition_comment", "Figures checked with the plant.")
    screenshot("reporter-submits")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert page.request.get(public_url).status == 404

    # The editor picks it from "Waiting for review" and schedules it for two hours from now.
    log_in(page, live_server, "ines")
    page.get_by_role("region", name="Waiting for review").get_by_role("link", name=HEADLINE).click()
    later = timezone.localtime() + datetime.timedelta(hours=2)
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", later.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", later.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert "Scheduled" in page.locator("#result_list").inner_text()
    assert page.request.get(public_url).status == 404
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("region", name="Scheduled").get_by_role("link", name=HEADLINE).count() == 1
    screenshot("editor-dashboard")

    # Then the editor publishes it at once, moving the publish time to now.
    page.get_by_role("region", name="Scheduled").get_by_role("link", name=HEADLINE).click()
    now = timezone.localtime() - datetime.timedelta(minutes=1)
    page.fill("#id_published_at_0", now.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", now.strftime("%H:%M:%S"))
    page.fill("#id__transition_comment", "Publishing now: Mazda confirmed it this morning.")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert page.request.get(public_url).status == 200

    page.goto(public_url)
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator(".standfirst").inner_text() == "The plant hires 500 people for a second shift."
    steps = [(t.from_label, t.to_label, t.by.username) for t in Transition.objects.filter(article=article)]
    assert steps[::-1] == [
        ("Draft", "In review", "rita"),
        ("In review", "Scheduled", "ines"),
        ("Scheduled", "Published", "ines"),
    ]
    assert Transition.objects.filter(article=article, comment="Figures checked with the plant.").exists()


LIVE_HEADLINE = (
    "Querétaro's aerospace cluster signs a training agreement with Safran, Bombardier and the state university "
    "to certify 1,200 technicians by 2028"
)


def test_an_editor_corrects_a_live_headline_with_enter_and_readers_get_it_at_once(live_server, page, screenshot):
    member("ines", EDITOR)
    article = ArticleFactory(
        headline_en=LIVE_HEADLINE, published_at=timezone.now() - datetime.timedelta(hours=3), standfirst_en="Training."
    )
    public_url = f"{live_server.url}{article.url_in('en')}"
    corrected = LIVE_HEADLINE.replace("1,200", "1,300")
    log_in(page, live_server, "ines")

    # The typo fix the usual way: type, press Enter. The first button publishes.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_headline_en", corrected)
    screenshot("live-article-buttons")
    page.press("#id_headline_en", "Enter")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert f"readers now see “{corrected}”" in page.locator(".messagelist").inner_text()
    assert page.request.get(public_url).text().count(corrected) >= 1

    # Keeping a change back is the explicit exception, and says what readers still get.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_standfirst_en", "Training starts in March.")
    page.get_by_role("button", name="Save without publishing").click()
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert "readers keep the version published" in page.locator(".messagelist").inner_text()
    assert "Training starts in March." not in page.request.get(public_url).text()
    page.set_viewport_size({"width": 375, "height": 800})
    page.locator(".submit-row").last.scroll_into_view_if_needed()
    screenshot("live-article-buttons-phone")
    box = page.locator("input[name=_publish_changes]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375


BAJIO = "Fünf Bajío-Staaten bündeln 68 Luftfahrtunternehmen in einem gemeinsamen Cluster"


def test_only_its_own_button_takes_a_live_article_off_the_site_in_german(live_server, page, screenshot):
    """The walkthrough's steps: a publish time moved to tomorrow 08:00 and a sentence added, then
    "Sichern, ohne zu veröffentlichen". It used to take the article off the site, unrecorded."""
    member("ines", EDITOR)
    article = ArticleFactory(
        headline_en="Five Bajío states pool 68 aerospace companies in a joint cluster",
        headline_de=BAJIO,
        standfirst_de="Querétaro, Guanajuato und Aguascalientes unterzeichnen in León.",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    public_url = f"{live_server.url}{article.url_in('en')}"
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    log_in(page, live_server, "ines")
    page.context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    # The two times are told apart: the article's own under "Publication", the changes' by its button.
    assert page.locator(".field-published_at label").first.inner_text() == "Veröffentlichungszeitpunkt des Artikels:"
    schedule = page.locator(".pending-controls__schedule")
    assert schedule.get_by_role("button", name="Sichern und Änderungen planen").count() == 1
    assert schedule.locator("#id__changes_publish_at_0").count() == 1
    page.fill("#id_published_at_0", tomorrow.strftime("%d.%m.%Y"))
    page.fill("#id_published_at_1", "08:00:00")
    page.fill(
        "#id_standfirst_de", "Querétaro, Guanajuato und Aguascalientes unterzeichnen in León. Mit Mitgliederliste."
    )
    page.get_by_role("button", name="Sichern, ohne zu veröffentlichen").click()
    page.locator("#id_published_at_error").wait_for()
    assert "Von der Website nehmen" in page.locator("#id_published_at_error").inner_text()
    assert page.locator("#id_standfirst_de").input_value().endswith("Mit Mitgliederliste.")
    assert page.request.get(public_url).status == 200
    page.locator("#id_published_at_error").scroll_into_view_if_needed()
    screenshot("live-article-time-to-come-refused-de")

    # The dedicated button asks first, then takes it off until tomorrow 08:00 and says so.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Von der Website nehmen").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    message = page.locator(".messagelist").inner_text()
    assert f"Von der Website genommen: Leser sehen „{BAJIO}“ nicht mehr, ab " in message
    assert page.request.get(public_url).status == 404
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    change = page.locator(".editorial-history tbody tr").first.inner_text()
    assert "Veröffentlicht → Geplant (" in change and "08:00 Uhr" in change and "ines" in change
    screenshot("live-article-taken-off-history-de")


def test_the_live_articles_buttons_and_the_time_for_the_changes_fit_a_phone(live_server, page, screenshot):
    member("ines", EDITOR)
    article = ArticleFactory(headline_en=LIVE_HEADLINE, published_at=timezone.now() - datetime.timedelta(hours=3))
    log_in(page, live_server, "ines")
    page.context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".submit-row").last.scroll_into_view_if_needed()
    screenshot("live-article-submit-row-de")

    page.set_viewport_size({"width": 375, "height": 800})
    page.locator(".submit-row").last.scroll_into_view_if_needed()
    screenshot("live-article-submit-row-de-phone")
    for name in ("_publish_changes", "_schedule_changes", "_take_off_site", "_changes_publish_at_0"):
        box = page.locator(f"[name={name}]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, name


def test_a_reporter_whose_draft_is_published_while_open_keeps_what_they_typed(live_server, page, browser, screenshot):
    rita = member("rita", REPORTER)
    member("ines", EDITOR)
    article = ArticleFactory(
        status=Article.Status.IN_REVIEW,
        published_at=None,
        created_by=rita,
        original_language="de",
        headline_de="Mazda führt in Salamanca eine zweite Schicht ein",
        standfirst_de="",
    )
    log_in(page, live_server, "rita")
    page.context.add_cookies([{"name": "django_language", "value": "de", "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_standfirst_de").wait_for(state="attached")

    # Meanwhile an editor, in another browser, publishes it.
    editor_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
    log_in(editor_page, live_server, "ines")
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor_page.select_option("#id_status", "published")
    editor_page.click("input[name=_save]")
    editor_page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    editor_page.context.close()

    typed = "Die Nachtschicht beginnt im März; 500 Stellen für Techniker aus der Region."
    page.locator("#id_standfirst_de").evaluate("(element, text) => { element.value = text; }", typed)
    page.click("input[name=_save]")
    page.locator(".out-of-date").wait_for()
    assert "Nicht gesichert." in page.locator(".out-of-date").inner_text()
    assert "hat diesen Artikel veröffentlicht" in page.locator(".out-of-date").inner_text()
    assert page.get_by_label("Vorspann (Deutsch)").input_value() == typed
    assert page.locator("#site-name").count() == 1  # the admin, not the readers' error page
    screenshot("reporter-draft-published-while-open-de")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("reporter-draft-published-while-open-de-phone")
