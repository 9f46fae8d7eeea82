"""Purges sent to the caches in front of Django, against a local server that records them; what a
real Varnish does with them is in test_varnish.py."""

import json
import logging
import time

import pytest
from django.db import transaction

from newsroom.articles.models import Tag
from newsroom.pagecache import cdn, keys
from tests.pagecache.recorder import recorder

# Purges wait for the commit, so the tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

FAST_RETRY = (0.05, 0.1)


@pytest.fixture
def purge_api():
    with recorder() as server:
        yield server


@pytest.fixture
def varnish_at(settings):
    def configure(url, **options):
        settings.CDN_PURGE_BACKENDS = [
            {"BACKEND": "newsroom.pagecache.cdn.VarnishPurger", "OPTIONS": {"url": url, **options}}
        ]
        return cdn.backends()[0]

    yield configure
    for backend in cdn.backends():
        backend.stop()


def purged_keys(requests) -> set[str]:
    return {key for request in requests for key in request.headers["xkey-purge"].split()}


def test_a_committed_change_purges_its_keys_and_nothing_before_the_commit(purge_api, varnish_at):
    varnish_at(f"{purge_api.url}/")
    with transaction.atomic():
        Tag.objects.create(name="Nearshoring", slug="nearshoring")
        keys.invalidate("tag-1", "article-list-tag-1")
        assert purge_api.requests == []
    # (The tag's own save invalidates keys of its own too.)
    assert {request.method for request in purge_api.requests} == {"PURGE"}
    assert purged_keys(purge_api.requests) >= {"tag-1", "article-list-tag-1"}


def test_a_rolled_back_change_purges_nothing(purge_api, varnish_at):
    varnish_at(f"{purge_api.url}/")
    with pytest.raises(RuntimeError), transaction.atomic():
        keys.invalidate("tag-1")
        raise RuntimeError("the save failed")
    time.sleep(0.1)
    assert purge_api.requests == []


def test_many_keys_go_in_batches_the_cache_accepts(purge_api, varnish_at):
    varnish_at(f"{purge_api.url}/")
    shown = {f"article-{number}" for number in range(600)}
    keys.invalidate(*shown)
    assert [len(request.headers["xkey-purge"].split()) for request in purge_api.requests] == [256, 256, 88]
    assert purged_keys(purge_api.requests) == shown


def test_long_keys_go_in_batches_under_varnishs_header_limit(purge_api, varnish_at):
    varnish_at(f"{purge_api.url}/")
    shown = {f"article-list-organization-{number:08d}" for number in range(400)}
    keys.invalidate(*shown)
    assert len(purge_api.requests) > 1
    assert max(len(request.headers["xkey-purge"]) for request in purge_api.requests) <= 6000
    assert purged_keys(purge_api.requests) == shown


def test_the_shared_secret_goes_with_each_purge(purge_api, varnish_at):
    varnish_at(f"{purge_api.url}/", secret="s3cret")
    keys.invalidate("article-1")
    assert purge_api.requests[0].headers["x-purge-secret"] == "s3cret"


def test_without_backends_nothing_is_sent(purge_api, settings):
    settings.CDN_PURGE_BACKENDS = []
    keys.invalidate("article-1")
    time.sleep(0.1)
    assert purge_api.requests == []


def test_a_cache_that_is_down_fails_no_save_is_warned_about_once_and_gets_the_keys_when_back(
    purge_api, varnish_at, caplog
):
    purge_api.stop()
    backend = varnish_at(f"{purge_api.url}/", retry_delays=FAST_RETRY)
    with caplog.at_level(logging.WARNING, logger="newsroom.pagecache.cdn"):
        with transaction.atomic():
            tag = Tag.objects.create(name="Nearshoring", slug="nearshoring")
            keys.invalidate("tag-1")
        keys.invalidate("tag-2")
        keys.invalidate("tag-3")
        time.sleep(0.3)  # several retries fail meanwhile
        assert Tag.objects.filter(pk=tag.pk).exists()
        assert [r.getMessage() for r in caplog.records if "fail" in r.getMessage()] == [
            f"Purges at Varnish at {purge_api.url}/ fail ([Errno 111] Connection refused): "
            "pages it cached may be out of date until it takes them; retrying"
        ]
        assert backend.pending >= {"tag-1", "tag-2", "tag-3"}

        purge_api.start()
        purge_api.wait_for(1)
        deadline = time.monotonic() + 5
        while backend.pending and time.monotonic() < deadline:
            time.sleep(0.01)
    assert purged_keys(purge_api.requests) >= {"tag-1", "tag-2", "tag-3"}
    assert backend.pending == frozenset()
    assert any("go through again" in r.getMessage() for r in caplog.records)
    # Back to purging at once.
    keys.invalidate("tag-4")
    assert purged_keys(purge_api.requests[-1:]) == {"tag-4"}


