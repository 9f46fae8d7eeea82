"""Administrators see whose login is locked where they manage accounts, and unlock it; nobody else can."""

import datetime
import io
import zoneinfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from newsroom.roles import ADMINISTRATOR, EDITOR, role
from tests.factories import UserFactory
from tests.pages import get_page, open_form
from tests.queries import count_queries

from .conftest import PASSWORD, is_logged_in, log_in

pytestmark = pytest.mark.django_db

USERS = "/admin/auth/user/"
ATTEMPTS = "/admin/axes/accessattempt/"
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.fixture
def maria(time_machine):
    """A reporter whose account someone at 203.0.113.9 locked at 14:30."""
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    user = UserFactory(username="maria")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    assert [log_in(attacker, "maria", f"guess-{n}").status_code for n in range(5)][-1] == 429
    return user


def member(name: str, username: str) -> Client:
    user = UserFactory(username=username)
    user.groups.add(role(name))
    client = Client()
    client.force_login(user)
    return client


def row_of(page, username: str):
    return next(row for row in page.find("table", id="result_list").find_all("tr") if username in row.text)


def unlock_action(client: Client, *users) -> dict[str, list[str]]:
    _page, data = open_form(client, USERS, "changelist-form")
    data.update(action=["unlock_logins"], _selected_action=[str(user.pk) for user in users])
    return data


def test_an_administrator_sees_on_the_user_list_whose_login_is_locked_until_when(maria):
    UserFactory(username="jorge")
    administrator = member(ADMINISTRATOR, "ana")

    page = get_page(administrator, USERS)

    assert "Login locked" in page.find("table", id="result_list").find("thead").text
    assert row_of(page, "maria").find("td", class_="field-login_lock").text == "Locked until 2:45 p.m."
    assert row_of(page, "jorge").find("td", class_="field-login_lock").text == "-"


def test_the_user_form_says_the_login_is_locked(maria):
    administrator = member(ADMINISTRATOR, "ana")

    page = get_page(administrator, f"{USERS}{maria.pk}/change/")

    assert page.find("div", class_="field-login_lock").find("div", class_="readonly").text == "Locked until 2:45 p.m."


def test_an_administrator_unlocks_a_login_with_the_action_and_its_owner_logs_in_at_once(maria):
    administrator = member(ADMINISTRATOR, "ana")

    response = administrator.post(USERS, unlock_action(administrator, maria), follow=True)

    assert "The logins of 1 user are unlocked." in response.content.decode()
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(owner, "maria", PASSWORD).status_code == 302
    assert is_logged_in(owner)


def test_unlocking_also_frees_a_known_browser_that_its_owner_locked(time_machine):
    UserFactory(username="maria")
    desk = Client(REMOTE_ADDR="198.51.100.20")
    log_in(desk, "maria", PASSWORD)
    desk.post("/admin/logout/")
    assert [log_in(desk, "maria", "typo").status_code for _n in range(5)][-1] == 429
    administrator = member(ADMINISTRATOR, "ana")
    assert "In one browser, until" in row_of(get_page(administrator, USERS), "maria").text

    administrator.post(USERS, unlock_action(administrator, UserFactory(username="maria")))

    assert log_in(desk, "maria", PASSWORD).status_code == 302


def test_an_editor_cannot_unlock_a_login_by_forging_the_action(maria):
    administrator = member(ADMINISTRATOR, "ana")
    data = unlock_action(administrator, maria)
    editor = member(EDITOR, "eva")

    assert editor.post(USERS, data).status_code == 403
    assert log_in(Client(REMOTE_ADDR="198.51.100.20"), "maria", PASSWORD).status_code == 429


def test_someone_who_may_only_view_accounts_is_not_offered_the_unlock_and_cannot_forge_it(maria):
    viewer_user = UserFactory(username="vera")
    viewer_user.user_permissions.add(Permission.objects.get(codename="view_user"))
    viewer = Client()
    viewer.force_login(viewer_user)
    administrator = member(ADMINISTRATOR, "ana")

    page = get_page(viewer, USERS)
    assert "unlock_logins" not in [option.get("value") for option in page.find_all("option")]
    viewer.post(USERS, unlock_action(administrator, maria))

    assert log_in(Client(REMOTE_ADDR="198.51.100.20"), "maria", PASSWORD).status_code == 429


def test_an_administrator_unlocks_a_client_by_deleting_its_attempts_in_the_failed_logins_list(maria):
    administrator = member(ADMINISTRATOR, "ana")
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(20):
        log_in(sprayer, f"reporter{n}", "Querétaro2026")
    assert log_in(sprayer, "ana", PASSWORD).status_code == 429

    page = get_page(administrator, f"{ATTEMPTS}?q=203.0.113.50")
    ids = [box["value"] for box in page.find_all("input", class_="action-select")]
    assert len(ids) == 20
    administrator.post(ATTEMPTS, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})

    assert not AccessAttempt.objects.filter(ip_address="203.0.113.50").exists()
    assert log_in(sprayer, "ana", PASSWORD).status_code == 302


def test_an_editor_does_not_see_the_failed_logins(maria):
    assert member(EDITOR, "eva").get(ATTEMPTS).status_code == 403


def test_the_user_list_costs_the_same_queries_however_many_users_mistyped_a_password(maria):
    administrator = member(ADMINISTRATOR, "ana")
    before = count_queries(administrator, USERS)
    for n in range(10):
        UserFactory(username=f"reporter{n}")
        log_in(Client(REMOTE_ADDR=f"192.0.2.{n}"), f"reporter{n}", "typo")

    assert count_queries(administrator, USERS) == before


def test_an_operator_unlocks_a_login_and_its_known_browsers_from_the_shell(maria):
    desk = Client(REMOTE_ADDR="198.51.100.20")
    log_in(desk, "maria", PASSWORD)
    desk.post("/admin/logout/")
    # Her own typos lock her desk too; the attacker's lock of the account is still on.
    assert [log_in(desk, "maria", "typo").status_code for _n in range(5)][-1] == 429

    call_command("axes_reset_username", "maria", stdout=io.StringIO())

    assert log_in(desk, "maria", PASSWORD).status_code == 302
    assert log_in(Client(REMOTE_ADDR="192.0.2.44"), "maria", PASSWORD).status_code == 302
