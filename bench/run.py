"""Page benchmark: SQL query counts and response times of the public pages at N articles.

    .venv/bin/python bench/run.py [--sizes 10000 100000] [--database-url postgres://…/newsroom_bench]

For each size it (re)creates the bench database, migrates it, fills it with synthetic but
realistically shaped content, then requests every public page type in English and German
in-process through django.test.Client, and writes Markdown tables to bench/results.md.
See bench/README.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urlparse

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"

WARMUPS = 3
REPEATS = 30
SLOW_MS = 50.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="numbers of articles")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed requests per page and language")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the bench database when it already holds exactly N bench articles (skip re-creating it)",
    )
    parser.add_argument(
        "--explain-over",
        type=float,
        default=SLOW_MS,
        metavar="MS",
        help="EXPLAIN ANALYZE the slowest query of pages whose median exceeds MS (written to bench/explain.md)",
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--results",
        default="results.md",
        metavar="FILE",
        help="where the tables go, relative to bench/ (a 1,000,000-article run keeps its own file)",
    )
    parser.add_argument("--explain-file", default="explain.md", metavar="FILE", help="relative to bench/")
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="fill the bench database (or keep it, with --reuse) and print the pages' paths as JSON, "
        "without measuring: bench/http_bench.py serves that database with gunicorn",
    )
    return parser.parse_args(argv)


ARGS = parse_args()

# Settings come from the environment; these must be in place before django.setup().
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["DATABASE_URL"] = ARGS.database_url
# The test client speaks plain HTTP; production's HTTPS redirect would answer every request with a 301.
os.environ["SECURE_SSL_REDIRECT"] = "0"
# One persistent connection for the whole run, so a reconnect every 60 s does not land in a p95.
os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The pages' own cost: a page answered from the page cache would time a cache lookup (the HTTP
# benchmark, bench/http_bench.py, measures that).
os.environ.setdefault("PAGE_CACHE_ENABLED", "0")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.text import slugify  # noqa: E402

# Production serves static files from a collected manifest; the benchmark, like the tests, resolves
# {% static %} from the source folders instead (a dictionary lookup either way).
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()

import reversion  # noqa: E402
from reversion.models import Version  # noqa: E402

from newsroom.articles.models import (  # noqa: E402
    Article,
    Author,
    Byline,
    Correction,
    InterviewExchange,
    LiveUpdate,
    Section,
    Series,
    Tag,
)
from newsroom.editorial import pending  # noqa: E402
from newsroom.events.models import Event  # noqa: E402
from newsroom.images.models import Image  # noqa: E402
from newsroom.listing import encode_cursor  # noqa: E402
from newsroom.organizations.models import Organization  # noqa: E402
from newsroom.people.models import Person  # noqa: E402
from newsroom.places.models import Place  # noqa: E402
from newsroom.popularity.models import ReadCount  # noqa: E402
from newsroom.roles import EDITOR, TRANSLATOR, role  # noqa: E402
from newsroom.translations.models import (  # noqa: E402
    Translation,
    TranslatorLanguage,
    fill_readable_in,
    translated_field_names,
)

LANGUAGES = ("en", "de")
BATCH = 5_000

# ---------------------------------------------------------------------------------------------
# Database


def admin_connection():
    """A connection to the `postgres` maintenance database, to drop and create the bench database."""
    url = urlparse(ARGS.database_url)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=unquote(url.username or "postgres"),
        password=unquote(url.password) if url.password else None,
        dbname="postgres",
        autocommit=True,
    )


def database_name() -> str:
    return urlparse(ARGS.database_url).path.lstrip("/")


def recreate_database():
    connections.close_all()
    name = database_name()
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)


def database_exists() -> bool:
    with admin_connection() as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name()]).fetchone() is not None


# ---------------------------------------------------------------------------------------------
# Synthetic content

EN_WORDS = (
    "automotive plant investment nearshoring supplier export tariff logistics corridor energy grid solar "
    "wind water industrial park cluster workforce training wages union minister governor state federal "
    "budget port rail freight customs border trade agreement growth inflation peso euro bank credit "
    "startup software semiconductor aerospace medical device chemical steel aluminium packaging food "
    "beverage agriculture mining copper silver gold electricity gas pipeline refinery emissions climate "
    "recycling housing construction highway airport bridge hospital university research engineering "
    "quality certification audit compliance regulation reform election congress senate court ruling "
    "strike shortage demand capacity expansion opening closure merger acquisition partnership contract "
    "tender bid award subsidy incentive tax revenue profit loss quarter forecast outlook survey index "
    "consumer retail ecommerce warehouse fleet electric battery charging hydrogen transport delegation "
    "visit summit forum fair exhibition conference chamber association network alliance board chief"
).split()
DE_WORDS = (
    "Automobil Werk Investition Nearshoring Zulieferer Export Zoll Logistik Korridor Energie Netz Solar "
    "Wind Wasser Industriepark Cluster Belegschaft Ausbildung Löhne Gewerkschaft Minister Gouverneur "
    "Bundesstaat Haushalt Hafen Schiene Fracht Grenze Handel Abkommen Wachstum Inflation Peso Euro Bank "
    "Kredit Startup Software Halbleiter Luftfahrt Medizintechnik Chemie Stahl Aluminium Verpackung "
    "Lebensmittel Getränke Landwirtschaft Bergbau Kupfer Silber Gold Strom Gas Pipeline Raffinerie "
    "Emissionen Klima Recycling Wohnungsbau Bau Autobahn Flughafen Brücke Krankenhaus Universität "
    "Forschung Technik Qualität Zertifizierung Prüfung Regulierung Reform Wahl Kongress Senat Gericht "
    "Urteil Streik Mangel Nachfrage Kapazität Erweiterung Eröffnung Schließung Fusion Übernahme "
    "Partnerschaft Vertrag Ausschreibung Zuschlag Subvention Anreiz Steuer Umsatz Gewinn Verlust Quartal "
    "Prognose Ausblick Umfrage Index Verbraucher Handel Lager Flotte Elektro Batterie Laden Wasserstoff "
    "Transport Delegation Besuch Gipfel Forum Messe Konferenz Kammer Verband Netzwerk Allianz Vorstand"
).split()
# Filler so that bodies read like prose rather than keyword lists.
EN_GLUE = "the of and to in for with on at by from that its a new more than after as".split()
DE_GLUE = "der die das und in für mit auf an von dass sein ein neue mehr als nach wie".split()
# Words the search benchmark looks for, in no other text: one in ~3 % of headlines, one in ~0.1 %.
COMMON_WORD = "gigafactory"
RARE_WORD = "lithium"

SECTION_NAMES = [
    ("Business", "Wirtschaft"),
    ("Politics", "Politik"),
    ("Industry", "Industrie"),
    ("Energy", "Energie"),
    ("Regions", "Regionen"),
]
SECTION_WEIGHTS = [35, 20, 25, 12, 8]
KINDS = ["news", "analysis", "interview", "brief"]
KIND_WEIGHTS = [60, 15, 10, 15]


def zipf_weights(n, s=0.8):
    return [1 / (rank**s) for rank in range(1, n + 1)]


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.paragraphs = {"en": self._paragraph_pool(EN_WORDS, EN_GLUE), "de": self._paragraph_pool(DE_WORDS, DE_GLUE)}

    def sentence(self, words, glue, n):
        rng = self.rng
        out = [rng.choice(words) if rng.random() < 0.55 else rng.choice(glue) for _ in range(n)]
        return " ".join(out).capitalize() + "."

    def _paragraph_pool(self, words, glue, size=1500):
        pool = []
        for _ in range(size):
            text = " ".join(self.sentence(words, glue, self.rng.randint(10, 22)) for _ in range(self.rng.randint(3, 5)))
            pool.append(f"<p>{text}</p>")
        return pool

    def body(self, language) -> str:
        """About 3 KB of paragraphs, with a subheading and now and then a list."""
        rng, pool = self.rng, self.paragraphs[language]
        parts, size = [], 0
        while size < 3000:
            if parts and rng.random() < 0.12:
                words = EN_WORDS if language == "en" else DE_WORDS
                parts.append(f"<h2>{' '.join(rng.sample(words, 4)).capitalize()}</h2>")
            elif parts and rng.random() < 0.06:
                items = "".join(f"<li>{rng.choice(pool)[3:90]}</li>" for _ in range(3))
                parts.append(f"<ul>{items}</ul>")
            parts.append(rng.choice(pool))
            size += len(parts[-1])
        return "".join(parts)

    def headline(self, language, extra_word=None) -> str:
        rng = self.rng
        words = EN_WORDS if language == "en" else DE_WORDS
        picked = rng.sample(words, rng.randint(5, 9))
        if extra_word:
            picked[rng.randrange(len(picked))] = extra_word
        return " ".join(picked).capitalize()

    def standfirst(self, language) -> str:
        words, glue = (EN_WORDS, EN_GLUE) if language == "en" else (DE_WORDS, DE_GLUE)
        return self.sentence(words, glue, self.rng.randint(20, 35))


def localized(prefix, en, de):
    return {f"{prefix}_en": en, f"{prefix}_de": de}


def fill(n: int, seed: int):
    """N articles and the objects around them, with the tables' plain indexes built after the rows."""
    started = time.perf_counter()
    with indexes_deferred() as build_indexes:
        fill_rows(n, seed, build_indexes)
    print(f"  fill: indexes built ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (articles integer, seed integer)")
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute("INSERT INTO bench_meta VALUES (%s, %s)", [n, seed])
        # A fresh bulk load has no visibility map and no statistics; production tables have both.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  fill: done, VACUUM ANALYZE, {time.perf_counter() - started:.0f} s total", flush=True)


