"""What an editor's (or a reporter's) save on an object's own form does to its translations: text
typed there is released only when the whole translation is current, marks "same in every language"
never swallow typed text, and no translator's unreleased text reaches readers without an editor."""

import pytest

from newsroom.articles.models import Article, Tag
from newsroom.organizations.models import Organization
from newsroom.translations.models import Translation
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    OrganizationFactory,
    PlaceFactory,
    ReporterFactory,
    TagFactory,
    TranslatorFactory,
)
from tests.pages import change_url, logged_in, open_form, parse, translate_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator", languages=["de"]))


def change(client, obj, **fields):
    _page, data = open_form(client, change_url(obj), f"{obj._meta.model_name}_form")
    data.update({name: value if isinstance(value, list) else [value] for name, value in fields.items()})
    return client.post(change_url(obj), data, follow=True)


def messages_of(response) -> list[str]:
    return [m.message for m in response.context["messages"]]


def german(obj) -> Translation:
    return type(obj)._default_manager.get(pk=obj.pk).translation_in("de")


def draft(**fields):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **fields)


def test_a_typo_fixed_in_a_stale_german_headline_does_not_release_the_stale_german_body(editor):
    article = draft(headline_en="Jatco hires", headline_de="Jatco stelt ein")
    released_at = german(article).released_at

    response = change(
        editor, article, body_en="<p>The programme runs for three weeks.</p>", headline_de="Jatco stellt ein"
    )

    stored = Article.objects.get(pk=article.pk)
    assert stored.headline_de == "Jatco stellt ein"
    translation = german(article)
    assert translation.state == Translation.State.OUTDATED
    assert translation.source["body"] == "<p>The programme runs for two weeks.</p>"
    assert translation.released_at == released_at
    assert (
        "Readers of English see the original; readers of German see the German version. Your German text is "
        "saved, but the German translation is not marked complete: Body may not match the English as it is now. "
        "Check them on the translation page and mark it complete there." in messages_of(response)
    )


def test_an_editor_finishing_an_outdated_translation_field_by_field_releases_it_when_all_is_current(editor):
    article = draft(headline_en="Jatco hires", headline_de="Jatco stellt ein")
    change(editor, article, headline_en="Jatco hires 200", body_en="<p>The programme runs for three weeks.</p>")

    change(editor, article, headline_de="Jatco stellt 200 ein")
    assert german(article).state == Translation.State.OUTDATED

    response = change(editor, article, body_de="<p>Das Programm dauert drei Wochen.</p>")

    translation = german(article)
    assert translation.state == Translation.State.COMPLETE
    assert translation.source["body"] == "<p>The programme runs for three weeks.</p>"
    assert "Readers of English see the original; readers of German see your German version." in messages_of(response)


def test_a_german_body_with_an_empty_paragraph_is_not_released_as_complete(editor):
    article = draft(body_en="<p>First.</p><p>Second.</p>", body_de="", released_translations=False)

    response = change(editor, article, body_de="<p>Erstens.</p><p></p>")

    translation = german(article)
    assert translation.state == Translation.State.IN_PROGRESS
    assert not translation.is_released
    assert not Article.objects.get(pk=article.pk).is_readable_in("de")
    assert any("readers of German still get the English original" in message for message in messages_of(response))


def test_a_reporter_typing_german_in_a_field_marked_the_same_in_every_language_is_told_and_nothing_is_lost():
    reporter = logged_in(ReporterFactory(username="reporter"))
    tag = TagFactory(name_en="Nearshoring", name_de="Nearshoring")
    Tag.objects.filter(pk=tag.pk).update(same_in_every_language="name")

    page, data = open_form(reporter, change_url(tag), "tag_form")
    data.update(name_de=["Nearshoring auf Deutsch"])
    response = reporter.post(change_url(tag), data)

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("input", name="name_de")["value"] == "Nearshoring auf Deutsch"
    assert "is marked the same in every language by an editor" in page.text
    tag.refresh_from_db()
    assert tag.name_de == "Nearshoring"
    assert tag.marked_same() == ["name"]


def test_marking_the_name_and_emptying_the_german_description_sends_the_translation_back_to_the_queue(editor):
    place = PlaceFactory(name_en="Jalisco", name_de="Jalisco", description_en="A state.", description_de="Ein Staat.")
    assert german(place).state == Translation.State.COMPLETE

    change(editor, place, same_in_every_language=["name"], description_de="")

    place.refresh_from_db()
    assert place.marked_same() == ["name"]
    assert german(place).state == Translation.State.IN_PROGRESS
    assert not place.is_readable_in("de")


def test_a_save_that_leaves_nothing_to_translate_never_publishes_a_translators_unreleased_change(editor, translator):
    place = PlaceFactory(name_en="Jalisco", name_de="Jalisco", description_en="A state.", description_de="Ein Staat.")
    change(editor, place, same_in_every_language=["name"])
    translate_in_admin(translator, place, "de", description="Ein Bundesstaat.")
    assert german(place).pending == {"description": "Ein Bundesstaat."}

    change(editor, place, description_en="")

    place.refresh_from_db()
    assert place.description_de == "Ein Staat."
    translation = german(place)
    assert translation.pending == {}
    assert translation.is_visible_to_readers


def test_a_colleagues_new_marks_are_no_edit_conflict_for_an_editor_who_did_not_touch_them(editor):
    colleague = logged_in(EditorFactory(username="colleague"))
    organization = OrganizationFactory(name_en="Honda", name_de="Honda", short_name_en="", description_en="")
    _page, data = open_form(editor, change_url(organization), "organization_form")

    change(colleague, organization, same_in_every_language=["name"])
    data.update(kind=[Organization.Kind.COMPANY])
    response = editor.post(change_url(organization), data, follow=True)

    assert response.status_code == 200
    assert "changed by someone else" not in response.content.decode()
    organization.refresh_from_db()
    assert organization.kind == Organization.Kind.COMPANY
    assert organization.marked_same() == ["name"]


def test_an_editors_german_beside_a_translators_waiting_changes_goes_to_readers_and_survives_their_release(editor):
    article = draft(headline_de="Alte Schlagzeile")
    translate_in_admin(editor, article, "de", standfirst="Zwölf Firmen lernen in Japan.")
    assert german(article).pending == {"standfirst": "Zwölf Firmen lernen in Japan."}

    response = change(editor, article, headline_de="Neue Schlagzeile")

    assert (
        "Readers of English see the original; readers of German get the German you typed, and a translator's "
        "changes wait until you release them on the translation page." in messages_of(response)
    )
    translate_in_admin(editor, article, "de", button="_release")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline_de, stored.standfirst_de) == ("Neue Schlagzeile", "Zwölf Firmen lernen in Japan.")


def test_an_editor_typing_over_a_translators_waiting_change_to_the_same_text_is_refused(editor):
    article = draft(headline_de="Alte Schlagzeile")
    translate_in_admin(editor, article, "de", headline="Schlagzeile des Übersetzers")

    page, data = open_form(editor, change_url(article), "article_form")
    data.update(headline_de=["Schlagzeile der Redaktion"])
    response = editor.post(change_url(article), data)

    assert response.status_code == 200
    assert "A translator's change to this text waits for release" in parse(response.content).text
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline_de == "Alte Schlagzeile"
    assert german(article).pending == {"headline": "Schlagzeile des Übersetzers"}
