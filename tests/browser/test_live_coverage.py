"""A reader keeps a live page open while an editor posts an update from the live desk: the update
appears at the top without a reload, and the page says so in its live region."""

import pytest
from django.core.cache import cache
from django.db import transaction

from newsroom.articles.models import LiveUpdate
from tests.factories import ArticleFactory, EditorFactory, hashed

from ..conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    desk.goto(f"{live_server.url}/admin/login/")
    desk.fill("#id_username", username)
    desk.fill("#id_password", "correct-horse-battery")
    desk.click("input[type=submit]")
    return desk


def test_a_posted_update_appears_on_the_open_live_page_without_a_reload(
    live_server, page, screenshot, browser, settings
):
    settings.LIVE_POLL_SECONDS = 1
    # As in production: the fragment is polled from the page cache, and the update ends it.
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    article = ArticleFactory(
        is_live=True,
        headline_en="Live: Aguascalientes presents its strategic agenda for the automotive sector",
        standfirst_en="We follow the forum as it happens.",
    )
    LiveUpdate.objects.create(
        article=article,
        headline_en="Governor: the Japan trip was a turning point",
        body_en="<p>Eleven work meetings, five of them with companies already in the state.</p>",
        is_pinned=True,
    )
    EditorFactory(username="editor", password=hashed("correct-horse-battery"))

    page.goto(f"{live_server.url}{article.url_in('en')}")
    assert page.locator(".live-badge").inner_text().strip().upper() == "LIVE"
    assert page.locator("#live-updates > li").count() == 1
    desk = log_in(browser, live_server, "editor")
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/live/")
    desk.fill("#id_headline_en", "The agenda is signed")
    # The rich-text editor keeps the form's textarea in step with what is typed into it.
    desk.locator("[contenteditable=true]").first.fill("Governor Tere Jiménez signs the strategic agenda on stage.")
    desk.click("input[type=submit][value=Post]")
    assert "Update posted" in desk.locator(".messagelist").inner_text()
    desk.screenshot(path=str(ARTIFACTS / "live-desk-1280.png"), full_page=True)

    newest = page.locator("#live-updates > li").first
    newest.get_by_text("The agenda is signed").wait_for(timeout=10_000)
    assert page.locator("#live-updates > li").count() == 2
    # Written a moment after the region is emptied, so that screen readers speak it again.
    page.locator("#live-status", has_text="1 new update").wait_for(timeout=5_000)
    assert page.locator("#live-status").inner_text() == "1 new update"
    screenshot("live-page-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("live-page-375")
    # Deleted on the desk, an update leaves the open page too.
    first = LiveUpdate.objects.get(headline_en="Governor: the Japan trip was a turning point")
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/live/{first.pk}/delete/")
    desk.click("input[type=submit][value='Yes, delete it']")
    page.locator(f"#live-updates > li#update-{first.pk}").wait_for(state="detached", timeout=10_000)
    assert page.locator("#live-updates > li").count() == 1


def test_more_updates_than_the_fragment_holds_offer_a_reload_rather_than_a_gap(live_server, page, settings):
    settings.LIVE_POLL_SECONDS = 1
    settings.LIVE_FRAGMENT_SIZE = 2
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    article = ArticleFactory(is_live=True, headline_en="Live: the automotive forum in Aguascalientes")
    LiveUpdate.objects.create(article=article, body_en="<p>Doors open at the convention centre.</p>")
    page.goto(f"{live_server.url}{article.url_in('en')}")

    # At once, so that no poll comes between them.
    with transaction.atomic():
        for text in ("Panel one begins.", "Panel two begins.", "Panel three begins."):
            LiveUpdate.objects.create(article=article, body_en=f"<p>{text}</p>")

    link = page.locator("#live-status a")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == "New updates — reload the page"
    # Nothing inserted above a gap: the page still shows only what it had.
    assert page.locator("#live-updates > li").count() == 1
    link.click()
    assert page.locator("#live-updates > li").count() == 4
