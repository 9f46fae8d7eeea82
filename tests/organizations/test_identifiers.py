"""An organization's identifiers, as an editor enters them in the admin (in English and German)
and as machines read them off its page and the content API."""

import json
from urllib.parse import urlencode

import pytest

from newsroom.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory
from tests.pages import form_data, get_page, logged_in, parse

pytestmark = pytest.mark.django_db

ADD = "/admin/organizations/organization/add/"
TOYOTA = "5493006W3QUS5LMH6R84"


def editor(language="en"):
    return logged_in(UserFactory(is_staff=True, is_superuser=True), HTTP_ACCEPT_LANGUAGE=language)


def filled(client, **values) -> dict:
    data = form_data(get_page(client, ADD), "organization_form")
    data.update({"name_en": ["Toyota"], "kind": ["company"], **{name: [value] for name, value in values.items()}})
    return data


def field_errors(page, field: str) -> list[str]:
    return [item.text for item in page.find("div", class_=f"field-{field}").find_all("li")]


def test_identifiers_typed_loosely_are_saved_in_their_one_form():
    client = editor()

    response = client.post(
        ADD,
        filled(
            client,
            wikidata="https://www.wikidata.org/wiki/Q53268",
            lei=" 5493 006w 3qus 5lmh 6r84 ",
            ticker=" 7203 ",
            exchange="XTKS",
        ),
    )

    assert response.status_code == 302
    toyota = Organization.objects.get()
    assert (toyota.wikidata, toyota.lei, toyota.ticker, toyota.exchange) == ("Q53268", TOYOTA, "7203", "XTKS")


def test_an_organization_without_identifiers_stores_none():
    client = editor()

    assert client.post(ADD, filled(client)).status_code == 302

    assert Organization.objects.values_list("wikidata", "lei", "ticker").get() == (None, None, None)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The check digits of this LEI do not match: a character was probably mistyped."),
        ("de", "Die Prüfziffern dieser LEI stimmen nicht: Wahrscheinlich ist ein Zeichen vertippt."),
    ],
)
def test_a_mistyped_lei_is_refused_on_its_field_and_kept_as_typed(language, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, lei="5493006W3QUS5LMH6R85", wikidata="Q53268")))

    assert field_errors(page, "lei") == [message]
    assert page.find("input", name="lei")["value"] == "5493006W3QUS5LMH6R85"
    assert page.find("input", name="wikidata")["value"] == "Q53268"
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a Wikidata item: Q and its number, e.g. Q96, or paste the item’s address."),
        ("de", "Geben Sie ein Wikidata-Objekt ein: Q und seine Nummer, z. B. Q96, oder fügen Sie seine Adresse ein."),
    ],
)
def test_what_is_not_a_wikidata_item_is_refused_in_the_editors_language(language, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, wikidata="Toyota")))

    assert field_errors(page, "wikidata") == [message]
    assert page.find("input", name="wikidata")["value"] == "Toyota"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose the exchange the ticker is listed on."),
        ("de", "Wählen Sie die Börse, an der das Kürzel gehandelt wird."),
    ],
)
def test_a_ticker_without_its_exchange_is_refused_on_the_exchange(language, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, ticker="7203")))

    assert field_errors(page, "exchange") == [message]
    assert page.find("input", name="ticker")["value"] == "7203"


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    ("field", "pasted", "stored"),
    [
        ("wikidata", "https://www.wikidata.org/wiki/Q20165?uselang=de", "Q20165"),
        ("wikidata", "https://www.wikidata.org/wiki/Q20165#P31", "Q20165"),
        ("wikidata", "QID: q53268", "Q53268"),
        ("wikidata", "http://www.wikidata.org/entity/Q53268/", "Q53268"),
        ("lei", "LEI: 5493006W3QUS5LMH6R84", TOYOTA),
        ("lei", f"https://search.gleif.org/#/record/{TOYOTA}/level1", TOYOTA),
        ("lei", f"lei-code:{TOYOTA.lower()}", TOYOTA),
    ],
)
def test_a_pasted_address_or_labelled_identifier_is_saved_as_the_identifier(language, field, pasted, stored):
    client = editor(language)

    response = client.post(ADD, filled(client, **{field: pasted}))

    assert response.status_code == 302
    assert getattr(Organization.objects.get(), field) == stored


