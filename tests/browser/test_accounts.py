"""An administrator sets up a translator's account on one form, and the translator starts work — in
Chromium. And the trap it replaces: a Translator role without a language."""

import re

import pytest
from django.contrib.auth.models import User

from newsroom.roles import ADMINISTRATOR, TRANSLATOR, role
from tests.conftest import ARTIFACTS
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
HEADLINE = (
    "Querétaro's aerospace cluster wins a second engine-overhaul line as Safran and GE Aerospace expand "
    "their maintenance work for Latin American airlines"
)


@pytest.fixture
def administrator():
    user = UserFactory(username="ana", first_name="Ana", last_name="López")
    user.groups.add(role(ADMINISTRATOR))
    return user


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def shot(page, name):
    """A screenshot from a second browser context (the `screenshot` fixture takes the first)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def role_box(page, name):
    return page.get_by_role("checkbox", name=re.compile(f"^{name} "))


def test_an_administrator_sets_up_a_translator_on_one_form_who_then_lands_in_their_queue(
    live_server, page, screenshot, administrator, browser
):
    ArticleFactory(headline_en=HEADLINE, headline_de="", standfirst_de="", body_de="")

    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/admin/auth/user/add/")
    page.fill("#id_username", "katrin")
    page.fill("#id_first_name", "Katrin")
    page.fill("#id_last_name", "Automobilzulieferindustrie-Schäfer")
    page.fill("#id_password1", "Bajio-Cluster-2026!")
    page.fill("#id_password2", "Bajio-Cluster-2026!")
    assert "manages accounts" in page.locator(".field-groups").inner_text()
    role_box(page, TRANSLATOR).check()
    page.get_by_text("Add another Language translated into").click()
    page.select_option("select[name='translation_languages-0-language']", "de")
    screenshot("admin-new-translator-form")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/auth/user/\d+/change/$"))
    assert not page.locator(".messagelist .warning").count()

    katrin = User.objects.get(username="katrin")
    assert katrin.is_staff
    assert list(katrin.translation_languages.values_list("language", flat=True)) == ["de"]

    # The translator, in a browser of their own.
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="de-DE")
    phone = context.new_page()
    log_in(phone, live_server, "katrin", "Bajio-Cluster-2026!")
    phone.wait_for_url(re.compile(r"/admin/$"))
    phone.get_by_role("link", name="Übersetzungswarteschlange").first.click()
    phone.wait_for_url(re.compile(r"/admin/translations/translation/"))
    assert HEADLINE in phone.locator("#result_list").inner_text()
    shot(phone, "admin-translator-queue-phone-de")
    context.close()


def test_a_translator_role_without_a_language_is_a_warning_for_the_administrator_and_a_hint_for_the_translator(
    live_server, page, screenshot, administrator, browser
):
    tomas = UserFactory(username="tomas", first_name="Tomás", last_name="Hernández")

    log_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/admin/auth/user/{tomas.pk}/change/")
    role_box(page, TRANSLATOR).check()
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(rf"/admin/auth/user/{tomas.pk}/change/$"))
    warnings = page.locator(".messagelist .warning")
    assert warnings.count() == 1
    assert "Tomás Hernández has the Translator role but no language" in warnings.inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("admin-translator-without-language-phone")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    own = context.new_page()
    log_in(own, live_server, "tomas")
    own.wait_for_url(re.compile(r"/admin/$"))
    hint = own.get_by_role("region", name="You have no language to translate into yet")
    assert "Ask an administrator (Ana López)" in hint.inner_text()
    own.goto(f"{live_server.url}/admin/translations/translation/")
    assert own.get_by_role("region", name="You have no language to translate into yet").count() == 1
    shot(own, "admin-translator-without-language-queue")
    context.close()


# What Django's user forms said in English on German pages, or offered that this site has no use for.
ENGLISH = ("After you", "Password-based", "Single Sign-On", "Enabled", "Raw passwords", "Reset password", "Choose ")


def test_a_german_administrator_reads_the_user_forms_in_german_with_superuser_status_named_apart(
    live_server, administrator, browser
):
    rita = UserFactory(username="rita", first_name="Rita", last_name="Automobilzulieferindustrie-Domínguez")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    log_in(page, live_server, "ana")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/auth/user/add/")
    content = page.locator("#content").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in content] == []
    assert page.locator("input[name=usable_password]").count() == 0
    shot(page, "admin-new-user-de")

    page.goto(f"{live_server.url}/admin/auth/user/{rita.pk}/change/")
    page.locator("fieldset.collapse summary").first.click()
    boxes = page.locator(".field-user_permissions .selector")
    assert "Wählen Sie Berechtigungen aus, indem Sie sie markieren" in boxes.inner_text()
    assert page.get_by_label("Superuser").count() == 1
    content = page.locator("#content").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in content] == []
    assert "Administrator-Status" not in content
    shot(page, "admin-user-form-de")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "admin-user-form-de-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Neues Passwort vergeben").click()
    page.wait_for_url(re.compile(rf"/admin/auth/user/{rita.pk}/password/$"))
    assert page.locator("h1").inner_text() == "Passwort für rita"
    content = page.locator("#content").inner_text()
    assert [phrase for phrase in ENGLISH if phrase in content] == []
    shot(page, "admin-user-password-de")
    page.fill("#id_password1", "Querétaro-Bajío-2031")
    page.fill("#id_password2", "Querétaro-Bajío-2031")
    page.click("input[name=set-password]")
    page.wait_for_url(re.compile(rf"/admin/auth/user/{rita.pk}/change/$"))
    assert "Passwort erfolgreich geändert." in page.locator(".messagelist").inner_text()
    context.close()
