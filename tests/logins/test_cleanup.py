"""The daily cleanup of failed logins: records that no longer count go (a username, an address and a
browser's identification are kept no longer than they are needed), running locks stay."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsroom.logins.models import KnownBrowserFailures
from tests.factories import UserFactory

from .conftest import PASSWORD, log_in, log_out

pytestmark = pytest.mark.django_db


def fail(client: Client, username: str, times: int):
    return [log_in(client, username, f"wrong-guess-{n}") for n in range(times)]


def known_browser(username: str, address: str) -> Client:
    browser = Client(REMOTE_ADDR=address)
    log_in(browser, username, PASSWORD)
    log_out(browser)
    return browser


def remove_expired_login_attempts() -> str:
    output = io.StringIO()
    call_command("remove_expired_login_attempts", stdout=output)
    return output.getvalue()


def test_the_daily_cleanup_deletes_failed_logins_that_no_longer_count_and_keeps_running_locks(time_machine):
    UserFactory(username="maria")
    UserFactory(username="jorge")
    time_machine.move_to(timezone.now(), tick=False)
    marias_laptop = known_browser("maria", "198.51.100.20")
    jorges_desk = known_browser("jorge", "198.51.100.30")
    # Typos that will stop counting: nobody fails to log in afterwards, which would have cleaned them up.
    fail(Client(REMOTE_ADDR="203.0.113.9"), "jorge", 2)
    fail(marias_laptop, "maria", 1)
    time_machine.shift(datetime.timedelta(minutes=10))
    # Locks that are still running when the cleanup runs.
    fail(Client(REMOTE_ADDR="192.0.2.66"), "maria", 5)
    fail(jorges_desk, "jorge", 5)
    time_machine.shift(datetime.timedelta(minutes=10))

    output = remove_expired_login_attempts()

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("maria", "192.0.2.66")]
    assert list(KnownBrowserFailures.objects.values_list("username", flat=True)) == ["jorge"]
    assert "Removed 1 expired failed-login record(s) and 1 of known browsers." in output
    # The locks run until they end by themselves.
    assert log_in(Client(REMOTE_ADDR="198.51.100.21"), "maria", PASSWORD).status_code == 429
    assert log_in(jorges_desk, "jorge", PASSWORD).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=5))
    assert log_in(Client(REMOTE_ADDR="198.51.100.21"), "maria", PASSWORD).status_code == 302
    assert log_in(jorges_desk, "jorge", PASSWORD).status_code == 302
