"""A reader's cookie choice in a real browser: no analytics cookie or script before "Accept", a
"Decline" as prominent as "Accept", and the choice changeable from the footer."""

import pytest

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "/static/js/analytics-demo.js"


@pytest.fixture
def analytics(settings):
    settings.ANALYTICS_SCRIPT_URL = SCRIPT
    settings.ANALYTICS_COOKIES = ["analytics_demo"]


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def analytics_requests(page) -> list[str]:
    return [url for url in page.requested if SCRIPT in url]


def test_a_reader_declines_then_accepts_and_analytics_load_only_after_accept(live_server, page, analytics, screenshot):
    article = ArticleFactory(headline_en="Tachi-S creates 700 jobs")
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))

    page.goto(f"{live_server.url}{article.url_in('en')}")
    banner = page.get_by_role("region", name="Your choice about cookies")
    accept = banner.get_by_role("button", name="Accept analytics")
    decline = banner.get_by_role("button", name="Decline")
    screenshot("consent-banner")
    assert accept.is_visible() and decline.is_visible()
    accept_box, decline_box = accept.bounding_box(), decline.bounding_box()
    assert decline_box["height"] == accept_box["height"]
    assert decline_box["width"] == accept_box["width"]
    assert accept.evaluate("e => getComputedStyle(e).backgroundColor") == decline.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert analytics_requests(page) == []
    assert "analytics_demo" not in cookie_names(page)
    assert page.evaluate("document.cookie") == ""

    decline.click()
    page.wait_for_url(f"**{article.url_in('en')}")
    assert page.locator("h1").inner_text() == "Tachi-S creates 700 jobs"
    assert page.get_by_role("region", name="Your choice about cookies").count() == 0
    assert analytics_requests(page) == []
    assert "analytics_demo" not in cookie_names(page)
    assert {c["name"]: c["value"] for c in page.context.cookies()}["consent"] == "declined"

    page.get_by_role("contentinfo").get_by_role("link", name="Cookie settings").click()
    assert page.get_by_text("You have declined analytics.").is_visible()
    page.get_by_role("button", name="Accept analytics").click()
    page.wait_for_load_state()
    assert page.get_by_text("You have accepted analytics.").is_visible()
    assert len(analytics_requests(page)) == 1
    page.wait_for_function("document.cookie.includes('analytics_demo=1')")
    screenshot("consent-accepted")

    page.get_by_role("button", name="Decline").click()
    page.wait_for_load_state()
    assert page.get_by_text("You have declined analytics.").is_visible()
    assert "analytics_demo" not in cookie_names(page)
    assert len(analytics_requests(page)) == 1  # not loaded again
