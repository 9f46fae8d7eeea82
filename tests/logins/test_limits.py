"""Failed logins at /admin/login/: the lock per account and per client, known browsers that the
owner keeps using while someone else locks the account, the lockout page, and that every lock ends
by itself.

Each Client is one browser; its REMOTE_ADDR is where it sits on the internet.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.pages import parse

from .conftest import LOGIN, PASSWORD, is_logged_in, log_in, log_out

pytestmark = pytest.mark.django_db


def fail(client: Client, username: str, times: int):
    return [log_in(client, username, f"wrong-guess-{n}") for n in range(times)]


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_during_the_lock():
    UserFactory(username="maria")
    attacker = Client(REMOTE_ADDR="203.0.113.9")

    answers = fail(attacker, "maria", 5)

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    refused = log_in(attacker, "maria", PASSWORD)
    assert refused.status_code == 429
    assert not is_logged_in(attacker)
    # The account is locked, not only the client: a stranger's browser elsewhere is refused too.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(elsewhere, "maria", PASSWORD).status_code == 429
    assert not is_logged_in(elsewhere)


def test_a_lock_ends_by_itself_after_fifteen_minutes(time_machine):
    UserFactory(username="maria")
    time_machine.move_to(timezone.now(), tick=False)
    client = Client(REMOTE_ADDR="203.0.113.9")
    fail(client, "maria", 5)

    time_machine.shift(datetime.timedelta(minutes=14, seconds=59))
    assert log_in(client, "maria", PASSWORD).status_code == 429
    time_machine.shift(datetime.timedelta(seconds=1))
    assert log_in(client, "maria", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_tries_during_a_lock_do_not_lengthen_it(time_machine):
    UserFactory(username="maria")
    time_machine.move_to(timezone.now(), tick=False)
    client = Client(REMOTE_ADDR="203.0.113.9")
    fail(client, "maria", 5)

    for _minute in range(14):
        time_machine.shift(datetime.timedelta(minutes=1))
        assert log_in(client, "maria", "still-guessing").status_code == 429
    time_machine.shift(datetime.timedelta(minutes=1))
    assert log_in(client, "maria", PASSWORD).status_code == 302


def test_one_client_guessing_across_accounts_is_stopped_after_twenty_failures():
    UserFactory(username="maria")
    sprayer = Client(REMOTE_ADDR="203.0.113.9")

    answers = [log_in(sprayer, f"reporter{n}", "Querétaro2026") for n in range(20)]

    assert [answer.status_code for answer in answers] == [200] * 19 + [429]
    # Every account is closed to that client, even one it never tried and with the right password,
    assert log_in(sprayer, "maria", PASSWORD).status_code == 429
    assert "from your network" in parse(log_in(sprayer, "maria", PASSWORD)).find("p", class_="errornote").text
    # and open to everyone else.
    assert log_in(Client(REMOTE_ADDR="198.51.100.20"), "maria", PASSWORD).status_code == 302


def test_an_ipv6_client_cannot_escape_its_limit_by_changing_address_within_its_network():
    sprayer = [Client(REMOTE_ADDR=f"2001:db8:5:7::{n:x}") for n in range(1, 21)]

    answers = [log_in(client, f"reporter{n}", "wrong") for n, client in enumerate(sprayer)]

    assert answers[-1].status_code == 429


def test_ipv4_clients_of_a_server_listening_on_ipv6_are_told_apart():
    UserFactory(username="maria")
    for n in range(20):
        log_in(Client(REMOTE_ADDR="::ffff:203.0.113.9"), f"reporter{n}", "wrong")

    assert log_in(Client(REMOTE_ADDR="::ffff:203.0.113.9"), "maria", PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR="::ffff:198.51.100.20"), "maria", PASSWORD).status_code == 302


def test_behind_the_proxy_the_last_forwarded_address_is_the_client(settings):
    settings.BEHIND_PROXY = True
    UserFactory(username="maria")
    # Every request comes from the proxy; the client can write anything before the address the
    # proxy appends.
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(20):
        log_in(Client(**proxy), f"reporter{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")

    assert log_in(Client(**proxy), "maria", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert log_in(Client(**proxy), "maria", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


# (the last entry of X-Forwarded-For as the sprayer's n-th request sends it, another client's)
FORWARDED_FORMS = {
    "IPv4": ("203.0.113.9", "198.51.100.20"),
    "IPv4 with a port": ("203.0.113.9:{port}", "198.51.100.20:51000"),
    "IPv6": ("2001:db8:5:7::{n:x}", "2001:db8:5:8::1"),
    "IPv6 in brackets": ("[2001:db8:5:7::{n:x}]", "[2001:db8:5:8::1]"),
    "IPv6 with a port": ("[2001:db8:5:7::{n:x}]:{port}", "[2001:db8:5:8::1]:443"),
    "IPv4-mapped IPv6 with a port": ("[::ffff:203.0.113.9]:{port}", "[::ffff:198.51.100.20]:443"),
}
CLIENTS = {
    "IPv4": "203.0.113.9",
    "IPv4 with a port": "203.0.113.9",
    "IPv6": "2001:db8:5:7::",
    "IPv6 in brackets": "2001:db8:5:7::",
    "IPv6 with a port": "2001:db8:5:7::",
    "IPv4-mapped IPv6 with a port": "203.0.113.9",
}
PROXY = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.mark.parametrize("form", FORWARDED_FORMS)
def test_behind_the_proxy_the_client_is_read_from_every_form_of_forwarded_address(settings, form):
    settings.BEHIND_PROXY = True
    sprayer, other = FORWARDED_FORMS[form]
    UserFactory(username="maria")
    for n in range(1, 21):
        forwarded = f"192.0.2.{n}, " + sprayer.format(n=n, port=40000 + n)
        log_in(Client(**PROXY), f"reporter{n}", "wrong", HTTP_X_FORWARDED_FOR=forwarded)

    sprayers_next = sprayer.format(n=99, port=50000)
    assert log_in(Client(**PROXY), "maria", PASSWORD, HTTP_X_FORWARDED_FOR=sprayers_next).status_code == 429
    assert log_in(Client(**PROXY), "maria", PASSWORD, HTTP_X_FORWARDED_FOR=other).status_code == 302
    # Administrators see the client's address (or network) in the failed logins, not the proxy's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENTS[form]}


@pytest.mark.parametrize("forwarded", ["unknown", "_hidden", "203.0.113.9:http", "", None])
def test_behind_the_proxy_an_unreadable_forwarded_address_counts_for_no_client_and_is_logged_once(
    settings, caplog, new_worker, forwarded
):
    settings.BEHIND_PROXY = True
    UserFactory(username="maria")
    header = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    for n in range(25):
        log_in(Client(**PROXY), f"reporter{n}", "wrong", **header)

    # Not counted as the proxy's, which every browser behind it would share.
    assert log_in(Client(**PROXY), "maria", PASSWORD, **header).status_code == 302
    assert log_in(Client(**PROXY), "maria", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302
    [warning] = [record for record in caplog.records if record.name == "newsroom.clients"]
    assert warning.levelname == "WARNING"
    assert "X-Forwarded-For is not understood" in warning.getMessage()
    assert "203.0.113.9" not in warning.getMessage()


def test_behind_the_proxy_an_unreadable_forwarded_address_still_meets_the_accounts_limit(settings, new_worker):
    settings.BEHIND_PROXY = True
    UserFactory(username="maria")

    answers = [log_in(Client(**PROXY), "maria", "wrong", HTTP_X_FORWARDED_FOR="unknown") for _n in range(5)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert log_in(Client(**PROXY), "maria", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 429


def test_without_the_proxy_setting_a_forwarded_address_is_ignored(settings):
    settings.BEHIND_PROXY = False
    UserFactory(username="maria")
    for n in range(20):
        log_in(Client(REMOTE_ADDR="203.0.113.9"), f"reporter{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert log_in(Client(REMOTE_ADDR="203.0.113.9"), "maria", PASSWORD).status_code == 429


def test_the_owners_known_browser_logs_in_while_an_attacker_keeps_the_account_locked(time_machine):
    UserFactory(username="maria")
    time_machine.move_to(timezone.now(), tick=False)
    owners_laptop = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(owners_laptop, "maria", PASSWORD).status_code == 302
    log_out(owners_laptop)

    time_machine.shift(datetime.timedelta(days=30))
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    assert fail(attacker, "maria", 5)[-1].status_code == 429

    # The laptop is judged by its own failures: none.
    assert log_in(owners_laptop, "maria", PASSWORD).status_code == 302
    assert is_logged_in(owners_laptop)
    # A browser that never logged in as her is refused, the right password too, even on her network,
    new_phone = Client(REMOTE_ADDR="198.51.100.20")
    assert log_in(new_phone, "maria", PASSWORD).status_code == 429
    assert not is_logged_in(new_phone)
    # until the lock ends.
    time_machine.shift(datetime.timedelta(minutes=15))
    assert log_in(new_phone, "maria", PASSWORD).status_code == 302


def test_a_known_browser_is_locked_by_its_own_wrong_passwords_and_only_itself():
    UserFactory(username="maria")
    shared_desk = Client(REMOTE_ADDR="198.51.100.20")
    log_in(shared_desk, "maria", PASSWORD)
    log_out(shared_desk)

    answers = fail(shared_desk, "maria", 5)

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert "from this browser" in parse(answers[-1]).find("p", class_="errornote").text
    assert log_in(shared_desk, "maria", PASSWORD).status_code == 429
    # Her failures in a known browser do not count against the account.
    assert log_in(Client(REMOTE_ADDR="198.51.100.21"), "maria", PASSWORD).status_code == 302


def test_a_successful_login_forgives_the_browsers_earlier_typos():
    UserFactory(username="maria")
    browser = Client(REMOTE_ADDR="198.51.100.20")
    log_in(browser, "maria", PASSWORD)
    log_out(browser)
    fail(browser, "maria", 4)
    log_in(browser, "maria", PASSWORD)
    log_out(browser)

    # Four typos before don't count any more: the lock comes after five new ones.
    assert [answer.status_code for answer in fail(browser, "maria", 5)] == [200] * 4 + [429]


def test_a_known_browser_cookie_counts_only_for_its_own_user_and_only_as_signed():
    UserFactory(username="maria")
    UserFactory(username="jorge")
    browser = Client(REMOTE_ADDR="198.51.100.20")
    log_in(browser, "maria", PASSWORD)
    log_out(browser)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail(attacker, "jorge", 5)
    fail(attacker, "maria", 5)

    # Known to maria, not to jorge.
    assert log_in(browser, "jorge", PASSWORD).status_code == 429
    # Copying maria's cookie under a tampered value makes no browser known.
    forger = Client(REMOTE_ADDR="198.51.100.20")
    for name, morsel in browser.cookies.items():
        if name.startswith("known_browser_"):
            forger.cookies[name] = morsel.value.replace("maria:", "maria:x")
    assert log_in(forger, "maria", PASSWORD).status_code == 429


def test_a_login_makes_the_browser_known_with_a_secure_http_only_strict_cookie_sent_only_to_the_login():
    UserFactory(username="maria")
    browser = Client()
    failed = log_in(browser, "maria", "wrong", secure=True)
    assert not [name for name in failed.cookies if name.startswith("known_browser_")]

    response = log_in(browser, "maria", PASSWORD, secure=True)

    [cookie] = [morsel for name, morsel in response.cookies.items() if name.startswith("known_browser_")]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == LOGIN
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    assert "maria" not in cookie.key
