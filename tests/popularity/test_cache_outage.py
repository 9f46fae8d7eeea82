"""Counting and the block with the shared cache (a real Redis) stopped: readers are counted and shown
the block all the same, only at the cost of the queries the cache saved."""

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from newsroom.popularity import ranking, reads
from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory
from tests.pages import get_page, url_in
from tests.servers import REDIS_RETRY_AFTER

from .conftest import read
from .test_most_popular import most_popular

pytestmark = pytest.mark.django_db

RETRY_AFTER = REDIS_RETRY_AFTER  # seconds before the cache tries a server that failed again


def test_reads_are_counted_and_the_block_shown_while_redis_is_down_and_when_it_is_back(redis, settings):
    settings.POPULARITY_FLUSH_SECONDS = 3600
    popular, other = ArticleFactory.create_batch(2)
    ReadCount.objects.create(article=popular, language="en", day=timezone.localdate(), count=10)
    home = url_in("en", "home")
    assert most_popular(get_page(Client(), home)) == [popular.headline_en]
    assert cache.get(ranking.ranking_key("en")) == [popular.pk], "the ranking is kept in Redis"

    redis.stop()
    read(Client(), other.url_in("en"))
    read(Client(), other.url_in("en"))
    assert reads.flush_reads() == 2
    ranking.refresh_rankings()  # asks the cache whether it is due; answered "no" while it is away

    # Without the cache the block is worked out on every page, from the counts as they are.
    assert most_popular(get_page(Client(), home)) == [popular.headline_en, other.headline_en]

    redis.start()  # empty: what it held is gone
    time.sleep(RETRY_AFTER)
    read(Client(), other.url_in("en"))
    reads.flush_reads()  # the ranking is due again, and worked out

    assert cache.get(ranking.ranking_key("en")) == [popular.pk, other.pk]
    assert most_popular(get_page(Client(), home)) == [popular.headline_en, other.headline_en]
