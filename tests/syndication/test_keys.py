"""Who gets into the content API: one answer for every key that is not a valid one, the languages a
key may read, its rate (in one process and shared through Redis) and the usage counted per day."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.syndication import access
from newsroom.syndication.models import ApiKey, ApiKeyUsage
from tests.factories import OrganizationFactory

from .keys import issued, partner

pytestmark = pytest.mark.django_db
LIST = "/api/v1/organizations/?language=en"
INVALID_KEY = {"detail": "A valid API key is required.", "code": "invalid_key"}


def assert_invalid_key(response):
    assert response.status_code == 401
    assert response.json() == INVALID_KEY
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_valid_key_reads_the_list():
    OrganizationFactory()
    _key, full = issued()
    response = partner(full).get(LIST)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer nr_",
        "Basic bnJfYWJjOnNlY3JldA==",
        "Bearer not-a-key-at-all",
        "Bearer nr_abcdefgh_short",
        "Bearer nr_ABCDEFGH_" + "a" * 43,
    ],
    ids=["none", "empty", "scheme-only", "prefix-only", "basic", "no-key-shape", "short-secret", "upper-prefix"],
)
def test_a_missing_or_malformed_key_is_told_that_a_valid_key_is_required(authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    assert_invalid_key(Client(headers=headers).get(LIST))


def test_an_unknown_prefix_is_refused_like_a_malformed_key():
    assert_invalid_key(partner("nr_abcdefgh_" + "a" * 43).get(LIST))


def test_the_right_prefix_with_a_wrong_secret_is_refused_like_an_unknown_key():
    key, full = issued()
    assert_invalid_key(partner(f"{key.prefix}_{'b' * 43}").get(LIST))
    assert_invalid_key(partner(full[:-1] + ("A" if full[-1] != "A" else "B")).get(LIST))


def test_a_revoked_key_is_refused():
    key, full = issued()
    ApiKey.objects.filter(pk=key.pk).revoke()
    assert_invalid_key(partner(full).get(LIST))


def test_a_key_revoked_after_a_request_is_refused_at_once_though_its_row_was_cached(
    django_capture_on_commit_callbacks,
):
    key, full = issued()
    client = partner(full)
    assert client.get(LIST).status_code == 200  # the row is in the cache now
    with django_capture_on_commit_callbacks(execute=True):
        assert ApiKey.objects.filter(pk=key.pk).revoke() == 1
    assert_invalid_key(client.get(LIST))


def test_a_key_in_the_query_string_is_ignored():
    _key, full = issued()
    for name in ("key", "api_key", "access_token", "token"):
        assert_invalid_key(Client().get(f"{LIST}&{name}={full}"))


def test_a_language_the_key_may_not_read_is_refused_with_403_and_says_which_it_may():
    OrganizationFactory()
    key, full = issued(languages="|de|")
    client = partner(full)
    refused = client.get(LIST)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "This key may not read “en”; it may read de.",
        "code": "language_not_allowed",
    }
    organization = OrganizationFactory()
    assert client.get(f"/api/v1/organizations/{organization.pk}/en").status_code == 403
    assert client.get(f"/api/v1/organizations/{organization.pk}/de").status_code == 200
    assert client.get("/api/v1/organizations/?language=de").status_code == 200


def test_a_language_the_site_does_not_have_is_a_bad_parameter():
    _key, full = issued()
    response = partner(full).get("/api/v1/organizations/?language=fr")
    assert response.status_code == 400
    assert response.json()["parameter"] == "language"
    assert "“fr” is not a language of this site" in response.json()["detail"]


def test_refusals_speak_the_partners_language():
    response = Client(headers={"Accept-Language": "de"}).get(LIST)
    assert response.status_code == 401
    assert response.json()["detail"] == "Ein gültiger API-Schlüssel ist erforderlich."


def test_usage_is_written_per_key_and_day_when_flushed():
    key, full = issued()
    other, other_full = issued(name="Nachrichtenagentur Süd")
    for _ in range(3):
        partner(full).get(LIST)
    partner(other_full).get(LIST)
    partner("nr_abcdefgh_" + "a" * 43).get(LIST)  # no key: counted for nobody
    assert not ApiKeyUsage.objects.exists()  # counted in memory until the flush

    assert access.flush_usage() == 4
    partner(full).get(LIST)
    access.flush_usage()

    today = timezone.localdate()
    assert list(ApiKeyUsage.objects.values_list("key", "day", "requests", "refused").order_by("key")) == [
        (key.pk, today, 4, 0),
        (other.pk, today, 1, 0),
    ]


def test_the_time_a_key_was_last_used_is_written_at_most_hourly(django_assert_num_queries):
    key, full = issued()
    client = partner(full)
    client.get(LIST)
    key.refresh_from_db()
    first_use = key.last_used_at
    assert first_use is not None
    client.get(LIST)
    key.refresh_from_db()
    assert key.last_used_at == first_use


def test_a_key_over_its_rate_gets_429_with_retry_after_and_the_refusals_are_counted():
    key, full = issued(requests_per_minute=3)
    client = partner(full)
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "3 requests a minute" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    other_key, other_full = issued(name="Another partner")
    assert partner(other_full).get(LIST).status_code == 200  # each key its own count
    access.flush_usage()
    assert ApiKeyUsage.objects.get(key=key).refused == 1
    assert ApiKeyUsage.objects.get(key=key).requests == 4


def test_two_processes_share_a_keys_count_through_redis(redis):
    _key, full = issued(requests_per_minute=4)
    first, second = partner(full), partner(full)
    answers = [client.get(LIST).status_code for client in (first, second, first, second, first, second)]
    assert answers == [200, 200, 200, 200, 429, 429]
    # One count in Redis, which every worker and machine reads.
    counts = redis.client().keys("*rl:*")
    assert len(counts) == 1
    assert int(redis.client().get(counts[0])) == 6


def test_with_redis_down_keys_are_still_checked_and_requests_served(redis):
    key, full = issued(requests_per_minute=1)
    client = partner(full)
    assert client.get(LIST).status_code == 200
    redis.stop()
    # Unlimited rather than refused, and the key is looked up in the database instead.
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    assert_invalid_key(partner(f"{key.prefix}_{'b' * 43}").get(LIST))
    ApiKey.objects.filter(pk=key.pk).revoke()
    assert_invalid_key(client.get(LIST))


def test_an_unused_key_has_no_last_use_and_revoking_twice_changes_nothing():
    key, _full = issued()
    assert key.last_used_at is None
    assert ApiKey.objects.filter(pk=key.pk).revoke() == 1
    revoked_at = ApiKey.objects.get(pk=key.pk).revoked_at
    assert ApiKey.objects.filter(pk=key.pk).revoke() == 0
    assert ApiKey.objects.get(pk=key.pk).revoked_at == revoked_at
    assert not ApiKey.objects.active().exists()
    assert revoked_at <= timezone.now() < revoked_at + datetime.timedelta(minutes=1)
