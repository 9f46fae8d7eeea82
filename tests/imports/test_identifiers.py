"""An imported document's organisations, people and places found by the identifiers they carry —
a Wikidata item's or an LEI's address as their `uri`, an LEI as their `literal` — before any name."""

import json

import pytest

from newsroom.imports import importing
from newsroom.imports.models import ImportRecord
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from tests.factories import EditorFactory, OrganizationFactory, PlaceFactory

from .documents import agency_document

pytestmark = pytest.mark.django_db
CEMEX = "549300RIG2CXWN6IV731"


@pytest.fixture
def editor():
    return EditorFactory(username="desk")


def imported(document, editor):
    return importing.import_document(json.dumps(document), by=editor, source=ImportRecord.Source.ADMIN)


def test_a_wikidata_item_finds_the_organization_before_a_namesake(editor):
    document = agency_document(
        organisations=[{"name": "Toyota", "rel": "about", "uri": "http://www.wikidata.org/entity/Q53268"}]
    )
    ours = OrganizationFactory(name_en="Toyota Motor Corporation", wikidata="Q53268")
    OrganizationFactory(name_en="Toyota", name_de="Toyota")

    article = imported(document, editor).article

    assert list(article.organizations.all()) == [ours]


@pytest.mark.parametrize(
    "named",
    [
        {"uri": f"https://search.gleif.org/#/record/{CEMEX}"},
        {"uri": f"https://lei.info/{CEMEX}"},
        {"literal": CEMEX.lower()},
    ],
)
def test_an_lei_finds_the_organization_that_has_it(editor, named):
    document = agency_document(organisations=[{"name": "Cemex SAB", "rel": "about", **named}])
    ours = OrganizationFactory(name_en="CEMEX, S.A.B. de C.V.", lei=CEMEX)

    article = imported(document, editor).article

    assert list(article.organizations.all()) == [ours]
    assert Organization.objects.count() == 1


def test_a_namesake_with_another_item_is_not_taken_and_the_new_one_keeps_its_item(editor):
    document = agency_document(
        places=[{"name": "San Pedro", "rel": "about", "uri": "https://www.wikidata.org/wiki/Q3000000"}]
    )
    namesake = PlaceFactory(name_en="San Pedro", name_de="San Pedro", wikidata="Q2000000")

    result = imported(document, editor)

    (place,) = result.article.places.all()
    assert place != namesake
    assert (place.wikidata, place.is_published) == ("Q3000000", False)
    assert any(note["field"] == "places[0]" for note in result.report)


def test_an_unknown_person_is_proposed_with_the_item_so_the_next_document_finds_them(editor):
    named = {"name": "Douglas Adams", "rel": "about", "uri": "http://www.wikidata.org/entity/Q42"}
    documents = [agency_document(people=[named]), agency_document(people=[named | {"name": "D. Adams"}])]
    documents[1]["uri"] += "-2"
    documents[1]["altids"][0]["value"] += "-2"

    first, second = (imported(document, editor).article for document in documents)

    (person,) = first.people.all()
    assert person.wikidata == "Q42"
    assert list(second.people.all()) == [person]
    assert Person.objects.count() == 1


def test_a_geonames_feature_finds_the_place(editor):
    document = agency_document(
        places=[{"name": "Ciudad de México", "rel": "about", "uri": "https://sws.geonames.org/3530597/"}]
    )
    ours = PlaceFactory(name_en="Mexico City", geonames="3530597")

    article = imported(document, editor).article

    assert list(article.places.all()) == [ours]
    assert Place.objects.count() == 1


def test_a_mistyped_lei_finds_nothing_and_is_not_stored(editor):
    document = agency_document(organisations=[{"name": "Cemex SAB", "rel": "about", "literal": CEMEX[:-1] + "2"}])
    OrganizationFactory(name_en="Someone else", lei=CEMEX)

    (organization,) = imported(document, editor).article.organizations.all()

    assert (organization.name_en, organization.lei) == ("Cemex SAB", None)
