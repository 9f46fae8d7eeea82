"""An embargoed article on every public surface, with the clock frozen a second before its embargo
and at it: nothing of it — page, translation, list, search, feed, sitemap, API, share link, beacon,
"You may like", "Most popular" — before the second; everywhere it belongs from the second on.

The article is published with its publish time at the embargo, as the publishing verbs set it
(the database refuses an earlier one), and shares every subject of the whole site's article."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone, translation

from newsroom.articles.models import Article, LiveUpdate
from newsroom.editorial.models import PreviewLink
from newsroom.ids import stable_uri
from newsroom.newsletter.models import Subscription
from newsroom.popularity import ranking, reads
from newsroom.popularity.models import ReadCount
from newsroom.search import documents as search_documents
from newsroom.syndication import documents
from newsroom.translations.workflow import translate_and_release
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, EditorFactory
from tests.newsletter.conftest import subscription
from tests.pages import parse, url_in
from tests.syndication.keys import issued, partner
from tests.whole_site import TEXTS, build_site, machine_documents, reader_pages

pytestmark = pytest.mark.django_db

HEADLINE = "INEGI: Aguascalientes leads the country's industrial growth in the third quarter"
SCHLAGZEILE = "INEGI: Aguascalientes führt das Industriewachstum des Landes im dritten Quartal an"
SECOND = datetime.timedelta(seconds=1)
BEACON_HEADERS = {"Origin": "http://testserver", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://news.example.com"
    built = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
    editor = EditorFactory()
    for obj in built.translatable_objects:
        translate_and_release(obj, "de", by=editor)
    return built


@pytest.fixture
def embargoed(site, django_capture_on_commit_callbacks):
    """Published under an INEGI embargo three hours ahead, in English and German, sharing every
    subject of the site's article, hand-picked beside it and read more than anything else."""
    until = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(
            headline_en=HEADLINE,
            headline_de=SCHLAGZEILE,
            section=site.section,
            series=site.series,
            authors=[site.author],
            status=Article.Status.DRAFT,
            published_at=None,
            embargo_until=until,
            embargo_conditions="INEGI, Mexico City time; no mention of the figures before release",
        )
        Article.objects.filter(pk=article.pk).publish()
        article.refresh_from_db()
        for relation in ("organizations", "people", "places", "events", "tags"):
            getattr(article, relation).add(*getattr(site.article, relation).all())
        site.article.related_articles.add(article)
    today = timezone.localdate()
    for code in ("en", "de"):
        ReadCount.objects.create(article=article, language=code, day=today, count=500)
    # Built now, as the site's are (`build_site`): the receivers build them when a transaction commits.
    search_documents.rebuild([article.pk])
    documents.reconcile([article.pk])
    run_tasks()
    return article


def traces(article) -> list[str]:
    """What would give the article away: its headlines, its addresses, its API identifiers."""
    return [
        HEADLINE,
        SCHLAGZEILE,
        article.slug_en,
        article.slug_de,
        stable_uri("article", article.pk, "en"),
        stable_uri("article", article.pk, "de"),
    ]


def shows(response, article) -> bool:
    body = response.content.decode()
    return any(trace in body for trace in traces(article))


def before_and_at(time_machine, article, look):
    """`look()` a second before the embargo and at its second."""
    time_machine.move_to(article.embargo_until - SECOND, tick=False)
    before = look()
    time_machine.move_to(article.embargo_until, tick=False)
    at = look()
    return before, at


def test_the_publish_verb_set_the_publish_time_to_the_embargo(embargoed):
    assert embargoed.published_at == embargoed.embargo_until
    assert embargoed.is_embargoed and embargoed.is_scheduled


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_article_page_and_its_translation_answer_404_until_the_second(embargoed, time_machine, language):
    def look():
        response = Client().get(embargoed.url_in(language))
        return response.status_code, shows(response, embargoed)

    before, at = before_and_at(time_machine, embargoed, look)

    assert before == (404, False)
    assert at == (200, True)


