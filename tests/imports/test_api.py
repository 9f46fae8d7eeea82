"""An agency posts ninjs documents to /api/v1/import/ with a key that may import: each becomes a
draft (readers and partners see nothing of it), the same document again changes nothing and a newer
version updates the draft. A key that may only read, no key, a revoked key, a language the key may
not use, a refused document and a document too large are each answered in JSON, and import nothing."""

import re

import pytest

from newsroom.articles.models import Article
from newsroom.imports.models import ImportRecord
from newsroom.roles import ADMINISTRATOR, role
from newsroom.syndication import access
from newsroom.syndication.models import ApiKey
from tests.factories import UserFactory
from tests.imports.documents import encoded, story, with_body
from tests.pages import form_data, get_page, logged_in
from tests.syndication.keys import issued, partner

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/import/"
HEADLINE = "Querétaro's aerospace cluster wins a maintenance contract for 40 jets"
FULL_KEY = re.compile(r"nr_[a-z2-7]{8}_[A-Za-z0-9_-]{43}")


@pytest.fixture(autouse=True)
def no_usage_waiting():
    """Each test counts its own API usage, and leaves none for the process's exit to write to a
    database that is gone by then (as in tests/syndication/conftest.py)."""
    access.usage.take()
    yield
    access.usage.take()


def administrator():
    user = UserFactory(username="ana")
    user.groups.add(role(ADMINISTRATOR))
    return user


@pytest.fixture
def agency_key():
    key, full = issued(name="Agencia Centro", may_import=True, created_by=administrator())
    return key, full


@pytest.fixture
def agency(agency_key):
    """The agency's HTTP client, without a CSRF token as a program's has none."""
    return partner(agency_key[1], enforce_csrf_checks=True)


def english(**fields) -> dict:
    return story(headline_en=fields.pop("headline_en", HEADLINE), **fields)["en"]


def send(client, document) -> object:
    body = document if isinstance(document, bytes) else encoded(document)
    return client.post(IMPORT, body, content_type="application/json")


def nothing_imported():
    return not Article.objects.exists() and not ImportRecord.objects.exists()


def test_a_document_posted_with_a_key_that_may_import_becomes_a_draft_nobody_reads(agency, agency_key):
    response = send(agency, english())

    assert response.status_code == 201
    article = Article.objects.get()
    assert response.json() == {
        "outcome": "created",
        "article": article.pk,
        "article_admin_url": f"http://testserver/admin/articles/article/{article.pk}/change/",
        "report": [],
    }
    assert (article.status, article.headline_en) == (Article.Status.DRAFT, HEADLINE)
    record = ImportRecord.objects.get()
    assert (record.source, record.origin, record.api_key, record.by) == (
        "api",
        "Agencia Centro",
        agency_key[0],
        agency_key[0].created_by,
    )
    _reader_key, reader = issued(name="Clipping service")
    assert partner(reader).get(f"/api/v1/articles/{article.pk}/en").status_code == 404
    assert partner(reader).get("/api/v1/articles/?language=en").json()["items"] == []
    assert partner().get(article.url_in("en")).status_code == 404


def test_the_same_document_again_changes_nothing_and_a_newer_version_updates_the_draft(agency):
    document = english()
    first = send(agency, document)

    again = send(agency, document)
    newer = {
        **document,
        "version": str(int(document["version"]) + 1),
        "headlines": [{"role": "main", "value": "Querétaro's aerospace cluster wins a contract for 45 jets"}],
    }
    updated = send(agency, newer)

    assert (first.status_code, again.status_code, updated.status_code) == (201, 200, 200)
    article = Article.objects.get()
    assert again.json() == {**first.json(), "outcome": "unchanged"}
    assert updated.json() == {**first.json(), "outcome": "updated"}
    assert (article.status, article.headline_en) == (
        Article.Status.DRAFT,
        "Querétaro's aerospace cluster wins a contract for 45 jets",
    )
    assert list(ImportRecord.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "created",
        "unchanged",
        "updated",
    ]


