"""Organizations, people, places and events through the content API: the published ones only, in
the language asked for by the reader's rule, each with its public address, paged by a signed cursor,
and answered with 304 when the partner has them already."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from newsroom.ids import stable_uri
from tests.factories import EventFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import get_page

from .keys import issued, partner

pytestmark = pytest.mark.django_db
FACTORIES = {
    "organizations": OrganizationFactory,
    "people": PersonFactory,
    "places": PlaceFactory,
    "events": EventFactory,
}


@pytest.fixture
def client():
    _key, full = issued()
    return partner(full)


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_organization_in_each_language_as_its_public_page_shows_it(client, language):
    state = PlaceFactory(name_en="Jalisco", name_de="Jalisco")
    parent = OrganizationFactory(name_en="Ministry of Economy", name_de="Wirtschaftsministerium")
    organization = OrganizationFactory(
        name_en="Jalisco Automotive Cluster", name_de="Automobilcluster Jalisco", parent=parent
    )
    organization.places.add(state)

    response = client.get(f"/api/v1/organizations/{organization.pk}/{language}")

    assert response.status_code == 200
    data = response.json()
    assert data == {
        "id": organization.pk,
        "uri": stable_uri("organization", organization.pk),
        "url": f"http://testserver{organization.url_in(language)}",
        "name": {"en": "Jalisco Automotive Cluster", "de": "Automobilcluster Jalisco"}[language],
        "kind": "cluster",
        "parent": {"id": parent.pk, "uri": stable_uri("organization", parent.pk)},
        "language": language,
        "identifiers": {},
        "same_as": [],
        "listing": None,
        "geo": None,
        "updated_at": data["updated_at"],
    }
    assert data["url"].startswith(f"http://testserver/{language}/")
    # The name the public page shows, at the address given.
    page = get_page(client, data["url"].removeprefix("http://testserver"))
    assert data["name"] in page.find("h1").text


def test_an_untranslated_organization_is_given_in_its_original_and_says_so(client):
    organization = OrganizationFactory(name_en="Tequila Regulatory Council", name_de="", description_de="")
    data = client.get(f"/api/v1/organizations/{organization.pk}/de").json()
    assert (data["name"], data["language"]) == ("Tequila Regulatory Council", "en")
    assert data["url"] == f"http://testserver{organization.url_in('de')}"


def test_a_translation_not_released_is_not_given(client):
    organization = OrganizationFactory(
        name_en="Tequila Regulatory Council", name_de="Regulierungsrat für Tequila", released_translations=False
    )
    data = client.get(f"/api/v1/organizations/{organization.pk}/de").json()
    assert (data["name"], data["language"]) == ("Tequila Regulatory Council", "en")
    items = client.get("/api/v1/organizations/?language=de").json()["items"]
    assert "Regulierungsrat für Tequila" not in json.dumps(items, ensure_ascii=False)


@pytest.mark.parametrize("path", FACTORIES)
def test_every_kind_of_entity_is_listed_and_given_in_both_languages(client, path):
    entity = FACTORIES[path]()
    for language in ("en", "de"):
        listed = client.get(f"/api/v1/{path}/?language={language}").json()
        assert [item["id"] for item in listed["items"]] == [entity.pk]
        assert listed["next"] is None
        detail = client.get(f"/api/v1/{path}/{entity.pk}/{language}")
        assert detail.status_code == 200
        assert detail.json() == listed["items"][0]
        assert detail.json()["url"].startswith(f"http://testserver/{language}/")


def test_a_persons_parent_is_their_organization_and_an_events_name_its_title(client):
    organization = OrganizationFactory()
    person = PersonFactory(organization=organization)
    event = EventFactory(title_en="Automotive Summit", title_de="Automobilgipfel")
    assert client.get(f"/api/v1/people/{person.pk}/en").json()["parent"]["id"] == organization.pk
    assert client.get(f"/api/v1/events/{event.pk}/de").json()["name"] == "Automobilgipfel"
    assert client.get(f"/api/v1/events/{event.pk}/de").json()["parent"] is None


@pytest.mark.parametrize("path", FACTORIES)
def test_an_unpublished_entity_is_answered_as_an_unknown_id(client, path):
    draft = FACTORIES[path](is_published=False)
    FACTORIES[path]()
    hidden = client.get(f"/api/v1/{path}/{draft.pk}/en")
    unknown = client.get(f"/api/v1/{path}/{draft.pk + 1000}/en")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content
    assert hidden.json() == {"detail": "There is nothing here.", "code": "not_found"}
    assert draft.pk not in [item["id"] for item in client.get(f"/api/v1/{path}/?language=en").json()["items"]]


def test_an_unpublished_parent_is_not_named(client):
    parent = OrganizationFactory(is_published=False)
    organization = OrganizationFactory(parent=parent)
    assert client.get(f"/api/v1/organizations/{organization.pk}/en").json()["parent"] is None


def test_the_list_is_paged_by_a_cursor_to_the_end_one_query_a_page(client, django_assert_num_queries):
    organizations = [OrganizationFactory(parent=OrganizationFactory(is_published=False)) for _ in range(5)]
    url = "/api/v1/organizations/?language=de&limit=2"
    client.get(url)  # the key's row cached, its use noted
    seen = []
    while url:
        with django_assert_num_queries(1):
            page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        assert len(page["items"]) <= 2
        url = page["next"]
        if url:
            assert url.startswith("http://testserver/api/v1/organizations/?")
            url = url.removeprefix("http://testserver")
    assert seen == sorted(organization.pk for organization in organizations)


def test_a_tampered_cursor_or_one_for_another_list_is_a_bad_parameter(client):
    for _ in range(3):
        OrganizationFactory()
        PlaceFactory()
    next_url = client.get("/api/v1/organizations/?language=en&limit=1").json()["next"]
    cursor = next_url.partition("cursor=")[2]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    for url in (
        f"/api/v1/organizations/?language=en&cursor={tampered}",
        "/api/v1/organizations/?language=en&cursor=1",
        f"/api/v1/places/?language=en&cursor={cursor}",
        f"/api/v1/organizations/?language=de&cursor={cursor}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["parameter"] == "cursor"
        assert response.json()["code"] == "invalid_parameter"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("language=en&limit=101", "limit"),
        ("language=en&limit=0", "limit"),
        ("language=en&limit=ten", "limit"),
        ("limit=5", "language"),
        ("language=xx", "language"),
    ],
)
def test_a_bad_query_parameter_is_answered_400_naming_it(client, query, parameter):
    response = client.get(f"/api/v1/places/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["code"] == "invalid_parameter"
    assert f"“{parameter}”" in body["detail"]


@pytest.mark.parametrize("entity_id", ["abc", "99999999999999999999999", "-1", "0"])
def test_an_id_that_is_no_id_is_a_bad_parameter_or_unknown_never_an_error(client, entity_id):
    response = client.get(f"/api/v1/places/{entity_id}/en")
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("application/json")


def test_a_detail_is_answered_304_by_its_etag_and_by_its_last_modified_time(client):
    place = PlaceFactory()
    url = f"/api/v1/places/{place.pk}/en"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"] == http_date(int(place.updated_at.timestamp()))
    assert first["Cache-Control"] == "private, no-cache"

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304

    place.name_en = "Aguascalientes City"
    place.updated_at = timezone.now()
    place.save()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.json()["name"] == "Aguascalientes City"
    # Another language's answer is another answer.
    assert client.get(f"/api/v1/places/{place.pk}/de", headers={"If-None-Match": changed["ETag"]}).status_code == 200


def test_a_list_is_answered_304_by_its_etag_and_by_its_last_modified_time(client):
    PlaceFactory()
    first = client.get("/api/v1/places/?language=en")
    assert client.get("/api/v1/places/?language=en", headers={"If-None-Match": first["ETag"]}).status_code == 304
    by_date = client.get("/api/v1/places/?language=en", headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    PlaceFactory()
    assert client.get("/api/v1/places/?language=en", headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_an_organization_gives_its_identifiers_listing_and_pages_elsewhere(client):
    toyota = OrganizationFactory(
        wikidata="Q53268",
        lei="5493006W3QUS5LMH6R84",
        ticker="7203",
        exchange="XTKS",
        website="https://global.toyota/",
    )

    data = client.get(f"/api/v1/organizations/{toyota.pk}/en").json()

    assert data["identifiers"] == {"wikidata": "Q53268", "lei": "5493006W3QUS5LMH6R84"}
    assert data["same_as"] == ["https://www.wikidata.org/wiki/Q53268", "https://global.toyota/"]
    assert data["listing"] == {"ticker": "7203", "exchange": "XTKS"}
    assert data["geo"] is None


def test_a_place_gives_its_identifiers_and_coordinates_in_the_list(client):
    PlaceFactory(wikidata="Q1489", geonames="3530597", latitude="19.43260", longitude="-99.13320")

    (item,) = client.get("/api/v1/places/?language=de").json()["items"]

    assert item["identifiers"] == {"wikidata": "Q1489", "geonames": "3530597"}
    assert item["same_as"] == ["https://www.wikidata.org/wiki/Q1489", "https://sws.geonames.org/3530597/"]
    assert item["geo"] == {"latitude": 19.4326, "longitude": -99.1332}


def test_a_person_gives_its_wikidata_item_and_website_and_an_event_none(client):
    person = PersonFactory(name="Douglas Adams", wikidata="Q42", website="https://douglasadams.com/")
    event = EventFactory()

    human = client.get(f"/api/v1/people/{person.pk}/en").json()
    happening = client.get(f"/api/v1/events/{event.pk}/en").json()

    assert (human["identifiers"], human["same_as"]) == (
        {"wikidata": "Q42"},
        ["https://www.wikidata.org/wiki/Q42", "https://douglasadams.com/"],
    )
    assert (happening["identifiers"], happening["same_as"], happening["geo"]) == ({}, [], None)


def test_the_api_description_names_the_identifier_fields():
    properties = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["Entity"]["properties"]

    assert {"identifiers", "same_as", "listing", "geo"} <= set(properties)
