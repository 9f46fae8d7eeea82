"""The content API's article list at the bench's sizes: each filter, both languages, ninjs 2.2 and
3.1, the first page and one far back, measured in-process (the Django test client, production
settings) as median and p95 over repeated requests with the queries each costs, and the time of
`export_ninjs`-free document building apart.

    .venv/bin/python bench/api_list.py [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_1m]
        [--repeats 30] [--real 20000]

The database is one that `bench/run.py --load-only` filled. Its stored documents are made here
when it has none: the newest `--real` articles' through `documents.reconcile` (timed: what the worker
does), and the older ones' as a copy of a real document of the same language (SQL), since a list
reads stored text and never looks inside it: the list's speed depends on the rows and their size,
not on what they say.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench_1m")
parser.add_argument("--repeats", type=int, default=30)
parser.add_argument("--real", type=int, default=20_000, help="newest articles given documents by reconcile")
ARGS = parser.parse_args()

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from newsroom.articles.models import Article, Section, Tag  # noqa: E402
from newsroom.organizations.models import Organization  # noqa: E402
from newsroom.people.models import Person  # noqa: E402
from newsroom.places.models import Place  # noqa: E402
from newsroom.syndication import documents  # noqa: E402
from newsroom.syndication.models import ApiKey, PublishedDocument  # noqa: E402
from newsroom.syndication.serving import encode_cursor  # noqa: E402
from newsroom.translations.models import LANGUAGE_CODES, readable_in_q  # noqa: E402

WARMUPS = 3


def fill_documents() -> None:
    if not PublishedDocument.objects.exists():
        reconcile_newest()
    copy_for_the_rest()


def reconcile_newest() -> None:
    newest = list(Article.objects.published().newest_first().values_list("pk", flat=True)[: ARGS.real])
    started = time.perf_counter()
    documents.reconcile(newest, announce=frozenset())
    seconds = time.perf_counter() - started
    made = PublishedDocument.objects.count()
    print(
        f"reconcile: {made:,} documents of the newest {len(newest):,} articles in {seconds:.0f} s "
        f"({made / seconds:.0f} a second)"
    )


def copy_for_the_rest() -> None:
    started = time.perf_counter()
    for language in LANGUAGE_CODES:
        template = PublishedDocument.objects.filter(language=language).values_list("document", flat=True).first()
        readable = (
            Article.objects.published()
            .filter(readable_in_q(Article, language))
            .exclude(published_documents__language=language)
        )
        sql, params = readable.values_list("pk", "published_at").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO syndication_publisheddocument (article_id, language, version, digest, document, "
                "first_created_at, version_created_at, is_visible) "
                f"SELECT a.pk, %s, 1, md5(a.pk::text), %s, a.published_at, a.published_at, true FROM ({sql}) a",  # noqa: S608, E501 - Django's SQL
                [language, template, *params],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE syndication_publisheddocument")
    print(
        f"copies for the rest: {PublishedDocument.objects.count():,} documents in all, "
        f"{time.perf_counter() - started:.0f} s"
    )


def most_used(model, relation: str):
    """The entity most articles name, and one named by few (a filter reaching far back)."""
    counted = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    counted = counted.annotate(n=Count(relation)).filter(n__gt=0).order_by("-n")
    return counted.first(), counted.order_by("n").first()


def cases(language: str) -> list[tuple[str, str]]:
    section = Section.objects.first()
    common_org, rare_org = most_used(Organization, "articles")
    common_person, _rare = most_used(Person, "articles")
    common_place, _rare = most_used(Place, "articles")
    common_tag, _rare = most_used(Tag, "articles")
    recent = (timezone.now() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = f"/api/v1/articles/?language={language}"
    far_back = Article.objects.published().filter(readable_in_q(Article, language)).newest_first()[100_000:100_001]
    deep = far_back[0] if far_back else None
    rows = [
        ("newest 20", base),
        ("newest 100", base + "&limit=100"),
        ("ninjs 3.1", base + "&version=3"),
        ("section", base + f"&section={section.pk}"),
        ("kind interview", base + "&kind=interview"),
        (f"organization in most articles ({common_org.articles.count():,})", base + f"&organization={common_org.pk}"),
        (f"organization in fewest ({rare_org.articles.count():,})", base + f"&organization={rare_org.pk}"),
        ("person", base + f"&person={common_person.pk}"),
        ("place (and within)", base + f"&place={common_place.pk}"),
        ("tag", base + f"&tag={common_tag.pk}"),
        ("changed in the last two days", base + f"&since={recent}"),
    ]
    if deep:
        rows.append(("page 5,001 (cursor)", base + f"&cursor={encode_cursor(language, deep.pk, deep.published_at)}"))
    return rows


def measure(client: Client, path: str) -> tuple[list[float], int, int]:
    for _ in range(WARMUPS):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    times = []
    for _ in range(ARGS.repeats):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return times, len(queries), len(response.json()["items"])


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    fill_documents()
    key = ApiKey(name="bench", languages="|en|de|", requests_per_minute=1_000_000)
    full = key.issue()
    key.save()
    client = Client(headers={"Authorization": f"Bearer {full}"})
    articles = Article.objects.count()
    print(
        f"\n{articles:,} articles, {PublishedDocument.objects.count():,} stored documents, "
        f"{ARGS.repeats} requests a row after {WARMUPS}\n"
    )
    print("| language | list | items | queries | median ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    try:
        for language in LANGUAGE_CODES:
            for name, path in cases(language):
                times, queries, items = measure(client, path)
                p95 = statistics.quantiles(times, n=20)[18]
                print(
                    f"| {language} | {name} | {items} | {queries} | {statistics.median(times):.1f} | {p95:.1f} |",
                    flush=True,
                )
    finally:
        key.delete()


if __name__ == "__main__":
    main()
