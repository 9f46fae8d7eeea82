"""A place's identifiers and coordinates: entered in the admin (in English and German), given to
machines, and drawn as a small map that asks no other server for anything."""

import json
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from newsroom.places.models import Place
from tests.factories import OrganizationFactory, PersonFactory, PlaceFactory, UserFactory
from tests.pages import form_data, get_page, logged_in, parse
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

ADD = "/admin/places/place/add/"
# Any address of a page, a script, a style or a picture in the page's text.
ADDRESS = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def editor(language="en"):
    return logged_in(UserFactory(is_staff=True, is_superuser=True), HTTP_ACCEPT_LANGUAGE=language)


def filled(client, **values) -> dict:
    data = form_data(get_page(client, ADD), "place_form")
    data.update({"name_en": ["Mexico City"], "kind": ["city"], **{name: [value] for name, value in values.items()}})
    return data


def field_errors(page, field: str) -> list[str]:
    return [item.text for item in page.find("div", class_=f"field-{field}").find_all("li")]


def test_a_place_pasted_from_wikidata_and_geonames_is_saved_with_their_ids_and_its_coordinates():
    client = editor()

    response = client.post(
        ADD,
        filled(
            client,
            wikidata="https://www.wikidata.org/wiki/Q1489",
            geonames="https://www.geonames.org/3530597/mexico-city.html",
            latitude="19.4326",
            longitude="-99.1332",
        ),
    )

    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.wikidata, place.geonames) == ("Q1489", "3530597")
    assert (place.latitude, place.longitude) == (Decimal("19.4326"), Decimal("-99.1332"))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter the longitude too, or neither."),
        ("de", "Geben Sie auch den Längengrad ein – oder keinen von beiden."),
    ],
)
def test_a_latitude_alone_is_refused_on_the_longitude_and_kept(language, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, latitude="19.4326")))

    assert field_errors(page, "longitude") == [message]
    assert page.find("input", name="latitude")["value"] == "19.4326"
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A latitude lies between −90 (south pole) and 90 (north pole)."),
        ("de", "Ein Breitengrad liegt zwischen −90 (Südpol) und 90 (Nordpol)."),
    ],
)
def test_a_latitude_beyond_the_pole_is_refused_in_the_editors_language(language, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, latitude="99.13", longitude="19.43")))

    assert field_errors(page, "latitude") == [message]
    assert page.find("input", name="longitude")["value"] == "19.43"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This GeoNames id is already entered for Mexico City."),
        ("de", "Dieser Wert für das Feld „GeoNames-ID“ ist bereits bei Mexiko-Stadt eingetragen."),
    ],
)
def test_a_second_place_with_the_same_geonames_id_is_refused_naming_the_place_that_has_it(language, message):
    holder = PlaceFactory(name_en="Mexico City", name_de="Mexiko-Stadt", geonames="3530597")
    client = editor(language)

    page = parse(client.post(ADD, filled(client, geonames="https://www.geonames.org/3530597/mexico-city.html")))

    assert field_errors(page, "geonames") == [message]
    assert page.find("div", class_="field-geonames").find("a")["href"] == f"/admin/places/place/{holder.pk}/change/"
    assert Place.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This Wikidata item is already entered for Mexico City."),
        ("de", "Dieser Wert für das Feld „Wikidata-Objekt“ ist bereits bei Mexiko-Stadt eingetragen."),
    ],
)
def test_a_second_place_with_the_same_wikidata_item_is_refused_naming_the_place_that_has_it(language, message):
    PlaceFactory(name_en="Mexico City", name_de="Mexiko-Stadt", wikidata="Q1489")
    client = editor(language)

    page = parse(
        client.post(ADD, filled(client, name_en="CDMX", wikidata="https://www.wikidata.org/wiki/Q1489?uselang=de"))
    )

    assert field_errors(page, "wikidata") == [message]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    ("field", "pasted", "stored"),
    [
        ("wikidata", "https://www.wikidata.org/wiki/Q1489?uselang=de", "Q1489"),
        ("wikidata", "https://www.wikidata.org/wiki/Q1489#P625", "Q1489"),
        ("geonames", "GeoNames ID: 3530597", "3530597"),
        ("geonames", "https://www.geonames.org/3530597?lang=de", "3530597"),
    ],
)
def test_a_place_pasted_with_a_query_fragment_or_label_is_saved_with_the_id(language, field, pasted, stored):
    client = editor(language)

    assert client.post(ADD, filled(client, **{field: pasted})).status_code == 302

    assert getattr(Place.objects.get(), field) == stored


