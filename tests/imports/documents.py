"""Documents as an agency sends them, made by our own export from an article written for the tests
and then removed, so that the database they are imported into does not have them."""

import json

from newsroom.articles.models import Article, Author
from newsroom.organizations.models import Organization
from newsroom.places.models import Place
from newsroom.syndication import ninjs
from tests.factories import ArticleFactory, AuthorFactory, OrganizationFactory, PlaceFactory, SectionFactory

AGENCY = "https://agency.example"
WIRE = "https://wire.agency.example"


def agency_document(**changes) -> dict:
    """A document as an agency sends it: an article of another site, in English."""
    article = ArticleFactory(
        headline_en="Nissan's Aguascalientes plant adds a third shift for the new Kicks",
        standfirst_en="The A2 complex hires 600 workers before February.",
        body_en="<p>The plant's suppliers in Jesús María expect more orders.</p>",
        released_translations=False,
        section=SectionFactory(name_en="Automotive", name_de="Automobil"),
    )
    article.organizations.add(OrganizationFactory(name_en="Nissan Mexicana", name_de="Nissan Mexicana"))
    article.places.add(PlaceFactory(name_en="Aguascalientes", name_de="Aguascalientes"))
    article.bylines.create(author=AuthorFactory(display_name="Lucía Méndez"), order=0)
    document = ninjs.document(Article.objects.get(pk=article.pk), "en", AGENCY)
    # Only the agency has it: the database the test imports into does not.
    article.delete()
    for model in (Organization, Place, Author):
        model.objects.all().delete()
    document["uri"] = "urn:agency:2026:nissan-third-shift"
    document["version"] = "1"
    document["altids"][0]["value"] = "urn:agency:work:nissan-third-shift"
    return document | changes


def story(**fields) -> dict[str, dict]:
    """An agency's story as ninjs documents by language, the English original and its German
    translation: both carry the same `altids` work id, and the German one names the English one
    as its original. Made by our own export from an article that is then deleted, so that to this
    database the story is new."""
    article = ArticleFactory(**fields)
    documents = {language: ninjs.document(article, language, WIRE) for language in ("en", "de")}
    article.delete()
    return documents


def with_body(document: dict, value: str) -> dict:
    document["bodies"][0]["value"] = value
    return document


def encoded(document: dict) -> bytes:
    return json.dumps(document).encode()
