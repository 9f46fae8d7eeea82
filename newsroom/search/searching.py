"""One search: the matching articles ranked, their snippets, counts, entities and "Did you mean".

PostgreSQL: the newest `CANDIDATES` matches of the reader's edition (`ArticleDocument.read_in`)
that pass the list's filters are ranked by relevance (`ts_rank`, headline above standfirst and
names above body) weighed with their age, in one query that also makes the snippets of the
page's articles (`ts_headline`). A common word matches much of the archive: ranking every match
would read every matching document, so the newest matches are ranked, and the counts per section
and kind are counts among them (the page says so when the cap is reached). SQLite: words matched
in headlines and standfirsts, newest first.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES

from . import query as words
from .configuration import CONFIGURATIONS, SNIPPET_CONFIGURATIONS

CANDIDATES = 1000
PER_PAGE = 20
# A story a quarter old counts half as much as one from today, among equal matches.
HALF_WEIGHT_DAYS = 90
# ts_rank's normalization 1: divided by 1 + the logarithm of the document's length, so that a
# long body does not outrank a headline.
RANK_NORMALIZATION = 1
START, STOP = "\x02", "\x03"
SNIPPET_OPTIONS = f"MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=' … ', StartSel={START}, StopSel={STOP}"
# Long bodies are cut for the snippet: ts_headline reads the whole text it is given. The marks'
# characters are taken out of the text, where they would open a mark that never closes.
SNIPPET_SOURCE = "translate(left(text, 8000), chr(2) || chr(3), '')"
# "Did you mean" only for a search that found nothing: a word that finds articles is a word the
# site knows, even where the list of words (headlines, standfirsts, names) lacks it.
SUGGEST_BELOW = 1  # results
# A query with a word in at least this share of the documents walks them newest first.
COMMON_SHARE = 0.2
# A person's last word of name: readers search "Sheinbaum" for Claudia Sheinbaum.
FAMILY_NAME = r"substring(e.name from '(\S+)$')"


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


def _config_case(column: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in SNIPPET_CONFIGURATIONS.items())
    return f"CASE {column} {cases} END"


def snippet_html(raw: str) -> SafeString:
    """ts_headline's text with its marks, escaped; empty where the body did not match."""
    if START not in raw:
        return mark_safe("")  # noqa: S308 - empty
    return mark_safe(escape(raw).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def search_articles(articles, text: str, edition: str, page: int) -> Results:
    """The `page`th page of the published `articles` (a filtered queryset) matching `text`."""
    text = words.normalized(text)
    if connection.vendor != "postgresql":
        return _search_columns(articles, text, page)
    inner, inner_params = articles.order_by().values("pk").query.sql_with_params()
    tsquery = "(" + " || ".join(f"websearch_to_tsquery('{config}', %(q)s)" for config in CONFIGURATIONS.values()) + ")"
    query_words = " || ".join(f"to_tsvector('{config}', %(q)s)" for config in CONFIGURATIONS.values())
    snippet_tsquery = (
        "("
        + " || ".join(f"websearch_to_tsquery('{config}', %(q)s)" for config in SNIPPET_CONFIGURATIONS.values())
        + ")"
    )
    # The newest matches first, from the documents' own publish time; then only these are read
    # whole, to be ranked. Two ways to find them, one chosen when the query runs (the other branch
    # never starts): for a word in most articles, walking the documents newest first finds a
    # thousand matches within a few thousand rows; for any other, the word's index and a sort of
    # what it finds. The planner, left alone, walked for a word in 3 % of articles (its cost does
    # not count reading each document out of the row): 30,000 documents read for a thousand.
    # The filtered articles asked once per matching document (a subquery with LIMIT stays one):
    # as `IN`, PostgreSQL hashed every published article first, 26 ms at 100,000 for 82 matches.
    condition = f"""
        d.editions LIKE %(edition)s AND d.document @@ {tsquery} AND d.published_at <= %(now)s
        AND (SELECT true FROM ({inner}) filtered WHERE filtered.pk = d.article_id LIMIT 1)
    """
    sql = f"""
        WITH common AS MATERIALIZED (
            -- The largest share of documents holding one of the query's words, in either
            -- language's form, from ANALYZE's most common words (a word not among them is rare).
            SELECT coalesce(max(s.share), 0) > {COMMON_SHARE} AS is_common
            FROM unnest(tsvector_to_array({query_words})) AS word
            LEFT JOIN (
                SELECT element, share FROM pg_stats,
                    unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(element, share)
                WHERE schemaname = current_schema() AND tablename = 'search_articledocument'
                    AND attname = 'document'
            ) s ON s.element = word
        ), candidates AS MATERIALIZED (
            (SELECT d.id, d.published_at FROM search_articledocument d
             WHERE (SELECT is_common FROM common) AND {condition}
             ORDER BY d.published_at DESC, d.article_id DESC
             LIMIT %(candidates)s)
            UNION ALL
            -- Ordered by an expression no index holds: the word's index, then a sort.
            (SELECT d.id, d.published_at FROM search_articledocument d
             WHERE NOT (SELECT is_common FROM common) AND {condition}
             ORDER BY d.published_at + interval '0 seconds' DESC, d.article_id DESC
             LIMIT %(candidates)s)
        ), ranked AS (
            SELECT d.article_id, d.language, d.text, a.section_id, a.kind, row_number() OVER (
                ORDER BY ts_rank(d.document, {tsquery}, {RANK_NORMALIZATION})
                    / (1 + extract(epoch FROM %(now)s - c.published_at) / 86400 / {HALF_WEIGHT_DAYS}) DESC,
                    c.published_at DESC, d.article_id DESC
            ) AS place
            FROM candidates c
            JOIN search_articledocument d ON d.id = c.id
            JOIN articles_article a ON a.id = d.article_id
        )
        SELECT article_id, section_id, kind, language, place,
            CASE WHEN place > %(first)s AND place <= %(last)s
                THEN ts_headline({_config_case("language")}, {SNIPPET_SOURCE}, {snippet_tsquery},
                                 %(options)s)
            END
        FROM ranked
    """
    first = (page - 1) * PER_PAGE
    params = {
        "q": text,
        # The site's clock, as `published()` reads it (the database's may differ, and tests move the site's).
        "now": timezone.now(),
        "edition": f"%|{edition}|%",
        "candidates": CANDIDATES,
        "first": first,
        "last": first + PER_PAGE,
        "options": SNIPPET_OPTIONS,
    }
    # The filtered articles' SQL has positional placeholders; ours are named: make them all named.
    for number, value in enumerate(inner_params):
        params[f"p{number}"] = value
    sql = sql.replace(inner, inner % tuple(f"%(p{number})s" for number in range(len(inner_params))))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    results = Results(count=len(rows), capped=len(rows) >= CANDIDATES, pages=-(-len(rows) // PER_PAGE))
    page_rows = []
    for article_id, section_id, kind, language, place, snippet in rows:
        results.sections[section_id] = results.sections.get(section_id, 0) + 1
        results.kinds[kind] = results.kinds.get(kind, 0) + 1
        if first < place <= first + PER_PAGE:
            page_rows.append((place, Hit(article_id, snippet_html(snippet or ""), language)))
    results.hits = [hit for _place, hit in sorted(page_rows)]
    return results


def _search_columns(articles, text: str, page: int) -> Results:
    """SQLite: every word in a headline or standfirst, in any language; newest first."""
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


def named_entities(text: str) -> list:
    """The published organizations, people and places the query names: by a name or short name in
    any language, or a person by family name; accents and case do not matter."""
    candidates = words.name_candidates(text)
    if not candidates:
        return []
    if connection.vendor != "postgresql":
        return _named_entities_in_python(candidates)

    def any_of(*columns):
        return " OR ".join(f"lower(unaccent(coalesce({column}, ''))) = ANY(names)" for column in columns)

    def localized(*fields):
        return [f"{name}_{code}" for name in fields for code in LANGUAGE_CODES]

    sql = f"""
        WITH input AS (SELECT array_agg(lower(unaccent(n))) AS names FROM unnest(%s::text[]) n)
        (SELECT 'organization', e.id FROM organizations_organization e, input
            WHERE e.is_published AND ({any_of(*localized("name", "short_name"))}) LIMIT 3)
        UNION ALL
        (SELECT 'person', e.id FROM people_person e, input
            WHERE e.is_published AND ({any_of("e.name", FAMILY_NAME)}) LIMIT 3)
        UNION ALL
        (SELECT 'place', e.id FROM places_place e, input
            WHERE e.is_published AND ({any_of(*localized("name"))}) LIMIT 3)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [candidates])
        found = cursor.fetchall()
    return _load(found)


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


def _named_entities_in_python(candidates: list[str]) -> list:
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
    return _load(found[:9])


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
    with connection.cursor() as cursor:
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
