"""A "kind" is named for what it sorts: an article's kind of contribution, an organization's,
a place's and a correction's kinds are not all "Beitragsart" in German."""

import pytest

from tests.factories import OrganizationFactory, PlaceFactory, UserFactory
from tests.pages import get_page, logged_in

pytestmark = pytest.mark.django_db


def column_headers(page) -> list[str]:
    return [th.text for th in page.find("table", id="result_list").find("thead").find_all("th")]


def test_the_german_admin_names_the_kind_of_an_organization_and_a_place_art_not_beitragsart():
    OrganizationFactory(name_en="Clúster Automotriz de Querétaro")
    PlaceFactory(name_en="Querétaro")
    editor = logged_in(UserFactory(is_staff=True, is_superuser=True))
    editor.cookies.load({"django_language": "de"})

    for url in ("/admin/organizations/organization/", "/admin/places/place/"):
        headers = column_headers(get_page(editor, url))
        assert "Art" in headers, (url, headers)
        assert "Beitragsart" not in headers, (url, headers)
    organization_form = get_page(editor, "/admin/organizations/organization/add/")
    assert organization_form.find("label", for_="id_kind").text.startswith("Art")


def test_the_german_corrections_page_filters_by_art_and_the_article_list_by_beitragsart(client):
    corrections = get_page(client, "/de/korrekturen/")
    assert corrections.find("label", for_="id_kind").text.startswith("Art")
    articles = get_page(client, "/de/artikel/")
    assert articles.find("label", for_="id_kind").text.startswith("Beitragsart")
