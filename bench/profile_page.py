"""Server CPU of uncached pages, in-process: what one request costs Python and PostgreSQL.

    .venv/bin/python bench/profile_page.py --database-url postgres://…/newsroom_bench [--requests 200]
        [--cold] [--profile 25] [path …]

Runs against a database `bench/run.py` filled (nothing is written), with production settings and
the local-memory cache. For each path: the queries of a request with the blocks' caches warm (or,
with `--cold`, the cache emptied before each request), the CPU time per request of this process
and of the PostgreSQL backend serving its connection (read from /proc, so it holds on a busy
machine where wall times do not), and the median wall time. `--profile N` prints cProfile's N
most expensive functions (by own time) over the requests of the first path. Without paths it
measures the page types of issue 13: an article in both languages, home, list, organization,
search. It measures what the views cost: where a page cache answers requests before them, switch
it off for the run.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cold", action="store_true", help="empty the cache before each request")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="tottime", help="cProfile's order: tottime, cumulative, …")
    parser.add_argument("--match", default="", help="only functions whose file or name holds this")
    return parser.parse_args()


ARGS = parse_args()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def default_paths() -> list[str]:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from newsroom.articles.models import Article
    from newsroom.organizations.models import Organization

    article = Article.objects.published().filter(kind="news").newest_first()[50]
    organization = Organization.objects.published().annotate(n=Count("articles")).order_by("-n").first()
    paths = []
    for language in ("en", "de"):
        with translation.override(language):
            paths.append(article.get_absolute_url())
    with translation.override("en"):
        paths += ["/en/", "/en/articles/", organization.get_absolute_url(), reverse("search:results") + "?q=lithium"]
    return paths


def measure(client: Client, path: str, profiler=None) -> tuple[int, float, float, float]:
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    if ARGS.cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
        queries = len(captured.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    walls = []
    python_before, pg_before = time.process_time(), backend_cpu_seconds(backend)
    if profiler:
        profiler.enable()
    for _ in range(ARGS.requests):
        if ARGS.cold:
            cache.clear()
        started = time.perf_counter()
        client.get(path)
        walls.append(time.perf_counter() - started)
    if profiler:
        profiler.disable()
    python = (time.process_time() - python_before) / ARGS.requests * 1000
    pg = (backend_cpu_seconds(backend) - pg_before) / ARGS.requests * 1000
    return queries, python, pg, statistics.median(walls) * 1000


@override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}})
def main():
    cache.clear()
    client = Client()
    paths = ARGS.paths or default_paths()
    print(f"{'path':<70} {'queries':>7} {'Python ms':>9} {'PG ms':>6} {'CPU ms':>6} {'wall ms':>7}")
    for number, path in enumerate(paths):
        profiler = cProfile.Profile() if ARGS.profile and number == 0 else None
        queries, python, pg, wall = measure(client, path, profiler)
        print(f"{path[:70]:<70} {queries:>7} {python:>9.2f} {pg:>6.2f} {python + pg:>6.2f} {wall:>7.2f}", flush=True)
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(ARGS.sort)
            stats.print_stats(*([ARGS.match] if ARGS.match else []), ARGS.profile)


main()