def test_the_admin_finds_a_place_by_its_wikidata_item_or_geonames_id():
    city = PlaceFactory(name_en="Mexico City", wikidata="Q1489", geonames="3530597")
    PlaceFactory(name_en="Toluca")
    client = editor()

    for term in ("Q1489", "3530597"):
        rows = get_page(client, f"/admin/places/place/?q={term}").find("table", id="result_list").find_all("tr")
        assert [row.find("th").text.strip() for row in rows[1:]] == [str(city)]


@pytest.mark.parametrize(
    "term", ["https://www.wikidata.org/wiki/q1489", "q1489", "https://www.geonames.org/3530597/mexico-city.html"]
)
def test_the_admin_finds_a_place_by_a_pasted_address_or_a_loosely_typed_id(term):
    city = PlaceFactory(name_en="Mexico City", wikidata="Q1489", geonames="3530597")
    PlaceFactory(name_en="Toluca", wikidata="Q14896")

    page = get_page(editor(), "/admin/places/place/?" + urlencode({"q": term}))

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text.strip() for row in rows] == [str(city)]


def graph(response) -> list[dict]:
    return json.loads(parse(response).find("script", type="application/ld+json").raw_text)["@graph"]


def test_the_place_page_gives_machines_its_point_and_its_pages_elsewhere(client):
    city = PlaceFactory(
        name_en="Mexico City", wikidata="Q1489", geonames="3530597", latitude="19.43260", longitude="-99.13320"
    )

    (node,) = [n for n in graph(client.get(city.url_in("en"))) if n.get("@type") == "Place"]

    assert node["geo"] == {"@type": "GeoCoordinates", "latitude": 19.4326, "longitude": -99.1332}
    assert node["sameAs"] == ["https://www.wikidata.org/wiki/Q1489", "https://sws.geonames.org/3530597/"]
    assert [(i["propertyID"], i["value"]) for i in node["identifier"]] == [
        ("Wikidata", "Q1489"),
        ("GeoNames", "3530597"),
    ]


@pytest.mark.parametrize(
    ("language", "title", "caption"),
    [
        ("en", "Map of Mexico with Aguascalientes marked", "Coordinates: 21.8853° N, 102.2916° W"),
        ("de", "Karte von Mexiko, Aguascalientes markiert", "Koordinaten: 21,8853° N, 102,2916° W"),
    ],
)
def test_a_mexican_place_with_coordinates_shows_its_point_on_a_map_of_mexico(client, language, title, caption):
    mexico = PlaceFactory(name_en="Mexico", name_de="Mexiko", kind="country", wikidata="Q96")
    state = PlaceFactory(name_en="Aguascalientes State", kind="state", parent=mexico)
    place = PlaceFactory(name_en="Aguascalientes", kind="city", parent=state, latitude="21.8853", longitude="-102.2916")

    figure = get_page(client, place.url_in(language)).find("figure", class_="locator")

    svg = figure.find("svg")
    assert svg["role"] == "img"
    assert svg.find("title").text == title
    assert svg.find("path")["d"].startswith("M")
    point = svg.find("circle")
    # Aguascalientes lies west of the middle of Mexico's frame, a little south of its middle.
    assert 120 < float(point["cx"]) < 170 and 100 < float(point["cy"]) < 130
    assert figure.find("figcaption").text == caption