@contextlib.contextmanager
def indexes_deferred():
    """Drop the plain (not unique, not constraint) indexes, then build them again from their
    definitions. Updating the trigram and per-column indexes row by row made a million articles
    take over an hour; building each once over the loaded table takes minutes. Yields a function
    that builds the indexes of the tables named at once (for a step that reads by them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indexname, tablename, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'
              AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """
        )
        indexes = cursor.fetchall()
        for name, _table, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')

    def build(*tables):
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for index in [index for index in indexes if not tables or index[1] in tables]:
                cursor.execute(index[2])
                indexes.remove(index)
            cursor.execute(f"ANALYZE {', '.join(tables)}" if tables else "ANALYZE")

    yield build
    build()


def fill_rows(n: int, seed: int, build_indexes):
    """N articles and the objects around them, by bulk_create in batches."""
    gen = Generator(seed)
    rng = gen.rng
    now = timezone.now()
    started = time.perf_counter()

    with translation.override("en"):
        sections = Section.objects.bulk_create(
            [
                Section(
                    original_language="en",
                    order=i,
                    **localized("name", en, de),
                    **localized("slug", slugify(en), slugify(de)),
                    **localized("description", f"News about {en.lower()}.", f"Nachrichten: {de}."),
                )
                for i, (en, de) in enumerate(SECTION_NAMES)
            ]
        )
        series = Series.objects.bulk_create(
            [
                Series(
                    section=sections[i % len(sections)],
                    original_language="en",
                    order=i,
                    **localized("name", f"Series {i}", f"Reihe {i}"),
                    **localized("slug", f"series-{i}", f"reihe-{i}"),
                )
                for i in range(10)
            ]
        )
        tag_names = []
        for i in range(200):
            en, de = EN_WORDS[i % len(EN_WORDS)], DE_WORDS[i % len(DE_WORDS)]
            if i >= len(DE_WORDS):
                en, de = f"{en} {EN_WORDS[i * 7 % len(EN_WORDS)]}", f"{de} {DE_WORDS[i * 7 % len(DE_WORDS)]}"
            tag_names.append((en, de))
        tags = Tag.objects.bulk_create(
            [
                Tag(
                    original_language="en",
                    **localized("name", en, de),
                    **localized("slug", f"{slugify(en)}-{i}", f"{slugify(de)}-{i}"),
                )
                for i, (en, de) in enumerate(tag_names)
            ]
        )
        authors = Author.objects.bulk_create(
            [
                Author(
                    display_name=f"Author {i} Reporter",
                    slug=f"author-{i}",
                    original_language="en",
                    **localized("job_title", "Journalist", "Journalist"),
                    **localized("bio", "Writes about industry.", "Schreibt über Industrie."),
                )
                for i in range(20)
            ]
        )
        countries = Place.objects.bulk_create(
            [
                Place(kind="country", original_language="en", **localized("name", en, de), **localized("slug", s, s2))
                for en, de, s, s2 in [
                    ("Mexico", "Mexiko", "mexico", "mexiko"),
                    ("Germany", "Deutschland", "germany", "deutschland"),
                ]
            ]
        )
        states = Place.objects.bulk_create(
            [
                Place(
                    kind="state",
                    parent=countries[0] if i < 18 else countries[1],
                    original_language="en",
                    **localized("name", f"State {i}", f"Bundesstaat {i}"),
                    **localized("slug", f"state-{i}", f"bundesstaat-{i}"),
                    **localized("description", "A state.", "Ein Bundesstaat."),
                )
                for i in range(20)
            ]
        )
        cities = Place.objects.bulk_create(
            [
                Place(
                    kind="city",
                    parent=states[i % len(states)],
                    original_language="en",
                    **localized("name", f"City {i}", f"Stadt {i}"),
                    **localized("slug", f"city-{i}", f"stadt-{i}"),
                    **localized("description", "A city.", "Eine Stadt."),
                )
                for i in range(38)
            ]
        )
        places = countries + states + cities
        org_kinds = [k for k, _ in Organization.Kind.choices]
        organizations = Organization.objects.bulk_create(
            [
                Organization(
                    kind=rng.choice(org_kinds),
                    original_language="en",
                    is_published=rng.random() > 0.01,
                    website=f"https://org{i}.example.com",
                    # Proper names: the same in both languages.
                    **localized("name", *[f"Organization {i} {EN_WORDS[i % len(EN_WORDS)].title()}"] * 2),
                    **localized("short_name", f"ORG{i}", f"ORG{i}"),
                    **localized("slug", f"organization-{i}", f"organisation-{i}"),
                    **localized("description", gen.standfirst("en"), gen.standfirst("de")),
                )
                for i in range(500)
            ]
        )
        for i, org in enumerate(organizations):
            if i >= 20 and rng.random() < 0.2:
                org.parent = organizations[rng.randrange(20)]
        Organization.objects.bulk_update(organizations, ["parent"])
        Organization.places.through.objects.bulk_create(
            [Organization.places.through(organization=o, place=rng.choice(places)) for o in organizations]
        )
        Organization.member_of.through.objects.bulk_create(
            [
                Organization.member_of.through(from_organization=o, to_organization=organizations[j])
                for i, o in enumerate(organizations)
                for j in rng.sample(range(10), rng.randint(0, 2))
                if j != i
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    name=f"Person {i} Example",
                    slug=f"person-{i}",
                    organization=rng.choice(organizations),
                    is_published=rng.random() > 0.01,
                    original_language="en",
                    **localized("position", "Director", "Direktor"),
                    **localized("bio", gen.standfirst("en"), gen.standfirst("de")),
                )
                for i in range(300)
            ]
        )
        today = timezone.localdate()
        events = []
        for i in range(2000):
            start = today - datetime.timedelta(days=rng.randint(-365, 3650))
            timed = rng.random() < 0.5
            events.append(
                Event(
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2])),
                    start_time=datetime.time(rng.randint(8, 17)) if timed else None,
                    end_time=datetime.time(18) if timed else None,
                    status=rng.choices(["scheduled", "postponed", "cancelled"], [95, 3, 2])[0],
                    is_published=rng.random() > 0.02,
                    original_language="en",
                    **localized("title", f"{gen.headline('en')} {i}", f"{gen.headline('de')} {i}"),
                    **localized("slug", f"event-{i}", f"veranstaltung-{i}"),
                    **localized("description", gen.standfirst("en"), gen.standfirst("de")),
                )
            )
        for event in events:
            event.update_begins_at()
        events = Event.objects.bulk_create(events)
        Event.places.through.objects.bulk_create(
            [Event.places.through(event=e, place=rng.choice(places)) for e in events]
        )
        Event.organizers.through.objects.bulk_create(
            [
                Event.organizers.through(event=e, organization=o)
                for e in events
                for o in rng.sample(organizations, rng.randint(1, 2))
            ]
        )
        Event.people.through.objects.bulk_create(
            [Event.people.through(event=e, person=p) for e in events for p in rng.sample(people, rng.randint(0, 2))]
        )
        print(
            f"  fill: {len(organizations)} organizations, {len(people)} people, {len(places)} places, "
            f"{len(events)} events, {len(tags)} tags, {len(authors)} authors",
            flush=True,
        )

        # Articles: published_at rises with the id, spread over ten years up to an hour ago.
        span = datetime.timedelta(days=3652).total_seconds()
        offsets = sorted(rng.random() * span for _ in range(n))
        first = now - datetime.timedelta(days=3652, hours=1)
        org_w, tag_w, people_w, place_w, author_w = (
            zipf_weights(len(organizations)),
            zipf_weights(len(tags)),
            zipf_weights(len(people)),
            zipf_weights(len(places)),
            zipf_weights(len(authors), 0.5),
        )
        article_ids = []
        images = []  # the library so far: 10 % of pictured articles share an earlier article's image
        # Its own random numbers: the articles' draws stay those of runs before the library.
        pictures = random.Random(seed + 18)
        for batch_start in range(0, n, BATCH):
            batch = []
            # 60 % of articles have a lead image; its renditions made (no files: pages only name them).
            new_images = Image.objects.bulk_create(
                Image(
                    file=f"images/originals/bench/{i}.jpg",
                    original_name=f"{i}.jpg",
                    format="JPEG",
                    width=6000,
                    height=4000,
                    focal_x=pictures.randint(20, 80),
                    focal_y=pictures.randint(20, 80),
                    renditions_key=f"{i:020x}",
                    renditions_ready=True,
                    **localized("alt", "Workers on an assembly line", "Arbeiter an einem Montageband"),
                    **localized("credit", "Photo: Cuartoscuro", "Foto: Cuartoscuro"),
                )
                for i in range(batch_start, min(n, batch_start + BATCH))
            )
            images.extend(new_images)
            pictured = iter(new_images)
            for i in range(batch_start, min(n, batch_start + BATCH)):
                original = "en" if rng.random() < 0.9 else "de"
                other = "de" if original == "en" else "en"
                # 80 % fully translated, 10 % translation under way (headline only), 10 % not translated.
                translated = rng.random()
                roll = rng.random()
                extra_word = COMMON_WORD if roll < 0.03 else RARE_WORD if roll < 0.031 else None
                text = {original: {}, other: {}}
                for lang in (original, other):
                    if lang == other and translated >= 0.9:
                        text[lang] = {"headline": "", "slug": "", "standfirst": "", "body": ""}
                        continue
                    headline = gen.headline(lang, extra_word)
                    text[lang] = {
                        "headline": headline,
                        "slug": f"{slugify(headline)[:200]}-{i}",
                        "standfirst": gen.standfirst(lang),
                        "body": gen.body(lang),
                    }
                    if lang == other and translated >= 0.8:
                        text[lang].update(standfirst="", body="")
                roll = rng.random()
                if roll < 0.02:
                    status, published_at = "draft", None
                elif roll < 0.025:
                    status, published_at = (
                        rng.choice(["in_review", "unpublished"]),
                        first + datetime.timedelta(seconds=offsets[i]),
                    )
                elif roll < 0.026:
                    status, published_at = "published", now + datetime.timedelta(days=rng.randint(1, 10))
                else:
                    status, published_at = "published", first + datetime.timedelta(seconds=offsets[i])
                kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
                checked = rng.random() < 0.2
                batch.append(
                    Article(
                        original_language=original,
                        kind=kind,
                        section=rng.choices(sections, SECTION_WEIGHTS)[0],
                        series=rng.choice(series) if rng.random() < 0.1 else None,
                        dateline=rng.choices(places, place_w)[0] if rng.random() < 0.5 else None,
                        interviewee=rng.choice(people) if kind == "interview" else None,
                        status=status,
                        published_at=published_at,
                        is_featured=rng.random() < 0.01,
                        is_reported_by_ai=rng.random() < 0.05,
                        fact_checked_by=rng.choice(authors) if checked else None,
                        fact_checked_at=published_at if checked else None,
                        **{
                            f"{field}_{lang}": text[lang][field]
                            for lang in LANGUAGES
                            for field in ("headline", "slug", "standfirst", "body")
                        },
                        **localized("lead_image_caption", "", ""),
                        image=(
                            (pictures.choice(images) if pictures.random() < 0.1 else next(pictured))
                            if pictures.random() < 0.6
                            else None
                        ),
                    )
                )
            created = Article.objects.bulk_create(batch)
            article_ids.extend(a.pk for a in created)

            bylines, orgs, ppl, plc, evt, tgs, rel, exchanges = [], [], [], [], [], [], [], []
            for a in created:
                for order, author in enumerate(dict.fromkeys(rng.choices(authors, author_w, k=rng.randint(1, 2)))):
                    bylines.append(Byline(article_id=a.pk, author=author, order=order))
                for o in set(rng.choices(organizations, org_w, k=rng.randint(2, 3))):
                    orgs.append(Article.organizations.through(article_id=a.pk, organization_id=o.pk))
                for p in set(rng.choices(people, people_w, k=rng.randint(1, 2))):
                    ppl.append(Article.people.through(article_id=a.pk, person_id=p.pk))
                for p in set(rng.choices(places, place_w, k=rng.randint(1, 2))):
                    plc.append(Article.places.through(article_id=a.pk, place_id=p.pk))
                if rng.random() < 0.3:
                    evt.append(Article.events.through(article_id=a.pk, event_id=rng.choice(events).pk))
                for t in set(rng.choices(tags, tag_w, k=rng.randint(2, 4))):
                    tgs.append(Article.tags.through(article_id=a.pk, tag_id=t.pk))
                if rng.random() < 0.3 and len(article_ids) > 10:
                    for other_id in set(rng.sample(article_ids[-2000:-1], 2)):
                        rel.append(Article.related_articles.through(from_article_id=a.pk, to_article_id=other_id))
                if a.kind == "interview":
                    for order in range(4):
                        exchanges.append(
                            InterviewExchange(
                                article_id=a.pk,
                                order=order,
                                **localized("question", gen.standfirst("en"), gen.standfirst("de")),
                                **localized("answer", gen.standfirst("en"), gen.standfirst("de")),
                            )
                        )
            Byline.objects.bulk_create(bylines, batch_size=BATCH)
            for through_rows in (orgs, ppl, plc, evt, tgs, rel):
                if through_rows:
                    type(through_rows[0]).objects.bulk_create(through_rows, batch_size=BATCH)
            InterviewExchange.objects.bulk_create(exchanges, batch_size=BATCH)
            done = batch_start + len(created)
            print(f"  fill: {done:,}/{n:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)

    # The readers' rule for an interview asks for its exchanges: without their index, a sequential
    # scan of them per article (hours at 100,000).
    build_indexes(InterviewExchange._meta.db_table)
    record_translation_states(rng)
    print(f"  fill: translation states ({time.perf_counter() - started:.0f} s)", flush=True)
    record_corrections(rng)
    record_reads(rng)


def record_reads(rng):
    """A week of reads, as the beacon counts them (per article, language and day): the newest 5,000
    published articles read in both editions, a few of them much more than the rest, so the
    translation queue ranks its to-do rows by thousands of counts (issue 15)."""
    today = timezone.localdate()
    newest = Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[:5_000]
    rows = [
        ReadCount(
            article_id=pk,
            language=language,
            day=today - datetime.timedelta(days=days_ago),
            count=int(rng.paretovariate(1.2) * 3),
        )
        for pk in newest
        for language in LANGUAGES
        for days_ago in range(7)
    ]
    ReadCount.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def record_corrections(rng):
    """A correction or update on 1 % of published articles, a few hours to days after publication."""
    rows = []
    for pk, published_at in Article.objects.published().values_list("pk", "published_at").iterator():
        if rng.random() < 0.01:
            rows.append(
                Correction(
                    article_id=pk,
                    kind=rng.choice(["correction", "update"]),
                    published_at=published_at + datetime.timedelta(hours=rng.randint(2, 72)),
                    **localized(
                        "text",
                        "An earlier version gave a wrong figure.",
                        "Eine frühere Fassung nannte eine falsche Zahl.",
                    ),
                )
            )
    Correction.objects.bulk_create(rows, batch_size=BATCH)


def record_translation_states(rng):
    """A state per object and language, as an archive has them: whole translations complete and
    released (2 % of them outdated), begun ones in progress, the rest missing."""
    now = timezone.now()
    for model in (Section, Series, Tag, Author, Place, Organization, Person, Event, Article):
        content_type = ContentType.objects.get_for_model(model)
        for language in LANGUAGES:
            model.objects.complete_in(language).exclude(original_language=language).update(
                released_languages=f"|{language}|"
            )
        fill_readable_in(model.objects.all())
        first = translated_field_names(model)[0]
        timed = ["published_at"] if model is Article else []
        columns = ["pk", "original_language", "released_languages", *(f"{first}_{code}" for code in LANGUAGES), *timed]
        rows = []
        for pk, original, released, *rest in model.objects.values_list(*columns).iterator(chunk_size=BATCH):
            firsts, published_at = rest[: len(LANGUAGES)], (rest[len(LANGUAGES)] if timed else None)
            for language, first_text in zip(LANGUAGES, firsts, strict=True):
                if language == original:
                    continue
                if f"|{language}|" in released:
                    state = "outdated" if rng.random() < 0.02 else "complete"
                else:
                    state = "in_progress" if first_text else "missing"
                rows.append(
                    Translation(
                        content_type=content_type,
                        object_id=pk,
                        language=language,
                        state=state,
                        state_changed_at=now,
                        released_at=now if f"|{language}|" in released else None,
                        published_at=published_at,
                    )
                )
        Translation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def bench_size_in_db():
    if not database_exists():
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT articles, seed FROM bench_meta")
            row = cursor.fetchone()
    except Exception:
        connections.close_all()
        return None
    return row


# ---------------------------------------------------------------------------------------------
# Pages


def most_linked(model, through, fk):
    top = through.objects.values(fk).annotate(n=Count("id")).order_by("-n", fk).first()
    return model.objects.get(pk=top[fk]), top["n"]


LIVE_UPDATES = 300


def live_article(published):
    """The newest fully translated English news article, made a live page of LIVE_UPDATES updates
    (every second one translated) the first time it is asked for: a reused database gets it too."""
    article = published.filter(original_language="en", kind="news").exclude(headline_de="").newest_first().first()
    if not article.is_live:
        Article.objects.filter(pk=article.pk).update(is_live=True)
        now = timezone.now()
        LiveUpdate.objects.bulk_create(
            LiveUpdate(
                article=article,
                posted_at=now - datetime.timedelta(minutes=number),
                headline_en=f"Update {number}" if number % 3 == 0 else "",
                body_en=f"<p>The plant's line {number} starts; 40 metro cars a year for Monterrey.</p>",
                body_de=f"<p>Linie {number} läuft an; 40 Metrowagen im Jahr für Monterrey.</p>" if number % 2 else "",
                is_pinned=number % 100 == 0,
            )
            for number in range(LIVE_UPDATES)
        )
        article.refresh_from_db()
    return article


def pages(language):
    """(name, path) of every page type, built with reverse() and get_absolute_url() in `language`."""
    now = timezone.now()
    published = Article.objects.published()
    total = published.count()
    with translation.override(language):
        article_list = reverse("articles:list")
        search = reverse("search:results")
        # The row at the oldest 1 %: its cursor is what a reader following “Older” ~1,000 times gets.
        deep = published.newest_first().values_list("published_at", "pk")[int(total * 0.99)]
        section = Section.objects.order_by("pk").first()
        organization, _ = most_linked(Organization, Article.organizations.through, "organization")
        person, _ = most_linked(Person, Article.people.through, "person")
        place, _ = most_linked(Place, Article.places.through, "place")
        tag, _ = most_linked(Tag, Article.tags.through, "tag")
        author, _ = most_linked(Author, Byline, "author")
        # A typical fully translated article from a year ago, with something in every box.
        article = (
            published.filter(
                original_language="en",
                kind="news",
                published_at__lt=now - datetime.timedelta(days=365),
                events__isnull=False,
            )
            .exclude(headline_de="")
            .exclude(body_de="")
            .filter(pk__in=Article.related_articles.through.objects.values("from_article"))
            .newest_first()
            .first()
        )
        live = live_article(published)
        event = (
            Event.objects.published().upcoming().filter(articles__isnull=False).first()
            or Event.objects.published().filter(articles__isnull=False).first()
        )
        window_end = (now - datetime.timedelta(days=3 * 365)).date()
        window_start = window_end - datetime.timedelta(days=30)
        return [
            ("home", reverse("home")),
            ("article list", article_list),
            (
                "article list, oldest 1 % (after= cursor)",
                f"{article_list}?{urlencode({'after': encode_cursor(*deep)})}",
            ),
            ("article list ?section&kind=analysis", f"{article_list}?section={section.pk}&kind=analysis"),
            ("article list ?organization (most linked)", f"{article_list}?organization={organization.pk}"),
            (f"search ?q={COMMON_WORD} (3 % of articles)", f"{search}?q={COMMON_WORD}"),
            (f"search ?q={RARE_WORD} (0.1 % of articles)", f"{search}?q={RARE_WORD}"),
            (
                "article list ?date_from&date_to (30 days)",
                f"{article_list}?date_from={window_start:%Y-%m-%d}&date_to={window_end:%Y-%m-%d}",
            ),
            ("article detail", article.get_absolute_url()),
            (f"live article ({LIVE_UPDATES} updates)", live.get_absolute_url()),
            ("live fragment", reverse("articles:live-updates", kwargs={"slug": live.slug_in()})),
            ("section", section.get_absolute_url()),
            ("tag (most used)", tag.get_absolute_url()),
            ("author (most bylines)", author.get_absolute_url()),
            ("organization detail (most linked)", organization.get_absolute_url()),
            ("person detail (most linked)", person.get_absolute_url()),
            ("place detail (most linked)", place.get_absolute_url()),
            ("event list (upcoming)", reverse("events:list")),
            ("corrections", reverse("articles:corrections")),
            ("event detail", event.get_absolute_url()),
            ("RSS feed, all articles (30 items)", reverse("articles:feed-rss")),
            ("iCalendar, all events (a year back, upcoming)", reverse("events:calendar")),
            ("sitemap of articles, first page (1,000 URLs)", reverse("sitemap", kwargs={"section": "articles"})),
            ("Google News sitemap (two days)", reverse("news-sitemap")),
        ]


def admin_pages():
    """The translator's pages: the queue (the first page of thousands), its counts, the side by side."""
    outdated = (
        Translation.objects.for_model(Article)
        .filter(state="outdated", object_id__in=Article.objects.published().values("pk"))
        .order_by("-object_id")
        .first()
    )
    return [
        ("admin index with queue counts", "/admin/"),
        ("translation queue (to do)", "/admin/translations/translation/?language=de"),
        ("translation queue (all states)", "/admin/translations/translation/?state=all"),
        ("side-by-side translation page", f"/admin/articles/article/{outdated.object_id}/translate/de/"),
        ("article change list", "/admin/articles/article/"),
    ]


def editor_pages():
    """The editor's pages: the dashboard, a live article's form with changes not yet published,
    its history with two revisions, their comparison, and a preview of the changes."""
    article = Article.objects.published().filter(original_language="en", kind="news").newest_first()[20]
    for headline in (f"{article.headline_en} (revised)", article.headline_en):
        with reversion.create_revision():
            article.headline_en = headline
            article.save()
    changed = {**pending.snapshot(article)}
    changed["fields"] = {**changed["fields"], "standfirst_en": "A standfirst not yet published."}
    pending.keep(article, changed, by=None)
    newer, older = Version.objects.get_for_object(article)[:2]
    base = f"/admin/articles/article/{article.pk}"
    return [
        ("admin index with the dashboard (editor)", "/admin/"),
        ("live article's change form with pending changes (editor)", f"{base}/change/"),
        ("article history, two revisions (editor)", f"{base}/history/"),
        ("comparison of two revisions (editor)", f"{base}/history/compare/?from={older.pk}&to={newer.pk}"),
        ("preview of the pending changes (editor)", f"{base}/preview/en/"),
    ]


def editor_client():
    user, _created = get_user_model().objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.groups.add(role(EDITOR))
    client = Client()
    client.force_login(user)
    return client


def translator_client():
    user, _created = get_user_model().objects.get_or_create(username="bench-translator", defaults={"is_staff": True})
    user.groups.add(role(TRANSLATOR))
    TranslatorLanguage.objects.get_or_create(user=user, language="de")
    client = Client()
    client.force_login(user)
    return client


def measure(client, path, repeats):
    for _ in range(WARMUPS):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
    # Count on its own request: the debug cursor that records queries would inflate the timings.
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    # Copy now: the log the context reads from is emptied by the next request.
    queries = list(captured.captured_queries)
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return len(queries), statistics.median(timings), p95, queries


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# ---------------------------------------------------------------------------------------------
# Report


def machine_line():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        nproc = str(os.cpu_count())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"PostgreSQL {pg} (shared_buffers {buffers}), Python {platform.python_version()}, "
        f"Django {django.get_version()}, {nproc} × {cpu} (load average at the end: {load})"
    )


