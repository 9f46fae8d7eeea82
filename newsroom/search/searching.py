"""One search: the matching articles ranked, their snippets, counts, entities and "Did you mean".

PostgreSQL: the newest `CANDIDATES` matches in the reader's edition (`ArticleDocument.read_in`;
only articles before readers have editions) within the filters are ranked by relevance
(`ts_rank`, headline above standfirst and names above body) weighed with their age, in one query
that also makes the snippets of the page's articles (`ts_headline`). A common word matches much of
the archive: ranking every match would read every matching document, so the newest matches are
ranked, and the counts per section and kind are counts among them (the page says so).

How the newest matches are found is planned per query (`plan`) from ANALYZE's statistics, for
the cost to stay flat from a thousand articles to a million: a rare word's matches all come from
the words' index; a common word's from walking the newest documents, each asked whether it
matches, at most as many as should hold the matches needed; a word in between asks the index
only for the documents published since the time that should leave enough. A walk that reads its
length without finding enough (a phrase of words that are each in most articles) stops there and
says how far it read: the page offers the older articles as a next search.

SQLite: words matched in headlines and standfirsts, newest first.
"""

import bisect
import datetime
import math
import re
import time
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.articles.models import Article
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES

from . import query as words
from .configuration import CONFIGURATIONS, SNIPPET_CONFIGURATIONS
from .documents import marker

CANDIDATES = 1000
PER_PAGE = 20
# A story a quarter old counts half as much as one from today, among equal matches.
HALF_WEIGHT_DAYS = 90
# ts_rank's normalization 1: divided by 1 + the logarithm of the document's length, so that a
# long body does not outrank a headline.
RANK_NORMALIZATION = 1
START, STOP = "\x02", "\x03"
# Up to two passages around the words, with their context on both sides (the single-passage headline
# starts at the first word found).
SNIPPET_OPTIONS = f"MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=' … ', StartSel={START}, StopSel={STOP}"
# The marks' characters are taken out of the text, where they would open a mark that never closes.
# The parser reads the text it marks (a 3 KB body: 0.4–0.9 ms): it gets the stretch from a little before
# the first place where the phrase or a word is (`snippet_places`, 0.01 ms); a body where none is
# (the words are in the headline, or only a compound holds them) gets no snippet and costs nothing.
SNIPPET_AT = """(SELECT p FROM unnest(%(places)s::text[]) WITH ORDINALITY AS x(pattern, n),
    regexp_instr(d.text, x.pattern, 1, 1, 0, 'i') AS p
 WHERE p > 0 ORDER BY x.n LIMIT 1)"""
SNIPPET_SOURCE = "translate(substr(d.text, greatest(1, at.p - 200), 700), chr(2) || chr(3), '')"
# The letters a word's form stands for in a text (the forms have no accents).
ACCENTED = {"a": "[aáàâäã]", "e": "[eéèêë]", "i": "[iíìîï]", "o": "[oóòôöõ]", "u": "[uúùûü]", "n": "[nñ]", "c": "[cç]"}
# "Did you mean" only for a search that found nothing: a word that finds articles is a word the
# site knows, even where the list of words (headlines, standfirsts, names) lacks it.
SUGGEST_BELOW = 1  # results
# How the newest matches are found (`plan`), by how many documents the query's words are in,
# from ANALYZE's statistics of the documents' words:
# - up to RARE matches: all of them from the words' index, then sorted;
# - every wanted word in at least COMMON_SHARE of the edition's documents: the documents walked
#   newest first, reading at most WALK_MARGIN times as many as should hold CANDIDATES matches;
# - in between: the index asked only for the documents published since the time that should
#   leave WINDOW_MARGIN times CANDIDATES matches (from the publish times' histogram), and for the
#   older ones only where those were too few.
RARE = 5000
COMMON_SHARE = 0.2
# At most this many documents walked (about 25 ms): where every word is common but all of them
# together are not (a word left out), the walk stops there and says so.
LONGEST_WALK = 6000
# A filter that leaves at most this many articles: the search starts from them.
FEW_FILTERED = 5000
WALK_MARGIN = 2
WINDOW_MARGIN = 2
# A person's last word of name: readers search "Sheinbaum" for Claudia Sheinbaum.
FAMILY_NAME = r"substring(e.name from '(\S+)$')"


