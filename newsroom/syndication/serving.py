"""The articles of the content API: their stored ninjs documents (no rendering per request), chosen
by asking readers' visibility live, so that an article unpublished a second ago is gone although
its document is still to be reconciled by the worker.

A list takes the site's own article filters (`ArticleFilter`: section, kind, organization, person,
place with the places within it, event, tag, author, dates) plus `since` (documents new or changed
since), newest published first, a page after a signed keyset cursor (the newest-first index answers
page 1 and page 5,000 alike).
"""

import datetime
import hashlib
import json

from django.core import signing
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from newsroom.articles.filters import ArticleFilter
from newsroom.articles.models import Article
from newsroom.ids import stable_uri
from newsroom.places.models import Place

from . import documents, ninjs
from .models import PublishedDocument
from .responses import invalid_parameter, language_for, not_found, site_address

PROFILES = {
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}
ASKED_VERSIONS = {"2": "2.2", "2.2": "2.2", "3": "3.1", "3.1": "3.1"}
CURSOR_SALT = "api.articles.cursor"
# The filters naming an entity, by the article's relation to it.
ENTITY_FILTERS = {
    "organization": "organizations",
    "person": "people",
    "place": "places",
    "event": "events",
    "tag": "tags",
    "author": "authors",
}
FEW = 5000
MAX_ID = 2**63 - 1

router = Router(tags=["articles"])


class ArticleList(Schema):
    items: list[dict] = Field(description="ninjs documents (2.2, or 3.1 when asked for), newest published first.")
    next: str | None = Field(description="The next page's address, or null on the last page.")


class ArticleFilters(Schema):
    section: int | None = Field(None, description="A section's id.")
    kind: str | None = Field(None, description="news, interview, analysis, …")
    organization: int | None = None
    person: int | None = None
    place: int | None = Field(None, description="A place's id: articles there or in a place within it.")
    event: int | None = None
    tag: int | None = None
    author: int | None = None
    date_from: datetime.date | None = Field(None, description="Published on this day or later.")
    date_to: datetime.date | None = Field(None, description="Published on this day or earlier.")


@router.get(
    "/",
    response=ArticleList,
    operation_id="list_articles",
    url_name="articles-list",
    summary="List the published articles in a language as ninjs documents",
)
def article_list(
    request,
    language: str,
    filters: Query[ArticleFilters],
    since: datetime.datetime | None = Query(None, description="Only documents new or changed since then."),  # noqa: B008 - ninja reads it
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = None,
    version: str | None = Query(None, description="2 (the default) or 3: the ninjs version."),
) -> HttpResponse:
    language = language_for(request.auth, language)
    wanted = ninjs_version(request)
    chosen = ArticleFilter(
        {name: value for name, value in filters.dict().items() if value is not None},
        queryset=Article.objects.published().readable_in(language),
    )
    if not chosen.is_valid():
        name, errors = next(iter(chosen.errors.items()))
        raise invalid_parameter(name, " ".join(errors))
    found = chosen.qs
    if since is not None:
        since = since if timezone.is_aware(since) else timezone.make_aware(since, datetime.UTC)
        found = found.filter(published_documents__language=language, published_documents__version_created_at__gte=since)
    if cursor:
        published_at, pk = decode_cursor(language, cursor)
        # The plain bound lets the index start at the cursor instead of filtering row by row.
        found = found.filter(published_at__lte=published_at).filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
        )
    rows = None
    if _names_few_articles(chosen.form.cleaned_data):
        # An entity in few articles (an organization in 1,296 of a million) is answered from its
        # articles: the newest-first index walked 32,000 rows (230 ms) to find twenty of them.
        rows = sorted(
            found.order_by().values_list("pk", "published_at"), key=lambda row: (row[1], row[0]), reverse=True
        )
        rows = rows[: limit + 1]
    if rows is None:
        rows = list(found.order_by("-published_at", "-pk").values_list("pk", "published_at")[: limit + 1])
    page = rows[:limit]
    stored = dict(
        PublishedDocument.objects.visible()
        .filter(article_id__in=[pk for pk, _at in page], language=language)
        .values_list("article_id", "document")
    )
    next_url = None
    if len(rows) > limit:
        query = request.GET.copy()
        query["cursor"] = encode_cursor(language, *page[-1])
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    site = site_address(request)
    # An article published a moment ago whose document is still to be made waits for the next look.
    texts = [in_version(stored[pk], wanted, site) for pk, _at in page if pk in stored]
    body = f'{{"items":[{",".join(texts)}],"next":{json.dumps(next_url)}}}'
    response = ninjs_response(body, wanted)
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


