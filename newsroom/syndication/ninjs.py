"""An article as a ninjs document (IPTC's News in JSON), the format agencies and their clients
exchange: version 2.2, and 3.1 by renaming (`to_v3`). One document per article and language, in
that language by the reader's rule: a language the article is not readable in has no document.

What ties a translation to its original, which no other CMS says in ninjs: every language's
document carries the same `altids` "work" id (the article), and `associations` name the other
languages' documents — the original lists its translations, a translation its original.

Links are absolute: `base_url` is the site's scheme and host (an API request's, or SITE_URL).
Drafts, scheduled and unpublished articles are not this module's to refuse: its callers ask
`Article.objects.published()` as every public surface does.
"""

import datetime
import re
from urllib.parse import urljoin

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from newsroom.articles.models import Article
from newsroom.identifiers import Identified, wikidata_uri
from newsroom.ids import stable_uri
from newsroom.images import renditions
from newsroom.images.sharing import shared_picture

# href="/…" and src="/…", not "//host/…".
SITE_LINK = re.compile(r'\b(href|src)="/(?!/)')
VERSION = "2.2"
sanitize_body = Article._meta.get_field("body").sanitize
STANDARD = {"name": "ninjs", "version": VERSION, "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"}
AI_TEXT = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
# 2.x → 3.x: the properties 3.0 wrote in camelCase (the rest are the same).
RENAMED_IN_3 = {
    "altids": "altIds",
    "firstcreated": "firstCreated",
    "versioncreated": "versionCreated",
    "contentcreated": "contentCreated",
    "pubstatus": "pubStatus",
    "representationtype": "representationType",
    "copyrightholder": "copyrightHolder",
    "copyrightnotice": "copyrightNotice",
    "usageterms": "usageTerms",
    "digitalsourcetype": "digitalSourceType",
    "contenttype": "contentType",
    "trustindicators": "trustIndicators",
    "ednote": "edNote",
    "embargoed": "embargoedUntil",
    "infosources": "infoSources",
    "rightsinfo": "rightsInfo",
    "linkedrights": "linkedRights",
    "charcount": "charCount",
    "wordcount": "wordCount",
    # A place's point, and an organisation's ticker: 3.x's `symbols` have `symbol` where 2.2 has `ticker`.
    "geojson": "geoJSON",
    "ticker": "symbol",
}


def timestamp(value) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document(article, language: str, base_url: str) -> dict:
    """The ninjs 2.2 document of `article` in `language`, which it must be readable in."""
    if not article.is_readable_in(language):
        raise ValueError(f"article {article.pk} is not readable in {language}")
    base_url = base_url.rstrip("/")
    with translation.override(language):
        text = article.text
        corrections = [c for c in article.corrections.all() if c.published_at <= timezone.now()]
        # Sanitized again on the way out, as the page's `rich_text` filter does: stored text is never trusted.
        # The interview's questions and answers after it are escaped as they are made.
        body = absolute_links(
            sanitize_body(text.body or "") + _interview(article, language) + _live_updates(article, language), base_url
        )
        item = {
            "uri": stable_uri("article", article.pk, language),
            "standard": STANDARD,
            "type": "text",
            "representationtype": "full",
            "profile": article.kind,
            "version": version(article, corrections, article.live_updates.all() if article.is_live else ()),
            "firstcreated": timestamp(article.published_at),
            "versioncreated": timestamp(max([article.published_at, *(c.published_at for c in corrections)])),
            "pubstatus": "usable",
            "language": language,
            "headlines": [{"role": "main", "value": text.headline}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": body,
                    "charcount": len(strip_tags(body)),
                    "wordcount": len(strip_tags(body).split()),
                }
            ],
            "altids": [
                {"role": "work", "value": stable_uri("article", article.pk)},
                {"role": "url", "value": base_url + article.url_in(language)},
            ],
            "copyrightholder": settings.SITE_NAME,
        }
        if text.standfirst:
            item["descriptions"] = [{"role": "summary", "value": text.standfirst}]
        item["descriptions"] = item.get("descriptions", []) + [
            _correction(correction, language) for correction in corrections
        ]
        if not item["descriptions"]:
            del item["descriptions"]
        authors = article.byline_authors()
        if authors:
            item["by"] = ", ".join(author.display_name for author in authors)
        item |= _entities(article, base_url)
        item["subjects"] = [
            {"name": str(article.section), "rel": "section", "uri": base_url + article.section.get_absolute_url()},
            *(
                [{"name": str(article.series), "rel": "series", "uri": base_url + article.series.get_absolute_url()}]
                if article.series
                else []
            ),
            *({"name": str(tag), "rel": "tag", "uri": base_url + tag.get_absolute_url()} for tag in article.tags.all()),
        ]
        if article.dateline and article.dateline.is_published:
            item["located"] = article.dateline.text.name
        if article.is_reported_by_ai:
            item["digitalsourcetype"] = {"uri": AI_TEXT, "name": "Reported by AI"}
        if indicators := trust_indicators(article, base_url):
            item["trustindicators"] = indicators
        # Each named: the name says what it is to this document.
        associations = [{"name": name, **value} for name, value in _translations(article, language).items()]
        if image := lead_image_association(article, base_url):
            associations.append({"name": "leadimage", **image})
        if associations:
            item["associations"] = associations
    return item


