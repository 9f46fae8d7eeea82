"""Names that need no translator, and an editor's translation that goes live with the save: through
the admin's own forms, the translation queue and the public pages."""

import pytest
from django.test import Client

from newsroom.articles.models import Article, Section, Tag
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import Translation
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    OrganizationFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
    TagFactory,
    TranslatorFactory,
)
from tests.pages import change_url, get_page, logged_in, open_form, parse, translate_url

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translations/translation/"


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


def add_url(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"


def add(client, model, **fields):
    """Open the add form, fill `fields` (name → text or list of values), save; the response, followed."""
    _page, data = open_form(client, add_url(model), f"{model._meta.model_name}_form")
    data.update({name: value if isinstance(value, list) else [value] for name, value in fields.items()})
    return client.post(add_url(model), data, follow=True)


def change(client, obj, **fields):
    _page, data = open_form(client, change_url(obj), f"{obj._meta.model_name}_form")
    data.update({name: value if isinstance(value, list) else [value] for name, value in fields.items()})
    return client.post(change_url(obj), data, follow=True)


def messages_of(response) -> list[str]:
    return [m.message for m in response.context["messages"]]


def german(obj) -> Translation:
    return type(obj)._default_manager.get(pk=obj.pk).translation_in("de")


def queue_names(client) -> str:
    page = get_page(client, QUEUE)
    table = page.find_all("table", id="result_list")
    return table[0].text if table else ""


def german_notice(obj) -> list[str]:
    page = get_page(Client(), obj.url_in("de"))
    return page.texts("p", class_="notice")


def marks(page, model) -> dict[str, bool]:
    """The form's boxes "same in every language": field → checked."""
    return {
        box["value"]: box.get("checked") is not None
        for box in page.find_all("input", type="checkbox", name="same_in_every_language")
    }


# Marks and their defaults


def test_the_add_form_marks_the_names_of_organizations_and_places_the_same_in_every_language(editor):
    organization_form = get_page(editor, add_url(Organization))
    place_form = get_page(editor, add_url(Place))
    section_form = get_page(editor, add_url(Section))

    assert marks(organization_form, Organization) == {"name": True, "short_name": True}
    assert marks(place_form, Place) == {"name": True}
    assert marks(section_form, Section) == {"name": False}
    label = organization_form.find("div", class_="field-same_in_every_language").find("label")
    assert label.text == "Same in every language (a proper noun):"


def test_an_organization_named_in_english_only_is_readable_in_german_at_once_and_never_queued(editor, translator):
    response = add(editor, Organization, name_en="Nissan Mexicana", short_name_en="Nissan", kind="company")

    organization = Organization.objects.get(name_en="Nissan Mexicana")
    assert (organization.name_de, organization.short_name_de) == ("Nissan Mexicana", "Nissan")
    assert organization.slug_de == organization.slug_en == "nissan-mexicana"
    translation = german(organization)
    assert translation.state == Translation.State.COMPLETE
    assert translation.is_released
    assert organization.is_readable_in("de")
    assert "Readers of every language see “Nissan Mexicana”, “Nissan”, the same in every language." in messages_of(
        response
    )
    assert "Nissan Mexicana" not in queue_names(translator)
    assert german_notice(organization) == []
    page = get_page(editor, organization.url_in("de"))
    assert page.find("h1").get("lang") is None


def test_a_place_marked_with_a_description_to_translate_still_asks_the_translator_for_the_description_only(
    editor, translator
):
    add(editor, Place, name_en="Aguascalientes", kind="state", description_en="A small state with a car industry.")

    place = Place.objects.get(name_en="Aguascalientes")
    assert german(place).state == Translation.State.MISSING
    assert "Aguascalientes" in queue_names(translator)
    page = get_page(translator, translate_url(place, "de"))
    assert [field["name"] for field in page.find("form", id="translation_form").find_all("textarea")] == ["description"]
    assert page.find_all("input", name="name") == []


def test_a_german_name_typed_in_the_tab_beats_the_default_mark_and_the_editor_is_told(editor):
    response = add(editor, Place, name_en="Mexico", name_de="Mexiko", kind="country")

    place = Place.objects.get(name_en="Mexico")
    assert place.name_de == "Mexiko"
    assert place.slug_de == "mexiko"
    assert place.marked_same() == []
    assert (
        "You typed a German text for “Name”, so it stays the German version and is not marked the same in every "
        "language. Empty it to mark it." in messages_of(response)
    )
    # The editor's German went to readers with the save.
    assert german(place).is_released
    assert "Readers of English see the original; readers of German see your German version." in messages_of(response)


def test_an_editor_who_unchecks_the_default_leaves_the_name_to_the_translator(editor, translator):
    add(editor, Organization, name_en="Japan International Cooperation Agency", short_name_en="JICA",
        kind="government", same_in_every_language=["short_name"])  # fmt: skip

    organization = Organization.objects.get(short_name_en="JICA")
    assert organization.short_name_de == "JICA"
    assert organization.name_de in ("", None)
    assert german(organization).state == Translation.State.MISSING
    assert "Japan International Cooperation Agency" in queue_names(translator)


def test_taking_the_mark_off_puts_the_translation_in_the_queue_and_readers_keep_it_until_it_is_updated(
    editor, translator
):
    add(editor, Organization, name_en="Jatco", short_name_en="", kind="company")
    organization = Organization.objects.get(name_en="Jatco")
    assert german(organization).is_visible_to_readers

    change(editor, organization, same_in_every_language=[])

    organization.refresh_from_db()
    assert organization.marked_same() == []
    assert organization.name_de == "Jatco"  # the translator's starting point
    translation = german(organization)
    assert translation.state == Translation.State.OUTDATED
    assert translation.is_visible_to_readers
    assert "Jatco" in queue_names(translator)
    page = get_page(translator, translate_url(organization, "de"))
    assert page.find("input", name="name")["value"] == "Jatco"


def test_marking_an_existing_translated_field_keeps_the_translation_typed_before(editor):
    organization = OrganizationFactory(name_en="Toyota Motor", name_de="Toyota-Motor", description_en="")

    response = change(editor, organization, same_in_every_language=["name"])

    organization.refresh_from_db()
    assert organization.name_de == "Toyota-Motor"
    assert organization.marked_same() == []
    assert any("You typed a German text for “Name”" in message for message in messages_of(response))


def test_a_marked_name_follows_the_original_when_the_editor_corrects_it(editor):
    add(editor, Place, name_en="Aguascalientes", kind="state")
    place = Place.objects.get(name_en="Aguascalientes")

    change(editor, place, name_en="Aguascalientes City")

    place.refresh_from_db()
    assert place.name_de == "Aguascalientes City"
    assert place.marked_same() == ["name"]
    assert german(place).is_visible_to_readers


def test_a_person_with_only_a_name_and_an_author_without_job_title_need_no_translator(editor, translator):
    add(editor, Person, name="Tere Jiménez")
    response = add(editor, Person, name="Makoto Uchida", position_en="Chief executive")

    tere = Person.objects.get(name="Tere Jiménez")
    assert german(tere).state == Translation.State.COMPLETE
    assert tere.is_readable_in("de")
    assert german_notice(tere) == []
    queue = queue_names(translator)
    assert "Tere Jiménez" not in queue
    assert "Makoto Uchida" in queue
    # A person's position is no proper noun: it is not offered.
    assert marks(get_page(editor, add_url(Person)), Person) == {"position": False}
    # The German page says "not yet in German": so does the save.
    assert any("readers of German get the position in English" in message for message in messages_of(response))


# An editor's translation goes live in one step


def test_an_editor_typing_a_german_section_name_releases_it_with_the_save(editor):
    response = add(editor, Section, name_en="Automotive", name_de="Automobil")

    section = Section.objects.get(name_en="Automotive")
    translation = german(section)
    assert translation.state == Translation.State.COMPLETE
    assert translation.released_by.username == "editor"
    assert section.is_readable_in("de")
    assert "Readers of English see the original; readers of German see your German version." in messages_of(response)


def test_an_editor_typing_part_of_the_german_is_told_german_readers_still_get_english(editor):
    response = add(editor, Section, name_en="Aerospace", name_de="Luftfahrt", description_en="Planes and parts.")

    section = Section.objects.get(name_en="Aerospace")
    assert german(section).state == Translation.State.IN_PROGRESS
    assert not german(section).is_released
    assert (
        "Readers of English see the original; readers of German still get the English original until the "
        "German is complete; it still lacks the description." in messages_of(response)
    )


def test_an_editor_updating_an_outdated_german_headline_releases_the_update(editor):
    article = ArticleFactory(headline_en="Jatco hires", headline_de="Jatco stellt ein", status=Article.Status.DRAFT)
    change(editor, article, headline_en="Jatco hires 200")
    assert german(article).state == Translation.State.OUTDATED

    change(editor, article, headline_de="Jatco stellt 200 ein")

    translation = german(article)
    assert translation.state == Translation.State.COMPLETE
    assert translation.source["headline"] == "Jatco hires 200"
    assert Article.objects.get(pk=article.pk).is_readable_in("de")


def test_a_live_articles_german_waits_with_the_changes_the_desk_holds_back(editor):
    article = ArticleFactory(headline_en="Jatco hires", headline_de="", standfirst_de="", body_de="")
    assert article.is_published

    response = change(editor, article, headline_de="Jatco stellt ein", standfirst_de="Mehr.", body_de="<p>Text.</p>")

    stored = Article.objects.get(pk=article.pk)
    assert stored.headline_de in ("", None)
    assert not german(article).is_released
    assert not stored.is_readable_in("de")
    assert not any("readers of German" in message for message in messages_of(response))


def test_a_reporter_typing_german_on_the_form_does_not_release_it_and_a_posted_mark_is_ignored():
    reporter_user = ReporterFactory(username="reporter")
    reporter = logged_in(reporter_user)
    tag = TagFactory(name_en="Nearshoring", name_de="", released_translations=False)
    Tag.objects.filter(pk=tag.pk).update()  # a tag of no published article: the reporter may fix it

    page, data = open_form(reporter, change_url(tag), "tag_form")
    assert marks(page, Tag) == {}
    data.update(name_de=["Nearshoring-DE"], same_in_every_language=["name"])
    response = reporter.post(change_url(tag), data, follow=True)

    assert response.status_code == 200
    tag.refresh_from_db()
    assert tag.name_de == "Nearshoring-DE"
    assert tag.marked_same() == []
    assert german(tag).state == Translation.State.IN_PROGRESS
    assert not german(tag).is_released


def test_a_translator_posting_the_change_form_with_a_mark_is_refused_and_nothing_changes(translator):
    section = SectionFactory(name_en="Energy", name_de="", released_translations=False)
    data = {"name_en": "Energy", "name_de": "Energie", "same_in_every_language": "name", "order": "0"}

    response = translator.post(change_url(section), data)

    assert response.status_code == 403
    section.refresh_from_db()
    assert section.name_de in ("", None)
    assert section.marked_same() == []
    assert not german(section).is_released


def test_the_queue_never_shows_a_marked_item_and_the_german_page_no_notice(editor, translator):
    for name in ("Aguascalientes", "Querétaro", "Guanajuato"):
        add(editor, Place, name_en=name, kind="state")
    add(editor, Organization, name_en="Bajío Alliance", kind="alliance")
    PlaceFactory(name_en="Untranslated place", name_de="", released_translations=False)

    queue = queue_names(translator)

    assert "Untranslated place" in queue
    for name in ("Aguascalientes", "Querétaro", "Guanajuato", "Bajío Alliance"):
        assert name not in queue
        assert german_notice(Place.objects.filter(name_en=name).first() or Organization.objects.get(name_en=name)) == []


def test_the_change_form_shows_the_marks_as_saved(editor):
    add(editor, Organization, name_en="Honda", kind="company", same_in_every_language=["name"])
    organization = Organization.objects.get(name_en="Honda")

    page = get_page(editor, change_url(organization))

    assert marks(page, Organization) == {"name": True, "short_name": False}
    assert parse(editor.get(change_url(organization)).content).find("input", name="name_de")["value"] == "Honda"


def test_marking_a_name_of_a_translated_place_leaves_its_translation_complete_and_with_readers(editor, translator):
    place = PlaceFactory(name_en="Jalisco", name_de="Jalisco", description_en="A state.", description_de="Ein Staat.")
    assert german(place).is_visible_to_readers

    change(editor, place, same_in_every_language=["name"])

    place.refresh_from_db()
    assert place.marked_same() == ["name"]
    translation = german(place)
    assert translation.state == Translation.State.COMPLETE
    assert translation.is_visible_to_readers
    assert "Jalisco" not in queue_names(translator)
