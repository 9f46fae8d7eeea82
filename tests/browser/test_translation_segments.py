"""A translator updates a long outdated article segment by segment in a real browser."""

import pytest

from newsroom.articles.models import Article
from newsroom.translations.segments import split, stitch
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, TranslatorFactory
from tests.translations.long_texts import long_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGED = (2, 20, 40)


def long_outdated_article():
    body_en = long_body()
    english = split(body_en)
    german = [segment.html for segment in split(long_body(german=True))]
    article = ArticleFactory(
        headline_en="Jatco opens a second line",
        headline_de="Jatco eröffnet eine zweite Linie",
        body_en=body_en,
        body_de=stitch(body_en, german, rich=True),
    )
    changed = body_en
    for number in CHANGED:
        old = english[number].html
        changed = changed.replace(old, old.replace("(", "(changed ", 1), 1)
    article.body_en = changed
    article.save()
    record_edit(article, by=None)
    return article


def test_a_translator_filters_the_changed_segments_types_and_loses_nothing(live_server, page, screenshot):
    article = long_outdated_article()
    translator = TranslatorFactory(username="translator-de")
    translator.set_password("correct-horse-battery")
    translator.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "translator-de")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/de/")
    rows = page.locator("tr.side-by-side__row")
    assert page.locator("tr.side-by-side__row--outdated").count() == 3
    screenshot("segments-outdated-1280")

    first_changed = page.get_by_label("Body, segment 3 (German)")
    first_changed.fill("Ein geänderter Absatz.")
    page.get_by_label("Show only segments that need work").check()
    assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == 3
    screenshot("segments-filtered-1280")
    page.get_by_label("Show only segments that need work").uncheck()
    assert first_changed.input_value() == "Ein geänderter Absatz."

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Show only segments that need work").check()
    screenshot("segments-filtered-phone")
    page.get_by_label("Show only segments that need work").uncheck()

    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Ein geänderter Absatz." in Article.objects.get(pk=article.pk).translation_in("de").pending["body"]
