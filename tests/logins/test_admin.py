"""Administrators see whose login is locked where they manage accounts, and unlock it; nobody else can."""

import datetime
import io
import zoneinfo

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from newsroom.roles import ADMINISTRATOR, EDITOR, role
from tests.factories import UserFactory
from tests.pages import get_page, open_form, parse
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
    assert row_of(page, "maria").find("td", class_="field-login_lock").text == "Locked until 2:45 p.m. Mexico City time"
    assert row_of(page, "jorge").find("td", class_="field-login_lock").text == "-"


def test_the_user_form_says_the_login_is_locked(maria):
    administrator = member(ADMINISTRATOR, "ana")

    page = get_page(administrator, f"{USERS}{maria.pk}/change/")

    lock = page.find("div", class_="field-login_lock").find("div", class_="readonly")
    assert lock.text == "Locked until 2:45 p.m. Mexico City time"


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
    # No login history: the admin's log does not keep who failed from where.
    assert not LogEntry.objects.exists()


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


@pytest.fixture
def sprayed_network(time_machine):
    """Someone at 203.0.113.50 tried one password on twenty usernames at 14:30: the network is locked."""
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    sprayer = Client(REMOTE_ADDR="203.0.113.50")
    answers = [log_in(sprayer, f"ghost{n}", "Querétaro2026").status_code for n in range(20)]
    assert answers[-1] == 429
    return "203.0.113.50"


def in_german(client: Client) -> Client:
    client.cookies.load({"django_language": "de"})
    return client


def lock_cells(page) -> list[str]:
    return page.texts("td", class_="field-lock")


def test_a_network_lock_shows_on_the_failed_logins_list_in_german_and_is_lifted_there(sprayed_network):
    editor = UserFactory(username="editor")
    editor.groups.add(role(EDITOR))
    office = Client(REMOTE_ADDR=sprayed_network)
    assert log_in(office, "editor", PASSWORD).status_code == 429
    administrator = in_german(member(ADMINISTRATOR, "ana"))

    page = get_page(administrator, ATTEMPTS)
    assert lock_cells(page) == ["Netzwerk gesperrt bis 14:45 Uhr Ortszeit Mexiko-Stadt"] * 20
    filters = page.find("nav", id="changelist-filter")
    assert "Nach Sperre" in filters.text
    network_filter = next(a["href"] for a in filters.find_all("a") if a.text == "Netzwerk gesperrt")
    assert len(lock_cells(get_page(administrator, f"{ATTEMPTS}{network_filter}"))) == 20
    assert lock_cells(get_page(administrator, f"{ATTEMPTS}?lock=account")) == []
    actions = {option.get("value"): option.text for option in page.find("select", name="action").find_all("option")}
    assert actions["lift_locks"] == "Diese Sperren aufheben"
    # Nothing of axes' own columns, filters and actions, which speak English and know one limit only.
    assert "Attempt Remaining" not in page.text and "Locked Out" not in page.text
    assert "cleanup_expired_attempts" not in actions

    one_row = page.find("input", class_="action-select")["value"]
    response = administrator.post(
        ATTEMPTS, {"action": "lift_locks", "_selected_action": [one_row], "index": "0"}, follow=True
    )

    assert "Die Anmeldung aus dem Netzwerk 203.0.113.50 ist wieder möglich." in parse(response).texts(
        "li", class_="success"
    )
    assert log_in(office, "editor", PASSWORD).status_code == 302


def test_the_failed_logins_list_counts_toward_each_limit_until_a_lock_and_shows_an_account_lock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    UserFactory(username="maria")
    for n in range(3):
        log_in(Client(REMOTE_ADDR="198.51.100.7"), "maria", f"typo-{n}")
    for n in range(5):
        log_in(Client(REMOTE_ADDR=f"192.0.2.{n}"), "jorge", "guess")
    administrator = in_german(member(ADMINISTRATOR, "ana"))

    page = get_page(administrator, f"{ATTEMPTS}?q=maria")
    assert lock_cells(page) == ["Zählt: Konto 3 von 5, Netzwerk 3 von 20"]
    jorge = get_page(administrator, f"{ATTEMPTS}?lock=account")
    assert lock_cells(jorge) == ["Konto gesperrt bis 14:45 Uhr Ortszeit Mexiko-Stadt"] * 5
    assert lock_cells(get_page(administrator, f"{ATTEMPTS}?lock=none")) == lock_cells(page)


