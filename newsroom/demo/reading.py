"""The demo's content files (newsroom/demo/content/*.toml), read and checked.

Each file holds one or more kinds of object as TOML arrays of tables (`[[articles]]`); which file
holds which kind is free. A mistake in a file is a CommandError naming the file and the key, so
whoever edits the demo sees where, not a traceback.
"""

import re
import tomllib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from newsroom.translations.models import LANGUAGE_CODES

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# The keys each kind's entries may have (the command says which it needs).
KINDS = {
    "sections": ("slug", "name", "description"),
    "series": ("slug", "name", "section", "description"),
    "tags": ("slug", "name"),
    "authors": ("slug", "display_name", "account", "job_title", "bio"),
    "places": (
        *("slug", "name", "kind", "parent", "description", "same_in_every_language"),
        *("wikidata", "geonames", "latitude", "longitude"),
    ),
    "organizations": (
        *("slug", "name", "kind", "parent", "member_of", "places", "short_name", "description"),
        *("same_in_every_language", "wikidata", "lei", "ticker", "exchange", "website"),
    ),
    "people": ("slug", "name", "organization", "position", "bio"),
    "events": (
        *("slug", "title", "status", "start_date", "end_date", "start_time", "end_time", "time_zone"),
        *("places", "organizers", "participants", "people", "description"),
    ),
    "articles": (
        *("slug", "headline", "kind", "section", "series", "status", "published", "is_featured"),
        *("original_language", "authors", "dateline", "interviewee", "is_reported_by_ai", "image_source_type"),
        *("fact_checked_by", "organizations", "people", "places", "events", "tags", "related"),
        *("standfirst", "body", "image_caption", "exchanges", "embargo", "embargo_conditions"),
    ),
    "corrections": ("article", "kind", "after", "text"),
    # A live article (`[[live_articles]]`, an article's keys and `closed`, a time "ago" or left
    # out while it runs) and its updates, each `after` its publish time.
    "live_articles": (
        *("slug", "headline", "kind", "section", "series", "status", "published", "is_featured"),
        *("original_language", "authors", "dateline", "interviewee", "is_reported_by_ai", "image_source_type"),
        *("fact_checked_by", "organizations", "people", "places", "events", "tags", "related"),
        *("standfirst", "body", "image_caption", "exchanges", "closed"),
    ),
    "live_updates": ("article", "after", "headline", "body", "pinned"),
    "editorial_history": ("article", "writer", "steps"),
    "outdated_translation": ("article", "field", "earlier"),
    "planned_stories": (
        *("working_title", "original_language", "languages", "section", "reporter", "translator"),
        *("day", "time", "status", "events", "article", "notes"),
    ),
}
# Written as one table (`[outdated_translation]`) rather than an array of them (`[[articles]]`).
SINGLE = {"outdated_translation"}
# Arrays of tables inside an entry (`[[articles.exchanges]]`), and their keys. Any other table in
# an entry is a translated text, with a key per language.
ROWS = {
    "exchanges": ("question", "answer"),
    "steps": ("by", "from", "to", "comment"),
}
# Lengths of time as written in the files: "1 day 3 hours", "20 hours", "2 days 30 minutes".
DURATION = re.compile(r"\d+ (?:day|hour|minute)s?(?: \d+ (?:day|hour|minute)s?)*")
PART = re.compile(r"(\d+) (day|hour|minute)")


class Entry(dict):
    """A table of a content file that knows where it was written: a key it lacks is a CommandError."""

    def __init__(self, values: dict, where: str):
        super().__init__(values)
        self.where = where

    def __missing__(self, key):
        raise CommandError(f"{self.where}: no {key!r}.")

    def error(self, key: str, problem: str) -> CommandError:
        return CommandError(f"{self.where}, {key}: {problem}")


def read_content() -> Entry:
    """Every kind of demo content, from all the files in CONTENT_DIR."""
    content = Entry({}, where=shown(CONTENT_DIR))
    found_in = {}
    for path in sorted(CONTENT_DIR.glob("*.toml")):
        try:
            with path.open("rb") as file:
                data = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise CommandError(f"{shown(path)}: {error}.") from None
        for kind, value in data.items():
            if kind not in KINDS:
                raise CommandError(f"{shown(path)}: {kind!r} is not a kind of demo content ({', '.join(KINDS)}).")
            if kind in found_in:
                raise CommandError(f"{shown(path)}: {kind!r} is in {found_in[kind]} too.")
            found_in[kind] = shown(path)
            if kind in SINGLE:
                content[kind] = entry(value, f"{shown(path)}, [{kind}]", KINDS[kind])
            elif isinstance(value, list):
                content[kind] = [
                    entry(item, f"{shown(path)}, [[{kind}]] #{number}{slug_of(item)}", KINDS[kind])
                    for number, item in enumerate(value, start=1)
                ]
            else:
                raise CommandError(f"{shown(path)}: {kind!r} is to be an array of tables, [[{kind}]].")
    return content


