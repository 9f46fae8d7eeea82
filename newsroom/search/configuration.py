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


def _create_compound_dictionary(cursor) -> bool:
    """Whether the German dictionary's files are on the server (the dictionary reads them at once)."""
    try:
        with transaction.atomic(using=cursor.db.alias):
            cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {COMPOUND_DICTIONARY} CASCADE")
            cursor.execute(
                f"CREATE TEXT SEARCH DICTIONARY {COMPOUND_DICTIONARY} "
                "(TEMPLATE = ispell, DictFile = newsroom_german, AffFile = newsroom_german, StopWords = german)"
            )
            cursor.execute(f"SELECT ts_lexize('{COMPOUND_DICTIONARY}', 'Zulieferer')")
    except DatabaseError as error:
        logger.warning("German search without compounds: %s", str(error).splitlines()[0])
        return False
    return True


def install(connection) -> bool:
    """Create (again) the extensions and both configurations; whether German splits compounds."""
    if connection.vendor != "postgresql":
        return False
    # In one transaction: searches running meanwhile keep the old configurations until it commits.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _execute(
            cursor,
            ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm", PLAIN_TEXT_FUNCTION],
        )
        for name in {*CONFIGURATIONS.values(), *SNIPPET_CONFIGURATIONS.values()}:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        compounds = _create_compound_dictionary(cursor)
        # Accents off first: the dictionary is written without them (see the script), so that
        # "Warmebehandlung" and "Wärmebehandlung" are one word to the search.
        german_chain = f"unaccent, {COMPOUND_DICTIONARY}, german_stem" if compounds else "unaccent, german_stem"
        _execute(
            cursor,
            [
                "CREATE TEXT SEARCH CONFIGURATION newsroom_german (COPY = german)",
                f"ALTER TEXT SEARCH CONFIGURATION newsroom_german ALTER MAPPING FOR {WORD_TOKENS} WITH {german_chain}",
                "CREATE TEXT SEARCH CONFIGURATION newsroom_german_stemmed (COPY = german)",
                f"ALTER TEXT SEARCH CONFIGURATION newsroom_german_stemmed ALTER MAPPING FOR {WORD_TOKENS} "
                "WITH unaccent, german_stem",
                "CREATE TEXT SEARCH CONFIGURATION newsroom_english (COPY = english)",
                f"ALTER TEXT SEARCH CONFIGURATION newsroom_english ALTER MAPPING FOR {WORD_TOKENS} "
                "WITH unaccent, english_stem",
            ],
        )
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
