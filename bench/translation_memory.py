"""How long the side-by-side page's aids take with a newsroom's memory: 100,000 remembered segment
pairs (both directions) and 3,000 glossary terms. Measures the memory lookup of a page's 60
segments (a third remembered word for word, a third close to a remembered one, a third new), one
segment alone, and the page's whole `aids.attach` (memory and glossary), each as median and p95
over repeated runs, with the queries each costs.

    .venv/bin/python bench/translation_memory.py [--entries 100000] [--reuse]
        [--database-url postgres://postgres@127.0.0.1:5432/nr_memory_bench]

The bench database is dropped and made anew unless `--reuse` finds it filled.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--entries", type=int, default=100_000)
parser.add_argument("--repeats", type=int, default=30)
parser.add_argument("--seed", type=int, default=15)
parser.add_argument("--reuse", action="store_true")
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/nr_memory_bench")
ARGS = parser.parse_args()

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from newsroom.translations import aids, memory  # noqa: E402
from newsroom.translations.models import GlossaryTerm, MemoryBand, MemoryEntry  # noqa: E402

# Parallel phrase lists: a sentence is made of one choice from each slot, in both languages, so the
# pairs line up as a newsroom's would. One pair in ten is such a formula (the recurring news of
# hirings and plants, close to many others); the rest are free sentences over a large vocabulary.
COMPANIES = [
    ("Nissan", "Nissan"),
    ("Jatco", "Jatco"),
    ("the Jalisco Automotive Cluster", "der Automobilcluster Jalisco"),
    ("Bosch", "Bosch"),
    ("the state government", "die Landesregierung"),
    ("a Japanese supplier", "ein japanischer Zulieferer"),
    ("the industrial park", "der Industriepark"),
    ("the chamber of commerce", "die Handelskammer"),
]
VERBS = [
    ("will hire", "stellt … ein"),
    ("plans to train", "will … ausbilden"),
    ("is looking for", "sucht"),
    ("has laid off", "hat … entlassen"),
]
OBJECTS = [("workers", "Beschäftigte"), ("engineers", "Ingenieure"), ("apprentices", "Auszubildende")]
PLACES = [
    ("in Aguascalientes", "in Aguascalientes"),
    ("in Guanajuato", "in Guanajuato"),
    ("in Querétaro", "in Querétaro"),
    ("near Monterrey", "bei Monterrey"),
    ("in Mexico City", "in Mexiko-Stadt"),
]
TIMES = [("in May", "im Mai"), ("next year", "im nächsten Jahr"), ("by 2027", "bis 2027")]
EN_GLUE = "the of and to in for with on at by from that its a new more than after as is was will has".split()
DE_GLUE = "der die das und zu in für mit auf an von dass sein ein neue mehr als nach wie ist war wird hat".split()
ONSETS = "b c d f g h j k l m n p r s t v w y z bl br ch cl cr dr fl fr gl gr pl pr sh sl sp st str th tr".split()
NUCLEI = "a e i o u ai ea ee ie oa ou io".split()
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng", "rt", "ll", "nt", "x"]


def vocabulary(rng, size=20_000) -> tuple[list[str], list[str]]:
    """Word pairs as a newsroom's vocabulary has them: thousands of words of one to four syllables,
    as varied in their letters (and so in their trigrams) as a language's."""
    english, german, seen = [], [], set()
    while len(english) < size:
        syllables = rng.choices([1, 2, 3, 4], weights=[3, 4, 2, 1])[0]
        word = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(syllables))
        if word in seen:
            continue
        seen.add(word)
        english.append(word)
        german.append((word[::-1] + rng.choice(["ung", "en", "keit", "e", ""])).capitalize())
    return english, german


class Sentences:
    def __init__(self, rng):
        self.rng = rng
        self.english, self.german = vocabulary(rng)
        self.weights = [1 / (rank**1.05) for rank in range(1, len(self.english) + 1)]

    def formula(self) -> tuple[str, str]:
        rng = self.rng
        company, verb, obj, place, when = (rng.choice(slot) for slot in (COMPANIES, VERBS, OBJECTS, PLACES, TIMES))
        number = rng.randint(20, 900)
        english = f"{company[0]} {verb[0]} {number} {obj[0]} {place[0]} {when[0]}."
        german_verb = verb[1].replace("…", f"{number} {obj[1]}") if "…" in verb[1] else f"{verb[1]} {number} {obj[1]}"
        return english, f"{company[1]} {german_verb} {place[1]} {when[1]}."

    def free(self) -> tuple[str, str]:
        rng = self.rng
        length = rng.randint(12, 30)
        picks = rng.choices(range(len(self.english)), weights=self.weights, k=length)
        english, german = [], []
        for n in picks:
            if rng.random() < 0.4:
                glue = rng.randrange(len(EN_GLUE))
                english.append(EN_GLUE[glue])
                german.append(DE_GLUE[glue])
            english.append(self.english[n])
            german.append(self.german[n])
        return " ".join(english) + ".", " ".join(german) + "."

    def pair(self) -> tuple[str, str]:
        english, german = self.formula() if self.rng.random() < 0.1 else self.free()
        return english[0].upper() + english[1:], german[0].upper() + german[1:]