def test_a_hung_cache_costs_a_save_its_timeout_once_then_nothing(purge_api, varnish_at):
    purge_api.delay = 2
    backend = varnish_at(f"{purge_api.url}/", timeout=0.3, retry_delays=(60,))
    began = time.monotonic()
    keys.invalidate("article-1")
    first = time.monotonic() - began
    began = time.monotonic()
    keys.invalidate("article-2")
    second = time.monotonic() - began
    assert 0.3 <= first < 1
    assert second < 0.05
    assert backend.pending == {"article-1", "article-2"}


def test_a_cache_refusing_purges_is_retried(purge_api, varnish_at, caplog):
    purge_api.status = 403
    backend = varnish_at(f"{purge_api.url}/", retry_delays=FAST_RETRY)
    with caplog.at_level(logging.WARNING, logger="newsroom.pagecache.cdn"):
        keys.invalidate("article-1")
        assert "answered 403" in caplog.records[0].getMessage()
        purge_api.status = 200
        deadline = time.monotonic() + 5
        while backend.pending and time.monotonic() < deadline:
            time.sleep(0.01)
    assert backend.pending == frozenset()
    assert purged_keys(purge_api.requests[-1:]) == {"article-1"}


def test_fastly_gets_a_batch_surrogate_key_purge(purge_api, settings):
    settings.CDN_PURGE_BACKENDS = [
        {
            "BACKEND": "newsroom.pagecache.cdn.FastlyPurger",
            "OPTIONS": {"service_id": "SU1Z0isxPaozGVKXdv0eY", "token": "fastly-token", "api_url": purge_api.url},
        }
    ]
    keys.invalidate(*(f"article-{number}" for number in range(300)))
    first, second = purge_api.requests
    assert (first.method, first.path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert first.headers["fastly-key"] == "fastly-token"
    assert "fastly-soft-purge" not in first.headers
    assert len(json.loads(first.body)["surrogate_keys"]) == 256
    assert len(json.loads(second.body)["surrogate_keys"]) == 44


def test_cloudflare_gets_a_purge_by_cache_tags_and_its_refusal_is_a_failure(purge_api, settings, caplog):
    settings.CDN_PURGE_BACKENDS = [
        {
            "BACKEND": "newsroom.pagecache.cdn.CloudflarePurger",
            "OPTIONS": {
                "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
                "token": "cf-token",
                "api_url": purge_api.url,
                "retry_delays": (60,),
            },
        }
    ]
    purge_api.body = b'{"success": true, "errors": [], "result": {"id": "x"}}'
    keys.invalidate(*(f"article-{number}" for number in range(150)))
    first, second = purge_api.requests
    assert (first.method, first.path) == ("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")
    assert first.headers["authorization"] == "Bearer cf-token"
    assert len(json.loads(first.body)["tags"]) == 100
    assert len(json.loads(second.body)["tags"]) == 50

    purge_api.body = b'{"success": false, "errors": [{"code": 1134, "message": "Not allowed"}]}'
    with caplog.at_level(logging.WARNING, logger="newsroom.pagecache.cdn"):
        keys.invalidate("article-1")
    assert "Cloudflare refused the purge" in caplog.records[0].getMessage()
    assert cdn.backends()[0].pending == {"article-1"}
    cdn.backends()[0].stop()


def test_an_unknown_option_is_an_error_at_start(settings):
    settings.CDN_PURGE_BACKENDS = [{"BACKEND": "newsroom.pagecache.cdn.VarnishPurger", "OPTIONS": {"ulr": "x"}}]
    with pytest.raises(TypeError, match="no option 'ulr'"):
        cdn.backends()
