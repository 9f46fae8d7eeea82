"""What the admin says after a save about what readers of each language get: one message per
language, naming the language and what it lacks, through the admin's own forms in English and German."""

import pytest

from newsroom.articles.models import Article
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, SectionFactory, TranslatorFactory
from tests.pages import change_url, logged_in, open_form
from tests.translations.test_same_names import add, german, german_notice, messages_of, queue_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


def in_german(client):
    client.cookies.load({"django_language": "de"})
    return client


def save(client, obj, button=None, **fields):
    _page, data = open_form(client, change_url(obj), f"{obj._meta.model_name}_form")
    data.update({name: [value] for name, value in fields.items()})
    if button:
        data[button] = ["1"]
    return client.post(change_url(obj), data, follow=True)


def english_only_live_article():
    return ArticleFactory(headline_en="JICA trains technicians", headline_de="", standfirst_de="", body_de="")


def about_german(response, word="German") -> list[str]:
    return [message for message in messages_of(response) if word in message or " DE " in message]


# 17: one message, naming the language and what is missing


def test_a_german_headline_alone_on_a_live_article_gets_one_message_naming_german_and_what_is_missing(editor):
    article = english_only_live_article()

    response = save(editor, article, "_publish_changes", headline_de="JICA bildet Techniker aus")

    assert not Article.objects.get(pk=article.pk).is_readable_in("de")
    assert about_german(response) == [
        "Readers of English see the original; readers of German still get the English original until the German "
        "is complete; it still lacks the standfirst, body."
    ]
    levels = [m.level_tag for m in response.context["messages"] if "German" in m.message]
    assert levels == ["warning"]


def test_the_german_admin_says_it_once_in_german(editor):
    article = english_only_live_article()

    response = save(in_german(editor), article, "_publish_changes", headline_de="JICA bildet Techniker aus")

    assert about_german(response, "Deutsch") == [
        "Leser auf Englisch sehen das Original; Leser auf Deutsch bekommen weiter das Original auf Englisch, bis "
        "die Fassung auf Deutsch vollständig ist; es fehlen noch: Vorspann, Haupttext."
    ]


def test_a_reporter_who_releases_nothing_is_told_by_language_name_what_the_german_lacks():
    user = ReporterFactory(username="reporter")
    reporter = logged_in(user)
    article = ArticleFactory(
        headline_en="JICA trains technicians", headline_de="", standfirst_de="", body_de="",
        status=Article.Status.DRAFT, published_at=None, created_by=user,
    )  # fmt: skip

    response = save(reporter, article, headline_de="JICA bildet Techniker aus")

    assert about_german(response) == [
        "The German version is not complete, so readers of German still get the English original. "
        "Missing: standfirst, body."
    ]


# 18: names the same in every language, and a text still to translate on a new object


def test_an_organization_named_alike_in_every_language_is_said_to_show_its_names_to_every_reader(editor):
    response = add(editor, Organization, name_en="Nissan Mexicana", short_name_en="Nissan", kind="company")

    assert german(Organization.objects.get(name_en="Nissan Mexicana")).is_visible_to_readers
    assert about_german(response, "language") == [
        "Readers of every language see “Nissan Mexicana”, “Nissan”, the same in every language."
    ]
    assert not any("German version" in message for message in messages_of(response))


def test_a_place_with_a_description_to_translate_says_both_what_everyone_sees_and_what_german_readers_wait_for(
    editor, translator
):
    response = add(editor, Place, name_en="Aguascalientes", kind="state", description_en="A state with car plants.")

    assert "Aguascalientes" in queue_names(translator)
    assert about_german(response, "language") == [
        "Readers of every language see “Aguascalientes”, the same in every language. Readers of English see the "
        "original; readers of German get the description in English until it is translated; it is in the "
        "translation queue."
    ]


def test_a_new_person_with_an_english_position_tells_the_editor_german_readers_get_it_in_english(editor, translator):
    response = add(editor, Person, name="Makoto Tanaka", position_en="Chief executive")

    person = Person.objects.get(name="Makoto Tanaka")
    assert not person.is_readable_in("de")
    assert german_notice(person) != []
    assert "Makoto Tanaka" in queue_names(translator)
    assert about_german(response) == [
        "Readers of English see the original; readers of German get the position in English until it is "
        "translated; it is in the translation queue."
    ]


def test_the_german_admin_tells_it_in_german(editor):
    response = add(in_german(editor), Person, name="Makoto Tanaka", position_en="Chief executive")

    assert about_german(response, "Deutsch") == [
        "Leser auf Englisch sehen das Original; Leser auf Deutsch bekommen Funktion auf Englisch, bis es übersetzt "
        "ist; es steht in der Übersetzungswarteschlange."
    ]
    response = add(editor, Place, name_en="Querétaro", kind="state")
    assert messages_of(response)[0] == "Leser aller Sprachen sehen „Querétaro“, in jeder Sprache gleich."


def test_a_new_draft_article_in_english_says_nothing_about_german_readers(editor):
    _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
    section = SectionFactory()
    data.update(headline_en=["JICA trains technicians"], body_en=["<p>Text.</p>"], section=[str(section.pk)])
    response = editor.post("/admin/articles/article/add/", data, follow=True)

    assert Article.objects.filter(headline_en="JICA trains technicians").exists()
    assert about_german(response) == []