def version(article, corrections, live_updates=()) -> str:
    """Changes whenever what readers get changes: a save, a correction note appearing, a live update
    posted or edited."""
    changed = max(
        [
            article.updated_at,
            *(correction.published_at for correction in corrections),
            *(update.updated_at for update in live_updates),
        ]
    )
    return str(int(changed.timestamp()))


def _correction(correction, language: str) -> dict:
    """A shown note, in the document's language or, not translated yet, in the original, marked so."""
    text, written_in = correction.text_for(language)
    if written_in == language:
        return {"role": correction.kind, "contenttype": "text/plain", "value": text}
    return {
        "role": correction.kind,
        "contenttype": "text/html",
        "value": format_html('<p lang="{}">{}</p>', written_in, text),
    }


def stub(article, language: str) -> dict:
    """What partners who sync learn of an article taken down: its document, canceled, with no text
    (the text may be why it went)."""
    return {
        "uri": stable_uri("article", article.pk, language),
        "standard": STANDARD,
        "type": "text",
        "representationtype": "partial",
        "version": str(int(article.updated_at.timestamp())),
        "versioncreated": timestamp(article.updated_at),
        "pubstatus": "canceled",
        "language": language,
    }


def absolute_links(html: str, base_url: str) -> str:
    """The body's links and images to the site's own pages with its scheme and host: a partner's
    page is elsewhere."""
    return SITE_LINK.sub(lambda found: f'{found[1]}="{base_url}/', html)


def _interview(article, language: str) -> str:
    """An interview's questions and answers after the body, as the page shows them (an article is
    readable in a language only with all of them translated)."""
    rows = "".join(
        format_html(
            "<dt>{}</dt><dd>{}</dd>",
            texts["question"],
            # Escaped, its paragraphs kept: as the page's `linebreaks` filter shows it.
            linebreaks_filter(texts["answer"], autoescape=True),
        )
        for texts in (exchange.text_in(language) for exchange in article.exchanges.all())
    )
    return f'<dl class="interview">{rows}</dl>' if rows else ""


def _live_updates(article, language: str) -> str:
    """A live article's updates after the body, newest first as on its page, each in `language`
    where it is translated and in its original (marked with `lang`) meanwhile: a new update is a
    new version of the document, announced as `updated`."""
    if not article.is_live:
        return ""
    items = []
    for update in article.live_updates.all():
        headline, body, text_language = update.text_for(language)
        items.append(
            format_html(
                '<section class="live-update" id="{}"{}><p><time datetime="{}">{}</time></p>{}{}</section>',
                update.anchor,
                format_html(' lang="{}"', text_language) if text_language != language else "",
                timestamp(update.posted_at),
                timestamp(update.posted_at),
                format_html("<h3>{}</h3>", headline) if headline else "",
                mark_safe(sanitize_body(body)),  # noqa: S308 - sanitized just now
            )
        )
    return "".join(items)


def trust_indicators(article, base_url: str) -> list[dict]:
    """How the article was made, as its page says it, each pointing to the page that explains it."""
    labels = base_url + reverse("articles:ai-labels")
    found = []
    if article.is_fact_checked:
        found.append(("fact-checked", gettext("Fact checked")))
    if article.is_reported_by_ai:
        found.append(("reported-by-ai", gettext("Reported by AI")))
    if article.is_image_generated_by_ai:
        found.append(("image-generated-by-ai", gettext("Image generated by AI")))
    if article.is_image_edited_with_ai:
        found.append(("image-edited-with-ai", gettext("Image edited with AI")))
    return [{"role": f"{labels}#{anchor}", "title": str(title), "href": labels} for anchor, title in found]


