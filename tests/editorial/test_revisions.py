"""Every save keeps a revision; the history compares any two, field by field and language by language,
and restores one as a new revision, for whoever may change the article now."""

import pytest
import reversion
from django.test import Client
from django.utils import formats, timezone, translation
from reversion.models import Version

from newsroom.articles.models import Article
from newsroom.translations.models import Translation
from newsroom.translations.workflow import mark_complete
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    ReporterFactory,
    TranslatorFactory,
)
from tests.pages import change_url, get_page, logged_in, open_form, parse, translate_in_admin

pytestmark = pytest.mark.django_db


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def save(client, article, **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data["_publish_changes"] = ["1"]  # a live article's changes go out at once
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()


def revisions(article):
    """Oldest first."""
    return list(Version.objects.get_for_object(article).order_by("pk"))


def compare_rows(client, article, older, newer):
    page = get_page(client, f"{history_url(article)}compare/?from={older.pk}&to={newer.pk}")
    return [
        (row.find("th").text, *(cell.text for cell in row.find_all("td")))
        for row in page.find("table", class_="revision-diff").find("tbody").find_all("tr")
    ]


def test_every_save_in_the_admin_and_on_the_translation_page_keeps_a_revision(editor):
    article = ArticleFactory(headline_en="Nissan doubles output", headline_de="")
    save(editor, article, headline_en="Nissan doubles output in Aguascalientes")
    save(editor, article, standfirst_en="Two shifts more at A2.")
    translate_in_admin(
        logged_in(TranslatorFactory(username="translator")), article, "de", headline="Nissan verdoppelt die Produktion"
    )

    kept = revisions(article)

    assert len(kept) == 3
    assert kept[0].field_dict["headline_en"] == "Nissan doubles output in Aguascalientes"
    assert kept[2].field_dict["headline_de"] == "Nissan verdoppelt die Produktion"
    assert kept[2].revision.user.username == "translator"
    assert "German" in kept[2].revision.comment


def test_the_comparison_shows_each_changed_field_once_per_language_and_nothing_unchanged(editor):
    article = ArticleFactory(
        kind=Article.Kind.INTERVIEW, headline_en="Mazda hires 500", headline_de="Mazda stellt 500 ein"
    )
    InterviewExchangeFactory(article=article, answer_de="Zulieferer.")
    save(editor, article)
    save(
        editor,
        article,
        headline_en="Mazda hires 600",
        headline_de="Mazda stellt 600 ein",
        **{"exchanges-0-answer_de": "Mehr Zulieferer."},
    )
    older, newer = revisions(article)

    rows = compare_rows(editor, article, older, newer)

    assert [row[:2] for row in rows] == [
        ("Headline", "English"),
        ("Headline", "German"),
        ("Question and answer 1: Answer", "German"),
    ]
    assert rows[0][2] == "Mazda hires 500 600"
    page = get_page(editor, f"{history_url(article)}compare/?from={older.pk}&to={newer.pk}")
    change = page.find("table", class_="revision-diff").find("td", class_="revision-diff__change")
    assert change.texts("del") == ["500"] and change.texts("ins") == ["600"]


def test_the_comparison_names_added_bylines_and_works_in_either_direction(editor):
    article = ArticleFactory()
    save(editor, article)
    author = AuthorFactory(display_name="Bernd Schmidt")
    save(editor, article, **{"bylines-TOTAL_FORMS": "2", "bylines-1-author": str(author.pk), "bylines-1-order": "1"})
    older, newer = revisions(article)

    forwards = compare_rows(editor, article, older, newer)
    backwards = compare_rows(editor, article, newer, older)

    assert forwards == [("Byline 1: Author", "–", "– → Bernd Schmidt")]
    assert forwards == backwards


@pytest.mark.parametrize(
    "query",
    ["", "?from=1", "?from=abc&to=2", "?from=1&to=1", "?from=999999&to=999998", "?from=1&to=2&from=x", "?from=²&to=1"],
)
def test_a_bad_comparison_request_goes_back_to_the_history_with_a_message(editor, query):
    article = ArticleFactory()
    save(editor, article)
    save(editor, article, headline_en="Changed")

    response = editor.get(f"{history_url(article)}compare/{query}", follow=True)

    assert response.redirect_chain == [(history_url(article), 302)]
    assert "Choose two different revisions" in parse(response).find("ul", class_="messagelist").text


def test_revisions_of_another_article_cannot_be_compared_or_restored_through_this_one(editor):
    article, other = ArticleFactory(), ArticleFactory()
    save(editor, article)
    save(editor, other)
    save(editor, other, headline_en="Other")
    first, second = revisions(other)

    assert editor.get(f"{history_url(article)}compare/?from={first.pk}&to={second.pk}").status_code == 302
    assert editor.get(f"{history_url(article)}{first.pk}/").status_code == 404


def restore(client, article, version):
    url = f"{history_url(article)}{version.pk}/"
    _page, data = open_form(client, url, "article_form")
    return client.post(url, data)


def test_restoring_brings_back_the_text_as_a_new_revision_and_keeps_the_article_live(editor):
    article = ArticleFactory(headline_en="Tachi-S adds 700 jobs", standfirst_en="In Silao.")
    save(editor, article)
    save(editor, article, headline_en="Tachi-S adds 7000 jobs", standfirst_en="A typo in the figure.")
    first = revisions(article)[0]

    response = restore(editor, article, first)

    # The article is live: like any edit, the restored text reaches readers when the editor publishes it.
    assert response.status_code == 302
    assert "7000" in Client().get(article.url_in("en")).content.decode()
    save(editor, article)
    article.refresh_from_db()
    assert (article.headline_en, article.standfirst_en) == ("Tachi-S adds 700 jobs", "In Silao.")
    assert article.is_published
    kept = revisions(article)
    assert len(kept) == 3 and kept[-1].field_dict["headline_en"] == "Tachi-S adds 700 jobs"
    assert "Tachi-S adds 700 jobs" in Client().get(article.url_in("en")).content.decode()


def test_restoring_a_text_from_before_the_live_coverage_keeps_the_article_live(editor):
    article = ArticleFactory(headline_en="Governor opens Hyundai Rotem plant")
    save(editor, article)
    save(editor, article, is_live="on", headline_en="Live: Governor opens Hyundai Rotem plant")
    assert article.is_live
    first = revisions(article)[0]

    assert restore(editor, article, first).status_code == 302
    save(editor, article)

    article.refresh_from_db()
    assert article.headline_en == "Governor opens Hyundai Rotem plant"
    assert article.is_live


def test_the_restore_form_of_a_live_article_says_readers_do_not_get_it_yet(editor):
    article = ArticleFactory(headline_en="Tachi-S adds 700 jobs")
    save(editor, article)
    save(editor, article, headline_en="Tachi-S adds 7000 jobs")
    url = f"{history_url(article)}{revisions(article)[0].pk}/"

    buttons = get_page(editor, url).find("form", id="article_form").find_all("input", type="submit")

    assert [(button["name"], button["value"]) for button in buttons] == [("_save", "Save without publishing")]
    response = restore(editor, article, revisions(article)[0])
    assert "readers keep the version published" in get_page(editor, response["Location"]).text


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_restore_form_of_a_revision_nobody_signed_says_so_in_words(editor, language):
    article = ArticleFactory(headline_en="Tachi-S adds 700 jobs")
    with reversion.create_revision():  # as the demo and scripts save: no user
        article.save()
        reversion.set_comment("Demo content")
    save(editor, article, headline_en="Tachi-S adds 7000 jobs")
    editor.cookies["django_language"] = language

    note = get_page(editor, f"{history_url(article)}{revisions(article)[0].pk}/").find("p", class_="restore-note").text

    expected = {
        "en": "This is a revision saved on {}; who saved it is not recorded.",
        "de": "Dies ist eine Version vom {}; wer sie gesichert hat, ist nicht verzeichnet.",
    }[language]
    with translation.override(language):
        saved = formats.date_format(timezone.localtime(revisions(article)[0].revision.date_created), "DATETIME_FORMAT")
    assert note.startswith(expected.format(saved))
    assert "–" not in note


def test_restoring_a_draft_changes_it_at_once(editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="First draft")
    save(editor, article)
    save(editor, article, headline_en="Second draft")

    assert restore(editor, article, revisions(article)[0]).status_code == 302

    article.refresh_from_db()
    assert article.headline_en == "First draft"
    assert "Reverted" in revisions(article)[-1].revision.comment


def test_restoring_an_old_draft_revision_does_not_unpublish(editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="Draft headline")
    save(editor, article)
    save(editor, article, status="published", headline_en="Published headline")
    draft_revision = revisions(article)[0]

    restore(editor, article, draft_revision)
    save(editor, article)

    article.refresh_from_db()
    assert article.headline_en == "Draft headline"
    assert article.status == Article.Status.PUBLISHED


def test_restoring_an_older_original_marks_the_translation_outdated(editor):
    article = ArticleFactory(headline_en="Honda builds", headline_de="Honda baut")
    save(editor, article)
    save(editor, article, headline_en="Honda builds more", headline_de="Honda baut mehr")
    # The editor changed both languages: German is marked complete against the new English.
    mark_complete(article, "de", by=None)

    restore(editor, article, revisions(article)[0])
    save(editor, article)

    article = Article.objects.get(pk=article.pk)
    assert article.translation_in("de").state == Translation.State.OUTDATED


def test_a_reporter_cannot_restore_their_old_draft_over_a_published_article():
    reporter_user = ReporterFactory(username="rita")
    reporter = logged_in(reporter_user)
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=reporter_user, headline_en="Rita's draft"
    )
    save(reporter, article)
    editor = logged_in(EditorFactory(username="ines"))
    save(editor, article, status="published", headline_en="Edited and published")
    draft_revision = revisions(article)[0]
    data = {"headline_en": "Rita's draft", "_based_on_version": str(revisions(article)[-1].pk)}

    assert reporter.get(f"{history_url(article)}{draft_revision.pk}/").status_code == 403
    assert reporter.post(f"{history_url(article)}{draft_revision.pk}/", data).status_code == 403
    article.refresh_from_db()
    assert article.headline_en == "Edited and published"
    assert get_page(reporter, history_url(article)).find_all("a", string="Restore…") == []


