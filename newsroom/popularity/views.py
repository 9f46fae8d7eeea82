"""The read beacon: an article page, once a reader actually sees it, posts here (static/js/read-beacon.js).

Counting on the page's own request stopped working when pages came from the page cache and the
CDN, which answer without running the view. The beacon is posted by every page shown, however it
was served, so a read is counted once whether or not the page was cached. Readers without
JavaScript are not counted.
"""

from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt

from newsroom import replicas

from .reads import count_read, is_counted_reader, is_published, within_client_limit

# The largest id a bigint column holds: anything longer is no article's.
MAX_ID = 2**63 - 1


def from_our_pages(request) -> bool:
    """Whether the browser says the beacon comes from one of our pages. Only the host is compared:
    the browser's Sec-Fetch-Site has compared the scheme already, and a proxy that does not tell
    Django it speaks HTTPS (BEHIND_PROXY) must not silently stop every read being counted."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc == request.get_host()


def answer(status: int, message: str = "") -> HttpResponse:
    """A reply that no cache keeps and that sets no cookie; a refusal says why in the page's language."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # a counter is the only state it changes; from_our_pages stands in for the token (no cookie)
def read_beacon(request, article_id: int):
    if request.method != "POST":
        response = answer(405, gettext("Reads are counted by the article page itself, with a POST."))
        response["Allow"] = "POST"
        return response
    if not from_our_pages(request):
        return answer(403, gettext("Reads are counted only from this site's own pages."))
    if article_id > MAX_ID or not is_published(article_id):
        return answer(404, gettext("There is no published article with this number."))
    language = get_language()
    # A flush of the process's read counts may ride on this request: the reader wrote nothing of
    # theirs to read back, so is not pinned to the primary (newsroom/replicas.py).
    replicas.no_pin(request)
    if is_counted_reader(request) and within_client_limit(request):
        count_read(article_id, language)
    return answer(204)