def test_a_failed_login_reads_as_who_from_where_and_when_on_its_own_page(sprayed_network):
    administrator = in_german(member(ADMINISTRATOR, "ana"))
    attempt = AccessAttempt.objects.get(username="ghost19")

    page = get_page(administrator, f"{ATTEMPTS}{attempt.pk}/change/")

    title = "„ghost19“ von 203.0.113.50, 10. März 2026, 14:30 Uhr"
    assert page.find("h2").text == title
    assert page.find("div", class_="breadcrumbs").text.endswith(title)
    assert "Attempted Access" not in page.text
    assert "Netzwerk gesperrt bis 14:45 Uhr Ortszeit Mexiko-Stadt" in page.find("div", class_="field-lock").text
    confirm = get_page(administrator, f"{ATTEMPTS}{attempt.pk}/delete/")
    assert title in confirm.find("div", id="content").text
    administrator.post(f"{ATTEMPTS}{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not LogEntry.objects.exists()


def test_the_failed_logins_list_costs_the_same_queries_however_many_networks_and_accounts_are_locked(
    sprayed_network,
):
    administrator = member(ADMINISTRATOR, "ana")
    before = count_queries(administrator, ATTEMPTS)
    for n in range(5):
        log_in(Client(REMOTE_ADDR="198.51.100.60"), "jorge", f"guess-{n}")
        log_in(Client(REMOTE_ADDR=f"192.0.2.{n}"), "maria", f"guess-{n}")

    assert count_queries(administrator, ATTEMPTS) == before


def test_the_user_list_says_a_network_is_locked_and_unlocking_a_user_does_not_pretend_to_lift_it(sprayed_network):
    editor = UserFactory(username="editor")
    editor.groups.add(role(EDITOR))
    administrator = in_german(member(ADMINISTRATOR, "ana"))
    notice = (
        "Die Anmeldung aus dem Netzwerk 203.0.113.50 ist für alle dort bis 14:45 Uhr Ortszeit Mexiko-Stadt "
        "gesperrt, nach zu vielen fehlgeschlagenen Anmeldungen von dort; das Entsperren von Benutzern hebt das "
        "nicht auf. Arbeitet jemand von dort aus, heben Sie die Sperre unter Fehlgeschlagene Anmeldungen auf."
    )

    page = get_page(administrator, USERS)
    assert page.texts("li", class_="warning") == [notice]
    assert page.find("li", class_="warning").find("a")["href"] == f"{ATTEMPTS}?lock=network"

    response = administrator.post(USERS, unlock_action(administrator, editor), follow=True)
    page = parse(response)
    assert page.texts("li", class_="success") == ["Die Anmeldung von 1 Benutzer ist entsperrt."]
    assert page.texts("li", class_="warning") == [notice]
    # What the notice says: the editor is still kept out from there, until the network's lock is lifted.
    assert log_in(Client(REMOTE_ADDR=sprayed_network), "editor", PASSWORD).status_code == 429


def test_the_user_list_shows_the_account_lock_and_a_later_lock_of_the_owners_browser(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 13, 0, tzinfo=MEXICO_CITY), tick=False)
    UserFactory(username="maria")
    desk = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(desk, "maria", PASSWORD).status_code == 302
    desk.post("/admin/logout/")
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    assert [log_in(Client(REMOTE_ADDR="203.0.113.9"), "maria", "guess").status_code for _n in range(5)][-1] == 429
    # A minute later she mistypes her password at her own desk until it locks too.
    time_machine.shift(datetime.timedelta(minutes=1))
    assert [log_in(desk, "maria", "typo").status_code for _n in range(5)][-1] == 429
    administrator = member(ADMINISTRATOR, "ana")

    cell = row_of(get_page(administrator, USERS), "maria").find("td", class_="field-login_lock")

    # One line each.
    assert [line for line in cell.children if isinstance(line, str)] == [
        "Locked until 2:45 p.m. Mexico City time",
        "In one browser, until 2:46 p.m. Mexico City time",
    ]
    assert len(cell.find_all("br")) == 1
