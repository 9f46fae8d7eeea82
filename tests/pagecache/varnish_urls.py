"""The site's URLs plus pages answering with the page cache's header contract
(newsroom/pagecache: `Cache-Control` with s-maxage, `Surrogate-Key`), so the Varnish tests show
what the VCL does with each kind of response whatever the page cache decides for real pages."""

from django.http import HttpResponse
from django.urls import path

from newsroom.articles.models import Article
from newsroom.urls import urlpatterns as site_urlpatterns

# What the page cache sends: a short browser lifetime, the shared cache's own, stale while
# revalidating only where no scheduled publication bounds the lifetime, stale if Django fails.
SHARED = "public, max-age=5, s-maxage={ttl}, stale-while-revalidate={swr}, stale-if-error=86400"
failing = {"status": None}


def article(request, pk):
    """An article's headline, shared as the page cache shares a page showing it."""
    if failing["status"]:
        return HttpResponse("Django is failing", status=failing["status"])
    shown = Article.objects.published().filter(pk=pk).first()
    response = HttpResponse(f"<h1>{shown.headline if shown else 'Nothing here'}</h1>")
    response["Cache-Control"] = SHARED.format(ttl=request.GET.get("ttl", "300"), swr=request.GET.get("swr", "0"))
    response["Surrogate-Key"] = f"article-{pk} article-list" if shown else "article-list"
    # As a feed's: the newest significant change, not every change shown.
    response["Last-Modified"] = "Thu, 01 Jan 2026 00:00:00 GMT"
    return response


def answers_conditionally(request):
    """As the page cache answers a conditional request it does not hold a page for: 304, private."""
    etag = '"the-page"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
        response["Cache-Control"] = "private"
    else:
        response = HttpResponse("<h1>The page</h1>")
        response["Cache-Control"] = SHARED.format(ttl=1, swr=30)
    response["ETag"] = etag
    return response


def published(request):
    """The published headlines, shared until the next scheduled publication (the `ttl` the test
    computes as the page cache does), with no stale-while-revalidate past it."""
    headlines = ", ".join(Article.objects.published().order_by("pk").values_list("headline_en", flat=True))
    response = HttpResponse(f"<ul>{headlines}</ul>")
    response["Cache-Control"] = SHARED.format(ttl=request.GET["ttl"], swr=0)
    response["Surrogate-Key"] = "article-list"
    return response


def sets_a_cookie(request):
    """A page that wrongly says it may be shared while it gives its reader a cookie."""
    response = HttpResponse(f"<p>Your token: {request.GET.get('who')}</p>")
    response["Cache-Control"] = SHARED.format(ttl=300, swr=0)
    response.set_cookie("csrftoken", request.GET.get("who", "someone"))
    return response


def many_keys(request):
    """A sitemap page of 10,000 articles names each."""
    response = HttpResponse("<urlset/>")
    response["Cache-Control"] = SHARED.format(ttl=300, swr=30)
    response["Surrogate-Key"] = " ".join(f"article-{number}" for number in range(10_000))
    return response


urlpatterns = [
    path("sitemap-varnish-test.xml", many_keys),
    path("en/varnish-test/article/<int:pk>/", article),
    path("en/varnish-test/published/", published),
    path("en/varnish-test/conditional/", answers_conditionally),
    path("en/varnish-test/cookie/", sets_a_cookie),
    *site_urlpatterns,
]