def test_a_translator_cannot_restore_a_revision():
    article = ArticleFactory()
    editor = logged_in(EditorFactory(username="ines"))
    save(editor, article)
    save(editor, article, headline_en="Changed")
    translator = logged_in(TranslatorFactory())

    assert translator.post(f"{history_url(article)}{revisions(article)[0].pk}/", {}).status_code == 403
    article.refresh_from_db()
    assert article.headline_en == "Changed"


def test_a_restore_based_on_a_stale_history_is_refused_and_changes_nothing(editor):
    article = ArticleFactory(headline_en="First")
    save(editor, article)
    save(editor, article, headline_en="Second")
    url = f"{history_url(article)}{revisions(article)[0].pk}/"
    _page, stale = open_form(editor, url, "article_form")
    colleague = logged_in(EditorFactory(username="colleague"))
    save(colleague, article, headline_en="Third, by a colleague")

    response = editor.post(url, stale, follow=True)

    article.refresh_from_db()
    assert article.headline_en == "Third, by a colleague"
    assert "nothing was restored" in response.content.decode()


def test_the_history_of_any_object_names_its_fields_not_the_forms_own_controls(editor):
    from django.contrib.admin.models import LogEntry

    organization = OrganizationFactory(name_en="Jatco")
    url = change_url(organization)
    _page, data = open_form(editor, url, "organization_form")
    data.update(name_en=["Jatco Mexico"], _does_not_affect_translations=["on"])
    assert editor.post(url, data).status_code == 302

    message = LogEntry.objects.filter(object_id=str(organization.pk)).latest("pk").get_change_message()
    assert "Name" in message and "_edit_snapshot" not in message and "affect translations" not in message