# The reader pages that list or link the article once it is out; the others must never show it.
LISTING = [
    "home",
    "articles",
    "search",
    "articles in a section",
    "article",
    "section",
    "series",
    "tag",
    "author",
    "organization",
    "person",
    "place",
    "event",
]


@pytest.mark.parametrize("page", LISTING)
def test_no_reader_page_lists_it_before_the_second_and_each_does_at_it(site, embargoed, time_machine, page):
    def look():
        seen = {}
        for code in ("en", "de"):
            response = Client().get(reader_pages(site, code)[page])
            assert response.status_code == 200
            seen[code] = shows(response, embargoed)
        return seen

    before, at = before_and_at(time_machine, embargoed, look)

    assert before == {"en": False, "de": False}
    assert at == {"en": True, "de": True}


def test_you_may_like_holds_it_back_until_the_second(site, embargoed, time_machine):
    def look():
        page = parse(Client().get(site.article.url_in("en")))
        return HEADLINE in page.find(id="related-heading").parent.text

    before, at = before_and_at(time_machine, embargoed, look)

    assert (before, at) == (False, True)


def test_most_popular_ranks_it_only_once_it_is_out(site, embargoed, time_machine):
    """The most read of all, it is left out of the ranking until the second, and joins it when the
    ranking is next worked out (every RANKING_SECONDS)."""

    def look():
        ranking.refresh_rankings()
        return HEADLINE in parse(Client().get(site.article.url_in("en"))).find(id="most-popular-heading").parent.text

    time_machine.move_to(embargoed.embargo_until - SECOND, tick=False)
    before = look()
    time_machine.move_to(embargoed.embargo_until + datetime.timedelta(seconds=ranking.RANKING_SECONDS), tick=False)
    after = look()

    assert (before, after) == (False, True)


@pytest.mark.parametrize(
    "document",
    [
        "rss feed",
        "atom feed",
        "section rss feed",
        "section atom feed",
        "series rss feed",
        "series atom feed",
        "organization rss feed",
        "organization atom feed",
        "author rss feed",
        "author atom feed",
        "articles sitemap",
        "news sitemap",
    ],
)
def test_feeds_and_sitemaps_carry_it_from_the_second_on(site, embargoed, time_machine, document):
    def look():
        seen = {}
        for code in ("en", "de"):
            url = machine_documents(site, code).get(document) or machine_documents(site, "en")[document]
            response = Client().get(url)
            assert response.status_code == 200
            seen[code] = shows(response, embargoed)
        return seen

    before, at = before_and_at(time_machine, embargoed, look)

    assert before == {"en": False, "de": False}
    assert at == {"en": True, "de": True}


def test_no_other_document_names_it_before_the_second(site, embargoed, time_machine):
    time_machine.move_to(embargoed.embargo_until - SECOND, tick=False)
    for code in ("en", "de"):
        for name, url in {**reader_pages(site, code), **machine_documents(site, code)}.items():
            response = Client().get(url)
            assert response.status_code == 200, name
            assert not shows(response, embargoed), name


@pytest.fixture
def api():
    _key, full = issued()
    return partner(full)


def api_look(api, site, article):
    def look():
        run_tasks()
        seen = {}
        for code in ("en", "de"):
            for version in ("2", "3"):
                listed = api.get("/api/v1/articles/", {"language": code, "version": version})
                detail = api.get(f"/api/v1/articles/{article.pk}/{code}", {"version": version})
                seen[f"list {code} {version}"] = shows(listed, article)
                seen[f"detail {code} {version}"] = detail.status_code == 200 and shows(detail, article)
            for name in ("organization", "person", "place", "event", "tag", "section", "author"):
                pk = getattr(site, name).pk
                seen[f"{name}'s articles {code}"] = shows(
                    api.get("/api/v1/articles/", {"language": code, name: pk}), article
                )
        return seen

    return look


def test_the_content_api_lists_and_gives_it_from_the_second_on_in_both_ninjs_versions(
    api, site, embargoed, time_machine
):
    before, at = before_and_at(time_machine, embargoed, api_look(api, site, embargoed))

    assert not any(before.values()), [name for name, seen in before.items() if seen]
    assert all(at.values()), [name for name, seen in at.items() if not seen]