def test_a_german_translation_posted_after_its_original_becomes_its_translation(agency):
    documents = story(headline_en=HEADLINE)

    original, translated = send(agency, documents["en"]), send(agency, documents["de"])

    assert (original.status_code, translated.status_code) == (201, 201)
    assert translated.json()["outcome"] == "translated"
    assert translated.json()["article"] == original.json()["article"] == Article.objects.get().pk


def test_a_key_that_may_only_read_is_refused_with_403_and_imports_nothing():
    _key, full = issued()

    response = send(partner(full), english())

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "import_not_allowed"
    assert nothing_imported()


@pytest.mark.parametrize("revoked", [False, True], ids=["no key", "revoked key"])
def test_without_a_valid_key_the_answer_is_401_and_nothing_is_imported(agency_key, revoked):
    key, full = agency_key
    if revoked:
        ApiKey.objects.filter(pk=key.pk).revoke()
    client = partner(full if revoked else None)

    response = send(client, english())

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_key"
    assert response["WWW-Authenticate"] == "Bearer"
    assert nothing_imported()


def unknown_language(document):
    return {**document, "language": "fr"}


def no_date(document):
    return {**document, "versioncreated": "yesterday"}


def huge_body(document):
    """A body one character over the 200,000 allowed."""
    return with_body(document, "<p>" + "x" * (200_001 - len("<p></p>")) + "</p>")


@pytest.mark.parametrize(
    "spoil, field",
    [
        (unknown_language, "language"),
        (no_date, "versioncreated"),
        (huge_body, "bodies[0].value"),
        (lambda document: with_body(document, '<p onclick="steal()">Hi</p>'), "bodies[0].value"),
    ],
    ids=["unknown language", "schema error", "body too long", "event handler"],
)
def test_a_refused_document_gets_422_with_the_fields_to_fix_and_leaves_only_a_log_line(agency, spoil, field):
    document = spoil(english())

    response = send(agency, document)

    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "refused"
    assert field in [error["field"] for error in answer["errors"]]
    assert all(error["message"] for error in answer["errors"])
    assert not Article.objects.exists()
    record = ImportRecord.objects.get()
    assert (record.outcome, record.source, record.notes()) == ("refused", "api", answer["errors"])


def padded_to(size: int) -> dict:
    """An English document of `size` bytes, an editor's note making up the difference."""
    document = {**english(), "ednote": ""}
    document["ednote"] = "x" * (size - len(encoded(document)))
    assert len(encoded(document)) == size
    return document


def test_a_document_over_2_mb_gets_413_in_json_and_imports_nothing(agency):
    response = send(agency, padded_to(2 * 1024 * 1024 + 1))

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "too_large"
    assert nothing_imported()


def test_a_document_of_2_mb_is_imported(agency):
    assert send(agency, padded_to(2 * 1024 * 1024)).status_code == 201


def test_a_document_in_a_language_the_key_may_not_use_gets_403():
    _key, full = issued(languages="|en|", may_import=True, created_by=administrator())
    client = partner(full)

    german = send(client, story()["de"])

    assert german.status_code == 403
    assert german.json()["code"] == "import_not_allowed"
    assert "“de”" in german.json()["detail"]
    assert nothing_imported()
    assert send(client, english()).status_code == 201


def test_the_openapi_description_lists_the_import_operation():
    description = partner().get("/api/v1/openapi.json").json()

    operation = description["paths"]["/api/v1/import/"]["post"]
    assert operation["operationId"] == "import_document"
    assert {"201", "200", "401", "403", "413", "422"} <= set(operation["responses"])
    assert "application/json" in operation["requestBody"]["content"]


def test_an_administrator_makes_a_key_that_may_import_and_the_agency_imports_with_it():
    admin = logged_in(administrator())
    page = get_page(admin, "/admin/syndication/apikey/add/")
    data = form_data(page, "apikey_form")
    assert "may_import" not in data
    data.update(
        name=["Agencia Centro"], languages=["en", "de"], requests_per_minute=["60"], may_import=["on"], _save=["1"]
    )

    response = admin.post("/admin/syndication/apikey/add/", data)

    assert response.status_code == 200
    key = ApiKey.objects.get()
    assert key.may_import
    (full,) = set(FULL_KEY.findall(response.content.decode()))
    assert send(partner(full), english()).status_code == 201
    assert ImportRecord.objects.get().by.username == "ana"
