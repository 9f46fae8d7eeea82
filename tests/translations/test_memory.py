"""The translation memory: confirmed segment pairs are remembered and offered again for the same or
a close original, found for a whole page in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article
from newsroom.translations import memory
from newsroom.translations.models import GlossaryTerm, MemoryEntry, Translation
from newsroom.translations.workflow import mark_complete, record_edit
from tests.factories import ArticleFactory, EditorFactory, TranslatorFactory
from tests.pages import get_page, logged_in, translate_in_admin, translate_url

pytestmark = pytest.mark.django_db

BODY_EN = (
    "<h2>Second shift</h2>"
    "<p>The plant in Aguascalientes will hire 300 workers in May.</p>"
    "<p>Production of the new model starts in <strong>2027</strong>.</p>"
    "<p>2026</p>"
)
BODY_DE = (
    "<h2>Zweite Schicht</h2>"
    "<p>Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein.</p>"
    "<p>Die Produktion des neuen Modells beginnt <strong>2027</strong>.</p>"
    "<p>2026</p>"
)


@pytest.fixture
def translator():
    return TranslatorFactory(username="translator")


def translated_article(translator, **texts):
    article = ArticleFactory(
        headline_en="Jatco adds a second shift",
        headline_de="",
        body_en=BODY_EN,
        body_de="",
        released_translations=False,
    )
    response = translate_in_admin(
        logged_in(translator),
        article,
        "de",
        "_complete",
        headline=texts.get("headline", "Jatco führt eine zweite Schicht ein"),
        body=texts.get("body", BODY_DE),
    )
    assert response.status_code == 302
    return article


def remembered():
    return {entry.source_plain: entry.target_text for entry in MemoryEntry.objects.all()}


def test_marking_a_translation_complete_remembers_each_segment_pair(translator):
    article = translated_article(translator)

    pairs = remembered()
    assert pairs["Jatco adds a second shift"] == "Jatco führt eine zweite Schicht ein"
    assert pairs["Second shift"] == "Zweite Schicht"
    assert pairs["The plant in Aguascalientes will hire 300 workers in May."] == (
        "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    )
    # Inline markup is kept: the suggestion is taken as it was written.
    assert pairs["Production of the new model starts in 2027."] == (
        "Die Produktion des neuen Modells beginnt <strong>2027</strong>."
    )
    assert "2026" not in pairs  # a number needs no memory
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    assert (entry.source_language, entry.target_language, entry.field_key) == ("en", "de", "body")
    assert (entry.object_id, entry.translated_by, entry.origin_label) == (article.pk, translator, str(article))


def test_confirming_the_same_pairs_again_adds_no_entries(translator):
    article = translated_article(translator)
    count = MemoryEntry.objects.count()

    response = translate_in_admin(logged_in(translator), article, "de", "_complete")

    assert response.status_code == 302
    assert MemoryEntry.objects.count() == count


def test_a_field_whose_segments_do_not_line_up_is_not_remembered(translator):
    # Typed as one text elsewhere (the change form's German tab), then marked complete.
    article = ArticleFactory(body_en=BODY_EN, body_de="<p>Zweite Schicht. Das Werk stellt ein.</p>")
    mark_complete(article, "de", by=translator)

    keys = MemoryEntry.objects.filter(object_id=article.pk, content_type__model="article").values_list("field_key")
    assert ("headline",) in keys
    assert ("body",) not in keys


def test_the_same_original_gets_its_earlier_translation_as_an_exact_suggestion(translator):
    article = translated_article(translator)
    translator.first_name, translator.last_name = "Ana", "Ruiz"
    translator.save()

    [suggestion] = memory.suggestions(
        ["The plant in Aguascalientes will hire 300 workers in May."], "en", "de", user=translator
    )

    assert suggestion.text == "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    assert (suggestion.is_exact, suggestion.percent) == (True, 100)
    assert suggestion.origin_label == str(article)
    assert suggestion.origin_url == f"/admin/articles/article/{article.pk}/change/"
    assert (suggestion.field_label, suggestion.translated_by) == ("Body", "Ana Ruiz")


def test_a_close_original_gets_the_closest_translation_with_its_similarity(translator):
    translated_article(translator)

    close, unrelated = memory.suggestions(
        [
            "The plant in <em>Aguascalientes</em> will hire 400 workers in June.",
            "Mexico's central bank kept its rate unchanged.",
        ],
        "en",
        "de",
        user=translator,
    )

    assert close.text == "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    assert not close.is_exact
    assert 50 <= close.percent < 100
    assert unrelated is None


def test_memory_is_kept_per_direction(translator):
    translated_article(translator)

    assert memory.suggestions(["Second shift"], "de", "en", user=translator) == [None]
    assert memory.suggestions(["Zweite Schicht"], "de", "en", user=translator) == [None]


def test_sixty_segments_are_looked_up_in_one_query(translator):
    translated_article(translator)
    texts = [f"<p>The plant in Aguascalientes will hire {n} workers in May.</p>" for n in range(60)]
    translator.has_perm("articles.change_article")  # the page knows who the user is already

    with CaptureQueriesContext(connection) as queries:
        found = memory.suggestions(texts, "en", "de", user=translator)

    assert len(queries) == 1
    assert all(suggestion is not None for suggestion in found)


def test_without_postgresql_the_same_and_close_originals_are_found_among_recent_entries(translator):
    translated_article(translator)
    words = [
        memory.plain("The plant in Aguascalientes will hire 300 workers in May."),
        memory.plain("The plant in Aguascalientes will hire 400 workers in June."),
        memory.plain("Mexico's central bank kept its rate unchanged."),
    ]

    found = memory._elsewhere(words, [0, 1, 2], "en", "de")

    assert found[0].is_exact
    assert found[0].translated_by == "translator"  # no name given: the login
    assert found[1].text == "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    assert 50 <= found[1].percent < 100
    assert 2 not in found


# Who may see and remove remembered pairs


MEMORY = "/admin/translations/memoryentry/"


def test_a_translator_reads_the_memory_but_cannot_delete_an_entry(translator):
    translated_article(translator)
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    client = logged_in(translator)

    assert "Zweite Schicht" in get_page(client, f"{MEMORY}?q=shift").text
    assert client.post(f"{MEMORY}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(MEMORY, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert response.status_code == 403
    assert MemoryEntry.objects.filter(pk=entry.pk).exists()


def test_nobody_writes_a_memory_entry_by_hand(translator):
    translated_article(translator)
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    editor = logged_in(EditorFactory(username="editor"))

    assert editor.post(f"{MEMORY}add/", {"source_text": "x", "target_text": "y"}).status_code == 403
    response = editor.post(f"{MEMORY}{entry.pk}/change/", {"target_text": "Falsch"})
    assert response.status_code == 403
    assert MemoryEntry.objects.get(pk=entry.pk).target_text == "Zweite Schicht"


def test_an_editor_deletes_a_wrong_entry(translator):
    translated_article(translator)
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    editor = logged_in(EditorFactory(username="editor"))

    response = editor.post(f"{MEMORY}{entry.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not MemoryEntry.objects.filter(pk=entry.pk).exists()
    [suggestion] = memory.suggestions(["Second shift"], "en", "de", user=translator)
    assert suggestion is None or suggestion.text != "Zweite Schicht"


# On the side-by-side page


def test_the_page_offers_the_remembered_translation_under_the_changed_segment_only(translator):
    translated_article(translator)
    article = ArticleFactory(
        headline_en="Second shift for Jatco",
        body_en="<p>Second shift</p><p>Hiring is planned.</p>",
        body_de="<p>Zweite Schicht</p><p>Einstellungen sind geplant.</p>",
    )
    article.body_en = "<p>Second shift</p><p>The plant in Aguascalientes will hire 400 workers in July.</p>"
    article.save()
    record_edit(article, by=None)

    page = get_page(logged_in(translator), translate_url(article, "de"))

    [aids] = page.find_all(class_="segment-aids__suggestion")
    assert (
        aids.find(class_="segment-aids__text").text == "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    )
    assert aids.find(class_="segment-aids__text")["lang"] == "de"
    assert "similar" in aids.text and "Jatco adds a second shift" in aids.text
    button = aids.find("button", class_="segment-aids__use")
    assert button["data-text"] == "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
    assert page.find("textarea", id=button["data-target"])  # the box of the same row
    assert button.get("hidden") is not None  # shown by the script only: no button that needs it


def test_the_page_of_a_long_article_with_a_full_memory_and_glossary_stays_within_eight_queries(
    translator, django_assert_max_num_queries
):
    translated_article(translator)
    for n in range(50):
        GlossaryTerm.objects.create(text_en=f"plant {n}", text_de=f"Werk {n}")
    GlossaryTerm.objects.create(text_en="plant", text_de="Werk")
    body = "".join(f"<p>The plant in Aguascalientes will hire {n} workers in May.</p>" for n in range(60))
    article = ArticleFactory(body_en=body, body_de="", released_translations=False)
    client = logged_in(translator)
    client.get(translate_url(article, "de"))

    with django_assert_max_num_queries(8):
        page = get_page(client, translate_url(article, "de"))

    assert len(page.find_all(class_="segment-aids__suggestion")) == 60
    assert len(page.find_all(class_="segment-aids__terms")) == 60


# A draft's sentences stay with who may read the draft


DRAFT_SENTENCE = "The plant in Aguascalientes will hire 300 workers in May."


def translated_draft(translator):
    """A draft whose translation an editor assigned to `translator`, who marked it complete."""
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        headline_en="Embargoed: Jatco adds a second shift",
        headline_de="",
        body_en=BODY_EN,
        body_de="",
        released_translations=False,
    )
    Translation.objects.filter(object_id=article.pk, content_type__model="article", language="de").update(
        assigned_to=translator
    )
    response = translate_in_admin(
        logged_in(translator), article, "de", "_complete", headline="Sperrfrist: Jatco", body=BODY_DE
    )
    assert response.status_code == 302
    return article


def page_with_the_sentence():
    return ArticleFactory(body_en=f"<p>{DRAFT_SENTENCE}</p>", body_de="", released_translations=False)


def test_a_drafts_pairs_are_offered_to_its_translator_and_editors_only(translator):
    translated_draft(translator)
    colleague = TranslatorFactory(username="colleague")
    editor = EditorFactory(username="editor")
    article = page_with_the_sentence()

    def suggested(user):
        page = get_page(logged_in(user), translate_url(article, "de"))
        return [aids.text for aids in page.find_all(class_="segment-aids__suggestion")]

    [mine] = suggested(translator)
    assert "Das Werk in Aguascalientes" in mine and "Embargoed" in mine
    assert suggested(colleague) == []  # neither the sentence nor the draft's headline
    assert len(suggested(editor)) == 1


def test_the_memory_list_shows_a_drafts_pairs_to_who_may_see_the_draft_only(translator):
    draft = translated_draft(translator)
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    colleague = logged_in(TranslatorFactory(username="colleague"))

    for query in ("shift", "Embargoed", "Schicht"):
        assert "Zweite Schicht" not in get_page(colleague, f"{MEMORY}?q={query}").text
    assert colleague.get(f"{MEMORY}{entry.pk}/change/").status_code == 302  # not found: back to the list
    assert "Zweite Schicht" in get_page(logged_in(translator), f"{MEMORY}?q=shift").text
    assert "Zweite Schicht" in get_page(logged_in(EditorFactory(username="editor")), f"{MEMORY}?q=shift").text

    # Published, the draft's pairs are everyone's.
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    assert "Zweite Schicht" in get_page(colleague, f"{MEMORY}?q=shift").text


def test_the_memory_list_shows_the_languages_a_translator_translates_into(translator):
    translated_article(translator)
    into_english = logged_in(TranslatorFactory(username="into-english", languages=["en"]))

    assert "Zweite Schicht" not in get_page(into_english, f"{MEMORY}?q=shift").text
    assert "Zweite Schicht" in get_page(logged_in(translator), f"{MEMORY}?q=shift").text


def test_a_deleted_texts_pairs_are_forgotten(translator):
    article = translated_article(translator)
    other = translated_article(translator, headline="Jatco: zweite Schicht")
    kept = MemoryEntry.objects.filter(object_id=other.pk).count()
    editor = logged_in(EditorFactory(username="editor"))

    response = editor.post(f"/admin/articles/article/{other.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert kept and not MemoryEntry.objects.filter(object_id=other.pk, content_type__model="article").exists()
    assert not MemoryEntry.objects.filter(target_text="Jatco: zweite Schicht").exists()
    assert MemoryEntry.objects.filter(object_id=article.pk).exists()
    [suggestion] = memory.suggestions(["Jatco adds a second shift"], "en", "de", user=translator)
    assert suggestion is not None and suggestion.text == "Jatco führt eine zweite Schicht ein"


def test_an_editor_releasing_a_translation_keeps_the_translator_credited_for_its_pairs(translator):
    article = translated_article(translator)
    entry = MemoryEntry.objects.get(source_plain="Second shift")
    first_confirmed = entry.confirmed_at

    response = translate_in_admin(logged_in(EditorFactory(username="editor")), article, "de", "_release")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.translated_by, entry.confirmed_at) == (translator, first_confirmed)
    assert MemoryEntry.objects.filter(translated_by__username="editor").count() == 0
