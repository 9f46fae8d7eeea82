"""An editor fills an empty site with proper nouns and two German section names, and German readers
get all of it in German without a translator doing anything."""

import re
from pathlib import Path

import pytest

from newsroom.articles.models import Section
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.roles import EDITOR, role
from newsroom.translations.models import Translation
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/names")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

ORGANIZATIONS = [("Nissan Mexicana", "Nissan"), ("Jatco", ""), ("Japan International Cooperation Agency", "JICA")]
PLACES = ["Aguascalientes", "Querétaro", "Guanajuato", "Hiroshima", "Nagoya"]
PEOPLE = ["Tere Jiménez", "Makoto Uchida"]
SECTIONS = [("Automotive", "Automobil"), ("Aerospace", "Luftfahrt")]


def shoot(page, name: str):
    """The page at desktop and at phone width, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def save(page, url_part: str):
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(rf"/admin/{url_part}/$"))
    return page.locator("ul.messagelist").inner_text()


def test_an_editors_proper_nouns_and_german_section_names_reach_german_readers_without_a_translator(live_server, page):
    editor = UserFactory(username="editor")
    editor.groups.add(role(EDITOR))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    for number, (name, short_name) in enumerate(ORGANIZATIONS):
        page.goto(f"{live_server.url}/admin/organizations/organization/add/")
        marks = page.get_by_role("group", name="Same in every language (a proper noun)")
        if not marks.count():
            marks = page.locator(".field-same_in_every_language")
        assert marks.get_by_label("Name", exact=True).is_checked()
        assert marks.get_by_label("Short name", exact=True).is_checked()
        if number == 0:
            shoot(page, "organization-add-form")
        page.fill("#id_name_en", name)
        page.fill("#id_short_name_en", short_name)
        page.select_option("#id_kind", "company")
        messages = save(page, "organizations/organization")
        names = ", ".join(f"“{text}”" for text in dict.fromkeys((name, short_name)) if text)
        assert f"Readers of every language see {names}, the same in every language." in messages

    for name in PLACES:
        page.goto(f"{live_server.url}/admin/places/place/add/")
        page.fill("#id_name_en", name)
        page.select_option("#id_kind", "state")
        save(page, "places/place")

    for name in PEOPLE:
        page.goto(f"{live_server.url}/admin/people/person/add/")
        page.fill("#id_name", name)
        save(page, "people/person")

    for english, german in SECTIONS:
        page.goto(f"{live_server.url}/admin/articles/section/add/")
        page.fill("#id_name_en", english)
        page.locator("li[aria-controls='tab_id_name_de']").click()
        page.fill("#id_name_de", german)
        if english == "Automotive":
            shoot(page, "section-add-form")
        messages = save(page, "articles/section")
        assert "Readers of English see the original; readers of German see your German version." in messages
        if english == "Automotive":
            shoot(page, "section-saved-message")

    assert not Translation.objects.to_do().exists()
    page.goto(f"{live_server.url}/admin/translations/translation/")
    assert page.locator("#result_list").count() == 0

    page.goto(f"{live_server.url}/de/")
    shoot(page, "home-de")
    navigation = page.get_by_role("navigation", name="Ressorts")
    assert navigation.get_by_role("link", name="Automobil").count() == 1
    assert navigation.get_by_role("link", name="Luftfahrt").count() == 1
    assert page.locator("p.notice").count() == 0

    entities = [
        *Organization.objects.all(),
        *Place.objects.all(),
        *Person.objects.all(),
        *Section.objects.all(),
    ]
    assert len(entities) == 12
    for entity in entities:
        page.goto(f"{live_server.url}{entity.url_in('de')}")
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator("p.notice").count() == 0, entity
        assert page.locator("h1[lang]").count() == 0, entity
        if entity.pk == Place.objects.get(name_en="Aguascalientes").pk and isinstance(entity, Place):
            shoot(page, "place-de")
