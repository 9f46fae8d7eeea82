"""The read beacon in a real Chromium: a page shown is counted once, however it was served; a page
prerendered ahead of a click that never comes is not, and one that is then opened is counted."""

import pytest
from django.utils import timezone

from newsroom.popularity import reads
from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium as readers run it: the test browser's own name says "HeadlessChrome", a robot's.
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


@pytest.fixture
def context_options():
    return {"user_agent": CHROME}


def stored() -> dict:
    return {(row.article_id, row.language): row.count for row in ReadCount.objects.all()}


def beacon_answers(page) -> list[int]:
    answers = []
    page.context.on("response", lambda response: "/reads/" in response.url and answers.append(response.status))
    return answers


def test_each_showing_of_an_article_page_is_counted_once_by_its_beacon_when_the_page_cache_answers(
    live_server, page, settings
):
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory()
    answers = beacon_answers(page)
    pages = []
    page.on("response", lambda response: "/articles/" in response.url and pages.append(response))
    # Each showing asks the server, not the browser's own cache (which keeps a page a minute).
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})

    for language in ("en", "en", "en", "de"):
        with page.expect_response(lambda response: "/reads/" in response.url):
            page.goto(f"{live_server.url}{article.url_in(language)}")
    page.goto(f"{live_server.url}/en/")  # a page without the beacon
    reads.flush_reads()

    # The page cache keeps a page from its second rendering on: the third showing never ran the view.
    assert [response.headers.get("x-cache") for response in pages[:3]] == ["miss", "miss", "hit"]
    assert answers == [204, 204, 204, 204]
    assert stored() == {(article.pk, "en"): 3, (article.pk, "de"): 1}
    assert page.context.cookies() == []
    assert ReadCount.objects.get(article=article, language="en").day == timezone.localdate()


# Chromium does not prerender under DevTools, which drives it here (its status says
# "PrerenderingDisabledByDevTools"), so the page is told it is prerendered, or in a background
# tab, the way browsers tell it: `document.prerendering` and `visibilityState`, then the event.
UNSEEN_PAGE = """
(() => {
  let prerendering = %(prerendering)s, visibility = "%(visibility)s";
  Object.defineProperty(Document.prototype, "prerendering", {get: () => prerendering, configurable: true});
  Object.defineProperty(Document.prototype, "visibilityState", {get: () => visibility, configurable: true});
  window.showPage = () => {
    if (prerendering) {
      prerendering = false;
      visibility = "visible";
      document.dispatchEvent(new Event("prerenderingchange"));
    } else {
      visibility = "visible";
    }
    document.dispatchEvent(new Event("visibilitychange"));
  };
  window.hidePage = () => {
    visibility = "hidden";
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();
"""
UNSEEN = {
    "prerendered": {"prerendering": "true", "visibility": "hidden"},
    "opened in a background tab": {"prerendering": "false", "visibility": "hidden"},
}


@pytest.mark.parametrize("unseen", UNSEEN.values(), ids=UNSEEN.keys())
def test_a_page_not_yet_seen_is_counted_once_when_the_reader_sees_it(live_server, page, unseen):
    article = ArticleFactory()
    answers = beacon_answers(page)
    page.add_init_script(UNSEEN_PAGE % unseen)

    page.goto(f"{live_server.url}{article.url_in('en')}")
    page.wait_for_timeout(1500)  # long enough for a beacon the script should not have sent
    reads.flush_reads()
    assert answers == []
    assert stored() == {}

    with page.expect_response(lambda response: "/reads/" in response.url):
        page.evaluate("showPage()")
    # Going away and back is the same reading.
    page.evaluate("hidePage(); showPage()")
    page.wait_for_timeout(500)
    reads.flush_reads()

    assert answers == [204]
    assert stored() == {(article.pk, "en"): 1}
