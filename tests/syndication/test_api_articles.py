"""Articles through the content API: the stored ninjs documents of what readers may read, in the
language and ninjs version asked for, each valid against the IPTC's schema; drafts and scheduled
articles nowhere; an article taken down answers 410 with a canceled stub; lists page by a signed
cursor, filter as the site's lists do, and answer 304 when the partner has them already."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from newsroom.articles.models import Article, Correction
from newsroom.events.models import Event
from newsroom.ids import stable_uri
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.syndication import validation
from newsroom.translations.workflow import mark_complete, translate_and_release
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, InterviewExchangeFactory, OrganizationFactory, SectionFactory
from tests.whole_site import TEXTS, build_site

from .keys import issued, partner

pytestmark = pytest.mark.django_db
VERSIONS = {"2": "2.2", "3": "3.1"}


@pytest.fixture
def client():
    _key, full = issued()
    return partner(full)


def english(**fields) -> Article:
    return ArticleFactory(
        headline_en=fields.pop("headline_en", "Querétaro's aerospace cluster wins a maintenance contract for 40 jets"),
        headline_de="",
        standfirst_de="",
        body_de="",
        **fields,
    )


@pytest.fixture
def archive():
    """What readers get, of every sort, with what they must not get beside it."""
    news = english(is_reported_by_ai=True)
    Correction.objects.create(article=news, text_en="An earlier version gave 30 jets.")
    both = ArticleFactory(
        headline_en="Bajío suppliers sign a training pact",
        headline_de="Zulieferer im Bajío unterzeichnen einen Ausbildungspakt",
    )
    translate_and_release(both, "de", by=None)
    interview = InterviewExchangeFactory(
        article=english(
            headline_en="“We train 300 technicians a year”: Safran's plant director", kind=Article.Kind.INTERVIEW
        )
    ).article
    hidden = {
        "draft": english(status=Article.Status.DRAFT, published_at=None),
        "scheduled": english(published_at=timezone.now() + datetime.timedelta(days=1)),
        "untranslated": english(headline_en="Only in English for now"),
    }
    run_tasks()
    return {"news": news, "both": both, "interview": interview, **hidden}


@pytest.mark.parametrize("version", ["2", "3"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_document_served_is_valid_ninjs_in_both_languages_and_versions(client, archive, language, version):
    listed = client.get("/api/v1/articles/", {"language": language, "version": version})

    assert listed.status_code == 200
    assert VERSIONS[version] in listed["Content-Type"]
    items = listed.json()["items"]
    assert items
    for item in items:
        assert validation.errors(item, VERSIONS[version]) == []
        detail = client.get(f"/api/v1/articles/{article_id(item)}/{language}", {"version": version})
        assert detail.status_code == 200
        assert validation.errors(detail.json(), VERSIONS[version]) == []
        assert detail.json() == item


def article_id(item) -> int:
    return next(
        pk
        for pk in Article.objects.values_list("pk", flat=True)
        if stable_uri("article", pk, item["language"]) == item["uri"]
    )


def test_only_what_readers_of_the_language_read_is_listed(client, archive):
    english_uris = {
        item["headlines"][0]["value"] for item in client.get("/api/v1/articles/?language=en").json()["items"]
    }
    german = client.get("/api/v1/articles/?language=de").json()["items"]

    assert len(english_uris) == 4
    assert "Only in English for now" in english_uris
    assert [item["headlines"][0]["value"] for item in german] == [
        "Zulieferer im Bajío unterzeichnen einen Ausbildungspakt"
    ]


@pytest.mark.parametrize("hidden", ["draft", "scheduled"])
def test_a_drafts_or_scheduled_articles_id_answers_as_an_unknown_one(client, archive, hidden):
    guessed = client.get(f"/api/v1/articles/{archive[hidden].pk}/en")
    unknown = client.get("/api/v1/articles/999999/en")

    assert guessed.status_code == unknown.status_code == 404
    assert guessed.json() == unknown.json()


def test_an_untranslated_article_has_no_german_document(client, archive):
    assert client.get(f"/api/v1/articles/{archive['untranslated'].pk}/de").status_code == 404


def test_a_scheduled_article_appears_at_its_time(client, archive, time_machine):
    scheduled = archive["scheduled"]
    time_machine.move_to(scheduled.published_at + datetime.timedelta(seconds=1))

    run_tasks()

    assert client.get(f"/api/v1/articles/{scheduled.pk}/en").status_code == 200


@pytest.mark.parametrize("worker_ran", [False, True])
def test_an_article_taken_down_answers_410_with_a_canceled_stub(client, archive, worker_ran):
    news = archive["news"]
    Article.objects.filter(pk=news.pk).unpublish()
    if worker_ran:
        run_tasks()

    response = client.get(f"/api/v1/articles/{news.pk}/en")

    assert response.status_code == 410
    stub = response.json()
    assert stub["pubstatus"] == "canceled" and "headlines" not in stub
    assert validation.errors(stub, "2.2") == []
    listed = client.get("/api/v1/articles/?language=en").json()["items"]
    assert all(item["uri"] != stub["uri"] for item in listed)


def test_a_document_the_partner_has_answers_304_by_etag_and_by_date(client, archive):
    path = f"/api/v1/articles/{archive['news'].pk}/en"
    first = client.get(path)

    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    assert client.get(path, headers={"If-None-Match": first["ETag"]}, data={"version": "3"}).status_code == 200
    earlier = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200


def test_a_list_answers_304_until_a_document_in_it_changes(client, archive):
    first = client.get("/api/v1/articles/?language=en")
    assert client.get("/api/v1/articles/?language=en", headers={"If-None-Match": first["ETag"]}).status_code == 304

    news = archive["news"]
    news.headline_en = "Querétaro's aerospace cluster wins a maintenance contract for 45 jets"
    news.save()
    run_tasks()

    again = client.get("/api/v1/articles/?language=en", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "45 jets" in again.content.decode()


def test_pages_follow_each_other_without_gaps_or_repeats(client):
    for number in range(7):
        english(
            headline_en=f"Nuevo León adds industrial park number {number}",
            published_at=timezone.now() - datetime.timedelta(minutes=number),
        )
    run_tasks()

    seen, address = [], "/api/v1/articles/?language=en&limit=3"
    while address:
        page = client.get(address).json()
        seen += [item["headlines"][0]["value"] for item in page["items"]]
        address = page["next"]

    assert seen == [f"Nuevo León adds industrial park number {number}" for number in range(7)]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("cursor=not-ours", "cursor"),
        ("version=9", "version"),
        ("section=abc", "section"),
        ("section=99999", "section"),
        ("since=yesterday", "since"),
        ("limit=1000", "limit"),
        ("language=fr", "language"),
    ],
)
def test_a_malformed_request_is_refused_naming_the_parameter(client, archive, query, parameter):
    response = client.get(f"/api/v1/articles/?language=en&{query}".replace("language=en&language", "language"))

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_cursor_made_for_german_is_refused_in_english(client):
    for number in range(3):
        ArticleFactory(headline_en=f"Coahuila steel mill {number}", headline_de=f"Stahlwerk in Coahuila {number}")
        translate_and_release(Article.objects.latest("pk"), "de", by=None)
    run_tasks()
    german_next = client.get("/api/v1/articles/?language=de&limit=1").json()["next"]
    cursor = german_next.split("cursor=")[1]

    response = client.get(f"/api/v1/articles/?language=en&cursor={cursor}")

    assert response.status_code == 400


def test_filters_choose_as_the_sites_lists_do(client, archive, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1))
    changed_since = timezone.now() - datetime.timedelta(minutes=1)
    section = SectionFactory()
    organization = OrganizationFactory(name_en="Safran", name_de="Safran")
    chosen = english(headline_en="Safran opens a landing-gear shop in Querétaro", section=section)
    chosen.organizations.add(organization)
    run_tasks()

    by_section = client.get(f"/api/v1/articles/?language=en&section={section.pk}").json()["items"]
    by_organization = client.get(f"/api/v1/articles/?language=en&organization={organization.pk}").json()["items"]
    since = client.get("/api/v1/articles/", {"language": "en", "since": changed_since.isoformat()}).json()["items"]

    assert [item["headlines"][0]["value"] for item in by_section] == ["Safran opens a landing-gear shop in Querétaro"]
    assert by_organization == by_section
    assert [item["headlines"][0]["value"] for item in since] == ["Safran opens a landing-gear shop in Querétaro"]


def test_a_key_without_german_may_not_read_german_articles(archive):
    _key, full = issued(languages="|en|")

    response = partner(full).get(f"/api/v1/articles/{archive['both'].pk}/de")

    assert response.status_code == 403
    assert response.json()["code"] == "language_not_allowed"


@pytest.mark.parametrize(
    "query", ["", "&organization={organization}", "&section={section}&kind=news", "&since=2026-01-01T00:00:00Z"]
)
def test_a_list_page_takes_at_most_four_queries(client, archive, query):
    filters = query.format(organization=OrganizationFactory().pk, section=archive["news"].section_id)
    client.get("/api/v1/articles/?language=en")  # the key's row is looked up once, then cached

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/articles/?language=en{filters}")

    assert response.status_code == 200
    assert len(queries) <= 4, [query["sql"] for query in queries]


MARKER = "Entwurfstext"
RESOURCES = {Article: "articles", Organization: "organizations", Person: "people", Place: "places", Event: "events"}


@pytest.mark.parametrize("state", ["in progress", "complete, not released"])
def test_no_api_answer_shows_a_translation_that_is_not_released(client, settings, tmp_path, state):
    settings.MEDIA_ROOT = tmp_path
    site = build_site("en", TEXTS["en"], other=lambda key: f"{MARKER} {key}")
    if state == "complete, not released":
        for obj in site.translatable_objects:
            mark_complete(obj, "de", by=None)
    run_tasks()

    shown = {}
    for language in ("en", "de"):
        for path in RESOURCES.values():
            shown[f"{language} {path}"] = client.get(f"/api/v1/{path}/?language={language}&limit=100")
        for obj in site.translatable_objects:
            if type(obj) in RESOURCES:
                shown[f"{language} {obj}"] = client.get(f"/api/v1/{RESOURCES[type(obj)]}/{obj.pk}/{language}")

    assert shown["en articles"].status_code == 200 and len(shown["en articles"].json()["items"]) == 2
    assert shown[f"de {site.article}"].status_code == 404
    leaks = [name for name, response in shown.items() if MARKER.lower() in response.content.decode().lower()]
    assert leaks == []
