import time

import pytest
from django.core.cache import cache

from tests.whole_site import TEXTS, build_site


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache switched on, as in production, over an empty cache."""
    settings.PAGE_CACHE_ENABLED = True
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(page_cache):
    """Every kind of object readers meet, written in English and translated and released in German."""
    from newsroom.translations.workflow import translate_and_release
    from tests.factories import EditorFactory

    built = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
    editor = EditorFactory()
    for obj in built.translatable_objects:
        translate_and_release(obj, "de", by=editor)
    return built


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    return response


def warm_all(client, urls) -> None:
    """Ask for every URL until each is served from the cache: in passes, so that keys the pages
    share get their versions once, on the first pass."""
    waiting = list(urls)
    for _attempt in range(4):
        waiting = [url for url in waiting if fetch(client, url).get("X-Cache") != "hit"]
        if not waiting:
            return
        time.sleep(0.002)
    raise AssertionError(f"not served from the cache: {waiting}")


def warm(client, url, **headers):
    """Ask for `url` until the cache answers (the first time a key is seen, its page is not kept);
    the response served from the cache."""
    for _attempt in range(4):
        response = fetch(client, url, **headers)
        if response.get("X-Cache") == "hit":
            return response
        # Versions are times: a page kept must have begun after the last change it shows.
        time.sleep(0.002)
    raise AssertionError(f"{url} is not served from the cache: {response.get('X-Cache')}, {response.status_code}")
