"""The side-by-side translation page of a long outdated article: queries and time, in-process.

    .venv/bin/python bench/translation_page.py [--database-url postgres://…/translation_page_bench]
        [--repeats 50] [--profile 25]

It (re)creates its own small database, migrates it, and makes one 3,000-word article in 60
segments (headings, paragraphs with a link and emphasis, list items), translated into German
segment by segment, marked complete and released; then three of its paragraphs change, so the
translation is outdated and the page lines up 60 segments, three of them with a word diff. A
translator into German asks for the page through django.test.Client (production settings, as
bench/run.py has them); the table gives the queries of one request and the median and 95th
percentile of `--repeats` requests after three warm-ups. `--profile N` prints cProfile's N most
expensive functions over the same requests. The goal (issue 15): at most 8 queries and 100 ms.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/translation_page_bench")
parser.add_argument("--repeats", type=int, default=50)
parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N costliest functions")
ARGS = parser.parse_args()

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["DATABASE_URL"] = ARGS.database_url
# The test client speaks plain HTTP; production's HTTPS redirect would answer with a 301.
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

# As bench/run.py: {% static %} from the source folders instead of a collected manifest.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()

from newsroom.translations.segments import split, stitch  # noqa: E402
from newsroom.translations.workflow import record_edit, translate_and_release  # noqa: E402
from tests.factories import ArticleFactory, TranslatorFactory  # noqa: E402
from tests.pages import translate_url  # noqa: E402
from tests.translations.long_texts import long_body  # noqa: E402

CHANGED = (2, 20, 40)  # the segments whose original changes after the translation


def recreate_database():
    connections.close_all()
    url = urlparse(ARGS.database_url)
    with psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=unquote(url.username or "postgres"),
        password=unquote(url.password) if url.password else None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        name = url.path.lstrip("/")
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)


def outdated_article():
    body_en = long_body()
    english = split(body_en)
    german = [segment.html for segment in split(long_body(german=True))]
    article = ArticleFactory(body_en=body_en, body_de=stitch(body_en, german, rich=True), released_translations=False)
    translate_and_release(article, "de", by=None)
    changed = body_en
    for number in CHANGED:
        old = english[number].html
        changed = changed.replace(old, old.replace("(", "(changed ", 1), 1)
    article.body_en = changed
    article.save()
    record_edit(article, by=None)
    return article, len(english), sum(len(segment.text.split()) for segment in english)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def main():
    started = time.perf_counter()
    recreate_database()
    article, segments, words = outdated_article()
    print(f"database made and migrated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    client = Client()
    client.force_login(TranslatorFactory(username="bench-translator"))
    url = translate_url(article, "de")
    for _ in range(3):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: the next request empties the connection's log.
    statements = [query["sql"] for query in queries.captured_queries]
    page = response.content.decode()
    assert page.count('data-needs-work="true"') == len(CHANGED), "the changed segments are not marked"
    times, cpu = [], []
    profile = cProfile.Profile() if ARGS.profile else None
    for _ in range(ARGS.repeats):
        begun, begun_cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        client.get(url)
        if profile:
            profile.disable()
        times.append((time.perf_counter() - begun) * 1000)
        cpu.append((time.process_time() - begun_cpu) * 1000)
    print(f"Side-by-side page of an outdated article: {segments} segments, {words:,} words, {len(CHANGED)} changed")
    print()
    # Wall time on a busy machine waits for the CPU; this process's CPU time does not (PostgreSQL's is apart).
    print("| page | queries | median | p95 | CPU median | CPU p95 | requests |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| translate into German (GET) | {len(statements)} | {statistics.median(times):.1f} ms | {p95(times):.1f} ms "
        f"| {statistics.median(cpu):.1f} ms | {p95(cpu):.1f} ms | {ARGS.repeats} |"
    )
    if ARGS.profile:
        print()
        print("\n".join(f"    {sql[:160]}" for sql in statements))
    if profile:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(ARGS.profile)


if __name__ == "__main__":
    main()
