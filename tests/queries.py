"""Counting the queries a page costs, the same way each time."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.search import searching


def count_queries(client, url: str) -> int:
    """Queries to render `url`, starting from a cold cache so two counts compare like with like."""
    cache.clear()
    # And what a process keeps for minutes: else the first count of a search pays for it alone.
    searching.forget_statistics()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def count_warm_queries(client, url: str) -> int:
    """Queries to render `url` once the blocks it shows are cached: as most readers get it."""
    # The first request gives the blocks' keys versions and keeps nothing; the second keeps them.
    for _ in range(2):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)
