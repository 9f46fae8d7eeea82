"""A translator updates the one changed paragraph of a long outdated article in a real browser, with
the translation memory's suggestion and the glossary's term beside it."""

from pathlib import Path

import pytest

from newsroom.articles.models import Article
from newsroom.translations.models import GlossaryTerm
from newsroom.translations.segments import split, stitch
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, TranslatorFactory
from tests.translations.long_texts import long_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/memory")
CHANGED = 20
EARLIER_EN = "The plant in Aguascalientes will hire 300 workers in May."
EARLIER_DE = "Das Werk in Aguascalientes stellt im Mai 300 Beschäftigte ein."
NOW_EN = "The plant in Aguascalientes will hire 400 workers in June."
NOW_DE = "Das Werk in Aguascalientes stellt im Juni 400 Beschäftigte ein."


def long_outdated_article():
    body_en = long_body()
    german = [segment.html for segment in split(long_body(german=True))]
    article = ArticleFactory(
        headline_en="Jatco opens a second line",
        headline_de="Jatco eröffnet eine zweite Linie",
        body_en=body_en,
        body_de=stitch(body_en, german, rich=True),
    )
    article.body_en = body_en.replace(split(body_en)[CHANGED].html, NOW_EN, 1)
    article.save()
    record_edit(article, by=None)
    return article


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_a_translator_takes_a_remembered_translation_and_follows_the_glossary(live_server, page):
    # Last month's article said nearly the same; its translation was confirmed and released.
    ArticleFactory(
        headline_en="Hiring in Aguascalientes", body_en=f"<p>{EARLIER_EN}</p>", body_de=f"<p>{EARLIER_DE}</p>"
    )
    GlossaryTerm.objects.create(text_en="workers", text_de="Beschäftigte", note="Not “Arbeiter”.")
    article = long_outdated_article()
    translator = TranslatorFactory(username="translator-de")
    translator.set_password("correct-horse-battery")
    translator.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "translator-de")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/de/")
    row = page.locator("tr.side-by-side__row--outdated")
    assert row.count() == 1
    aids = row.locator(".segment-aids")
    assert EARLIER_DE in aids.locator(".segment-aids__text").inner_text()
    assert "% similar" in aids.inner_text()
    assert "Hiring in Aguascalientes" in aids.locator(".segment-aids__origin").inner_text()
    terms = aids.locator(".segment-aids__terms")
    assert "workers" in terms.inner_text() and "Beschäftigte" in terms.inner_text()
    row.scroll_into_view_if_needed()
    shot(page, "suggestion-and-glossary-1280")

    field = row.locator("textarea")
    row.get_by_role("button", name="Use this").click()
    assert field.input_value() == EARLIER_DE
    field.fill(NOW_DE)
    shot(page, "suggestion-taken-and-edited-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    row.locator(".segment-aids").scroll_into_view_if_needed()
    shot(page, "aids-phone")

    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "the glossary translates" not in page.content()
    translation = Article.objects.get(pk=article.pk).translation_in("de")
    assert NOW_DE in translation.pending["body"]


def test_without_javascript_the_suggestion_is_there_to_copy_and_no_button_can_lose_typed_text(live_server, browser):
    ArticleFactory(
        headline_en="Hiring in Aguascalientes", body_en=f"<p>{EARLIER_EN}</p>", body_de=f"<p>{EARLIER_DE}</p>"
    )
    article = long_outdated_article()
    translator = TranslatorFactory(username="translator-de")
    translator.set_password("correct-horse-battery")
    translator.save()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "translator-de")
        page.fill("#id_password", "correct-horse-battery")
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/de/")
        row = page.locator("tr.side-by-side__row--outdated")
        assert EARLIER_DE in row.locator(".segment-aids__text").inner_text()
        assert not row.get_by_role("button", name="Use this").is_visible()
    finally:
        context.close()
