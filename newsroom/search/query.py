"""A reader's search words: what PostgreSQL is asked, and what the page says back.

The words are read as web search engines read them (`websearch_to_tsquery`): "quoted words" as a
phrase, -word to leave out, `or` between alternatives; every other character is text, never
syntax, so no input makes a query fail. They are read in both languages' configurations and
either may match: a reader of the German edition who types an English word finds the articles
only published in English, and names match in both.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery

from .configuration import CONFIGURATIONS

MAX_LENGTH = 200
# The words of the query that name something (not left out with "-"), for entity names and "Did you mean".
WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*", re.UNICODE)
LONGEST_NAME = 4  # words
NUMBER_OR_WORD = re.compile(r"[^\W_]", re.UNICODE)


# Typographic quotation marks, as phones, word processors and German readers type them: a phrase too.
QUOTES = str.maketrans(dict.fromkeys("“”„‟«»‹›‚‘’‛❝❞", '"'))


def normalized(text: str) -> str:
    return text.translate(QUOTES).strip()


def tsquery(text: str) -> SearchQuery:
    text = normalized(text)
    configs = list(CONFIGURATIONS.values())
    combined = SearchQuery(text, search_type="websearch", config=configs[0])
    for config in configs[1:]:
        combined |= SearchQuery(text, search_type="websearch", config=config)
    return combined


def wanted_words(text: str) -> list[str]:
    """The words in the order typed, without those after a minus and the `or` keyword."""
    kept = []
    for token in text.split():
        if token.startswith("-") or token.lower() == "or":
            continue
        kept += WORD.findall(token)
    return kept


# A word or a number, as the text search's parser takes it apart.
TERM = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Typed:
    word: str
    left_out: bool = False
    # The number of the quoted phrase the word is in, counted from 1; 0 outside quotes.
    phrase: int = 0


def typed_words(text: str) -> list[Typed]:
    """Every word and number as websearch_to_tsquery reads them: left out after a minus (a
    phrase too, `-"gas park"`), in a phrase between quotation marks; without the `or` keyword."""
    typed, parts = [], normalized(text).split('"')
    for number, part in enumerate(parts):
        if number % 2:
            phrase = (number + 1) // 2
            before = parts[number - 1].split()
            left_out = bool(before) and before[-1] == "-"
            typed += [Typed(word, left_out, phrase) for word in TERM.findall(part)]
            continue
        for token in part.split():
            if token.lower() != "or":
                typed += [Typed(word, token.startswith("-"), 0) for word in TERM.findall(token)]
    return typed


def has_alternatives(text: str) -> bool:
    """Whether any one of the words is enough (`or` between them, outside quotes) rather than all."""
    return any(token.lower() == "or" for part in normalized(text).split('"')[::2] for token in part.split())


def any_of(text: str) -> str:
    """The query's wanted words and phrases with `or` between them: what a snippet marks, each
    where it is (with every word required, a passage without all of them would mark none)."""
    typed = [word for word in typed_words(text) if not word.left_out]
    pieces = [word.word for word in typed if not word.phrase]
    for phrase in sorted({word.phrase for word in typed if word.phrase}):
        pieces.append('"' + " ".join(word.word for word in typed if word.phrase == phrase) + '"')
    return " or ".join(pieces)


def name_candidates(text: str) -> list[str]:
    """Every run of one to four consecutive words: the names the query may contain."""
    words = wanted_words(text)
    return [
        " ".join(words[start : start + size])
        for size in range(1, LONGEST_NAME + 1)
        for start in range(0, len(words) - size + 1)
    ]


def folded(text: str) -> str:
    """Lower case without accents (close to PostgreSQL's unaccent, for SQLite and for comparing)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def has_words(text: str) -> bool:
    """Whether there is anything to search for: a word or a number ("737")."""
    return any(
        NUMBER_OR_WORD.search(token) for token in text.split() if not token.startswith("-") and token.lower() != "or"
    )
