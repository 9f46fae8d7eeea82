"""PostgreSQL's text search configurations for the site's two languages.

`newsroom_german`: every word loses its accents and umlauts ("Wärme" → warme, as a reader
without a German keyboard types it); words the German dictionary knows then go through it, which
reduces them to their base form and splits compounds into their parts ("Automobilzulieferer" →
automobil, zulieferer, auto, mobil); words it does not know (names, Spanish places) are stemmed
by Snowball's German stemmer. The dictionary is made from Debian's hunspell-de-de by
`deploy/postgresql/german_compound_dictionary.py`; where it is not installed, the configuration
is accents off and the Snowball stemmer alone: stemming, no compounds.

`newsroom_english`: accents off, then Snowball's English stemmer.

The documents store vectors, not the configurations' names: a configuration can be made again
(`manage.py search_configuration --install`) without touching a table; documents built before
the dictionary came need `manage.py rebuild_search` to split their compounds.
"""

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

CONFIGURATIONS = {"de": "newsroom_german", "en": "newsroom_english"}
# For the snippets: ts_headline parses the text it marks, and the German dictionary made that
# 7 ms an article of 3 KB (a page of 20: 140 ms); stemming alone takes a fifth of it. Compound parts
# are not marked in a snippet (the article is found by them all the same).
SNIPPET_CONFIGURATIONS = {"de": "newsroom_german_stemmed", "en": "newsroom_english"}
COMPOUND_DICTIONARY = "newsroom_german_compound"
# The parser's token types that are words (not numbers, URLs or e-mail addresses).
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
# The text of sanitized rich text (`newsroom.richtext`): its tags out, the entities it writes decoded.
PLAIN_TEXT_FUNCTION = r"""
CREATE OR REPLACE FUNCTION newsroom_plain_text(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
    replace(replace(replace(replace(replace(replace(replace(
      regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
      '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#x27;', ''''), '&#39;', ''''), '&amp;', '&'),
    '\s+', ' ', 'g'))
$$
"""


def configuration_for(language: str) -> str:
    return CONFIGURATIONS.get(language, CONFIGURATIONS["en"])


def _execute(cursor, statements: list[str]) -> None:
    for statement in statements:
        cursor.execute(statement)


def _compound_dictionary(cursor) -> bool:
    """Whether the German dictionary exists and its files are on the server (it reads them when a
    connection first uses it)."""
    try:
        with transaction.atomic(using=cursor.db.alias):
            cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [COMPOUND_DICTIONARY])
            if cursor.fetchone() is None:
                cursor.execute(
                    f"CREATE TEXT SEARCH DICTIONARY {COMPOUND_DICTIONARY} "
                    "(TEMPLATE = ispell, DictFile = newsroom_german, AffFile = newsroom_german, StopWords = german)"
                )
            cursor.execute(f"SELECT ts_lexize('{COMPOUND_DICTIONARY}', 'zulieferer')")
    except DatabaseError as error:
        logger.warning("German search without compounds: %s", str(error).splitlines()[0])
        return False
    return True


def _configure(cursor, name: str, copy: str, chain: str) -> None:
    """Made once and changed in place after: its id stays, which the statements that connections
    have prepared with it hold (made again, they failed until the connections were renewed)."""
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {copy})")
    cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {WORD_TOKENS} WITH {chain}")


def install(connection) -> bool:
    """Make or bring up to date the extensions and the configurations; whether German splits compounds."""
    if connection.vendor != "postgresql":
        return False
    # In one transaction: searches running meanwhile keep the old mappings until it commits.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _execute(
            cursor,
            ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm", PLAIN_TEXT_FUNCTION],
        )
        compounds = _compound_dictionary(cursor)
        # Accents off first: the dictionary is written without them (see the script), so that
        # "Warmebehandlung" and "Wärmebehandlung" are one word to the search.
        german_chain = f"unaccent, {COMPOUND_DICTIONARY}, german_stem" if compounds else "unaccent, german_stem"
        _configure(cursor, "newsroom_german", "german", german_chain)
        _configure(cursor, "newsroom_german_stemmed", "german", "unaccent, german_stem")
        _configure(cursor, "newsroom_english", "english", "unaccent, english_stem")
    return compounds


def splits_compounds(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT EXISTS (
                SELECT 1 FROM pg_ts_config_map m
                JOIN pg_ts_config c ON c.oid = m.mapcfg
                JOIN pg_ts_dict d ON d.oid = m.mapdict
                WHERE c.cfgname = 'newsroom_german' AND d.dictname = %s
            )
            """,
            [COMPOUND_DICTIONARY],
        )
        return cursor.fetchone()[0]
