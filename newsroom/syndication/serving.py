"""What the API serves of articles: the stored ninjs documents (no rendering per request), chosen
by asking readers' visibility live, so that an article unpublished a second ago is gone although
its document is still to be reconciled.

A list is the site's own article filters (`ArticleFilter`: section, kind, organization, person,
place with the places within it, event, tag, author, dates) plus `since`, newest first, a keyset
page (`listing.paginate_by_key`: the same cursor and index as the site's lists).
"""

import datetime
import hashlib
import json

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _

from newsroom.articles.filters import ArticleFilter
from newsroom.articles.models import Article
from newsroom.ids import stable_uri
from newsroom.listing import BadListRequest, check_params, paginate_by_key

from . import documents, ninjs
from .models import PublishedDocument

PROFILES = {
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}
ASKED_VERSIONS = {"2": "2.2", "2.2": "2.2", "3": "3.1", "3.1": "3.1"}
LIST_PARAMS = {
    "language",
    "since",
    "section",
    "kind",
    "organization",
    "person",
    "place",
    "event",
    "tag",
    "author",
    "date_from",
    "date_to",
    "after",
    "limit",
    "version",
}
MAX_LIMIT = 100


class BadApiRequest(Exception):
    """A request the API answers 400, with messages in the request's language."""

    def __init__(self, messages: list[str]):
        super().__init__(messages)
        self.messages = messages


def ninjs_version(request) -> str:
    """`?version=3` (or 2), else the profile an `Accept` header names, else 2.2."""
    asked = request.GET.get("version")
    if asked is not None:
        if asked not in ASKED_VERSIONS:
            raise BadApiRequest(
                [_("ninjs version “%(version)s” is not served: ask for 2 or 3.") % {"version": asked[:20]}]
            )
        return ASKED_VERSIONS[asked]
    accept = request.headers.get("Accept", "")
    return "3.1" if PROFILES["3.1"] in accept or "ninjs-schema_3" in accept else "2.2"


def _json_response(body: str, version: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        body, status=status, content_type=f'application/json; charset=utf-8; profile="{PROFILES[version]}"'
    )
    response["Vary"] = "Accept, Authorization"
    # A partner's copy is checked each time (ETag): never kept by a shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def error(status: int, message: str, code: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"detail": message, "code": code}, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _in_version(text: str, version: str, base_url: str) -> str:
    text = documents.on_site(text, base_url)
    return text if version == "2.2" else documents.canonical(ninjs.to_v3(json.loads(text)))


def article(request, pk: int, language: str, base_url: str) -> HttpResponse:
    """One article's document; 410 with the canceled stub for partners who sync once it has left
    readers; 404, the same for a draft's id as for an unknown one, if it never was before them."""
    version = ninjs_version(request)
    row = PublishedDocument.objects.filter(article_id=pk, language=language).first()
    live = Article.objects.published().readable_in(language).filter(pk=pk).exists()
    if row is None or row.first_created_at is None or (live and not row.is_visible):
        # Never before readers, or back before them a moment ago with its document still to come.
        return error(404, _("No article with this id is published in this language."), "not_found")
    if live:
        text, status = row.document, 200
    elif not row.is_visible:
        text, status = row.document, 410
    else:
        # Left readers a moment ago: the stub the worker is about to store.
        text, status = _stub(row), 410
    response = _json_response(_in_version(text, version, base_url), version, status)
    if status == 200:
        response["ETag"] = f'"{pk}-{language}-{row.version}-{version}"'
        response["Last-Modified"] = http_date(row.version_created_at.timestamp())
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(row.version_created_at.timestamp()), response=response
        )
    return response


def _stub(row) -> str:
    now = timezone.now()
    return documents.canonical(
        {
            "uri": stable_uri("article", row.article_id, row.language),
            "standard": ninjs.STANDARD,
            "type": "text",
            "representationtype": "partial",
            "version": str(row.version + 1),
            "versioncreated": ninjs.timestamp(now),
            "pubstatus": "canceled",
            "language": row.language,
        }
    )


def articles(request, language: str, base_url: str) -> HttpResponse:
    """A page of documents, newest published first, `{"items": [...], "next": URL or null}`."""
    version = ninjs_version(request)
    params = request.GET
    try:
        check_params(params, LIST_PARAMS)
    except BadListRequest as error:
        raise BadApiRequest(error.messages) from error
    limit = _limit(params)
    chosen = ArticleFilter(params, queryset=Article.objects.published().readable_in(language))
    if not chosen.is_valid():
        raise BadApiRequest([f"{name}: {' '.join(errors)}" for name, errors in chosen.errors.items()])
    found = chosen.qs
    if since := params.get("since"):
        found = found.filter(
            published_documents__language=language, published_documents__version_created_at__gte=_since(since)
        )
    try:
        page = paginate_by_key(
            found.only("pk", "published_at"), params, key="published_at", descending=True, per_page=limit
        )
    except BadListRequest as error:
        raise BadApiRequest(error.messages) from error
    rows = {
        row[0]: row[1:]
        for row in PublishedDocument.objects.visible()
        .filter(article_id__in=[item.pk for item in page.items], language=language)
        .values_list("article_id", "version", "document")
    }
    # An article published a moment ago whose document is still to be made waits for the next look.
    shown = [(item.pk, *rows[item.pk]) for item in page.items if item.pk in rows]
    next_url = f"{base_url}{request.path}?{page.next_query}" if page.next_query else None
    if version == "2.2":
        items = ",".join(documents.on_site(text, base_url) for _pk, _version, text in shown)
    else:
        items = ",".join(_in_version(text, version, base_url) for _pk, _version, text in shown)
    body = f'{{"items":[{items}],"next":{json.dumps(next_url)}}}'
    response = _json_response(body, version)
    signature = json.dumps([[pk, number] for pk, number, _text in shown] + [next_url, version])
    response["ETag"] = f'"{hashlib.sha256(signature.encode()).hexdigest()[:32]}"'
    return response


def _limit(params: QueryDict) -> int:
    raw = params.get("limit")
    if raw is None:
        return 20
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadApiRequest([_("limit must be a whole number from 1 to %(most)s.") % {"most": MAX_LIMIT}])
    return int(raw)


def _since(raw: str) -> datetime.datetime:
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None:
        raise BadApiRequest([_("since must be a date and time such as 2026-12-07T09:30:00Z.")])
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
