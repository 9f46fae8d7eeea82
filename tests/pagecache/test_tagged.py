"""Entries kept with their keys' versions: served until one of the keys is invalidated."""

import time

import pytest
from django.core.cache import cache

from newsroom.pagecache import keys, tagged
from tests.factories import ArticleFactory, TagFactory

# Invalidation waits for the commit, so the tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def store(name, value, shown):
    began = time.time()
    # A key seen for the first time gets a version, which refuses the first store.
    tagged.set(name, value, shown, 60, began=began)
    began = time.time()
    return tagged.set(name, value, shown, 60, began=began)


def test_an_entry_is_served_until_one_of_its_keys_is_invalidated():
    assert store("page", "old", {"article-1", "tag-2"})
    assert tagged.get("page") == ("old", frozenset({"article-1", "tag-2"}))
    keys.invalidate("article-3")
    assert tagged.get("page") == ("old", frozenset({"article-1", "tag-2"}))
    keys.invalidate("tag-2")
    assert tagged.get("page") is tagged.MISSING


def test_invalidation_waits_for_the_commit():
    from django.db import transaction

    assert store("page", "old", {"article-1"})
    with transaction.atomic():
        keys.invalidate("article-1")
        assert tagged.get("page") != tagged.MISSING
    assert tagged.get("page") is tagged.MISSING


def test_an_entry_rendered_while_its_key_changed_is_not_kept():
    assert store("warm", "x", {"article-1"})
    began = time.time() - 1  # the response began before the change below
    keys.invalidate("article-1")
    assert not tagged.set("page", "rendered from the old article", {"article-1"}, 60, began=began)
    assert tagged.get("page") is tagged.MISSING


def test_a_fragment_notes_its_keys_on_a_hit_too():
    calls = []

    def compute():
        calls.append(1)
        keys.note("article-1")
        return "block"

    with keys.collecting() as page:
        tagged.fragment("block", compute, 60)
    assert page == {"article-1"}
    time.sleep(0.01)
    with keys.collecting():
        tagged.fragment("block", compute, 60)  # stored now: the first time gave the key a version
    with keys.collecting() as page:
        assert tagged.fragment("block", compute, 60) == "block"
    assert page == {"article-1"}
    assert len(calls) == 2


def test_object_and_collection_keys():
    article, tag = ArticleFactory(), TagFactory()
    assert keys.key(article) == f"article-{article.pk}"
    assert keys.list_key("article") == "article-list"
    assert keys.list_key(type(article), via=tag) == f"article-list-tag-{tag.pk}"


def test_invalidation_is_announced_for_the_cdn():
    seen = []

    def receiver(sender, keys, **kwargs):
        seen.append(keys)

    keys.keys_invalidated.connect(receiver)
    try:
        keys.invalidate("article-1", "article-list")
    finally:
        keys.keys_invalidated.disconnect(receiver)
    assert seen == [frozenset({"article-1", "article-list"})]
