"""Administrators issue the API's keys in the admin: the full key is shown once, on a page no cache
keeps, and never again; editors and everyone else see nothing and change nothing."""

import re

import pytest
from django.contrib.admin.models import LogEntry

from newsroom.roles import ADMINISTRATOR, EDITOR, role
from newsroom.syndication import access
from newsroom.syndication.models import ApiKey, ApiKeyUsage
from tests.factories import EditorFactory, UserFactory
from tests.pages import form_data, get_page, logged_in

from .keys import issued, partner

pytestmark = pytest.mark.django_db
KEYS = "/admin/syndication/apikey/"
FULL_KEY = re.compile(r"nr_[a-z2-7]{8}_[A-Za-z0-9_-]{43}")


def administrator():
    user = UserFactory(username="ana")
    user.groups.add(role(ADMINISTRATOR))
    return user


def editor():
    user = UserFactory(username="eva")
    user.groups.add(role(EDITOR))
    return user


def issue_in_admin(client, **fields):
    page = get_page(client, f"{KEYS}add/")
    data = form_data(page, "apikey_form")
    data.update({"name": ["Agencia Centro"], "languages": ["de"], "requests_per_minute": ["60"], **fields})
    data["_save"] = ["1"]
    return client.post(f"{KEYS}add/", data)


def test_the_full_key_is_shown_once_after_adding_on_a_page_no_cache_keeps_and_it_works():
    admin = logged_in(administrator())
    response = issue_in_admin(admin)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = FULL_KEY.findall(response.content.decode())
    assert len(set(shown)) == 1
    full = shown[0]
    key = ApiKey.objects.get()
    assert (key.name, key.languages, key.requests_per_minute, key.created_by.username) == (
        "Agencia Centro",
        "|de|",
        60,
        "ana",
    )
    assert full.startswith(key.prefix + "_")
    assert full not in key.secret_hash and len(key.secret_hash) == 64
    assert partner(full).get("/api/v1/places/?language=de").status_code == 200
    assert partner(full).get("/api/v1/places/?language=en").status_code == 403


def test_the_full_key_is_never_shown_again_in_the_list_the_change_page_its_history_or_messages():
    admin = logged_in(administrator())
    full = FULL_KEY.search(issue_in_admin(admin).content.decode()).group()
    key = ApiKey.objects.get()
    secret = full.removeprefix(key.prefix + "_")

    pages = [
        admin.get(KEYS),
        admin.get(f"{KEYS}{key.pk}/change/"),
        admin.get(f"{KEYS}{key.pk}/history/"),
        admin.get("/admin/"),  # where messages of the last action would show
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        assert secret not in text
        assert key.prefix in text or response.request["PATH_INFO"] == "/admin/"
    assert not any(secret in entry.change_message or secret in entry.object_repr for entry in LogEntry.objects.all())
    assert not any(secret in str(message) for message in admin.cookies.values())


def test_a_change_keeps_the_secret_and_drops_the_cached_row(django_capture_on_commit_callbacks):
    admin = logged_in(administrator())
    key, full = issued(languages="|en|")
    assert partner(full).get("/api/v1/places/?language=de").status_code == 403
    page = get_page(admin, f"{KEYS}{key.pk}/change/")
    data = form_data(page, "apikey_form")
    data["languages"] = ["en", "de"]
    data["_save"] = ["1"]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"{KEYS}{key.pk}/change/", data).status_code == 302
    key.refresh_from_db()
    assert key.languages == "|en|de|"
    assert partner(full).get("/api/v1/places/?language=de").status_code == 200


def test_the_revoke_action_ends_the_keys_at_once(django_capture_on_commit_callbacks):
    admin = logged_in(administrator())
    key, full = issued()
    kept, kept_full = issued(name="Kept")
    assert partner(full).get("/api/v1/places/?language=en").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(KEYS, {"action": "revoke", "_selected_action": [key.pk]}, follow=True)
    assert "1 key is revoked." in response.content.decode()
    assert partner(full).get("/api/v1/places/?language=en").status_code == 401
    assert partner(kept_full).get("/api/v1/places/?language=en").status_code == 200


def test_the_change_page_shows_the_usage_per_day():
    admin = logged_in(administrator())
    key, full = issued(requests_per_minute=2)
    for _ in range(3):
        partner(full).get("/api/v1/places/?language=en")
    access.flush_usage()
    usage = ApiKeyUsage.objects.get()
    assert (usage.requests, usage.refused) == (3, 1)
    page = get_page(admin, f"{KEYS}{key.pk}/change/")
    row = page.find("tr", class_="has_original")
    day, requests, refused = [cell.text.strip() for cell in row.find_all("td")][1:4]
    assert (requests, refused) == ("3", "1")
    assert str(usage.day.day) in day


@pytest.mark.parametrize("make_user", [editor, EditorFactory], ids=["editor role", "every content permission"])
def test_only_administrators_see_and_make_keys(make_user):
    key, _full = issued()
    client = logged_in(make_user())
    assert client.get(KEYS).status_code == 403
    assert client.get(f"{KEYS}add/").status_code == 403
    assert client.get(f"{KEYS}{key.pk}/change/").status_code == 403
    assert "API keys" not in client.get("/admin/").content.decode()


def test_a_forged_post_by_a_non_administrator_changes_nothing():
    key, full = issued()
    client = logged_in(editor())
    forged_add = {"name": "Mine", "languages": ["en", "de"], "requests_per_minute": "1000", "_save": "1"}
    assert client.post(f"{KEYS}add/", forged_add).status_code == 403
    assert client.post(KEYS, {"action": "revoke", "_selected_action": [key.pk]}).status_code == 403
    forged_change = {"name": "Mine", "languages": ["en"], "requests_per_minute": "1", "_save": "1"}
    assert client.post(f"{KEYS}{key.pk}/change/", forged_change).status_code == 403
    assert list(ApiKey.objects.values_list("name", "languages", "requests_per_minute", "revoked_at")) == [
        ("Agencia Centro", "|en|de|", 120, None)
    ]
    assert partner(full).get("/api/v1/places/?language=en").status_code == 200