def entry(values, where: str, keys: tuple[str, ...]) -> Entry:
    """`values`, a table, checked for keys it may not have; the tables inside it are entries too."""
    if not isinstance(values, dict):
        raise CommandError(f"{where}: is to be a table.")
    for key in values:
        if key not in keys:
            raise CommandError(f"{where}: unknown key {key!r} (known: {', '.join(keys)}).")
    checked = {}
    for key, value in values.items():
        if key in ROWS:
            if not isinstance(value, list):
                raise CommandError(f"{where}, {key}: is to be an array of tables.")
            checked[key] = [entry(row, f"{where}, {key} #{number}", ROWS[key]) for number, row in enumerate(value, 1)]
        elif isinstance(value, dict):
            checked[key] = entry(value, f"{where}, {key}", LANGUAGE_CODES)
        else:
            checked[key] = value
    return Entry(checked, where)


def shown(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else str(path)


def slug_of(item) -> str:
    return f" {item['slug']!r}" if isinstance(item, dict) and isinstance(item.get("slug"), str) else ""


def duration(item: Entry, key: str) -> timedelta:
    """`after = "1 day 3 hours"`: days, hours and minutes."""
    text = item[key]
    if isinstance(text, str) and DURATION.fullmatch(text):
        return length(text)
    raise item.error(key, f'{text!r} is not a length of time such as "1 day 3 hours".')


def from_now(item: Entry, key: str) -> timedelta:
    """`published = "2 days 3 hours ago"`, or `"in 3 days 2 hours"` for a time to come."""
    text = item[key]
    if isinstance(text, str):
        if text.endswith(" ago") and DURATION.fullmatch(text.removesuffix(" ago")):
            return -length(text.removesuffix(" ago"))
        if text.startswith("in ") and DURATION.fullmatch(text.removeprefix("in ")):
            return length(text.removeprefix("in "))
    raise item.error(key, f'{text!r} is not a time such as "2 days 3 hours ago" or "in 3 days".')


def length(text: str) -> timedelta:
    return sum((timedelta(**{f"{unit}s": int(number)}) for number, unit in PART.findall(text)), timedelta())


def text(item: Entry, key: str, *, required: bool = True) -> tuple[str, str]:
    """A translated text, `key.en` and `key.de`, as (english, german); a German left out is empty,
    and so is a text that is not `required` and left out."""
    if not required and key not in item:
        return "", ""
    texts = item[key]
    if not isinstance(texts, Entry):
        raise item.error(key, f'is to be a translated text, `{key}.en = "…"` and `{key}.de = "…"`.')
    english, german = texts["en"], texts.get("de", "")
    for language, value in (("en", english), ("de", german)):
        if not isinstance(value, str):
            raise texts.error(language, "is to be a text.")
    return english, german


def same_in_every_language(item: Entry) -> str:
    """`same_in_every_language = ["name"]`: the texts that are proper nouns, as the model keeps them."""
    names = item["same_in_every_language"] if "same_in_every_language" in item else []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise item.error("same_in_every_language", 'is to be a list of fields, e.g. ["name"].')
    return " ".join(names)


def pick(objects: dict, item: Entry, key: str, *, required: bool = False) -> list:
    """The objects an entry names under `key`, a list of slugs; none if it is not `required` and left out."""
    slugs = item[key] if required or key in item else []
    if not isinstance(slugs, list):
        raise item.error(key, "is to be a list of slugs.")
    return [found(objects, item, key, slug) for slug in slugs]


def one(objects: dict, item: Entry, key: str, *, required: bool = True):
    """The object an entry names under `key`; None if it is not `required` and left out."""
    if not required and key not in item:
        return None
    return found(objects, item, key, item[key])


def found(objects: dict, item: Entry, key: str, slug):
    try:
        return objects[slug]
    except (KeyError, TypeError):
        raise item.error(key, f"{slug!r} names nothing loaded so far (misspelt, or listed further down?).") from None