def admin_connection():
    url = urlparse(ARGS.database_url)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=unquote(url.username or "postgres"),
        password=unquote(url.password) if url.password else None,
        dbname="postgres",
        autocommit=True,
    )


def store(batch):
    MemoryEntry.objects.bulk_create(batch)
    MemoryBand.objects.bulk_create(
        MemoryBand(entry_id=entry.pk, band=band)
        for entry in batch
        for band in memory.bands(entry.source_plain, entry.source_language, entry.target_language)
    )


def fill(rng):
    connections.close_all()
    name = urlparse(ARGS.database_url).path.lstrip("/")
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)
    started, now, seen, batch = time.perf_counter(), timezone.now(), set(), []
    sentences = Sentences(rng)
    while len(seen) < ARGS.entries:
        english, german = sentences.pair()
        # Two of five pairs were translated from German: the memory holds both directions.
        source, target, languages = (
            (german, english, ("de", "en")) if rng.random() < 0.4 else (english, german, ("en", "de"))
        )
        key = (languages, source)
        if key in seen:
            continue
        seen.add(key)
        words = memory.plain(source)
        batch.append(
            MemoryEntry(
                source_language=languages[0],
                target_language=languages[1],
                source_text=source,
                source_plain=words,
                target_text=target,
                source_hash=memory.words_hash(words),
                target_hash=memory.words_hash(memory.plain(target)),
                origin_label=f"Article {len(seen)}",
                field_key="body",
                confirmed_at=now,
            )
        )
        if len(batch) == 5_000:
            store(batch)
            batch = []
    store(batch)
    terms = [
        GlossaryTerm(text=f"term {n}", text_en=f"{word} term {n}", text_de=f"{word}begriff {n}")
        for n, word in enumerate(rng.choice(["supply", "plant", "cluster", "shift", "tariff"]) for _ in range(3000))
    ]
    terms += [GlossaryTerm(text=c[0], text_en=c[0], text_de=c[1]) for c in COMPANIES + PLACES]
    terms += [
        GlossaryTerm(text=e, text_en=e, text_de=g)
        for e, g in zip(sentences.english[:300], sentences.german[:300], strict=True)
    ]
    GlossaryTerm.objects.bulk_create(terms)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) translations_memoryentry")
        cursor.execute("VACUUM (ANALYZE) translations_memoryband")
    print(f"Filled {ARGS.entries:,} memory entries and {len(terms):,} terms in {time.perf_counter() - started:.0f} s")


def page_segments(rng) -> list[str]:
    """60 segments as a long article's page has them: remembered, close, and new."""
    remembered = list(
        MemoryEntry.objects.filter(source_language="en").order_by("?").values_list("source_text", flat=True)[:40]
    )
    exact = remembered[:20]
    # Close: a remembered sentence with two words changed, as a follow-up article has it.
    close = []
    for text in remembered[20:40]:
        words = text.split()
        for position in rng.sample(range(len(words)), 2):
            words[position] = rng.choice(["gigafactory", "lithium", "999", "Saltillo"])
        close.append(" ".join(words))
    sentences = Sentences(random.Random(ARGS.seed + 1))
    new = [sentences.free()[0] for _ in range(20)]
    return [f"<p>{text}</p>" for text in exact + close + new]


def timed(run, repeats) -> tuple[float, float, int, object]:
    times, result = [], None
    with CaptureQueriesContext(connection) as queries:
        result = run()
    count = len(queries)
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], count, result


def main():
    rng = random.Random(ARGS.seed)
    if not (ARGS.reuse and MemoryEntry.objects.count() >= ARGS.entries):
        fill(rng)
    segments = page_segments(rng)
    rows = [{"original": text, "needs_work": True} for text in segments]
    cases = [
        ("memory, 60 segments", lambda: memory.suggestions(segments, "en", "de"), ARGS.repeats),
        ("memory, 1 segment (close)", lambda: memory.suggestions(segments[25:26], "en", "de"), ARGS.repeats * 3),
        ("memory, 1 segment (new)", lambda: memory.suggestions(segments[45:46], "en", "de"), ARGS.repeats * 3),
        ("aids.attach, 60 rows (memory + glossary)", lambda: aids.attach(rows, "en", "de"), ARGS.repeats),
    ]
    print(f"\n{MemoryEntry.objects.count():,} remembered pairs, {GlossaryTerm.objects.count():,} glossary terms\n")
    print("| lookup | queries | median | p95 | found |")
    print("| --- | --- | --- | --- | --- |")
    for label, run, repeats in cases:
        median, p95, count, result = timed(run, repeats)
        if isinstance(result, list):
            exact = sum(1 for s in result if s and s.is_exact)
            close = sum(1 for s in result if s and not s.is_exact)
            found = f"{exact} same, {close} close"
        else:
            exact = sum(1 for row in rows if row["suggestion"] and row["suggestion"].is_exact)
            found = f"{exact} same, {sum(len(row['terms']) for row in rows)} terms"
        print(f"| {label} | {count} | {median:.1f} ms | {p95:.1f} ms | {found} |")


if __name__ == "__main__":
    main()
