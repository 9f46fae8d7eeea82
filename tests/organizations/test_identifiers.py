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


def test_a_second_organization_with_the_same_lei_is_refused_on_the_lei():
    OrganizationFactory(lei=TOYOTA)
    client = editor("de")

    page = parse(client.post(ADD, filled(client, lei=TOYOTA.lower())))

    assert field_errors(page, "lei") == ["Organisation mit diesem Wert für das Feld LEI existiert bereits."]
    assert Organization.objects.count() == 1


def test_the_admin_list_shows_identifiers_and_finds_an_organization_by_them():
    toyota = OrganizationFactory(name_en="Toyota", wikidata="Q53268", lei=TOYOTA, ticker="7203", exchange="XTKS")
    OrganizationFactory(name_en="Jalisco Automotive Cluster")
    client = editor()

    for term in (TOYOTA, "q53268", "7203"):
        page = get_page(client, f"/admin/organizations/organization/?q={term}")
        rows = page.find("table", id="result_list").find("tbody").find_all("tr")
        assert [row.find("th").text.strip() for row in rows] == [str(toyota)], term
        assert TOYOTA in rows[0].text and "Q53268" in rows[0].text


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
