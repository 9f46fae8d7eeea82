"""How long a search takes at the bench's sizes: the search page of each kind of query, in both
editions, measured in-process (the Django test client, production settings, page cache off), as
median and p95 over repeated requests, with the queries each page costs and the time of the
search's own SQL (`searching.search_articles`) apart.

    .venv/bin/python bench/search.py [--database-url postgres://postgres@127.0.0.1:5432/nr_bench_http]
        [--repeats 30] [--jobs 2]

The database is one that `bench/run.py --load-only` filled; its search documents are built here
(`rebuild_search --jobs N`, timed) when it has none.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/nr_bench_http")
parser.add_argument("--repeats", type=int, default=30)
parser.add_argument("--jobs", type=int, default=2)
ARGS = parser.parse_args()

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("PAGE_CACHE_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

# As bench/run.py: {% static %} from the source folders instead of a collected manifest.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()

from newsroom.articles.filters import start_of_day  # noqa: E402
from newsroom.articles.models import Article, Section  # noqa: E402
from newsroom.search import searching  # noqa: E402

# The bench's words (bench/run.py): "lithium" is in ~0.1 % of headlines, "gigafactory" in ~3 %;
# the others are in the bodies of most articles of their language.
QUERIES = {
    "en": [
        ("rare word", "lithium"),
        ("word in 3 % of headlines", "gigafactory"),
        ("common word (most bodies)", "investment"),
        ("phrase", '"solar wind"'),
        ("two words, one left out", "tariff -steel"),
        ("misspelled (did you mean)", "lithum"),
        ("German word on the English edition", "Zulieferer"),
        ("common word in one section (25 %)", "investment", {"section": "Industry"}),
        ("word in 3 %, published over a year ago", "gigafactory", {"date_to": "a year ago"}),
    ],
    "de": [
        ("rare word", "lithium"),
        ("word in 3 % of headlines", "gigafactory"),
        ("common word (most bodies)", "Investition"),
        ("phrase", '"neue Werk"'),
        ("compound part (Industriepark)", "Park"),
        ("compound (Medizintechnik)", "Medizintechnik"),
        ("misspelled (did you mean)", "Zuliferer"),
        ("common word in one section (25 %)", "Investition", {"section": "Industry"}),
    ],
}


def filters(extra: dict) -> tuple[dict, searching.Scope]:
    """The page's parameters and the search's scope for a row's filters."""
    params, scope = {}, searching.Scope()
    if "section" in extra:
        section = Section.objects.get(name_en=extra["section"])
        params["section"] = section.pk
        scope.articles = Article.objects.published().filter(section=section)
    if "date_to" in extra:
        day = datetime.date.today() - datetime.timedelta(days=365)
        params["date_to"] = day.isoformat()
        scope.until = start_of_day(day + datetime.timedelta(days=1))
    return params, scope


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def documents_present() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_articledocument)")
        return cursor.fetchone()[0]


def main():
    call_command("migrate", verbosity=0)
    articles = Article.objects.count()
    if not documents_present():
        started = time.perf_counter()
        call_command("rebuild_search", jobs=ARGS.jobs)
        print(f"rebuild_search --jobs {ARGS.jobs}: {articles:,} articles in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_articledocument'))")
        size = cursor.fetchone()[0]
    print(f"\n{articles:,} articles; search documents with their index: {size}\n")
    print("| edition | query | how | results | queries | page median ms | page p95 ms | search SQL p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    client = Client()
    for language, queries in QUERIES.items():
        with translation.override(language):
            path = reverse("search:results")
        for label, text, *extra in queries:
            params, scope = filters(extra[0] if extra else {})
            url = f"{path}?{urlencode({'q': text, **params})}"
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries_count = len(captured.captured_queries)
            timings = []
            for number in range(ARGS.repeats):
                started = time.perf_counter()
                client.get(f"{url}&utm_run={number}")
                timings.append((time.perf_counter() - started) * 1000)
            sql_timings, count = [], 0
            for _ in range(ARGS.repeats):
                started = time.perf_counter()
                results = searching.search_articles(text, language, 1, scope)
                sql_timings.append((time.perf_counter() - started) * 1000)
                count = results.count
            shown = f"{count:,}+" if results.capped else f"{count:,}"
            how = searching.plan(text, language, searching.read(text), scope)
            if how.strategy == "walk":
                shown += f" (newest {results.examined:,} read)" if results.examined else ""
                strategy = f"walk ≤ {how.examined:,}"
            else:
                strategy = f"index since {how.since:%Y-%m-%d}" if how.strategy == "window" else "index"
            print(
                f"| {language} | {label}: `{text}` | {strategy} | {shown} | {queries_count} | "
                f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | "
                f"{percentile(sql_timings, 0.95):.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
