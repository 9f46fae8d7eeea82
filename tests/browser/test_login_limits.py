"""A reporter mistypes her password until the login locks, reads why and until when, an administrator
unlocks her, and she logs in — in Chromium, in English and German, on a desktop and a phone."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from newsroom.roles import ADMINISTRATOR, REPORTER, role
from tests.conftest import ARTIFACTS
from tests.factories import UserFactory
from tests.quality.conftest import AXE_JS, require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def context_options():
    # axe is injected as an inline script, which the site's own policy rightly refuses.
    return {"bypass_csp": True}


def member(username: str, role_name: str):
    user = UserFactory(username=username)
    user.groups.add(role(role_name))
    return user


def try_to_log_in(page, live_server, username: str, password: str):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def screenshot_of(page, name: str):
    """A screenshot of a page of its own context (the `screenshot` fixture takes the `page` fixture's)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def accessibility_violations(page) -> list[str]:
    require(AXE_JS.exists(), f"axe-core is missing ({AXE_JS}): run `npm ci`.")
    page.add_script_tag(content=AXE_JS.read_text())
    return page.evaluate(
        "async (tags) => (await axe.run({runOnly: tags})).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
        AXE_TAGS,
    )


def test_a_locked_out_reporter_reads_why_is_unlocked_by_an_administrator_and_logs_in(
    live_server, page, browser, screenshot
):
    member("maria.gonzalez", REPORTER)
    member("ana", ADMINISTRATOR)

    for attempt in range(4):
        try_to_log_in(page, live_server, "maria.gonzalez", f"Querétaro-{attempt}")
        assert page.locator(".errornote").first.inner_text().startswith("The username or the password is wrong.")
    try_to_log_in(page, live_server, "maria.gonzalez", "Querétaro-4")

    assert page.locator("h1").inner_text() == "Too many failed logins"
    assert "(in 15 minutes)" in page.locator("p.errornote").inner_text()
    assert "Ask an administrator" in page.locator("#content-main").inner_text()
    assert accessibility_violations(page) == []
    screenshot("login-locked-out")
    # The right password is refused as well while the lock lasts.
    try_to_log_in(page, live_server, "maria.gonzalez", PASSWORD)
    assert page.locator("h1").inner_text() == "Too many failed logins"

    administrator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    admin_page = administrator.new_page()
    try_to_log_in(admin_page, live_server, "ana", PASSWORD)
    admin_page.wait_for_url(re.compile(r"/admin/$"))
    admin_page.goto(f"{live_server.url}/admin/auth/user/")
    row = admin_page.locator("#result_list tr", has_text="maria.gonzalez")
    assert row.locator("td.field-login_lock").inner_text().startswith("Locked until")
    screenshot_of(admin_page, "login-locked-user-list")
    row.locator("input.action-select").check()
    admin_page.select_option("select[name=action]", "unlock_logins")
    admin_page.click("button[name=index]")
    assert "The logins of 1 user are unlocked." in admin_page.locator(".messagelist").inner_text()
    assert row.locator("td.field-login_lock").inner_text() == "-"
    administrator.close()

    try_to_log_in(page, live_server, "maria.gonzalez", PASSWORD)
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "maria.gonzalez" in page.locator("#user-tools").inner_text().lower()


def test_the_lockout_page_reads_well_in_german_on_a_phone(live_server, browser):
    member("maria.gonzalez", REPORTER)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE", bypass_csp=True)
    page = context.new_page()

    for attempt in range(5):
        try_to_log_in(page, live_server, "maria.gonzalez", f"Automobilzulieferindustrie-{attempt}")

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == "Zu viele fehlgeschlagene Anmeldungen"
    assert "(in 15 Minuten)" in page.locator("p.errornote").inner_text()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert accessibility_violations(page) == []
    screenshot_of(page, "login-locked-out-de-phone")
    context.close()


def test_a_german_administrator_finds_a_locked_network_from_the_user_list_and_lifts_it(live_server, browser):
    member("editor", REPORTER)
    member("ana", ADMINISTRATOR)
    # A password spray from the office's network (the live server sees every browser as 127.0.0.1).
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", bypass_csp=True)
    sprayer = office.new_page()
    for n in range(20):
        try_to_log_in(sprayer, live_server, f"Automobilzulieferindustrie{n}", "Querétaro2026")
    assert "Die Anmeldung aus Ihrem Netzwerk ist bis" in sprayer.locator("p.errornote").inner_text()
    assert "Ortszeit Mexiko-Stadt" in sprayer.locator("p.errornote").inner_text()
    screenshot_of(sprayer, "login-network-locked-de")

    # The administrator works elsewhere; the live server sees every browser at 127.0.0.1, so her
    # browser gets her session without the login page.
    administrator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", bypass_csp=True)
    session = Client()
    session.force_login(User.objects.get(username="ana"))
    cookies = {settings.SESSION_COOKIE_NAME: session.cookies[settings.SESSION_COOKIE_NAME].value}
    cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    administrator.add_cookies(
        [{"name": name, "value": value, "url": live_server.url} for name, value in cookies.items()]
    )
    admin_page = administrator.new_page()
    admin_page.goto(f"{live_server.url}/admin/auth/user/")
    notice = admin_page.locator(".messagelist .warning")
    assert "Netzwerk 127.0.0.1 ist für alle dort bis" in notice.inner_text()
    assert accessibility_violations(admin_page) == []
    screenshot_of(admin_page, "login-network-locked-user-list-de")
    notice.get_by_role("link", name="Fehlgeschlagene Anmeldungen").click()
    admin_page.wait_for_url(re.compile(r"/admin/axes/accessattempt/\?lock=network$"))
    cells = admin_page.locator("td.field-lock")
    assert cells.count() == 20
    assert cells.first.inner_text().startswith("Netzwerk gesperrt bis")
    assert admin_page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot_of(admin_page, "login-network-locked-failed-logins-de")
    admin_page.locator("#action-toggle").check()
    admin_page.select_option("select[name=action]", label="Diese Sperren aufheben")
    admin_page.click("button[name=index]")
    assert (
        "Die Anmeldung aus dem Netzwerk 127.0.0.1 ist wieder möglich."
        in admin_page.locator(".messagelist").inner_text()
    )
    screenshot_of(admin_page, "login-network-lifted-de")
    administrator.close()

    try_to_log_in(sprayer, live_server, "editor", PASSWORD)
    sprayer.wait_for_url(re.compile(r"/admin/$"))
    office.close()
