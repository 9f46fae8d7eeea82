"""Malformed and hostile requests to every public URL: never a 500, and a readable 4xx."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, EventFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import url_in

pytestmark = pytest.mark.django_db

FILTER_NAMES = [
    "q", "section", "kind", "date_from", "date_to", "series", "organization", "person", "place", "event", "tag",
    "author", "organizer", "status", "after", "before", "page", "utm_source", "lang",
]  # fmt: skip
HOSTILE_TEXT = [
    "", "0", "-1", "-99999999999999999999", "99999999999999999999999", "1e309", "NaN", "2026-13-45", "0000-00-00",
    "9999-12-31", "2026-02-30", "2026-01-01T00:00:00+99:00~1", "~", "~~~", "\x00", "abc\x00def", "' OR 1=1 --",
    "1; DROP TABLE articles_article;", "{{ settings.SECRET_KEY }}", "{% debug %}", "<script>alert(1)</script>",
    "%00", "%ZZ", "../../etc/passwd", "\ud7ff", "é" * 300, "x" * 5000, "[]", "{}", "None", "true",
]  # fmt: skip

values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=60), st.integers().map(str))
queries = st.dictionaries(st.one_of(st.sampled_from(FILTER_NAMES), st.text(max_size=20)), values, max_size=4)
# Header values travel as Latin-1 bytes; the client cannot send anything else.
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=30)
languages = st.one_of(st.sampled_from(["en", "de", "fr", "xx", "", "de-DE", "*", "en;q=abc"]), header_text)


@pytest.fixture
def public_urls():
    article = ArticleFactory(headline_de="", body_de="", standfirst_de="", slug_de="")
    article.organizations.set([OrganizationFactory()])
    article.people.set([PersonFactory()])
    article.places.set([PlaceFactory()])
    article.events.set([EventFactory()])
    urls = []
    for language in ("en", "de"):
        names = (
            "home",
            "articles:list",
            "search:results",
            "articles:corrections",
            "articles:feed-rss",
            "articles:ai-labels",
            "events:list",
            "events:past",
            "events:calendar",
            "cookie-settings",
            "newsletter:subscribe",
        )
        urls += [url_in(language, name) for name in names]
        urls += [article.url_in(language), article.section.url_in(language)]
        urls += [obj.url_in(language) for obj in (*article.organizations.all(), *article.people.all())]
        urls += [obj.url_in(language) for obj in (*article.places.all(), *article.events.all())]
        urls += [f"/{language}/articles/{quote('x' * 300)}/", f"/{language}/%00/", f"/{language}/events/%2e%2e/"]
    # Outside the language prefixes: sitemaps, robots.txt, the cookie choice.
    urls += ["/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml", "/robots.txt", "/consent/"]
    return urls


def check_answer(response, method="get"):
    assert response.status_code < 500
    if method != "head" and response.status_code >= 400 and response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        assert "<h1>" in html, f"a {response.status_code} without a readable message"


@settings(max_examples=1400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), query=queries, language=languages)
def test_hostile_queries_and_headers_never_give_a_server_error(client, public_urls, data, query, language):
    url = data.draw(st.sampled_from(public_urls))
    method = data.draw(st.sampled_from(["get", "get", "get", "head", "post", "options"]))
    encoded = urlencode(query, doseq=False, encoding="utf-8", errors="surrogatepass")
    client.cookies["django_language"] = language.replace(";", "")[:20]
    response = getattr(client, method)(f"{url}?{encoded}", HTTP_ACCEPT_LANGUAGE=language)
    check_answer(response, method)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(min_size=1, max_size=80), language=st.sampled_from(["en", "de", "fr", "admin"]))
def test_hostile_paths_never_give_a_server_error(client, path, language):
    response = client.get(f"/{language}/{quote(path, safe='/', errors='surrogatepass')}")
    check_answer(response)
