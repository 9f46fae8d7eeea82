"""The person form, as an editor fills it in."""

import pytest

from newsroom.people.models import Person
from tests.factories import UserFactory
from tests.pages import form_data, get_page, logged_in, parse

pytestmark = pytest.mark.django_db

ADD = "/admin/people/person/add/"


def test_a_person_without_a_name_gets_one_error_on_the_name_and_keeps_what_was_typed():
    editor = logged_in(UserFactory(is_staff=True, is_superuser=True))
    data = form_data(get_page(editor, ADD), "person_form")
    data.update({"name": [""], "position_en": ["Director General"], "position_de": ["Generaldirektorin"]})

    page = parse(editor.post(ADD, data))

    errors = page.find("div", class_="field-name").find_all("ul", class_="errorlist")
    assert [error.text for error in errors] == ["This field is required."]
    assert page.find("input", name="position_de")["value"] == "Generaldirektorin"
    assert not Person.objects.exists()
