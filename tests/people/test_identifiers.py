"""A person's Wikidata item and website: entered in the admin, shown to readers and machines."""

import json
from urllib.parse import urlencode

import pytest

from newsroom.people.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.pages import form_data, get_page, logged_in, parse

pytestmark = pytest.mark.django_db

ADD = "/admin/people/person/add/"


def editor(language="en"):
    return logged_in(UserFactory(is_staff=True, is_superuser=True), HTTP_ACCEPT_LANGUAGE=language)


def test_a_pasted_wikidata_address_is_saved_as_the_items_id():
    client = editor()
    data = form_data(get_page(client, ADD), "person_form")
    data.update({"name": ["Douglas Adams"], "wikidata": ["http://www.wikidata.org/entity/Q42"]})

    assert client.post(ADD, data).status_code == 302

    assert Person.objects.get().wikidata == "Q42"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This Wikidata item is already entered for Douglas Adams."),
        ("de", "Dieser Wert für das Feld „Wikidata-Objekt“ ist bereits bei Douglas Adams eingetragen."),
    ],
)
def test_two_people_cannot_share_a_wikidata_item_and_the_editor_is_led_to_its_holder(language, message):
    holder = PersonFactory(name="Douglas Adams", wikidata="Q42")
    client = editor(language)
    data = form_data(get_page(client, ADD), "person_form")
    data.update({"name": ["Douglas Noël Adams"], "wikidata": ["q42"]})

    page = parse(client.post(ADD, data))

    assert [item.text for item in page.find("div", class_="field-wikidata").find_all("li")] == [message]
    assert page.find("input", name="wikidata")["value"] == "q42"
    assert page.find("div", class_="field-wikidata").find("a")["href"] == f"/admin/people/person/{holder.pk}/change/"
    assert Person.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "pasted", ["https://www.wikidata.org/wiki/Q42?uselang=de", "https://m.wikidata.org/wiki/Q42#P569", "QID: Q42"]
)
def test_a_wikidata_address_with_a_query_or_fragment_or_a_labelled_id_is_saved_as_the_id(language, pasted):
    client = editor(language)
    data = form_data(get_page(client, ADD), "person_form")
    data.update({"name": ["Douglas Adams"], "wikidata": [pasted]})

    assert client.post(ADD, data).status_code == 302

    assert Person.objects.get().wikidata == "Q42"


def test_the_person_page_links_the_website_and_tells_machines_the_item(client):
    person = PersonFactory(name="Douglas Adams", wikidata="Q42", website="https://douglasadams.com/")

    response = client.get(person.url_in("de"))

    assert get_page(client, person.url_in("de")).find("a", href="https://douglasadams.com/").text == "Website"
    graph = json.loads(parse(response).find("script", type="application/ld+json").raw_text)["@graph"]
    (node,) = [n for n in graph if n.get("@type") == "Person" and n.get("@id", "").endswith(person.url_in("de"))]
    assert node["sameAs"] == ["https://www.wikidata.org/wiki/Q42", "https://douglasadams.com/"]
    assert node["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "Wikidata", "value": "Q42", "url": "https://www.wikidata.org/wiki/Q42"}
    ]


@pytest.mark.parametrize("term", ["https://www.wikidata.org/wiki/Q42", "q42", "Q42"])
def test_the_admin_finds_a_person_by_a_pasted_or_loosely_typed_wikidata_item(term):
    adams = PersonFactory(name="Douglas Adams", wikidata="Q42")
    PersonFactory(name="Someone Else", wikidata="Q4200")

    page = get_page(editor(), "/admin/people/person/?" + urlencode({"q": term}))

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text.strip() for row in rows] == [str(adams)]