def test_a_place_outside_mexico_is_shown_on_a_world_map(client):
    nagoya = PlaceFactory(name_en="Nagoya", latitude="35.1815", longitude="136.9066")

    svg = get_page(client, nagoya.url_in("en")).find("figure", class_="locator").find("svg")

    assert svg.find("title").text == "World map with Nagoya marked"
    assert float(svg.find("circle")["cx"]) > 250


@pytest.mark.parametrize(
    ("country", "city", "latitude", "longitude"),
    [
        # Both inside Mexico's frame: north of its border, and south-east of it.
        ({"name_en": "United States", "wikidata": "Q30"}, "Houston", "29.76043", "-95.36980"),
        ({"name_en": "Guatemala", "wikidata": "Q774"}, "Guatemala City", "14.63490", "-90.50690"),
        (None, "Houston", "29.76043", "-95.36980"),
    ],
)
def test_a_place_in_mexicos_frame_but_not_in_mexico_is_shown_on_a_world_map(client, country, city, latitude, longitude):
    parent = PlaceFactory(kind="country", **country) if country else None
    place = PlaceFactory(name_en=city, kind="city", parent=parent, latitude=latitude, longitude=longitude)

    svg = get_page(client, place.url_in("en")).find("figure", class_="locator").find("svg")

    assert svg.find("title").text == f"World map with {city} marked"
    # West of the world map's middle; on Mexico's it would lie at its east (x > 150).
    assert float(svg.find("circle")["cx"]) < 100


def test_a_city_of_a_country_known_only_by_its_slug_mexico_is_on_mexicos_map(client):
    mexico = PlaceFactory(name_en="Mexico", kind="country")
    state = PlaceFactory(name_en="Jalisco", kind="state", parent=mexico)
    city = PlaceFactory(name_en="Guadalajara", kind="city", parent=state, latitude="20.67361", longitude="-103.34400")

    svg = get_page(client, city.url_in("en")).find("figure", class_="locator").find("svg")

    assert mexico.slug_en == "mexico"
    assert svg.find("title").text == "Map of Mexico with Guadalajara marked"


def test_a_place_without_coordinates_has_no_map(client):
    place = PlaceFactory()

    assert not get_page(client, place.url_in("en")).find_all("figure", class_="locator")


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_map_page_names_no_other_server(client, language):
    place = PlaceFactory(name_en="Toluca", latitude="19.2826", longitude="-99.6557")

    response = client.get(place.url_in(language))

    html = response.content.decode()
    # The JSON-LD's vocabulary is a name, never fetched; everything else is this site's own.
    foreign = [url for url in ADDRESS.findall(html) if not url.startswith(("http://testserver/", "https://schema.org"))]
    assert foreign == []
    # And the page's policy allows no more than a page without a map.
    unmapped = client.get(PlaceFactory(name_en="Metepec").url_in(language))
    assert response.headers["Content-Security-Policy"] == unmapped.headers["Content-Security-Policy"]


def test_identifiers_and_a_map_cost_the_entity_pages_no_query(client):
    plain = PlaceFactory(name_en="Plain")
    mapped = PlaceFactory(
        name_en="Mapped", wikidata="Q1489", geonames="3530597", latitude="19.43260", longitude="-99.13320"
    )
    companies = (
        OrganizationFactory(),
        OrganizationFactory(wikidata="Q53268", lei="5493006W3QUS5LMH6R84", ticker="7203", exchange="XTKS"),
    )
    companies[0].places.add(plain)
    companies[1].places.add(mapped)
    people = (
        PersonFactory(organization=companies[0]),
        PersonFactory(organization=companies[1], wikidata="Q42", website="https://douglasadams.com/"),
    )

    for without, with_identifiers in ((plain, mapped), companies, people):
        for language in ("en", "de"):
            assert count_queries(client, with_identifiers.url_in(language)) == count_queries(
                client, without.url_in(language)
            ), (type(without).__name__, language)
