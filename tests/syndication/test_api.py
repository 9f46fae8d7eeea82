"""The content API as a whole: its OpenAPI description, JSON for every address under it, and
nothing of it kept by the page cache."""

import pytest
from django.test import Client

from tests.factories import PlaceFactory

from .keys import issued, partner

pytestmark = pytest.mark.django_db


def test_the_openapi_description_is_served_without_a_key_and_names_every_operation():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    description = response.json()
    assert description["openapi"].startswith("3.1")
    operations = {
        operation["operationId"]: (path, method)
        for path, methods in description["paths"].items()
        for method, operation in methods.items()
    }
    labels = {"organizations": "organization", "people": "person", "places": "place", "events": "event"}
    for resource, label in labels.items():
        assert operations[f"list_{resource}"] == (f"/api/v1/{resource}/", "get")
        assert operations[f"get_{label}"] == (f"/api/v1/{resource}/{{id}}/{{language}}", "get")
    answers = description["paths"]["/api/v1/places/"]["get"]["responses"]
    assert set(answers) == {"200", "400", "401", "403", "404", "429"}
    assert description["components"]["securitySchemes"]["KeyBearer"] == {"type": "http", "scheme": "bearer"}
    assert set(description["components"]["schemas"]["Entity"]["properties"]) == {
        "id", "uri", "url", "name", "kind", "parent", "language", "updated_at",
        "identifiers", "same_as", "listing", "geo"
    }  # fmt: skip


def test_the_entities_json_has_exactly_the_properties_the_description_names():
    place = PlaceFactory()
    _key, full = issued()
    properties = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["Entity"]["properties"]
    assert set(partner(full).get(f"/api/v1/places/{place.pk}/en").json()) == set(properties)


def test_there_is_no_swagger_page_and_unknown_addresses_answer_json():
    for path in ("/api/v1/", "/api/v1/docs", "/api/v1/nothing/", "/api/v1/places/1/en/extra"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "There is nothing here.", "code": "not_found"}


def test_a_post_is_not_refused_for_a_missing_csrf_token():
    _key, full = issued()
    response = partner(full, enforce_csrf_checks=True).post("/api/v1/places/?language=en")
    # Not the CSRF middleware's 403: the API has no POST operation yet, and says so.
    assert response.status_code == 405


def test_api_answers_are_never_kept_by_the_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    PlaceFactory()
    _key, full = issued()
    for client in (partner(full), Client()):
        for url in ("/api/v1/places/?language=en", "/api/v1/openapi.json"):
            client.get(url)
            again = client.get(url)
            assert "X-Cache" not in again, url
    assert partner(full).get("/api/v1/places/?language=en")["Cache-Control"] == "private, no-cache"