def test_a_share_link_says_under_embargo_until_when_and_shows_nothing_of_it(embargoed, time_machine):
    link = PreviewLink.objects.create(article=embargoed, language="de")

    time_machine.move_to(embargoed.embargo_until - SECOND, tick=False)
    response = Client().get(link.get_absolute_url())

    assert response.status_code == 403
    assert not shows(response, embargoed) and "zwei Wochen" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = parse(response)
    assert page.find("meta", name="robots")["content"] == "noindex, nofollow"
    with translation.override("de"):
        time = formats.date_format(timezone.localtime(embargoed.embargo_until), "DATETIME_FORMAT")
    assert f"Dieser Artikel steht bis {time} (Mexiko-Stadt) unter Sperrfrist." in page.find("main").text

    time_machine.move_to(embargoed.embargo_until, tick=False)
    assert shows(Client().get(link.get_absolute_url()), embargoed)


def test_a_staff_preview_asked_for_without_logging_in_shows_nothing(embargoed, time_machine):
    time_machine.move_to(embargoed.embargo_until - SECOND, tick=False)
    for code in ("en", "de"):
        response = Client().get(f"/admin/articles/article/{embargoed.pk}/preview/{code}/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert not shows(response, embargoed)


def test_the_read_beacon_counts_it_only_from_the_second_on(embargoed, time_machine):
    def look():
        reads.published_ids.clear()
        return Client().post(f"/en/reads/{embargoed.pk}/", headers=BEACON_HEADERS).status_code

    before, at = before_and_at(time_machine, embargoed, look)

    assert (before, at) == (404, 204)


def test_the_newsletter_digest_carries_it_only_once_it_is_out(settings, embargoed, time_machine):
    subscription("ana.ruiz@example.com", "en")
    subscription("jonas.weber@example.de", "de")

    def look():
        mail.outbox.clear()
        call_command("send_newsletter", "--days", "1", stdout=io.StringIO())
        run_tasks()
        return {message.to[0]: HEADLINE in message.body or SCHLAGZEILE in message.body for message in mail.outbox}

    before, at = before_and_at(time_machine, embargoed, look)

    assert not any(before.values())
    assert at == {"ana.ruiz@example.com": True, "jonas.weber@example.de": True}
    assert Subscription.objects.count() == 2


def test_the_search_documents_carry_the_embargo_as_their_publish_time(embargoed, time_machine):
    """The search asks no article whether it is published: its documents' copy of the publish time,
    never earlier than the embargo, is what holds the article back."""
    assert set(embargoed.search_documents.values_list("published_at", flat=True)) == {embargoed.embargo_until}

    def look():
        return {
            code: shows(Client().get(url_in(code, "search:results") + "?q=INEGI"), embargoed) for code in ("en", "de")
        }

    before, at = before_and_at(time_machine, embargoed, look)

    assert before == {"en": False, "de": False}
    assert at == {"en": True, "de": True}


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_live_articles_fragment_and_update_feeds_answer_404_until_the_second(embargoed, time_machine, language):
    Article.objects.filter(pk=embargoed.pk).update(is_live=True)
    LiveUpdate.objects.create(
        article=embargoed,
        posted_at=embargoed.embargo_until - datetime.timedelta(hours=1),
        body_en="<p>Manufacturing output rose 4.2 per cent.</p>",
        body_de="<p>Die Industrieproduktion stieg um 4,2 Prozent.</p>",
    )
    slug = embargoed.slug_in(language)
    addresses = [url_in(language, f"articles:{name}", slug=slug) for name in ("live-updates", "live-rss", "live-atom")]

    def look():
        responses = [Client().get(address) for address in addresses]
        return [
            (response.status_code, b"4.2" in response.content or b"4,2" in response.content) for response in responses
        ]

    before, at = before_and_at(time_machine, embargoed, look)

    assert before == [(404, False)] * 3
    assert at == [(200, True)] * 3