def table(rows):
    lines = ["| page | language | queries | median ms | p95 ms |", "|---|---|--:|--:|--:|"]
    lines += [f"| {name} | {lang} | {queries} | {med:.1f} | {p95:.1f} |" for name, lang, queries, med, p95 in rows]
    return "\n".join(lines)


def main():
    results_path = BENCH_DIR / ARGS.results
    explain_path = BENCH_DIR / ARGS.explain_file
    sections_md, explains_md = [], []
    counts = {}
    for n in ARGS.sizes:
        print(f"\n== N = {n:,} articles", flush=True)
        existing = bench_size_in_db() if ARGS.reuse else None
        if existing and existing[0] == n and existing[1] == ARGS.seed:
            print("  reusing the bench database, with any new migrations applied", flush=True)
            if not ReadCount.objects.exists():
                # Filled by loads before issue 15.
                record_reads(random.Random(ARGS.seed))
            applied = MigrationRecorder(connection).applied_migrations()
            call_command("migrate", verbosity=0)
            if MigrationRecorder(connection).applied_migrations().keys() != applied.keys():
                # A migration that rewrote rows (a backfilled column) leaves dead rows and no
                # visibility map: counts and index-only scans would read the whole heap.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM (ANALYZE)")
                print("  VACUUM ANALYZE after the new migrations", flush=True)
        else:
            started = time.perf_counter()
            recreate_database()
            print(f"  database re-created and migrated ({time.perf_counter() - started:.0f} s)", flush=True)
            fill(n, ARGS.seed)
        cache.clear()
        if ARGS.load_only:
            print(json.dumps({language: dict(pages(language)) for language in LANGUAGES}), flush=True)
            continue
        client = Client()
        rows = []
        for language in LANGUAGES:
            for name, path in pages(language):
                queries, median, p95, captured = measure(client, path, ARGS.repeats)
                rows.append((name, language, queries, median, p95))
                counts.setdefault((name, language), {})[n] = queries
                print(f"  {language} {name:<45} {queries:>3} q {median:8.1f} ms {p95:8.1f} ms  {path}", flush=True)
                if median > ARGS.explain_over:
                    slowest = max(captured, key=lambda q: float(q["time"]))
                    plan = explain(slowest["sql"])
                    explains_md.append(
                        f"## N = {n:,}, {language}, {name}: median {median:.1f} ms\n\n`{path}`\n\n"
                        f"Slowest query ({float(slowest['time']) * 1000:.1f} ms when counted):\n\n"
                        f"```sql\n{slowest['sql']}\n```\n\n```\n{plan}\n```\n"
                    )
        staff = [(translator_client(), admin_pages()), (editor_client(), editor_pages())]
        for client, admin_paths in staff:
            for name, path in admin_paths:
                queries, median, p95, _captured = measure(client, path, ARGS.repeats)
                rows.append((name, "admin", queries, median, p95))
                counts.setdefault((name, "admin"), {})[n] = queries
                print(f"  admin {name:<45} {queries:>3} q {median:8.1f} ms {p95:8.1f} ms  {path}", flush=True)
        header = (
            f"Run {timezone.localtime():%Y-%m-%d %H:%M %Z}, N = {n:,} articles "
            f"({Article.objects.published().count():,} published), {machine_line()}. "
            f"{WARMUPS} warm-ups then {ARGS.repeats} timed requests per row, in-process django.test.Client."
        )
        section_md = f"### N = {n:,}\n\n{header}\n\n{table(rows)}\n"
        print("\n" + section_md, flush=True)
        sections_md.append(section_md)
        results_path.write_text("# Newsroom page benchmark\n\n" + "\n".join(sections_md))
        explain_path.write_text(
            "# EXPLAIN ANALYZE of slow pages\n\n" + ("\n".join(explains_md) or "No page was over the threshold.\n")
        )
    if ARGS.load_only:
        return
    if len(ARGS.sizes) > 1:
        grown = [
            f"{name} ({lang}): " + " → ".join(str(by_n[n]) for n in ARGS.sizes)
            for (name, lang), by_n in counts.items()
            if len(set(by_n.values())) > 1
        ]
        print("Query counts that change with N: " + ("; ".join(grown) if grown else "none"), flush=True)
    print(f"Wrote {results_path} and {explain_path}", flush=True)


if __name__ == "__main__":
    main()
