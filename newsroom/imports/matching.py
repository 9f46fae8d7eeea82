"""Who and what an imported document names, found among ours: by an identifier first (a Wikidata
item's, an LEI's or a GeoNames feature's address in its `uri`, or an LEI as its `literal`), then by
our own page's address (a document that came from this site, or links to it), then by the exact
name in any language, case aside. What is not found is proposed: made unpublished, for an editor to check, complete and
publish (or merge by hand), and named in the report. Authors and tags have nothing to publish:
an unknown byline becomes an author, an unknown tag a tag. Events need dates a document does not
give: an unknown one is only reported.
"""

import functools
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from newsroom.articles.models import Author, Section, Series, Tag
from newsroom.events.models import Event
from newsroom.identifiers import identifier_in, normalize_lei, validate_lei
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES, field_in
from newsroom.translations.workflow import record_edit

from .mapping import Named, Problem

# The public page's URL name → the model it shows.
PAGES = {
    "organizations:detail": Organization,
    "people:detail": Person,
    "places:detail": Place,
    "events:detail": Event,
    "articles:section": Section,
    "articles:series": Series,
    "articles:tag": Tag,
}
NAME_FIELD = {Event: "title"}


class Matcher:
    """Matches for one document, in its `language`, made by `by`; what it proposed or could not
    find goes into `notes`."""

    def __init__(self, language: str, by, notes: list[Problem]):
        self.language, self.by, self.notes = language, by, notes

    def find(self, model, named: Named):
        found = by_identifier(model, named) or by_page(model, named.uri)
        if found is None and (found := by_name(model, named.name)):
            # Same name, another identifier: a namesake, not the one the document means.
            if any(getattr(found, scheme) not in (None, value) for scheme, value in identifiers_of(model, named)):
                return None
        return found

    def entities(self, model, names: list[Named]) -> list:
        found = []
        for named in names:
            match = self.find(model, named)
            if match is None and model is Event:
                self.notes.append(
                    Problem(
                        named.where,
                        gettext_noop("No event “%(name)s” was found; add it in the admin with its dates and link it."),
                        {"name": named.name},
                    )
                )
            elif match is None:
                match = self.propose(model, named)
            if match is not None and match not in found:
                found.append(match)
        return found

    def propose(self, model, named: Named):
        """An unpublished entity for the editor to check: nothing readers see until they publish it."""
        entity = model(original_language=self.language, is_published=False)
        name = NAME_FIELD.get(model, "name")
        if model is Person:
            entity.name = named.name
        else:
            setattr(entity, field_in(model, name, self.language), named.name)
            # A proper noun: the same in every language, as the admin's add form assumes.
            entity.same_in_every_language = name
        if model is Organization:
            entity.kind = Organization.Kind.COMPANY
        if model is Place:
            entity.kind = Place.Kind.CITY
        # What the document knew it by, so the next document naming it finds it.
        for scheme, value in identifiers_of(model, named):
            setattr(entity, scheme, value)
        entity.save()
        record_edit(entity, by=self.by)
        self.notes.append(
            Problem(
                named.where,
                gettext_noop(
                    "“%(name)s” was not found and is proposed as a new %(kind)s, unpublished: check it and publish it."
                ),
                {"name": named.name, "kind": model._meta.verbose_name},
            )
        )
        return entity

    def section(self, named: Named | None) -> Section:
        """The document's section, else the first: every article has one."""
        found = self.find(Section, named) if named else None
        if found:
            return found
        first = Section.objects.first()
        if first is None:
            # A site without sections yet (a new one, filled by import): the document's becomes the first.
            first = Section(original_language=self.language)
            setattr(first, field_in(Section, "name", self.language), named.name if named else _("News"))
            first.save()
            record_edit(first, by=self.by)
        if named:
            self.notes.append(
                Problem(
                    named.where,
                    gettext_noop(
                        "No section “%(name)s” was found; the article is in “%(section)s”: change it if needed."
                    ),
                    {"name": named.name, "section": first},
                )
            )
        return first

    def series(self, named: Named | None) -> Series | None:
        found = self.find(Series, named) if named else None
        if named and found is None:
            self.notes.append(
                Problem(
                    named.where,
                    gettext_noop("No series “%(name)s” was found; the article is in none."),
                    {"name": named.name},
                )
            )
        return found

    def tags(self, names: list[Named]) -> list[Tag]:
        found = []
        for named in names:
            tag = self.find(Tag, named)
            if tag is None:
                tag = Tag(original_language=self.language)
                setattr(tag, field_in(Tag, "name", self.language), named.name)
                tag.save()
                record_edit(tag, by=self.by)
            if tag not in found:
                found.append(tag)
        return found

    def authors(self, names: list[str]) -> list[Author]:
        found = []
        for name in names:
            author = Author.objects.filter(display_name__iexact=name).first()
            if author is None:
                author = Author.objects.create(display_name=name, original_language=self.language)
                record_edit(author, by=self.by)
                self.notes.append(
                    Problem(
                        "by", gettext_noop("“%(name)s” is a new author: add a photo and a biography."), {"name": name}
                    )
                )
            if author not in found:
                found.append(author)
        return found

    def dateline(self, name: str) -> Place | None:
        return by_name(Place, name) if name else None


def identifiers_of(model, named: Named) -> list[tuple[str, str]]:
    """The identifiers `named` carries that `model` has a field for, as (field, value)."""
    found = [identifier_in(named.uri), literal_lei(named.literal)]
    fields = {field.name for field in model._meta.fields}
    return [known for known in found if known is not None and known[0] in fields]


def literal_lei(literal: str) -> tuple[str, str] | None:
    """An LEI written as ninjs' `literal`, if it is one (its check digits make that near certain)."""
    if not literal:
        return None
    value = normalize_lei(literal)
    try:
        validate_lei(value)
    except ValidationError:
        return None
    return "lei", value


def by_identifier(model, named: Named):
    """The one that has an identifier `named` carries."""
    for scheme, value in identifiers_of(model, named):
        if found := model._default_manager.filter(**{scheme: value}).first():
            return found
    return None


def by_page(model, uri: str):
    """The object whose public page `uri` is, on this site (SITE_URL's host)."""
    found = page_of(uri)
    if found is None or PAGES.get(found.view_name) is not model or "slug" not in found.kwargs:
        return None
    return model.objects.with_slug(found.kwargs["slug"]).first()


def page_of(uri: str):
    """What `uri` resolves to, in its language, if it is a page of this site; else None."""
    if not uri or not own_host(urlsplit(uri).hostname):
        return None
    path = urlsplit(uri).path
    language = path.strip("/").split("/")[0]
    if language not in LANGUAGE_CODES:
        return None
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


def own_host(host: str | None) -> bool:
    return bool(host) and host == urlsplit(settings.SITE_URL).hostname


def by_name(model, name: str):
    """The one whose name in any language is `name`, case aside; the oldest if several."""
    if not name:
        return None
    if model is Person:
        condition = Q(name__iexact=name)
    else:
        condition = functools.reduce(or_, (Q(**{f"{column}__iexact": name}) for column in name_columns(model)))
    return model._default_manager.filter(condition).order_by("pk").first()


def name_columns(model) -> list[str]:
    name = NAME_FIELD.get(model, "name")
    columns = [field_in(model, name, code) for code in LANGUAGE_CODES]
    if model is Organization:
        columns += [field_in(model, "short_name", code) for code in LANGUAGE_CODES]
    return columns
