"""The glossary: terms found in a segment, a warning for a translation that leaves one out, terms
made from the newsroom's own entities, and who may change them."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.translations import glossary
from newsroom.translations.models import GlossaryTerm
from newsroom.translations.workflow import withdraw
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
    TranslatorFactory,
)
from tests.pages import change_url, get_page, logged_in, open_form, translate_in_admin

pytestmark = pytest.mark.django_db

GLOSSARY = "/admin/translations/glossaryterm/"


def term(en, de="", **kwargs):
    return GlossaryTerm.objects.create(text_en=en, text_de=de or None, **kwargs)


def found(text, source="en", target="de"):
    return [(t.source, t.target) for t in glossary.load(source, target).find(text)]


def test_terms_are_found_whole_case_insensitively_and_the_longest_first():
    term("plant", "Werk")
    term("Nissan", "Nissan", do_not_translate=True)
    term("Nissan Mexicana", "Nissan Mexicana", do_not_translate=True)
    term("rules of origin", "Ursprungsregeln")

    assert found("<p>Nissan Mexicana's <em>PLANT</em> meets the Rules of Origin; Nissan agrees.</p>") == [
        ("Nissan Mexicana", "Nissan Mexicana"),
        ("plant", "Werk"),
        ("rules of origin", "Ursprungsregeln"),
        ("Nissan", "Nissan"),
    ]
    assert found("The planted trees") == []  # whole words only


def test_a_term_without_a_translation_into_the_target_is_not_offered():
    term("supplier")
    term("Zulieferer", "")

    assert found("A supplier") == []
    assert glossary.load("de", "en").find("Ein Zulieferer") == []


def test_the_glossary_of_a_language_pair_is_one_query_however_many_terms():
    for n in range(200):
        term(f"term {n}", f"Begriff {n}")

    with CaptureQueriesContext(connection) as queries:
        terms = glossary.load("en", "de")
    assert len(queries) == 1
    assert [t.target for t in terms.find("<p>Term 7 and term 199.</p>")] == ["Begriff 7", "Begriff 199"]


@pytest.mark.parametrize(
    "required, translation, said",
    [
        ("Werk", "Das Werk wächst.", True),
        ("Werk", "Die Zahl des Werkes wächst.", True),  # inflected
        ("japanische Agentur", "der Japanischen Agentur", True),
        ("Werk", "Die Fabrik wächst.", False),
        ("Ursprungsregeln", "<p>die <strong>Ursprungsregeln</strong></p>", True),
        ("JICA", "Die japanische Agentur", False),
    ],
)
def test_a_required_translation_counts_as_used_in_an_inflected_form(required, translation, said):
    assert glossary.is_rendered(required, translation) is said


def warnings_of(response):
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


def test_a_translation_that_leaves_out_a_glossary_term_is_saved_with_a_warning():
    term("plant", "Werk")
    term("JICA", "JICA", do_not_translate=True)
    article = ArticleFactory(
        body_en="<p>The plant opens.</p><p>JICA pays for the training.</p>", body_de="", released_translations=False
    )
    client = logged_in(TranslatorFactory(username="translator"))

    response = translate_in_admin(
        client,
        article,
        "de",
        body="<p>Die Fabrik öffnet.</p><p>Die japanische Agentur zahlt die Schulung.</p>",
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_de == "<p>Die Fabrik öffnet.</p><p>Die japanische Agentur zahlt die Schulung.</p>"
    # One message for the save, after its outcome.
    messages = warnings_of(response)
    assert len(messages) == 1
    assert "Body · 1: the glossary translates “plant” as “Werk”" in messages[0]
    assert "Body · 2: the glossary keeps “JICA” as it is" in messages[0]
    assert "as “JICA”" not in messages[0]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success", "warning"]


def test_the_warnings_of_a_long_text_are_one_message_capped_and_only_for_segments_this_save_changed():
    term("plant", "Werk")
    body_en = "".join(f"<p>Plant {number} opens.</p>" for number in range(1, 11))
    article = ArticleFactory(body_en=body_en, body_de="", released_translations=False)
    client = logged_in(TranslatorFactory(username="translator"))
    body_de = "".join(f"<p>Fabrik {number} öffnet.</p>" for number in range(1, 11))

    response = translate_in_admin(client, article, "de", "_complete", body=body_de)

    assert response.status_code == 302
    messages = warnings_of(response)
    assert len(messages) == 1
    assert "Body · 5:" in messages[0] and "Body · 6:" not in messages[0] and "and 5 more" in messages[0]
    assert [m.level_tag for m in get_messages(response.wsgi_request)][0] == "success"

    # One paragraph changed: only its segment is checked, not the nine the save left alone.
    response = translate_in_admin(client, article, "de", "_complete", body=body_de.replace("Fabrik 7 ", "Anlage 7 "))

    assert response.status_code == 302
    messages = warnings_of(response)
    assert len(messages) == 1 and "Body · 7:" in messages[0]
    assert "Body · 1:" not in messages[0] and "more" not in messages[0]


def test_segments_left_empty_are_not_checked_and_the_others_keep_their_numbers():
    term("plant", "Werk")
    term("Toluca", "Toluca", do_not_translate=True)
    article = ArticleFactory(
        body_en="<p>The plant opens.</p><p>Toluca grows.</p><p>A plant closes.</p>",
        body_de="",
        released_translations=False,
    )
    client = logged_in(TranslatorFactory(username="translator"))
    url = f"/admin/articles/article/{article.pk}/translate/de/"
    _page, data = open_form(client, url, "translation_form")
    data.update({"body-s1": [""], "body-s2": ["Die Stadt wächst."], "body-s3": [""], "_save": ["1"]})

    response = client.post(url, data)

    assert response.status_code == 302
    messages = warnings_of(response)
    assert len(messages) == 1
    assert "Body · 2: the glossary keeps “Toluca” as it is" in messages[0]
    assert "plant" not in messages[0] and "Body:" not in messages[0]


def test_a_translation_that_uses_the_terms_gets_no_warning():
    term("plant", "Werk")
    article = ArticleFactory(body_en="<p>The plant opens.</p>", body_de="", released_translations=False)

    response = translate_in_admin(
        logged_in(TranslatorFactory(username="translator")), article, "de", body="<p>Das Werkes öffnet.</p>"
    )

    assert response.status_code == 302
    assert warnings_of(response) == []


# Terms made from the newsroom's entities


def entity_term(obj):
    return GlossaryTerm.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk).first()


def test_a_place_name_becomes_a_term_when_its_translation_is_released():
    place = PlaceFactory(name_en="Mexico", name_de="", released_translations=False)
    editor = logged_in(EditorFactory(username="editor"))
    assert entity_term(place) is None

    assert translate_in_admin(editor, place, "de", "_complete", name="Mexiko").status_code == 302
    assert entity_term(place) is None  # readers do not have it yet

    assert translate_in_admin(editor, place, "de", "_release").status_code == 302
    made = entity_term(place)
    assert (made.text_en, made.text_de, made.do_not_translate) == ("Mexico", "Mexiko", False)
    assert found("Exports from Mexico grow.") == [("Mexico", "Mexiko")]
    assert found("Exporte aus Mexiko wachsen.", "de", "en") == [("Mexiko", "Mexico")]
    form = get_page(editor, f"{GLOSSARY}{made.pk}/change/")
    assert f"/admin/places/place/{place.pk}/change/" in [a.get("href") for a in form.find_all("a")]


def test_an_editor_renaming_a_released_german_name_on_its_form_renames_its_term():
    section = SectionFactory(name_en="Industry", name_de="Industrie")
    assert entity_term(section).text_de == "Industrie"
    editor = logged_in(EditorFactory(username="editor"))
    url = change_url(section)
    _page, data = open_form(editor, url, "section_form")
    data["name_de"] = ["Industrie und Produktion"]

    assert editor.post(url, data).status_code == 302

    # Readers of German now get the new name at once, so the translators' glossary says the same.
    section.refresh_from_db()
    assert section.name_de == "Industrie und Produktion"
    assert entity_term(section).text_de == "Industrie und Produktion"
    assert found("Industry news") == [("Industry", "Industrie und Produktion")]


def test_an_organization_released_with_the_same_name_is_not_to_be_translated_and_withdrawing_removes_it():
    organization = OrganizationFactory(name_en="JICA", name_de="JICA")
    made = entity_term(organization)
    assert (made.text_en, made.text_de, made.do_not_translate) == ("JICA", "JICA", True)

    withdraw(organization.translation_in("de"), by=None, obj=organization)

    assert entity_term(organization) is None


def test_a_name_marked_the_same_in_every_language_is_a_term_not_to_be_translated_at_once():
    place = PlaceFactory(
        name_en="Aguascalientes", name_de="", same_in_every_language="name", released_translations=False
    )

    made = entity_term(place)
    assert (made.text_en, made.text_de, made.do_not_translate) == ("Aguascalientes", "Aguascalientes", True)


def test_taking_the_same_in_every_language_mark_off_a_place_makes_its_term_one_to_translate():
    place = PlaceFactory(name_en="Toluca", name_de="", same_in_every_language="name", released_translations=False)
    assert entity_term(place).do_not_translate
    editor = logged_in(EditorFactory(username="editor"))
    _page, data = open_form(editor, change_url(place), "place_form")
    data.pop("same_in_every_language", None)

    response = editor.post(change_url(place), data)

    assert response.status_code == 302
    made = entity_term(place)
    assert made is None or not made.do_not_translate


def test_a_section_name_in_running_text_is_a_hint_but_never_a_warning():
    section = SectionFactory(name_en="Training", name_de="Weiterbildung")
    assert glossary.update_entity_term(section) is not None
    article = ArticleFactory(body_en="<p>The training centre opens.</p>", body_de="", released_translations=False)
    client = logged_in(TranslatorFactory(username="translator"))
    page = get_page(client, f"/admin/articles/article/{article.pk}/translate/de/")
    assert "Weiterbildung" in page.text  # shown beside the segment

    response = translate_in_admin(client, article, "de", body="<p>Das Ausbildungszentrum öffnet.</p>")

    assert response.status_code == 302
    assert warnings_of(response) == []


def test_an_automatic_term_says_its_name_rewrites_it_and_keeps_its_texts_from_hand_edits():
    place = PlaceFactory(name_en="Toluca", name_de="", same_in_every_language="name", released_translations=False)
    made = entity_term(place)
    editor = logged_in(EditorFactory(username="editor"))
    url = f"{GLOSSARY}{made.pk}/change/"
    page, data = open_form(editor, url, "glossaryterm_form")
    assert "the next release or rename rewrites its texts, and a deleted term comes back" in page.text
    assert "text_de" not in data
    data.update({"text_de": ["Toluka"], "note": ["Die Stadt, nicht der Vulkan."]})

    response = editor.post(url, data)

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.text_de, made.note) == ("Toluca", "Die Stadt, nicht der Vulkan.")


def test_an_organizations_short_name_is_a_term_of_its_own():
    editor = logged_in(EditorFactory(username="editor"))
    url = "/admin/organizations/organization/add/"
    _page, data = open_form(editor, url, "organization_form")
    data.update(
        {"name_en": ["Japan International Cooperation Agency"], "short_name_en": ["JICA"], "kind": ["government"]}
    )

    assert editor.post(url, data).status_code == 302

    assert found("JICA funds the Japan International Cooperation Agency office.") == [
        ("JICA", "JICA"),
        ("Japan International Cooperation Agency", "Japan International Cooperation Agency"),
    ]
    terms = GlossaryTerm.objects.filter(content_type__model="organization")
    assert sorted((t.text_en, t.do_not_translate) for t in terms) == [
        ("JICA", True),
        ("Japan International Cooperation Agency", True),
    ]


def test_a_persons_name_is_a_term_not_to_be_translated_from_the_first_save():
    person = PersonFactory(name="Carmen Hernández", released_translations=False)

    made = entity_term(person)
    assert (made.text_en, made.text_de, made.do_not_translate) == ("Carmen Hernández", "Carmen Hernández", True)
    person.delete()
    assert not GlossaryTerm.objects.filter(text_en="Carmen Hernández").exists()


def test_the_command_rebuilds_the_terms_of_existing_entities():
    place = PlaceFactory(name_en="Mexico", name_de="Mexiko")
    GlossaryTerm.objects.all().delete()
    term("plant", "Werk")

    call_command("rebuild_glossary", stdout=StringIO())

    assert entity_term(place).text_de == "Mexiko"
    assert GlossaryTerm.objects.filter(text_en="plant", content_type__isnull=True).exists()


# Who may change the glossary


def test_an_editor_adds_a_term_in_the_admin():
    editor = EditorFactory(username="editor")
    client = logged_in(editor)
    _page, data = open_form(client, f"{GLOSSARY}add/", "glossaryterm_form")
    data.update({"text_en": ["rules of origin"], "text_de": ["Ursprungsregeln"], "note": ["USMCA"]})

    response = client.post(f"{GLOSSARY}add/", data)

    assert response.status_code == 302
    made = GlossaryTerm.objects.get(text_en="rules of origin")
    assert (made.text_de, made.created_by, made.do_not_translate) == ("Ursprungsregeln", editor, False)


def test_a_term_needs_a_text_and_the_form_keeps_what_was_typed():
    client = logged_in(EditorFactory(username="editor"))
    _page, data = open_form(client, f"{GLOSSARY}add/", "glossaryterm_form")
    data.update({"text_en": [""], "text_de": [""], "note": ["Ein Hinweis"]})

    response = client.post(f"{GLOSSARY}add/", data)

    assert response.status_code == 200
    assert "Ein Hinweis" in response.content.decode()
    assert not GlossaryTerm.objects.exists()


def test_a_term_already_in_the_glossary_in_another_case_is_refused_naming_the_existing_one():
    term("training centre", "Ausbildungszentrum")
    client = logged_in(EditorFactory(username="editor"))
    _page, data = open_form(client, f"{GLOSSARY}add/", "glossaryterm_form")
    data.update({"text_en": ["Training Centre"], "text_de": ["Schulungszentrum"], "note": ["Neu"]})

    response = client.post(f"{GLOSSARY}add/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The glossary already has “training centre”" in page
    assert "Schulungszentrum" in page  # what was typed is kept
    assert GlossaryTerm.objects.count() == 1


def test_a_term_not_to_be_translated_with_another_text_in_german_is_refused():
    client = logged_in(EditorFactory(username="editor"))
    _page, data = open_form(client, f"{GLOSSARY}add/", "glossaryterm_form")
    data.update({"text_en": ["CONALEP"], "text_de": ["Conalep-Schule"], "do_not_translate": ["on"]})

    response = client.post(f"{GLOSSARY}add/", data)

    assert response.status_code == 200
    assert "A term not to be translated is “CONALEP” in every language" in response.content.decode()
    assert not GlossaryTerm.objects.exists()

    data.update({"text_de": ["Conalep"]})  # the same name, as German capitalises it: accepted
    assert client.post(f"{GLOSSARY}add/", data).status_code == 302
    assert GlossaryTerm.objects.get().text_de == "Conalep"


def test_the_glossary_and_memory_lists_are_named_by_their_entries_and_mark_each_text_with_its_language():
    term("plant", "Werk")
    client = logged_in(EditorFactory(username="editor"))
    client.cookies["django_language"] = "en"

    index = get_page(client, "/admin/translations/")
    assert "Glossary terms" in index.text and "Translation memory entries" in index.text

    client.cookies["django_language"] = "de"
    page = get_page(client, GLOSSARY)
    assert page.find("span", lang="en").text == "plant"
    assert page.find("span", lang="de").text == "Werk"


def test_a_translator_looks_terms_up_but_cannot_add_change_or_delete_them():
    plant = term("plant", "Werk")
    client = logged_in(TranslatorFactory(username="translator"))
    editor = logged_in(EditorFactory(username="editor"))
    _page, data = open_form(editor, f"{GLOSSARY}{plant.pk}/change/", "glossaryterm_form")

    assert "Werk" in get_page(client, f"{GLOSSARY}?q=plant").text
    assert client.get(f"{GLOSSARY}add/").status_code == 403
    assert client.post(f"{GLOSSARY}add/", {**data, "text_en": ["forged"]}).status_code == 403
    assert client.post(f"{GLOSSARY}{plant.pk}/change/", {**data, "text_de": ["Fabrik"]}).status_code == 403
    assert client.post(f"{GLOSSARY}{plant.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(GLOSSARY, {"action": "delete_selected", "_selected_action": [plant.pk], "post": "yes"})
    assert response.status_code == 403
    assert list(GlossaryTerm.objects.values_list("text_en", "text_de")) == [("plant", "Werk")]


def test_a_reporter_does_not_see_the_glossary():
    term("plant", "Werk")
    client = logged_in(ReporterFactory(username="reporter"))

    assert client.get(GLOSSARY).status_code == 403
    assert client.post(f"{GLOSSARY}add/", {"text_en": ["forged"]}).status_code == 403
    assert GlossaryTerm.objects.count() == 1


def test_two_editors_changing_the_same_term_do_not_overwrite_each_other():
    plant = term("plant", "Werk")
    first, second = logged_in(EditorFactory(username="first")), logged_in(EditorFactory(username="second"))
    url = f"{GLOSSARY}{plant.pk}/change/"
    _page, first_data = open_form(first, url, "glossaryterm_form")
    _page, second_data = open_form(second, url, "glossaryterm_form")
    assert first.post(url, {**first_data, "text_de": ["Fabrik"]}).status_code == 302

    response = second.post(url, {**second_data, "text_de": ["Anlage"]})

    assert response.status_code == 200
    assert "Fabrik" in response.content.decode()
    assert GlossaryTerm.objects.get(pk=plant.pk).text_de == "Fabrik"


def test_the_glossary_list_costs_the_same_queries_for_many_entity_terms(django_assert_max_num_queries):
    client = logged_in(TranslatorFactory(username="translator"))
    PlaceFactory(name_en="Mexico", name_de="Mexiko")
    client.get(GLOSSARY)
    with CaptureQueriesContext(connection) as few:
        client.get(GLOSSARY)
    for n in range(20):
        PlaceFactory(name_en=f"Region {n}", name_de=f"Region {n} DE")
        OrganizationFactory(name_en=f"Chamber {n}", name_de=f"Kammer {n}")

    with django_assert_max_num_queries(len(few)):
        page = get_page(client, GLOSSARY)

    assert "Kammer 19" in page.text and "Place" in page.text
