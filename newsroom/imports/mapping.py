"""A ninjs document read into what an article is made of, or refused with every reason, each naming
the field: the editor who reads the report, or the agency's developer who reads the API's answer,
must be able to find what to fix.

ninjs 2.0–2.2 and 3.0–3.1 are read (3.x's camelCase names are read back into 2.x's, so the rest
of the import knows one set of names); each is checked against the IPTC's schema of its major
version (2.2 or 3.1, shipped in newsroom/syndication/schemas/). The body is scanned for what no
sanitizer should be trusted to make harmless — script, style, frames, plug-ins, event handlers,
`javascript:` links — and refused if it holds any, rather than imported with parts silently gone;
whatever else it holds is then sanitized as an editor's text is.
"""

import datetime
import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext, gettext_noop

from newsroom.articles.models import Article
from newsroom.images.models import DigitalSourceType
from newsroom.syndication import validation
from newsroom.syndication.ninjs import AI_TEXT, RENAMED_IN_3
from newsroom.translations.models import LANGUAGE_CODES

READ_BACK_FROM_3 = {new: old for old, new in RENAMED_IN_3.items()}
SCHEMA_OF = {"2": "2.2", "3": "3.1"}
READABLE_VERSIONS = ("2.0", "2.1", "2.2", "3.0", "3.1")
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta", "form"}
)
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data"})
DANGEROUS_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
# Our own export puts an interview's questions and answers after the body; read back into its parts.
INTERVIEW = re.compile(r'<dl class="interview">(.*?)</dl>\s*$', re.DOTALL)
EXCHANGE = re.compile(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", re.DOTALL)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# The codes the labels read (newsroom/images): an enhancement by an algorithm counts as an edit with AI.
SOURCE_TYPES = {
    "trainedAlgorithmicMedia": DigitalSourceType.GENERATED_BY_AI,
    "compositeWithTrainedAlgorithmicMedia": DigitalSourceType.EDITED_WITH_AI,
    "algorithmicallyEnhanced": DigitalSourceType.EDITED_WITH_AI,
}
# The limits of the article's own fields: longer text is cut at a word and the report says so.
LIMITS = {"headline": 250, "lead_image_alt": 250, "lead_image_caption": 300, "lead_image_credit": 150}


class Problem:
    """What the report says of one field. Kept in every language of the site, since the editor who
    reads the log may read another language than the agency whose request was refused. `message` is
    a message id (marked with `gettext_noop`) with its `params`; a ValidationError; or a text with
    no translation (a schema validator's)."""

    def __init__(self, field: str, message, params: dict | None = None):
        self.field = field
        self.messages = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                if isinstance(message, ValidationError):
                    self.messages[code] = " ".join(message.messages)
                elif params is None:
                    self.messages[code] = gettext(message)
                else:
                    self.messages[code] = gettext(message) % {
                        k: str(v) if isinstance(v, Promise) else v for k, v in params.items()
                    }

    @property
    def message(self) -> str:
        return shown(self.messages)

    def as_dict(self) -> dict:
        return {"field": self.field, "message": self.messages}


def shown(messages) -> str:
    """A stored message in the active language (or the site's, or any)."""
    if isinstance(messages, str):
        return messages
    return (
        messages.get(translation.get_language())
        or messages.get(settings.LANGUAGE_CODE)
        or next(iter(messages.values()), "")
    )


class Refused(Exception):
    def __init__(self, problems: list[Problem], document: dict | None = None):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems, self.document = problems, document


@dataclass
class Named:
    """An organisation, person, place, event, section or tag the document names."""

    name: str
    uri: str
    where: str
    # ninjs' free-text identifier: an agency may put an LEI there.
    literal: str = ""


@dataclass
class Picture:
    href: str
    credit: str
    caption: str
    alt: str
    origin: str  # an IPTC digital source type code (newsroom/images), blank for a person's photo

    @property
    def texts(self) -> dict[str, str]:
        """The image's translated texts, by field."""
        return {"alt": self.alt, "caption": self.caption, "credit": self.credit}


@dataclass
class Incoming:
    """What an article is made of, read from one document in one language."""

    document: dict
    uri: str
    version: str
    versioncreated: datetime.datetime | None
    language: str
    work_id: str
    site_url: str
    translation_of: list[str]
    headline: str
    standfirst: str
    body: str
    exchanges: list[tuple[str, str]]
    corrections: list[tuple[str, str]]
    kind: str
    bylines: list[str]
    section: Named | None
    series: Named | None
    tags: list[Named]
    organisations: list[Named]
    people: list[Named]
    places: list[Named]
    events: list[Named]
    dateline: str
    is_reported_by_ai: bool
    picture: Picture | None
    embargoed: datetime.datetime | None
    notes: list[Problem] = field(default_factory=list)

    @property
    def texts(self) -> dict[str, str]:
        """The article's translated texts, by field."""
        return {"headline": self.headline, "standfirst": self.standfirst, "body": self.body}


def read(raw) -> Incoming:
    """`raw` (bytes, text or an already parsed object) as an article's parts, or `Refused`."""
    document = _parsed(raw)
    version = _version(document)
    problems = [Problem(path, message) for path, message in validation.problems(document, SCHEMA_OF[version[0]])]
    if version[0] == "3":
        document = _read_back(document)
    problems += _checked(document)
    if problems:
        raise Refused(problems, document)
    return _incoming(document)


def _parsed(raw) -> dict:
    if isinstance(raw, dict):
        return raw
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > settings.IMPORT_MAX_DOCUMENT_BYTES:
        raise Refused(
            [
                Problem(
                    "(document)",
                    gettext_noop("The document is %(size)d bytes; at most %(limit)d are accepted."),
                    {"size": size, "limit": settings.IMPORT_MAX_DOCUMENT_BYTES},
                )
            ]
        )
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused([Problem("(document)", gettext_noop("This is not JSON: %(error)s"), {"error": error})]) from None
    if not isinstance(document, dict):
        raise Refused([Problem("(document)", gettext_noop("A ninjs document is a JSON object."))])
    return document


def _version(document: dict) -> str:
    standard = document.get("standard")
    stated = standard.get("version") if isinstance(standard, dict) else None
    if stated is None:
        # No standard named: 3.x writes its names in camelCase.
        return "3.1" if any(key in READ_BACK_FROM_3 for key in document) else "2.2"
    if stated not in READABLE_VERSIONS:
        raise Refused(
            [
                Problem(
                    "standard.version",
                    gettext_noop("ninjs %(version)s cannot be read here; versions %(versions)s can."),
                    {"version": stated, "versions": ", ".join(READABLE_VERSIONS)},
                )
            ],
            document,
        )
    return stated


def _read_back(item):
    if isinstance(item, list):
        return [_read_back(value) for value in item]
    if not isinstance(item, dict):
        return item
    return {READ_BACK_FROM_3.get(key, key): _read_back(value) for key, value in item.items()}


def _checked(document: dict) -> list[Problem]:
    """What the schema allows and an article cannot be."""
    problems = []
    if document.get("type", "text") != "text":
        problems.append(
            Problem(
                "type",
                gettext_noop("Only text items become articles; this one is “%(type)s”."),
                {"type": document["type"]},
            )
        )
    if document.get("pubstatus") == "canceled":
        problems.append(Problem("pubstatus", gettext_noop("The document is canceled: there is nothing to import.")))
    language = language_code(document.get("language"))
    if not document.get("language"):
        problems.append(Problem("language", gettext_noop("The document names no language.")))
    elif language is None:
        problems.append(
            Problem(
                "language",
                gettext_noop("“%(language)s” is not a language of this site; it has %(languages)s."),
                {"language": document["language"], "languages": ", ".join(LANGUAGE_CODES)},
            )
        )
    if not _headline(document):
        problems.append(Problem("headlines", gettext_noop("The document has no headline.")))
    for number, body in enumerate(document.get("bodies") or []):
        value = body.get("value") or ""
        where = f"bodies[{number}].value"
        if len(value) > settings.IMPORT_MAX_BODY_CHARS:
            problems.append(
                Problem(
                    where,
                    gettext_noop("The body is %(length)d characters long; at most %(limit)d are accepted."),
                    {"length": len(value), "limit": settings.IMPORT_MAX_BODY_CHARS},
                )
            )
        elif body.get("contenttype", "text/html") == "text/html":
            problems += [Problem(where, message, params) for message, params in dangers(value)]
    return problems


def dangers(markup: str) -> list[tuple[str, dict]]:
    """What in `markup` runs or loads something in a reader's browser, each said once: (message, params)."""
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    found = []
    for said in scanner.found:
        if said not in found:
            found.append(said)
    return found


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(
                (gettext_noop("It contains a <%(element)s> element, which is not accepted."), {"element": tag})
            )
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(
                    (
                        gettext_noop(
                            "A <%(element)s> element has an event handler (%(attribute)s), which is not accepted."
                        ),
                        {"element": tag, "attribute": name},
                    )
                )
            elif name in LINK_ATTRIBUTES and (
                found := DANGEROUS_SCHEMES.match(re.sub(r"[\s\x00-\x1f]", "", value or ""))
            ):
                # Browsers ignore blanks and control characters inside a scheme ("java\tscript:").
                self.found.append(
                    (
                        gettext_noop("A <%(element)s> element links to a %(scheme)s address, which is not accepted."),
                        {"element": tag, "scheme": found[0].lower()},
                    )
                )

    handle_startendtag = handle_starttag


def language_code(value) -> str | None:
    if not isinstance(value, str):
        return None
    primary = value.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGE_CODES else None


def _headline(document: dict) -> str:
    headlines = document.get("headlines") or []
    main = [h.get("value", "") for h in headlines if h.get("role") in (None, "main")]
    return " ".join(((main or [h.get("value", "") for h in headlines] or [""])[0]).split())


def _incoming(document: dict) -> Incoming:
    notes = []
    body, exchanges = _body(document)
    descriptions = document.get("descriptions") or []
    standfirst = next((d.get("value", "") for d in descriptions if d.get("role") in (None, "summary")), "")
    subjects = document.get("subjects") or []
    incoming = Incoming(
        document=document,
        uri=document["uri"],
        version=str(document.get("version", "")),
        versioncreated=_moment(document.get("versioncreated")),
        language=language_code(document["language"]),
        work_id=_altid(document, "work"),
        site_url=_altid(document, "url"),
        translation_of=[
            a["uri"]
            for a in document.get("associations") or []
            if a.get("uri") and (a.get("name") == "translation-of" or a.get("rel") == "translationOf")
        ],
        headline=_cut(_headline(document), "headline", "headlines[0].value", notes),
        standfirst=strip_tags(standfirst).strip(),
        body=body,
        exchanges=exchanges,
        corrections=[
            (d["role"], html.unescape(strip_tags(d.get("value", ""))).strip())
            for d in descriptions
            if d.get("role") in ("correction", "update") and d.get("value")
        ],
        kind=_kind(document),
        bylines=_bylines(document),
        section=_first(_named(subjects, "subjects", rel="section")),
        series=_first(_named(subjects, "subjects", rel="series")),
        tags=_named(subjects, "subjects", rel="tag"),
        organisations=_named(document.get("organisations") or [], "organisations"),
        people=_named([p for p in document.get("people") or [] if p.get("rel") != "author"], "people"),
        places=_named(document.get("places") or [], "places"),
        events=_named(document.get("events") or [], "events"),
        dateline=(document.get("located") or "").strip(),
        is_reported_by_ai=(document.get("digitalsourcetype") or {}).get("uri") == AI_TEXT,
        picture=_picture(document, notes),
        embargoed=_moment(document.get("embargoed")),
        notes=notes,
    )
    return incoming


def _body(document: dict) -> tuple[str, list[tuple[str, str]]]:
    bodies = document.get("bodies") or []
    body = next((b for b in bodies if b.get("role") in (None, "main")), bodies[0] if bodies else {})
    value = body.get("value") or ""
    if body.get("contenttype", "text/html") != "text/html":
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join(f"<p>{escape(p)}</p>" for p in paragraphs), []
    exchanges = []
    if found := INTERVIEW.search(value):
        exchanges = [(_plain(question), _paragraphs(answer)) for question, answer in EXCHANGE.findall(found[1])]
        value = value[: found.start()]
    return value, exchanges


def _plain(markup: str) -> str:
    return html.unescape(strip_tags(markup)).strip()


def _paragraphs(markup: str) -> str:
    """An answer as the page's `linebreaks` made it, back into its plain text."""
    found = PARAGRAPH.findall(markup) or [markup]
    return "\n\n".join(_plain(p.replace("<br>", "\n")) for p in found)


def _altid(document: dict, role: str) -> str:
    return next((a.get("value", "") for a in document.get("altids") or [] if a.get("role") == role), "")


def _moment(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _kind(document: dict) -> str:
    candidates = [document.get("profile"), *((g.get("literal") or "") for g in document.get("genres") or [])]
    return next((c for c in candidates if c in Article.Kind.values), Article.Kind.NEWS)


def _bylines(document: dict) -> list[str]:
    """`by` ("Ana Ruiz, Jon Doe and Eva Roth"), else the people the document says wrote it."""
    by = document.get("by") or ""
    if by:
        names = re.split(r",\s*|\s+(?:and|und|y|&)\s+", by.strip())
        return [name.strip() for name in names if name.strip()]
    return [p["name"] for p in document.get("people") or [] if p.get("rel") == "author" and p.get("name")]


def _named(entries: list, where: str, *, rel: str | None = None) -> list[Named]:
    return [
        Named(
            name=" ".join(entry["name"].split()),
            uri=entry.get("uri", ""),
            where=f"{where}[{number}]",
            literal=entry.get("literal", ""),
        )
        for number, entry in enumerate(entries)
        if entry.get("name") and (rel is None or entry.get("rel") == rel)
    ]


def _first(found: list):
    return found[0] if found else None


# Renditions named for a crop (ours, and Superdesk's and other systems' usual names).
CROPPED_RENDITIONS = frozenset({"social", "thumbnail", "thumb", "square", "card"})


def _picture(document: dict, notes: list[Problem]) -> Picture | None:
    for number, association in enumerate(document.get("associations") or []):
        if association.get("name") != "leadimage" and association.get("type") != "picture":
            continue
        renditions = [r for r in association.get("renditions") or [] if r.get("href")]
        if not renditions:
            continue
        # The original, else the widest of those in the picture's own framing: a crop made for link
        # previews or lists (our `social`, 1.91:1; a thumbnail) only where nothing else is offered.
        framed = [r for r in renditions if r.get("name") not in CROPPED_RENDITIONS] or renditions
        chosen = next((r for r in renditions if r.get("name") == "original"), None) or max(
            framed, key=lambda r: r.get("width") or 0
        )
        descriptions = {d.get("role"): d.get("value", "") for d in association.get("descriptions") or []}
        where = f"associations[{number}]"
        source = (association.get("digitalsourcetype") or {}).get("uri", "").rsplit("/", 1)[-1]
        return Picture(
            href=chosen["href"],
            credit=_cut(association.get("by") or "", "lead_image_credit", f"{where}.by", notes),
            caption=_cut(_plain(descriptions.get("caption", "")), "lead_image_caption", f"{where}.descriptions", notes),
            alt=_cut(_plain(descriptions.get("alt", "")), "lead_image_alt", f"{where}.descriptions", notes),
            origin=SOURCE_TYPES.get(source, DigitalSourceType.MADE_BY_A_PERSON),
        )
    return None


def _cut(text: str, name: str, where: str, notes: list[Problem]) -> str:
    limit = LIMITS[name]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    notes.append(
        Problem(
            where,
            gettext_noop(
                "Shortened to %(limit)d characters, the most the article's field holds; the rest is left out."
            ),
            {"limit": limit},
        )
    )
    return cut