@router.get(
    "/{id}/{language}",
    response={200: dict, 410: dict},
    operation_id="get_article",
    url_name="articles-detail",
    summary="One published article in a language as a ninjs document; 410 with a canceled stub once it "
    "has left readers",
)
def article_detail(
    request,
    id: int,
    language: str,
    version: str | None = Query(None, description="2 (the default) or 3: the ninjs version."),
) -> HttpResponse:
    language = language_for(request.auth, language)
    wanted = ninjs_version(request)
    row = PublishedDocument.objects.filter(article_id=id, language=language).first() if 0 < id <= MAX_ID else None
    live = row is not None and Article.objects.published().readable_in(language).filter(pk=id).exists()
    if row is None or row.first_created_at is None or (live and not row.is_visible):
        # Never before readers (a draft's id answers as an unknown one), or back before them a
        # moment ago with its document still to come.
        raise not_found()
    if live:
        response = ninjs_response(in_version(row.document, wanted, site_address(request)), wanted)
        response["ETag"] = f'"{id}-{language}-{row.version}-{wanted}"'
        response["Last-Modified"] = http_date(row.version_created_at.timestamp())
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(row.version_created_at.timestamp()), response=response
        )
    # Left readers: the stub stored, or the one the worker is about to store.
    stub = row.document if not row.is_visible else documents.canonical(_stub(row))
    return ninjs_response(in_version(stub, wanted, site_address(request)), wanted, status=410)


def _names_few_articles(chosen: dict) -> bool:
    """Whether an entity the list is filtered by is linked to at most FEW articles, counted on the
    relation's own index (one query, ~1 ms), whatever their state."""
    for name, relation in ENTITY_FILTERS.items():
        entity = chosen.get(name)
        if entity is None:
            continue
        field = Article._meta.get_field(relation)
        column = field.m2m_reverse_name()
        ids = Place.objects.ids_within(entity) if name == "place" else [entity.pk]
        links = field.remote_field.through.objects.filter(**{f"{column}__in": ids})
        return links[: FEW + 1].count() <= FEW
    return False


def ninjs_version(request) -> str:
    """`?version=3` (or 2), else the profile an `Accept` header names, else 2.2."""
    asked = request.GET.get("version")
    if asked is not None:
        if asked not in ASKED_VERSIONS:
            raise invalid_parameter(
                "version", _("ninjs %(version)s is not served; ask for 2 or 3.") % {"version": asked[:20]}
            )
        return ASKED_VERSIONS[asked]
    accept = request.headers.get("Accept", "")
    return "3.1" if "ninjs-schema_3" in accept else "2.2"


def ninjs_response(body: str, version: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        body, status=status, content_type=f'application/json; charset=utf-8; profile="{PROFILES[version]}"'
    )
    response["Vary"] = "Accept, Accept-Language, Authorization"
    # A partner's copy is checked each time (ETag): never kept by a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def in_version(text: str, version: str, site: str) -> str:
    text = documents.on_site(text, site)
    return text if version == "2.2" else documents.canonical(ninjs.to_v3(json.loads(text)))


def _stub(row) -> dict:
    return {
        "uri": stable_uri("article", row.article_id, row.language),
        "standard": ninjs.STANDARD,
        "type": "text",
        "representationtype": "partial",
        "version": str(row.version + 1),
        "versioncreated": ninjs.timestamp(timezone.now()),
        "pubstatus": "canceled",
        "language": row.language,
    }


def encode_cursor(language: str, pk: int, published_at) -> str:
    return signing.dumps([language, published_at.isoformat(), pk], salt=CURSOR_SALT)


def decode_cursor(language: str, cursor: str):
    """Where a page starts; a cursor altered, or made for another language, is refused."""
    try:
        cursor_language, moment, pk = signing.loads(cursor, salt=CURSOR_SALT)
        published_at = parse_datetime(moment)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid_parameter("cursor", _("give the “next” address of the page before, unchanged.")) from None
    if cursor_language != language or published_at is None or not isinstance(pk, int):
        raise invalid_parameter("cursor", _("it belongs to another list or language."))
    return published_at, pk
