"""Building the search documents: one statement per language for any number of articles.

The documents are made in PostgreSQL from the articles' columns (`rebuild`), so that one path
serves an editor's save, a translator's release, an organization's new name (every article that
names it) and the whole archive (`manage.py rebuild_search`). `receivers.py` says which changes
call it; it runs when their transaction commits, once per article however many signals it sent.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.pagecache import keys

from .configuration import configuration_for

logger = logging.getLogger(__name__)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
BATCH = 2000
STALE_BATCH = 200
# The first key of the advisory locks a rebuild holds on its articles (the second is the id).
ADVISORY_LOCK = 16
_draining = threading.Lock()


def marker(code: str) -> str:
    return f"|{code}|"


def _editions_sql(language: str) -> str:
    """The editions whose readers get `language` of the article: that language's own where the
    article is readable in it, and every other edition the article is not readable in, where
    `language` is the original (the reader's rule); none while the article is not before readers
    (a draft, one taken down), whose publish time may have passed."""
    parts = [
        f"CASE WHEN a.original_language = '{language}' OR strpos(a.readable_in, '{marker(language)}') > 0 "
        f"THEN '{marker(language)}' ELSE '' END"
    ]
    for edition in LANGUAGE_CODES:
        if edition != language:
            parts.append(
                f"CASE WHEN a.original_language = '{language}' AND strpos(a.readable_in, '{marker(edition)}') = 0 "
                f"THEN '{marker(edition)}' ELSE '' END"
            )
    # Only an article before readers has readers: the search of an edition needs to ask no article
    # whether it is published (the editors' search reads every document, whatever its editions).
    statuses = ", ".join(f"'{status}'" for status in Article.BEFORE_READERS)
    return f"CASE WHEN a.status IN ({statuses}) THEN concat({', '.join(parts)}) ELSE '' END"


def _names_sql() -> str:
    """The names, in every language, of the article's published organizations, people and places
    and of its tags."""

    def names(table, through, column, columns, published=True):
        joined = " || ' ' || ".join(f"coalesce(e.{c}, '')" for c in columns)
        condition = " AND e.is_published" if published else ""
        return (
            f"(SELECT string_agg({joined}, ' ') FROM {through} t JOIN {table} e ON e.id = t.{column} "
            f"WHERE t.article_id = a.id{condition})"
        )

    localized = lambda *fields: [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]  # noqa: E731
    return (
        "concat_ws(' ', "
        + ", ".join(
            [
                names(
                    "organizations_organization",
                    "articles_article_organizations",
                    "organization_id",
                    localized("name", "short_name"),
                ),
                names("people_person", "articles_article_people", "person_id", ["name"]),
                names("places_place", "articles_article_places", "place_id", localized("name")),
                names("articles_tag", "articles_article_tags", "tag_id", localized("name"), published=False),
            ]
        )
        + ")"
    )


def _insert_sql(language: str) -> str:
    config = configuration_for(language)
    body = f"newsroom_plain_text(a.body_{language})"
    exchanges = (
        f"(SELECT string_agg(x.question_{language} || ' ' || x.answer_{language}, ' ') "
        "FROM articles_interviewexchange x WHERE x.article_id = a.id)"
    )
    corrections = (
        f"(SELECT string_agg(c.text_{language}, ' ') FROM articles_correction c "
        "WHERE c.article_id = a.id AND c.published_at <= %(now)s)"
    )
    return f"""
        INSERT INTO search_articledocument (article_id, language, editions, published_at, document, text)
        SELECT a.id, '{language}', {_editions_sql(language)}, a.published_at,
            setweight(to_tsvector('{config}', coalesce(a.headline_{language}, '')), 'A')
            || setweight(to_tsvector('{config}', coalesce(a.standfirst_{language}, '')), 'B')
            || setweight(to_tsvector('{config}', {_names_sql()}), 'B')
            || setweight(to_tsvector('{config}', concat_ws(' ', {body}, {exchanges})), 'C')
            || setweight(to_tsvector('{config}', coalesce({corrections}, '')), 'D'),
            concat_ws(' ', {body}, {exchanges})
        FROM articles_article a
        WHERE a.id = ANY(%(ids)s) AND (a.original_language = '{language}' OR a.headline_{language} <> '')
    """


def _words_sql() -> str:
    """Every word of four letters or more of the headlines, standfirsts and names of published
    articles, for "Did you mean" (a draft's words would tell readers what is coming)."""
    # Each language's texts only where readers get that language of the article.
    texts = " || ' ' || ".join(
        [
            f"CASE WHEN a.original_language = '{code}' OR strpos(a.readable_in, '{marker(code)}') > 0 "
            f"THEN concat_ws(' ', a.headline_{code}, a.standfirst_{code}) ELSE '' END"
            for code in LANGUAGE_CODES
        ]
        + [f"coalesce({_names_sql()}, '')"]
    )
    return f"""
        INSERT INTO search_word (word, frequency)
        SELECT word, count(*) FROM (
            SELECT DISTINCT a.id, word
            FROM articles_article a,
                regexp_split_to_table(lower(unaccent({texts})), '[^[:alpha:]]+') AS word
            WHERE a.id = ANY(%(ids)s) AND a.status = 'published' AND a.published_at <= %(now)s
                -- Not under an embargo still to come, written as `published_q` is (see there).
                AND a.id NOT IN (SELECT e.id FROM articles_article e WHERE e.embargo_until > %(now)s)
                AND length(word) BETWEEN 4 AND 60
        ) words
        GROUP BY word
        -- In one order: two rebuilds at once then lock the words they share in the same order (no deadlock).
        ORDER BY word
        ON CONFLICT (word) DO UPDATE SET frequency = search_word.frequency + EXCLUDED.frequency
    """


def is_searchable() -> bool:
    return connection.vendor == "postgresql"


def rebuild(article_ids) -> None:
    """Make the documents of these articles from what they are now (none for a deleted one)."""
    ids = sorted({int(pk) for pk in article_ids})
    if not ids or not is_searchable():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            # The site's clock, not the database's: "published" means what `published()` means.
            chunk = {"ids": ids[start : start + BATCH], "now": timezone.now()}
            # Two rebuilds of one article at once (an editor's save, the background's drain): the
            # second waits for the first, in id order, and then sees its rows to replace.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%(lock)s, id::int) "
                "FROM (SELECT unnest(%(ids)s::bigint[]) AS id ORDER BY 1) ids",
                {**chunk, "lock": ADVISORY_LOCK},
            )
            cursor.execute("DELETE FROM search_articledocument WHERE article_id = ANY(%(ids)s)", chunk)
            for language in LANGUAGE_CODES:
                cursor.execute(_insert_sql(language), chunk)
            cursor.execute(_words_sql(), chunk)


def rebuild_range(first: int, last: int, progress=None) -> int:
    """The documents of the articles with ids from `first` to `last`, a batch per transaction."""
    done, after = 0, first - 1
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM articles_article WHERE id > %s AND id <= %s ORDER BY id LIMIT %s", [after, last, BATCH]
            )
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return done
        rebuild(ids)
        done, after = done + len(ids), ids[-1]
        if progress:
            progress(len(ids))