def reading_connection():
    """The connection a search reads on: the router's choice, so a reader's search reads the read
    replica when there is one (newsroom/replicas.py), like the reader's other queries."""
    return connections[Article.objects.db]


@dataclass
class Scope:
    """Where the words are looked for: among the filtered articles (`None`: every published one,
    which the documents alone answer), published from `since` and before `until`."""

    articles: QuerySet | None = None
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None


@dataclass
class Plan:
    """How the newest matches are found (module docstring): "all", "window" (from `since`) or
    "walk" (at most `examined` documents)."""

    strategy: str = "all"
    since: datetime.datetime | None = None
    examined: int = 0
    # Where in a body its snippet is: patterns of the words' forms, phrases first (`snippet_places`).
    places: list[str] = field(default_factory=list)


@dataclass
class Hit:
    article_id: int
    snippet: SafeString = mark_safe("")  # noqa: S308 - empty
    snippet_language: str = ""


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    capped: bool = False
    sections: dict[int, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    # Where a walk stopped before CANDIDATES matches: how many documents it read, and the publish
    # time of the oldest, from which a search of the older articles goes on.
    examined: int = 0
    examined_until: datetime.datetime | None = None


def _config_case(column: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in SNIPPET_CONFIGURATIONS.items())
    return f"CASE {column} {cases} END"


def snippet_html(raw: str) -> SafeString:
    """ts_headline's text with its marks, escaped; empty where the body did not match."""
    if START not in raw:
        return mark_safe("")  # noqa: S308 - empty
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def _tsquery(configurations, text: str = "q") -> str:
    return "(" + " || ".join(f"websearch_to_tsquery('{config}', %({text})s)" for config in configurations) + ")"


@dataclass
class Reading:
    """What one round trip learns of a query: its words' forms in each configuration (the
    configuration's name, the word's number, its forms), and the entities it names (kind, key)."""

    forms: list = field(default_factory=list)
    named: list = field(default_factory=list)


def _named_sql() -> str:
    def any_of(*columns):
        return " OR ".join(f"lower(unaccent(coalesce({column}, ''))) = ANY(names)" for column in columns)

    def localized(*fields):
        return [f"{name}_{code}" for name in fields for code in LANGUAGE_CODES]

    return f"""
        (SELECT 'organization', NULL, e.id, NULL FROM organizations_organization e, input
            WHERE e.is_published AND ({any_of(*localized("name", "short_name"))}) LIMIT 3)
        UNION ALL
        (SELECT 'person', NULL, e.id, NULL FROM people_person e, input
            WHERE e.is_published AND ({any_of("e.name", FAMILY_NAME)}) LIMIT 3)
        UNION ALL
        (SELECT 'place', NULL, e.id, NULL FROM places_place e, input
            WHERE e.is_published AND ({any_of(*localized("name"))}) LIMIT 3)
    """


def read(text: str) -> Reading:
    """The forms of the words of `text` in the search's and the snippets' configurations, and the
    published organizations, people and places it names (`named_entities`), in one query."""
    typed, candidates = words.typed_words(text), words.name_candidates(text)
    if connection.vendor != "postgresql":
        return Reading(named=_named_in_python(candidates) if candidates else [])
    if not typed:
        return Reading()
    configurations = {f"{code}:snippet": config for code, config in SNIPPET_CONFIGURATIONS.items()}
    configurations |= CONFIGURATIONS
    sql = f"""
        WITH input AS (SELECT array_agg(lower(unaccent(n))) AS names FROM unnest(%(names)s::text[]) n)
        SELECT 'forms', c.name, w.n, tsvector_to_array(to_tsvector(c.config::regconfig, w.word))
        FROM unnest(%(words)s::text[]) WITH ORDINALITY AS w(word, n),
            unnest(%(names_of_configurations)s::text[], %(configurations)s::text[]) AS c(name, config)
        UNION ALL
        {_named_sql()}
    """
    params = {
        "names": candidates,
        "words": [word.word for word in typed],
        "names_of_configurations": list(configurations),
        "configurations": list(configurations.values()),
    }
    with reading_connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Reading(
        forms=[(name, number, forms) for kind, name, number, forms in rows if kind == "forms"],
        named=[(kind, pk) for kind, _name, pk, _forms in rows if kind != "forms"],
    )


STATISTICS_SQL = """
    WITH columns AS (
        SELECT attname, most_common_vals::text::text[] AS vals, most_common_freqs AS freqs,
            most_common_elems::text::text[] AS elements, most_common_elem_freqs AS shares,
            histogram_bounds::text AS bounds
        FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = 'search_articledocument'
            AND attname IN ('document', 'editions', 'language', 'published_at')
    )
    SELECT (SELECT reltuples FROM pg_class WHERE oid = 'search_articledocument'::regclass),
        (SELECT elements FROM columns WHERE attname = 'document'),
        (SELECT shares FROM columns WHERE attname = 'document'),
        (SELECT vals FROM columns WHERE attname = 'editions'),
        (SELECT freqs FROM columns WHERE attname = 'editions'),
        (SELECT vals FROM columns WHERE attname = 'language'),
        (SELECT freqs FROM columns WHERE attname = 'language'),
        (SELECT bounds::timestamptz[] FROM columns WHERE attname = 'published_at')
"""
# Read again after this many seconds: ANALYZE changes them only as the documents change.
STATISTICS_SECONDS = 600


@dataclass
class Statistics:
    """ANALYZE's view of the documents, kept by each process for STATISTICS_SECONDS."""

    documents: float = 0
    # The words in the most documents (lexeme: share of the documents), and the share below which
    # ANALYZE keeps none: a word not listed is in fewer.
    words: dict[str, float] = field(default_factory=dict)
    below: float = 0
    editions: dict[str, float] = field(default_factory=dict)
    languages: dict[str, float] = field(default_factory=dict)
    # The publish times that cut the documents into equal parts, oldest first.
    bounds: list = field(default_factory=list)
    read_at: float = 0

    @classmethod
    def read(cls, cursor) -> "Statistics":
        cursor.execute(STATISTICS_SQL)
        documents, elements, shares, editions, edition_shares, languages, language_shares, bounds = cursor.fetchone()
        elements, shares = elements or [], shares or []
        return cls(
            documents=max(documents or 0, 0),
            words=dict(zip(elements, shares, strict=False)),
            # After the words' shares: the least and the largest of them (and, for tsvectors, no more).
            below=shares[len(elements)] if len(shares) > len(elements) else 0,
            editions=dict(zip(editions or [], edition_shares or [], strict=False)),
            languages=dict(zip(languages or [], language_shares or [], strict=False)),
            bounds=bounds or [],
            read_at=time.monotonic(),
        )


_statistics = Statistics()


def forget_statistics() -> None:
    """Read them again at the next search (a process's cold start, as tests count it)."""
    global _statistics
    _statistics = Statistics()


def statistics(cursor) -> Statistics:
    global _statistics
    if time.monotonic() - _statistics.read_at > STATISTICS_SECONDS or not _statistics.read_at:
        _statistics = Statistics.read(cursor)
    return _statistics


def plan(text: str, edition: str, reading: Reading, scope: Scope | None = None) -> Plan:
    """How to find the newest matches of `text` in `edition` and `scope`'s dates (module
    docstring), estimated from ANALYZE's statistics: how many documents hold each word, in which
    language the edition's documents are, how they spread over time. A table never analyzed is
    searched by the index whole."""
    typed, scope = words.typed_words(text), scope or Scope()
    if not typed:
        return Plan()
    with reading_connection().cursor() as cursor:
        known = statistics(cursor)
    lexemes = reading.forms
    places = snippet_places(typed, [(name, n, forms) for name, n, forms in lexemes if name.endswith(":snippet")])
    in_edition = sum(share for value, share in known.editions.items() if marker(edition) in value)
    if not known.bounds or not known.documents or not in_edition:
        return Plan(places=places)
    alternatives = words.has_alternatives(text)
    share = rarest = 0.0
    for code in CONFIGURATIONS:
        if not known.languages.get(code):
            continue
        # A word of one language's configuration is in that language's documents: its share
        # among them (a form of it: compounds have several), times the share of the edition's
        # documents in that language. All words must match (taken as independent: the product of
        # their shares; a phrase is rarer still), or one of them (`or`: the commonest); a word left
        # out leaves the documents without it.
        wanted, left_out = [], 1.0
        for _name, number, forms in [row for row in lexemes if row[0] == code]:
            if not forms:
                continue  # a stop word
            found = min(max(known.words.get(form, known.below) for form in forms) / known.languages[code], 1)
            if typed[number - 1].left_out:
                left_out *= 1 - found
            else:
                wanted.append(found)
        if not wanted:
            continue
        own = (
            sum(s for value, s in known.editions.items() if value.startswith(marker(code)) and marker(edition) in value)
            / in_edition
        )
        share = max(share, (max(wanted) if alternatives else math.prod(wanted)) * left_out * own)
        # What the words' index would read: the documents of the least common wanted word.
        rarest = max(rarest, (max(wanted) if alternatives else min(wanted)) * own)
    # The dates: the part of the documents published between them, by the histogram.
    last = len(known.bounds) - 1
    upper = bisect.bisect_left(known.bounds, scope.until) if scope.until else last
    lower = bisect.bisect_right(known.bounds, scope.since) if scope.since else 0
    matches = share * known.documents * in_edition * max(upper - lower, 1) / last
    if matches <= RARE:
        return Plan(places=places)
    if rarest >= COMMON_SHARE:
        # Every wanted word is in much of the archive: reading its part of the index would cost
        # more than reading the newest documents themselves.
        examined = min(math.ceil(WALK_MARGIN * CANDIDATES / share), LONGEST_WALK)
        return Plan("walk", examined=examined, places=places)
    newest = min(WINDOW_MARGIN * CANDIDATES / matches, 1)
    index = upper - math.ceil(newest * (upper - lower))
    return Plan("window", since=known.bounds[index], places=places) if index > lower else Plan(places=places)


def snippet_places(typed, forms) -> list[str]:
    """Regular expressions for a word's forms in a text, as `forms` (configuration, number of the
    word, its forms) give them: each phrase's forms in a row first, then each form alone."""

    def pattern(form: str) -> str:
        return "".join(ACCENTED.get(letter, re.escape(letter)) for letter in form).replace("ss", "(?:ss|ß)")

    places, singles = [], []
    for name in dict.fromkeys(name for name, _n, _forms in forms):
        of_word = {n: found for config, n, found in forms if config == name and found}
        for phrase in sorted({word.phrase for word in typed if word.phrase}):
            # A stop word between (no form) is any one word.
            parts = [
                pattern(of_word[n][0]) if n in of_word else r"\w+"
                for n, word in enumerate(typed, 1)
                if word.phrase == phrase
            ]
            if len(parts) > 1:
                places.append(r"\m" + r"\w*\W+".join(parts))
        singles += [
            r"\m" + pattern(form) for n, found in of_word.items() if not typed[n - 1].left_out for form in found
        ]
    return list(dict.fromkeys(places + singles))


def search_articles(
    text: str,
    edition: str,
    page: int,
    scope: Scope | None = None,
    reading: Reading | None = None,
    how: Plan | None = None,
) -> Results:
    """The `page`th page of the published articles in `scope` matching `text`, best first;
    `reading` is `read(text)` where the caller has it, `how` a plan to follow instead of `plan`'s."""
    text, scope = words.normalized(text), scope or Scope()
    if connection.vendor != "postgresql":
        return _search_columns(scope, text, page)
    how = how or plan(text, edition, reading or read(text), scope)
    tsquery, snippet_tsquery = _tsquery(CONFIGURATIONS.values()), _tsquery(SNIPPET_CONFIGURATIONS.values(), "any")
    in_scope = "d.editions LIKE %(edition)s AND d.published_at <= %(now)s"
    if scope.since:
        in_scope += " AND d.published_at >= %(since)s"
    if scope.until:
        in_scope += " AND d.published_at < %(until)s"
    newest = "ORDER BY d.published_at DESC, d.article_id DESC"
    # Ordered by an expression no index holds: the words' index, then a sort (the planner, left
    # alone, walked the publish-time index for a word in 3 % of the articles: 30,000 documents
    # read out of the row for a thousand matches).
    sorted_newest = "ORDER BY d.published_at + interval '0 seconds' DESC, d.article_id DESC"
    params, filtered_sql = {}, ""
    # The filters other than dates: with few articles (a person's, a tag's) the search starts from
    # them; with many (a section), each document the walk or the index finds is asked.
    gate = "true"
    if scope.articles is not None:
        inner, inner_params = scope.articles.order_by().values("pk").query.sql_with_params()
        # The filtered articles' SQL has positional placeholders; ours are named: make them all named
        # (each "%s" in turn; an escaped "%%" stays as it is).
        numbers = iter(range(len(inner_params)))
        inner = re.sub(r"%%|%s", lambda found: found[0] if found[0] == "%%" else f"%(p{next(numbers)})s", inner)
        params |= {f"p{number}": value for number, value in enumerate(inner_params)}
        filtered_sql = f"""
            filtered AS MATERIALIZED (SELECT pk FROM ({inner}) filtered LIMIT %(few)s + 1),
            few AS MATERIALIZED (SELECT count(*) <= %(few)s AS yes FROM filtered),
            driven AS MATERIALIZED (
                SELECT d.id, d.published_at, d.article_id FROM filtered f
                JOIN search_articledocument d ON d.article_id = f.pk
                WHERE (SELECT yes FROM few) AND {in_scope} AND d.document @@ {tsquery}
                {sorted_newest} LIMIT %(candidates)s
            ),"""
        gate = "NOT (SELECT yes FROM few)"
        # Asked once per document (a subquery with LIMIT stays one): as `IN`, PostgreSQL hashed
        # every published article first, 26 ms at 100,000 for 82 matches.
        in_scope += f" AND (SELECT true FROM ({inner}) filtered WHERE filtered.pk = d.article_id LIMIT 1)"
    driven = "UNION ALL SELECT id, published_at, article_id FROM driven" if filtered_sql else ""
    # Each branch's condition is a constant or decided once: the branches not taken never start.
    sql = f"""
        WITH {filtered_sql} walked AS MATERIALIZED (
            -- The newest documents one by one, each asked whether it matches; the walk's last
            -- document stays as a marker where the walk ran its length (more are older).
            SELECT id, published_at, article_id, hit, read FROM (
                SELECT d.id, d.published_at, d.article_id, d.document @@ {tsquery} AS hit,
                    row_number() OVER () AS read
                FROM (SELECT d.id, d.published_at, d.article_id, d.document FROM search_articledocument d
                      WHERE %(walk)s AND {gate} AND {in_scope} {newest} LIMIT %(examined)s) d
            ) w
            WHERE hit OR read = %(examined)s
            LIMIT %(candidates)s + 1
        ), windowed AS MATERIALIZED (
            SELECT d.id, d.published_at, d.article_id FROM search_articledocument d
            WHERE NOT %(walk)s AND {gate} AND {in_scope} AND d.published_at >= %(window)s
                AND d.document @@ {tsquery}
            {sorted_newest} LIMIT %(candidates)s
        ), candidates AS MATERIALIZED (
            SELECT id, published_at, article_id FROM walked WHERE hit
            UNION ALL
            SELECT id, published_at, article_id FROM windowed
            UNION ALL
            (SELECT d.id, d.published_at, d.article_id FROM search_articledocument d
             WHERE NOT %(walk)s AND {gate} AND (SELECT count(*) FROM windowed) < %(candidates)s
                AND {in_scope} AND d.published_at < %(window)s AND d.document @@ {tsquery}
             {sorted_newest} LIMIT %(candidates)s)
            {driven}
        ), ranked AS (
            SELECT c.id, d.article_id, d.language, a.section_id, a.kind, row_number() OVER (
                ORDER BY ts_rank(d.document, {tsquery}, {RANK_NORMALIZATION})
                    / (1 + extract(epoch FROM %(now)s - c.published_at) / 86400 / {HALF_WEIGHT_DAYS}) DESC,
                    c.published_at DESC, d.article_id DESC
            ) AS place
            -- The newest, in the order every branch keeps (equal publish times: the article's id).
            FROM (SELECT * FROM candidates ORDER BY published_at DESC, article_id DESC LIMIT %(candidates)s) c
            -- Each by its key (a LIMIT keeps it so: joined, PostgreSQL hashed the whole table for a thousand rows).
            CROSS JOIN LATERAL (
                SELECT d.article_id, d.language, d.document FROM search_articledocument d WHERE d.id = c.id LIMIT 1
            ) d
            -- What the documents say, checked on the articles too: published, and when.
            CROSS JOIN LATERAL (
                SELECT a.section_id, a.kind FROM articles_article a
                WHERE a.id = d.article_id AND a.status = ANY(%(statuses)s) AND a.published_at <= %(now)s
                    -- Not under an embargo still to come, written as `published_q` is (see there).
                    AND a.id NOT IN (SELECT e.id FROM articles_article e WHERE e.embargo_until > %(now)s)
                LIMIT 1
            ) a
        )
        -- The page's snippets only: ts_headline reads the text it marks.
        SELECT r.article_id, r.section_id, r.kind, r.language, r.place,
            CASE WHEN r.place > %(first)s AND r.place <= %(last)s THEN (
                SELECT ts_headline({_config_case("r.language")}, {SNIPPET_SOURCE}, {snippet_tsquery}, %(options)s)
                FROM search_articledocument d CROSS JOIN LATERAL {SNIPPET_AT} AS at(p)
                WHERE d.id = r.id
            ) END,
            NULL::timestamptz
        FROM ranked r
        UNION ALL
        -- How many were ranked, and where a walk ran its length short of them, how far it read.
        SELECT NULL, NULL, NULL, NULL, (SELECT count(*) FROM candidates), NULL, (
            SELECT published_at FROM walked
            WHERE read = %(examined)s AND (SELECT count(*) FROM walked WHERE hit) < %(candidates)s
        )
    """
    first = (page - 1) * PER_PAGE
    params |= {
        "q": text,
        # The site's clock, as `published()` reads it (the database's may differ, and tests move the site's).
        "now": timezone.now(),
        "edition": f"%|{edition}|%",
        "since": scope.since,
        "until": scope.until,
        "walk": how.strategy == "walk",
        "examined": how.examined,
        "window": how.since or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        "candidates": CANDIDATES,
        "few": FEW_FILTERED,
        "statuses": list(Article.BEFORE_READERS),
        "first": first,
        "last": first + PER_PAGE,
        "options": SNIPPET_OPTIONS,
        "places": how.places,
        "any": words.any_of(text) or text,
    }
    with reading_connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    results = Results()
    page_rows = []
    for article_id, section_id, kind, language, place, snippet, examined_until in rows:
        if article_id is None:
            results.capped = place >= CANDIDATES
            if examined_until:
                results.examined, results.examined_until = how.examined, examined_until
            continue
        results.count += 1
        results.sections[section_id] = results.sections.get(section_id, 0) + 1
        results.kinds[kind] = results.kinds.get(kind, 0) + 1
        if first < place <= first + PER_PAGE:
            page_rows.append((place, Hit(article_id, snippet_html(snippet or ""), language)))
    results.pages = -(-results.count // PER_PAGE)
    results.hits = [hit for _place, hit in sorted(page_rows)]
    return results


def _search_columns(scope: Scope, text: str, page: int) -> Results:
    """SQLite: every word in a headline or standfirst, in any language; newest first."""
    articles = Article.objects.published() if scope.articles is None else scope.articles
    if scope.since:
        articles = articles.filter(published_at__gte=scope.since)
    if scope.until:
        articles = articles.filter(published_at__lt=scope.until)
    # A letter alone is in nearly every headline.
    for word in [word for word in words.wanted_words(text) if len(word) > 1][:8]:
        matches = Q()
        for name in ("headline", "standfirst"):
            for code in LANGUAGE_CODES:
                matches |= Q(**{f"{name}_{code}__icontains": word})
        articles = articles.filter(matches)
    rows = list(articles.order_by("-published_at", "-pk").values_list("pk", "section_id", "kind")[:CANDIDATES])
    results = Results(count=len(rows), capped=len(rows) >= CANDIDATES, pages=-(-len(rows) // PER_PAGE))
    for _pk, section_id, kind in rows:
        results.sections[section_id] = results.sections.get(section_id, 0) + 1
        results.kinds[kind] = results.kinds.get(kind, 0) + 1
    first = (page - 1) * PER_PAGE
    results.hits = [Hit(pk) for pk, _section, _kind in rows[first : first + PER_PAGE]]
    return results


def named_entities(reading: Reading) -> list:
    """The published organizations, people and places the query names (`read`): by a name or
    short name in any language, or a person by family name; accents and case do not matter."""
    return _load(reading.named)


def _load(found) -> list:
    models = {"organization": Organization, "person": Person, "place": Place}
    by_kind = {}
    for kind, pk in found:
        by_kind.setdefault(kind, []).append(pk)
    entities = []
    for kind, pks in by_kind.items():
        loaded = models[kind].objects.published().in_bulk(pks)
        entities += [loaded[pk] for pk in pks if pk in loaded]
    return entities


def _named_in_python(candidates: list[str]) -> list:
    wanted = {words.folded(name) for name in candidates}
    found = []
    for kind, model, fields in (
        ("organization", Organization, [f"{n}_{c}" for n in ("name", "short_name") for c in LANGUAGE_CODES]),
        ("person", Person, ["name"]),
        ("place", Place, [f"name_{c}" for c in LANGUAGE_CODES]),
    ):
        for row in model.objects.published().values("pk", *fields):
            names = {words.folded(row[f] or "") for f in fields}
            if kind == "person":
                names |= {name.split()[-1] for name in names if name.split()}
            if names & wanted:
                found.append((kind, row["pk"]))
    return found[:9]


def did_you_mean(text: str, edition: str) -> str:
    """The query with each word the site does not know replaced by the likeliest known word like
    it (trigram similarity over `Word`) that finds a published article in the reader's edition
    now; empty where there is nothing better to propose."""
    if connection.vendor != "postgresql":
        return ""
    typed = [word for word in words.wanted_words(text) if len(word) >= 4]
    if not typed:
        return ""
    finds = " || ".join(f"plainto_tsquery('{config}', w.word)" for config in CONFIGURATIONS.values())
    with reading_connection().cursor() as cursor:
        cursor.execute(
            f"""
            SELECT typed, proposal FROM unnest(%(typed)s::text[]) AS typed
            CROSS JOIN LATERAL (SELECT lower(unaccent(typed)) AS plain) p
            CROSS JOIN LATERAL (
                SELECT w.word AS proposal FROM (
                    SELECT word, frequency, similarity(word, p.plain) AS likeness FROM search_word
                    WHERE word %% p.plain
                    ORDER BY likeness DESC, frequency DESC, word
                    LIMIT 5
                ) w
                -- A word of a headline since changed, or of an article taken down, finds nothing now.
                WHERE EXISTS (
                    SELECT 1 FROM search_articledocument d JOIN articles_article a ON a.id = d.article_id
                    WHERE d.editions LIKE %(edition)s AND d.published_at <= %(now)s AND d.document @@ ({finds})
                        AND a.status = 'published' AND a.published_at <= %(now)s
                        AND a.id NOT IN (SELECT e.id FROM articles_article e WHERE e.embargo_until > %(now)s)
                )
                ORDER BY w.likeness DESC, w.frequency DESC, w.word
                LIMIT 1
            ) best
            WHERE NOT EXISTS (SELECT 1 FROM search_word WHERE word = p.plain)
            """,
            {"typed": typed, "edition": f"%|{edition}|%", "now": timezone.now()},
        )
        proposals = dict(cursor.fetchall())
    if not proposals:
        return ""
    corrected = text
    for typed_word, proposal in proposals.items():
        # The word itself, not the same letters inside a longer word.
        # Written as the reader wrote the word: "Aguascalintes" → "Aguascalientes".
        shown = proposal.capitalize() if typed_word[:1].isupper() else proposal
        corrected = re.sub(rf"(?<!\w){re.escape(typed_word)}(?!\w)", shown, corrected, count=1)
    return corrected if corrected != text else ""
