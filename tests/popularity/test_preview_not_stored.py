"""A preview renders the real views over an article's pending changes, applied inside a savepoint:
nothing it computes may reach the shared cache, where readers in other processes would get it."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from newsroom.pagecache import tagged
from newsroom.popularity import ranking
from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import change_url, logged_in, open_form

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = "Live headline of A"
CHANGED = "SECRET pending headline of A"


def test_a_preview_of_pending_changes_stores_nothing_readers_get(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    a = ArticleFactory(headline_en=LIVE, published_at=timezone.now() - datetime.timedelta(days=1))
    b = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    ReadCount.objects.create(article=a, language="en", day=timezone.localdate(), count=50)
    ReadCount.objects.create(article=b, language="en", day=timezone.localdate(), count=5)
    editor = logged_in(EditorFactory(username="ines"))
    _page, data = open_form(editor, change_url(a), "article_form")
    data["headline_en"] = [CHANGED]
    data["_save_without_publishing"] = ["1"]
    assert editor.post(change_url(a), data).status_code == 302
    cache.clear()
    Client().get(b.url_in("en"))  # a reader: the keys get their versions, nothing is stored yet
    block = f"popularity:block:{'en'}"
    cache.delete(block)
    cache.delete(ranking.ranking_key("en"))
    # What a reader in another process gets from the shared cache while the preview renders (the
    # savepoint's invalidation, run when it ends, hides it afterwards; not meanwhile).
    seen = []
    store = tagged.set

    def observed(cache_key, value, shown, timeout, *, began):
        stored = store(cache_key, value, shown, timeout, began=began)
        found = tagged.get(cache_key)
        seen.append(found is not tagged.MISSING and CHANGED in repr(found[0]))
        return stored

    monkeypatch.setattr(tagged, "set", observed)
    preview = editor.get(f"/admin/articles/article/{a.pk}/preview/en/")
    assert CHANGED in preview.content.decode()
    assert not any(seen), "pending headline readable in the shared cache while the preview renders"
    assert cache.get(block) is None and cache.get(ranking.ranking_key("en")) is None
    # Readers afterwards: the live headline, and the block is stored for them as before.
    reader = Client()
    for _ in range(3):
        page = reader.get(b.url_in("en")).content.decode()
        assert CHANGED not in page and LIVE in page
    assert cache.get(block) is not None