def id_ranges(parts: int) -> list[tuple[int, int]]:
    """The articles' ids cut into `parts` ranges of about as many articles each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), max(id) FROM (SELECT id, ntile(%s) OVER (ORDER BY id) AS part FROM articles_article) t "
            "GROUP BY part ORDER BY part",
            [parts],
        )
        return cursor.fetchall()


def forget_words() -> None:
    with connection.cursor() as cursor:
        # Counted afresh: a rebuild of one article adds its words' counts again.
        cursor.execute("TRUNCATE search_word")


def rebuild_stale() -> int:
    """Rebuild the articles noted as stale, a batch per transaction, until none is left; how many.
    Processes may drain at once: each takes the rows no other holds. A row noted again while its
    batch was rebuilt (a second rename) stays for the next round."""
    if not is_searchable():
        return 0
    done = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT article_id, noted_at FROM search_stalearticle ORDER BY article_id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                [STALE_BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            rebuild([pk for pk, _noted in rows])
            cursor.execute(
                "DELETE FROM search_stalearticle s USING unnest(%s::bigint[], %s::timestamptz[]) AS r(id, noted) "
                "WHERE s.article_id = r.id AND s.noted_at = r.noted",
                [[pk for pk, _noted in rows], [noted for _pk, noted in rows]],
            )
            # Pages searched while these waited showed the old documents.
            keys.invalidate(keys.SEARCH_KEY)
        done += len(rows)


def note_stale(ids) -> None:
    """Noted again where noted already: the drain then keeps the row for another round."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_stalearticle (article_id, noted_at) SELECT id, clock_timestamp() "
            "FROM unnest(%s::bigint[]) AS id ORDER BY id "
            "ON CONFLICT (article_id) DO UPDATE SET noted_at = EXCLUDED.noted_at",
            [sorted(ids)],
        )


def drain_in_background() -> None:
    """`rebuild_stale` in a thread of this process, after the response (one thread at a time)."""
    if not _draining.acquire(blocking=False):
        return

    def work():
        try:
            while True:
                try:
                    rebuild_stale()
                except DatabaseError:
                    # Left in the table: the next change's thread or `rebuild_search --stale` takes them.
                    logger.exception("Search documents left stale")
                    return
                finally:
                    _draining.release()
                # A change that committed after the last look found the thread still running.
                if not _stale_left() or not _draining.acquire(blocking=False):
                    return
        finally:
            connection.close()

    threading.Thread(target=work, name="search-rebuild", daemon=True).start()


def _stale_left() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_stalearticle)")
        return cursor.fetchone()[0]
