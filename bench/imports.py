"""The import's cost per document: an agency's day of copy (English originals, each with its German
translation) imported with `import_document`, as the command, the upload page and the API do, into a
database of its own; then the same documents again (unchanged) and a newer version of each (updated).
Medians and p95 of the milliseconds a document takes and the queries it costs, per kind.

    .venv/bin/python bench/imports.py [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_imports]
        [--documents 300]

The database is emptied and migrated first. The documents are ours, made here: a 700-word body,
three organisations (two known, one new), two places, two tags, a byline — what agency copy carries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench_imports")
parser.add_argument("--documents", type=int, default=300, help="originals (each also has a German translation)")
ARGS = parser.parse_args()

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from newsroom.articles.models import Article, Section  # noqa: E402
from newsroom.imports.importing import import_document  # noqa: E402
from newsroom.imports.models import ImportRecord  # noqa: E402
from newsroom.organizations.models import Organization  # noqa: E402

SUMMARIES = {"en": "The cluster grows.", "de": "Der Cluster wächst."}
WORDS = (
    "Querétaro Bajío suppliers plant investment aerospace automotive nearshoring logistics Guanajuato "
    "Aguascalientes workers training engineers tariff exports"
).split()


def body(n: int, language: str) -> str:
    sentence = "Der Zulieferer" if language == "de" else "The supplier"
    paragraphs = [
        f"<p>{sentence} {n} " + " ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(60)) + ".</p>"
        for i in range(12)
    ]
    return "".join(paragraphs)


def document(n: int, language: str) -> dict:
    original = f"urn:bench:agency:{n}"
    item = {
        "uri": original if language == "en" else f"{original}:de",
        "standard": {"name": "ninjs", "version": "2.2"},
        "type": "text",
        "version": "1",
        "versioncreated": "2026-12-07T06:00:00Z",
        "language": language,
        "headlines": [
            {
                "role": "main",
                "value": (
                    f"Supplier {n} opens a second plant in the Bajío and hires 400 workers trained in Querétaro"
                    if language == "en"
                    else f"Zulieferer {n} eröffnet ein zweites Werk im Bajío und stellt 400 Fachkräfte ein"
                ),
            }
        ],
        "descriptions": [
            {"role": "summary", "value": "The cluster grows." if language == "en" else "Der Cluster wächst."}
        ],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body(n, language)}],
        "by": "Mariana Solís",
        "organisations": [
            {"name": "Safran", "rel": "about"},
            {"name": "Universidad Aeronáutica en Querétaro", "rel": "mentioned"},
            {"name": f"Proveedora {n} S.A. de C.V.", "rel": "about"},
        ],
        "places": [{"name": "Querétaro", "rel": "about"}, {"name": "El Marqués", "rel": "about"}],
        "subjects": [
            {"name": "Aerospace", "rel": "section"},
            {"name": "nearshoring", "rel": "tag"},
            {"name": "suppliers", "rel": "tag"},
        ],
        "altids": [{"role": "work", "value": f"urn:bench:work:{n}"}],
    }
    if language == "de":
        item["associations"] = [{"name": "translation-of", "uri": original, "type": "text"}]
    return item


def measure(label: str, documents: list[dict]) -> dict:
    times, queries, outcomes = [], [], {}
    for item in documents:
        # The log of queries keeps 9,000: emptied, so that each document's are counted.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = import_document(item, by=None, source=ImportRecord.Source.COMMAND, origin="bench")
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    times.sort()
    return {
        "kind": label,
        "documents": len(documents),
        "outcomes": outcomes,
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "queries_median": statistics.median(queries),
        "per_second": len(documents) / (sum(times) / 1000),
    }


def main():
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    Section.objects.create(name_en="Aerospace", name_de="Luftfahrt")
    for name in ("Safran", "Universidad Aeronáutica en Querétaro"):
        Organization.objects.create(name_en=name, name_de=name, kind=Organization.Kind.COMPANY)
    count = ARGS.documents
    rows = [
        measure("original (created)", [document(n, "en") for n in range(count)]),
        measure("translation (added)", [document(n, "de") for n in range(count)]),
        measure("the same again (unchanged)", [document(n, "en") for n in range(count)]),
        measure("newer version of a draft (updated)", [document(n, "en") | {"version": "2"} for n in range(count)]),
    ]
    assert Article.objects.count() == count
    print(f"{count} originals and their translations, PostgreSQL {connection.pg_version // 10000}")
    print("| document | outcome | median ms | p95 ms | queries (median) | documents/s |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        outcome = ", ".join(f"{n} {o}" for o, n in row["outcomes"].items())
        print(
            f"| {row['kind']} | {outcome} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['queries_median']:.0f} | {row['per_second']:.0f} |"
        )


if __name__ == "__main__":
    main()
