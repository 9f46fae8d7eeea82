"""A reader searches the German edition: compounds, a misspelling, a company's name, a section."""

import re

import pytest
from django.db import connection

from tests.factories import ArticleFactory, OrganizationFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the search that stems and splits compounds is PostgreSQL's")


def long_body(sentence: str, paragraphs: int = 40) -> str:
    filler = (
        "Die Landesregierung von Querétaro rechnet mit weiteren Investitionen in der Region, "
        "vor allem bei Herstellern von Bauteilen für Flugzeugtriebwerke und Fahrwerke."
    )
    middle = paragraphs // 2
    return "".join(f"<p>{sentence if number == middle else filler}</p>" for number in range(paragraphs))


def test_reader_finds_a_compound_follows_did_you_mean_and_narrows_by_section(live_server, page, screenshot):
    automotive = SectionFactory(name_en="Automotive", name_de="Automobil")
    energy = SectionFactory(name_en="Energy", name_de="Energie")
    nissan = OrganizationFactory(name_en="Nissan Mexicana", name_de="Nissan Mexicana", short_name_en="Nissan")
    found = ArticleFactory(
        section=automotive,
        original_language="de",
        headline_de=(
            "Aguascalientes: Japanische Automobilzulieferer verdoppeln ihre Investitionen im Bajío und suchen "
            "mehr als zweitausend Fachkräfte für die neuen Werke in San Francisco de los Romo"
        ),
        standfirst_de="Der Bundesstaat rechnet mit 2.300 neuen Arbeitsplätzen bis 2028.",
        body_de=long_body("Elf Zulieferer aus Hiroshima eröffnen Werke neben dem Nissan-Komplex A2."),
        headline_en="",
        standfirst_en="",
        body_en="",
    )
    found.organizations.set([nissan])
    ArticleFactory(
        section=energy,
        original_language="de",
        headline_de="Solarpark in Sonora speist ab März ins Netz ein",
        standfirst_de="Die Anlage liefert Strom für 120.000 Haushalte.",
        body_de="<p>Der Netzbetreiber CENACE hat den Anschluss genehmigt; Zulieferer aus Jalisco liefern.</p>",
        headline_en="",
        standfirst_en="",
        body_en="",
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/de/")
    page.get_by_role("navigation", name="Ressorts").get_by_role("link", name="Suche").click()
    page.get_by_label("Suchen nach").fill("Zulieferer")
    page.get_by_role("button", name="Suche").click()
    page.wait_for_url(re.compile(r"q=Zulieferer"))
    assert page.locator(".search-result").count() == 2
    snippet = page.locator(".search-result__snippet").first
    assert snippet.locator("mark").first.inner_text().lower().startswith("zulieferer")
    screenshot("search-de-compound")

    page.locator(".search-facets").get_by_role("link", name="Automobil").click()
    page.wait_for_url(re.compile(r"section="))
    assert page.locator(".search-result").count() == 1
    assert "Automobilzulieferer" in page.locator(".search-result h3").inner_text()

    page.get_by_label("Suchen nach").fill("Nisan")
    page.get_by_role("button", name="Suche").click()
    page.get_by_role("link", name="Nissan").click()
    page.wait_for_url(re.compile(r"q=Nissan"))
    assert page.locator(".search-entities").get_by_role("link", name="Nissan Mexicana").is_visible()
    screenshot("search-de-entity")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("search-de-phone")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390
