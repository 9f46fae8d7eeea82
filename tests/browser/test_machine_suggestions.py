"""A translator asks for machine translations, takes one with "Use this" and saves it — in Chromium,
against a stand-in for DeepL's API on a local port."""

import re

import pytest

from newsroom.roles import TRANSLATOR, role
from newsroom.translations import machine
from newsroom.translations.models import TranslatorLanguage
from tests.factories import ArticleFactory, UserFactory
from tests.translations.machine_servers import FakeDeepL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_translator_takes_a_machine_suggestion_with_one_click(live_server, page, screenshot, settings):
    translator = UserFactory(username="tina")
    translator.groups.add(role(TRANSLATOR))
    TranslatorLanguage.objects.create(user=translator, language="de")
    article = ArticleFactory(
        headline_en="Jatco hires workers",
        standfirst_en="Jatco builds a second line in Aguascalientes.",
        body_en="",
        headline_de="",
        standfirst_de="",
        body_de="",
        slug_de="",
        released_translations=False,
    )
    with FakeDeepL() as deepl:
        settings.TRANSLATION_MACHINE = {"BACKEND": "deepl", "OPTIONS": {"url": deepl.url, "key": FakeDeepL.key}}
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "tina")
        page.fill("#id_password", "correct-horse-battery")
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/de/")

        page.fill("#id_headline", "Jatco stellt Leute ein")
        page.click("input[name=_suggest]")
        suggestion = page.locator(".translation-suggestion--machine")
        suggestion.wait_for()
        assert "Machine translation (DeepL) — check before use" in suggestion.inner_text()
        # What was typed is still there; the suggestion is not in the field until it is taken.
        assert page.input_value("#id_headline") == "Jatco stellt Leute ein"
        assert page.input_value("#id_standfirst") == ""
        screenshot("machine-suggestion")

        suggestion.get_by_role("button", name="Use this").click()
        assert page.input_value("#id_standfirst") == "Jatco baut eine zweite Linie in Aguascalientes."
        page.click("input[name=_complete]")
        page.locator(".messagelist").wait_for()

    article.refresh_from_db()
    assert article.standfirst_de == "Jatco baut eine zweite Linie in Aguascalientes."
    taken = machine.taken_key("Jatco baut eine zweite Linie in Aguascalientes.")
    assert article.translation_in("de").machine_translated == {taken: "DeepL"}