def test_a_ticker_copied_with_its_label_is_saved_as_the_ticker():
    client = editor("de")

    assert client.post(ADD, filled(client, ticker="Kürzel: amxb", exchange="XMEX")).status_code == 302

    assert Organization.objects.values_list("ticker", "exchange").get() == ("AMXB", "XMEX")


@pytest.mark.parametrize(
    ("language", "field", "typed", "message"),
    [
        (
            "en",
            "wikidata",
            "https://www.wikidata.org/wiki/Property:P31?uselang=de",
            "Enter a Wikidata item: Q and its number, e.g. Q96, or paste the item’s address.",
        ),
        (
            "de",
            "wikidata",
            "https://www.wikidata.org/wiki/Property:P31?uselang=de",
            "Geben Sie ein Wikidata-Objekt ein: Q und seine Nummer, z. B. Q96, oder fügen Sie seine Adresse ein.",
        ),
        (
            "en",
            "lei",
            "LEI: 5493006W3QUS5LMH6R84 (Toyota Motor Corporation)",
            "An LEI has 20 letters and digits, e.g. 5493006W3QUS5LMH6R84.",
        ),
        (
            "de",
            "lei",
            "LEI: 5493006W3QUS5LMH6R84 (Toyota Motor Corporation)",
            "Eine LEI hat 20 Buchstaben und Ziffern, z. B. 5493006W3QUS5LMH6R84.",
        ),
    ],
)
def test_an_unusable_long_value_gets_one_error_saying_how_to_write_the_identifier(language, field, typed, message):
    client = editor(language)

    page = parse(client.post(ADD, filled(client, **{field: typed})))

    assert field_errors(page, field) == [message]
    assert page.find("input", name=field)["value"] == typed
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This LEI is already entered for Toyota <Japan>."),
        ("de", "Dieser Wert für das Feld „LEI“ ist bereits bei Toyota <Japan> eingetragen."),
    ],
)
def test_a_second_organization_with_the_same_lei_is_refused_naming_and_linking_the_holder(language, message):
    holder = OrganizationFactory(name_en="Toyota <Japan>", name_de="Toyota <Japan>", lei=TOYOTA)
    client = editor(language)

    response = client.post(ADD, filled(client, lei=TOYOTA.lower()))

    page = parse(response)
    assert field_errors(page, "lei") == [message]
    link = page.find("div", class_="field-lei").find("li").find("a")
    assert link["href"] == f"/admin/organizations/organization/{holder.pk}/change/"
    assert link.text == "Toyota <Japan>"
    assert "<Japan>" not in response.content.decode()
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "name", "message"),
    [
        ("en", "Mexico City Airport Group", "This Wikidata item is already entered for Mexico City Airport Group."),
        (
            "de",
            "Flughafengruppe Mexiko-Stadt",
            "Dieser Wert für das Feld „Wikidata-Objekt“ ist bereits bei Flughafengruppe Mexiko-Stadt eingetragen.",
        ),
    ],
)
def test_a_taken_wikidata_item_names_its_organization_in_the_editors_language(language, name, message):
    holder = OrganizationFactory(
        name_en="Mexico City Airport Group", name_de="Flughafengruppe Mexiko-Stadt", wikidata="Q53268"
    )
    client = editor(language)

    page = parse(client.post(ADD, filled(client, wikidata="https://www.wikidata.org/wiki/Q53268?uselang=de")))

    assert field_errors(page, "wikidata") == [message]
    link = page.find("div", class_="field-wikidata").find(
        "a", href=f"/admin/organizations/organization/{holder.pk}/change/"
    )
    assert link.text == name


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This ticker on Tokyo Stock Exchange is already entered for Toyota."),
        ("de", "Dieses Kürzel (Börse Tokio) ist bereits bei Toyota eingetragen."),
    ],
)
def test_a_taken_ticker_on_its_exchange_names_the_listed_company_on_the_ticker(language, message):
    holder = OrganizationFactory(name_en="Toyota", name_de="Toyota", ticker="7203", exchange="XTKS")
    client = editor(language)

    page = parse(client.post(ADD, filled(client, ticker="7203", exchange="XTKS")))

    assert field_errors(page, "ticker") == [message]
    assert page.find("div", class_="field-ticker").find("a")["href"] == (
        f"/admin/organizations/organization/{holder.pk}/change/"
    )
    assert Organization.objects.count() == 1


