"""Organizations, people, places and events as plain JSON: what their public pages show, by the
reader's rule (the text in the language asked for when it is readable there, else the original's),
and only the published ones."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db import models
from django.http import HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from newsroom.events.models import Event
from newsroom.identifiers import Identified
from newsroom.ids import stable_uri
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import TextIn

from .openapi import REFUSALS
from .responses import conditional, invalid_parameter, language_for, not_found, site_address

CURSOR_SALT = "api.cursor"
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Resource:
    path: str
    model: type[models.Model]
    name_field: str
    kind_field: str | None
    parent_field: str | None

    @property
    def label(self) -> str:
        return self.model._meta.model_name

    def published(self):
        queryset = self.model.objects.published().order_by("pk")
        return queryset.select_related(self.parent_field) if self.parent_field else queryset


RESOURCES = (
    Resource("organizations", Organization, "name", "kind", "parent"),
    Resource("people", Person, "name", None, "organization"),
    Resource("places", Place, "name", "kind", "parent"),
    Resource("events", Event, "title", None, None),
)


class Reference(Schema):
    id: int
    uri: str


class Listing(Schema):
    ticker: str
    exchange: str = Field(description="The exchange's ISO 10383 market identifier code (MIC), e.g. XMEX.")


class Point(Schema):
    latitude: float
    longitude: float


class Entity(Schema):
    id: int
    uri: str = Field(description="Names the thing for good, in every language.")
    url: str = Field(description="Its public page in the language asked for.")
    name: str
    kind: str | None
    parent: Reference | None = Field(
        description="What it is part of: an organization's parent, a person's organization, a place's "
        "larger place; null for events and when that is not published."
    )
    language: str = Field(description="The language of `name`: the one asked for, or the original's.")
    identifiers: dict[str, str] = Field(
        description="What other databases know it by, by scheme: `wikidata` (an item, Q96), `lei` (ISO 17442), "
        "`geonames` (a feature's number). Only those known; none for events."
    )
    same_as: list[str] = Field(
        description="Pages about this very thing elsewhere: its Wikidata item, GeoNames feature, own website."
    )
    listing: Listing | None = Field(description="An organization's share: its ticker on its exchange.")
    geo: Point | None = Field(description="A place's coordinates (WGS 84 degrees), when known.")
    updated_at: datetime.datetime


class EntityList(Schema):
    items: list[Entity]
    next: str | None = Field(description="The next page's address, or null on the last page.")


def as_json(resource: Resource, obj, language: str, site: str) -> dict:
    text_language = obj.text_language(language)
    parent = getattr(obj, resource.parent_field) if resource.parent_field else None
    return {
        "id": obj.pk,
        "uri": stable_uri(resource.label, obj.pk),
        "url": site + obj.url_in(language),
        "name": getattr(TextIn(obj, text_language), resource.name_field),
        "kind": getattr(obj, resource.kind_field) if resource.kind_field else None,
        "parent": (
            {"id": parent.pk, "uri": stable_uri(parent._meta.model_name, parent.pk)}
            if parent is not None and parent.is_published
            else None
        ),
        "language": text_language,
        **identifiers_json(obj),
        "updated_at": obj.updated_at,
    }


def identifiers_json(obj) -> dict:
    if not isinstance(obj, Identified):
        return {"identifiers": {}, "same_as": [], "listing": None, "geo": None}
    ticker, exchange = getattr(obj, "ticker", None), getattr(obj, "exchange", "")
    return {
        "identifiers": {known.scheme: known.value for known in obj.external_ids()},
        "same_as": obj.same_as(),
        "listing": {"ticker": ticker, "exchange": exchange} if ticker and exchange else None,
        "geo": (
            {"latitude": float(obj.latitude), "longitude": float(obj.longitude)}
            if getattr(obj, "has_coordinates", False)
            else None
        ),
    }


def encode_cursor(resource: Resource, language: str, last_id: int) -> str:
    return signing.dumps([resource.path, language, last_id], salt=CURSOR_SALT)


def decode_cursor(resource: Resource, language: str, cursor: str) -> int:
    """The id a page starts after; a cursor altered, or made for another list, is refused."""
    try:
        path, cursor_language, last_id = signing.loads(cursor, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid_parameter("cursor", _("give the “next” address of the page before, unchanged.")) from None
    if (path, cursor_language) != (resource.path, language) or not isinstance(last_id, int):
        raise invalid_parameter("cursor", _("it belongs to another list or language."))
    return last_id


def router_for(resource: Resource) -> Router:
    router = Router(tags=[resource.path])

    @router.get(
        "/",
        response={200: EntityList, **REFUSALS},
        operation_id=f"list_{resource.path}",
        url_name=f"{resource.path}-list",
        summary=f"List the published {resource.model._meta.verbose_name_plural}",
    )
    def entity_list(
        request,
        language: str,
        limit: int = Query(20, ge=1, le=100),
        cursor: str | None = None,
    ) -> HttpResponse:
        language = language_for(request.auth, language)
        queryset = resource.published()
        if cursor:
            queryset = queryset.filter(pk__gt=decode_cursor(resource, language, cursor))
        rows = list(queryset[: limit + 1])
        page = rows[:limit]
        next_url = None
        if len(rows) > limit:
            after = encode_cursor(resource, language, page[-1].pk)
            query = urlencode({"language": language, "limit": limit, "cursor": after})
            next_url = request.build_absolute_uri(f"{request.path}?{query}")
        site = site_address(request)
        data = {"items": [as_json(resource, obj, language, site) for obj in page], "next": next_url}
        return conditional(request, data, last_modified=max((obj.updated_at for obj in page), default=None))

    @router.get(
        "/{id}/{language}",
        response={200: Entity, **REFUSALS},
        operation_id=f"get_{resource.label}",
        url_name=f"{resource.path}-detail",
        summary=f"One published {resource.model._meta.verbose_name}",
    )
    def entity_detail(request, id: int, language: str) -> HttpResponse:
        language = language_for(request.auth, language)
        # A draft answers as an id nobody has.
        obj = resource.published().filter(pk=id).first() if 0 < id <= MAX_ID else None
        if obj is None:
            raise not_found()
        data = as_json(resource, obj, language, site_address(request))
        return conditional(request, data, last_modified=obj.updated_at)

    return router
