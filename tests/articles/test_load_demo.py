"""The demo's logins: the documented passwords for `make run` (DEBUG on), random ones printed once
anywhere else, so a staging or production site does not open to a guessable pattern."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from newsroom.articles.management.commands.load_demo import DEMO_USERS
from tests.logins.conftest import is_logged_in, log_in

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^Demo \w+: (\w+) (/ \S+|\(keeps its password\))$", re.MULTILINE)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load_demo() -> tuple[dict[str, str], str]:
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return dict(LOGIN_LINE.findall(output.getvalue())), output.getvalue()


def logs_in(username: str, password: str) -> bool:
    client = Client(REMOTE_ADDR="198.51.100.20")
    log_in(client, username, password)
    return is_logged_in(client)


def test_with_debug_off_each_demo_account_gets_a_random_password_printed_once(settings):
    settings.DEBUG = False

    printed, output = load_demo()

    passwords = {username: line.removeprefix("/ ") for username, line in printed.items()}
    assert set(passwords) == set(DEMO_USERS)
    assert len(set(passwords.values())) == 3
    for username, password in passwords.items():
        assert len(password) >= 16 and username not in password and "demo" not in password
        assert not logs_in(username, DEMO_USERS[username][0])
        assert logs_in(username, password)
    assert "shown only now" in output


def test_run_again_with_debug_off_it_keeps_the_passwords_but_replaces_a_documented_one(settings):
    settings.DEBUG = False
    first, _output = load_demo()
    from django.contrib.auth.models import User

    # A database that `make run` filled, then put on a server: the editor still has the documented password.
    editor = User.objects.get(username="editor")
    editor.set_password(DEMO_USERS["editor"][0])
    editor.save()

    again, _output = load_demo()

    assert again["reporter"] == again["translator"] == "(keeps its password)"
    assert logs_in("reporter", first["reporter"].removeprefix("/ "))
    assert again["editor"].startswith("/ ") and again["editor"] != first["editor"]
    assert not logs_in("editor", DEMO_USERS["editor"][0])
    assert logs_in("editor", again["editor"].removeprefix("/ "))


def test_with_debug_on_make_run_gives_the_documented_passwords(settings):
    settings.DEBUG = True

    printed, output = load_demo()

    assert printed == {username: f"/ {password}" for username, (password, _role) in DEMO_USERS.items()}
    assert logs_in("editor", "editor-demo-2026")
    assert "shown only now" not in output