def test_the_same_ticker_on_another_exchange_is_not_a_duplicate():
    OrganizationFactory(name_en="Walmart", ticker="WALMEX*", exchange="XNYS")
    client = editor()

    assert client.post(ADD, filled(client, ticker="WALMEX*", exchange="XMEX")).status_code == 302


def test_an_organization_keeps_its_own_identifiers_when_saved_again():
    toyota = OrganizationFactory(name_en="Toyota", lei=TOYOTA, wikidata="Q53268", ticker="7203", exchange="XTKS")
    client = editor()
    change = f"/admin/organizations/organization/{toyota.pk}/change/"
    data = form_data(get_page(client, change), "organization_form")
    data["wikidata"] = ["https://www.wikidata.org/wiki/Q53268#P31"]

    assert client.post(change, data).status_code == 302


def test_the_admin_list_shows_the_wikidata_item_and_finds_an_organization_by_any_identifier():
    toyota = OrganizationFactory(name_en="Toyota", wikidata="Q53268", lei=TOYOTA, ticker="7203", exchange="XTKS")
    OrganizationFactory(name_en="Jalisco Automotive Cluster")
    client = editor()

    for term in (TOYOTA, "q53268", "7203"):
        page = get_page(client, f"/admin/organizations/organization/?q={term}")
        rows = page.find("table", id="result_list").find("tbody").find_all("tr")
        assert [row.find("th").text.strip() for row in rows] == [str(toyota)], term
        # The LEI and the ticker are on the form: the list keeps to 1280 pixels in German.
        assert "Q53268" in rows[0].text


@pytest.mark.parametrize(
    "term",
    [
        f"https://search.gleif.org/#/record/{TOYOTA}",
        TOYOTA.lower(),
        "https://www.wikidata.org/wiki/Q53268",
        "http://www.wikidata.org/entity/Q53268",
        " q53268 ",
        "7203",
    ],
)
def test_the_admin_finds_an_organization_by_a_pasted_or_loosely_typed_identifier(term):
    toyota = OrganizationFactory(name_en="Toyota", wikidata="Q53268", lei=TOYOTA, ticker="7203", exchange="XTKS")
    OrganizationFactory(name_en="Jalisco Automotive Cluster", wikidata="Q5311", ticker="7203X", exchange="XMEX")
    client = editor()

    page = get_page(client, "/admin/organizations/organization/?" + urlencode({"q": term}))

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text.strip() for row in rows] == [str(toyota)]


def test_a_ticker_typed_in_lower_case_finds_its_company_and_keeps_the_lists_filters():
    OrganizationFactory(name_en="Walmart de México", ticker="WALMEX*", exchange="XMEX")
    OrganizationFactory(name_en="Walmart", ticker="WALMEX*", exchange="XNYS")
    client = editor()

    page = get_page(client, "/admin/organizations/organization/?" + urlencode({"q": "walmex*", "exchange": "XMEX"}))

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text.strip() for row in rows] == ["Walmart de México"]


def json_ld(response) -> list[dict]:
    page = parse(response)
    return json.loads(page.find("script", type="application/ld+json").raw_text)["@graph"]


def test_the_organization_page_gives_its_identifiers_to_machines(client):
    toyota = OrganizationFactory(
        kind=Organization.Kind.COMPANY,
        wikidata="Q53268",
        lei=TOYOTA,
        ticker="7203",
        exchange="XTKS",
        website="https://global.toyota/",
    )

    (node,) = [n for n in json_ld(client.get(toyota.url_in("de"))) if n.get("@id", "").endswith(toyota.url_in("de"))]

    assert node["@type"] == "Corporation"
    assert node["sameAs"] == ["https://www.wikidata.org/wiki/Q53268", "https://global.toyota/"]
    assert node["leiCode"] == TOYOTA
    assert node["tickerSymbol"] == "XTKS 7203"
    assert [(i["propertyID"], i["value"]) for i in node["identifier"]] == [("Wikidata", "Q53268"), ("LEI", TOYOTA)]


def test_an_organization_without_identifiers_says_nothing_of_them(client):
    cluster = OrganizationFactory()

    (node,) = [n for n in json_ld(client.get(cluster.url_in("en"))) if n.get("@type") == "Organization"]

    assert not {"sameAs", "identifier", "leiCode", "tickerSymbol"} & set(node)
