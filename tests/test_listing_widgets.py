"""The filter forms' widgets render in Python exactly what Django's widget templates render."""

import datetime

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import override

from newsroom.listing import DateInput, HiddenInput, ObjectSelect, Select, TextInput

CHOICES = [
    ("", "All kinds"),
    ("news", "News & reports"),
    ("analysis", 'Analysis "deep"'),
    ("Groups", [("a", "Á <b>"), ("b", mark_safe("<i>safe</i>"))]),
]


def by_template(widget, *args, **kwargs) -> str:
    # The class Django's own widget would be: its `render` goes through the form renderer's templates.
    base = next(cls for cls in type(widget).__mro__ if cls.__module__.startswith("django."))
    return base.render(widget, *args, **kwargs)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (TextInput(), None),
        (TextInput(), 'Nuevo León & "Bajío" <script>'),
        (TextInput(attrs={"maxlength": 200, "required": True, "disabled": False}), "x"),
        (TextInput(), mark_safe("<b>safe</b>")),
        (HiddenInput(), 17),
        (HiddenInput(), None),
        (DateInput(), datetime.date(2026, 12, 6)),
        (DateInput(), "not a date"),
        (Select(choices=CHOICES), "analysis"),
        (Select(choices=CHOICES), "b"),
        (Select(choices=CHOICES, attrs={"aria-describedby": "x&y"}), None),
    ],
)
def test_python_rendering_is_the_templates(widget, value):
    attrs = {"id": "id_field"}
    assert widget.render("field", value, attrs) == by_template(widget, "field", value, attrs)


@pytest.mark.django_db
def test_object_select_marks_languages_as_the_template_would():
    from newsroom.articles.models import Section

    Section.objects.create(name_en="Energy", slug_en="energy", original_language="en")
    Section.objects.create(name_de="Außenhandel", slug_de="aussenhandel", original_language="de")
    field = forms.ModelChoiceField(Section.objects.all(), widget=ObjectSelect, empty_label="All sections")
    with override("en"):
        html = field.widget.render("section", None, {"id": "id_section"})
        assert html == by_template(field.widget, "section", None, {"id": "id_section"})
    assert 'lang="de">Außenhandel</option>' in html