def _entities(article, base_url: str) -> dict:
    """The published organizations, people, places and events the article is about, each named by
    its Wikidata item where it has one (the identifier partners' systems share), else by its page;
    an organisation's share by ticker and exchange (MIC), a place's point as GeoJSON."""
    found = {}
    for key, related in (
        ("organisations", "organizations"),
        ("people", "people"),
        ("places", "places"),
        ("events", "events"),
    ):
        entities = [entity for entity in getattr(article, related).all() if entity.is_published]
        if entities:
            found[key] = [_entity(entity, base_url) for entity in entities]
    return found


def _entity(entity, base_url: str) -> dict:
    item = {"name": str(entity), "rel": "about", "uri": base_url + entity.get_absolute_url()}
    if not isinstance(entity, Identified):
        return item
    if entity.wikidata:
        item["uri"] = wikidata_uri(entity.wikidata)
    if getattr(entity, "ticker", None) and entity.exchange:
        item["symbols"] = [{"ticker": entity.ticker, "exchange": entity.exchange}]
    if getattr(entity, "has_coordinates", False):
        # GeoJSON's order: longitude first.
        item["geojson"] = {"type": "Point", "coordinates": [float(entity.longitude), float(entity.latitude)]}
    return item


def _translations(article, language: str) -> dict:
    """The other languages' documents: the original names its translations, a translation its original."""
    if language == article.original_language:
        others = [code for code in article.readable_languages if code != language]
        return {f"translation-{code}": _reference(article, code) for code in others}
    return {"translation-of": _reference(article, article.original_language)}


def _reference(article, language: str) -> dict:
    with translation.override(language):
        headline = article.text.headline
    return {
        "uri": stable_uri("article", article.pk, language),
        "type": "text",
        "representationtype": "partial",
        "language": language,
        "headlines": [{"role": "main", "value": headline}],
    }


def lead_image_association(article, base_url: str) -> dict | None:
    """The lead image as ninjs shows a picture: its `social` rendition and its `lead` widths,
    credit, copyright, licence, caption, alt text and how it was made, in the language the document
    is in (the caller's), by the image's own reader rule. None where there is none, or its licence
    ended (`Article.shown_image`): the next version of the document has no picture."""
    image = article.shown_image
    picture = shared_picture(image)
    if picture is None:
        return None
    text = image.text
    rendition = {
        "name": "social",
        # MEDIA_URL may be another host's (a bucket, a CDN): then it is absolute already.
        "href": urljoin(f"{base_url}/", picture.url),
        "contenttype": picture.media_type,
    }
    # Sizes as measured on upload; an image stored before that has none.
    if picture.width and picture.height:
        rendition |= {"width": picture.width, "height": picture.height}
    # Then the picture in the photographer's framing, each width as JPEG: what a partner prints or
    # imports (our import takes the widest), where `social` is a crop for link previews.
    framed = [
        {
            "name": f"lead-{planned.width}",
            "href": urljoin(f"{base_url}/", renditions.url_of(image, planned.name)),
            "contenttype": planned.media_type,
            "width": planned.width,
            "height": planned.height,
        }
        for planned in renditions.of_spec(image, "lead")
        if planned.format == "JPEG"
    ]
    association = {
        "uri": stable_uri("article-image", article.pk),
        "type": "picture",
        "representationtype": "partial",
        "renditions": [rendition, *framed],
    }
    caption = article.lead_image_caption_in(article.text)
    rights = {
        "by": text.credit,
        "copyrightholder": image.copyright_holder,
        "copyrightnotice": image.copyright_notice,
        "usageterms": image.usage_terms,
    }
    association |= {name: value for name, value in rights.items() if value}
    if image.licence_url:
        association["rightsinfo"] = {"linkedrights": image.licence_url}
    descriptions = [
        {"role": role, "value": value} for role, value in (("caption", caption), ("alt", text.alt)) if value
    ]
    if descriptions:
        association["descriptions"] = descriptions
    if source := image.digital_source_type_uri:
        association["digitalsourcetype"] = {"uri": source}
    return association


def to_v3(item):
    """The same document in ninjs 3.1: the renamed properties, the standard named anew."""
    if isinstance(item, list):
        return [to_v3(value) for value in item]
    if not isinstance(item, dict):
        return item
    converted = {RENAMED_IN_3.get(key, key): to_v3(value) for key, value in item.items()}
    if "standard" in converted:
        converted["standard"] = {
            "name": "ninjs",
            "version": "3.1",
            "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
        }
    return converted
