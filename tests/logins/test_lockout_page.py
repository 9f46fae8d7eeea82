"""The answer to a locked-out login: a page in the admin's look and the user's language, saying what
happened, how long it lasts and whom to ask, the same for every username."""

import datetime
import zoneinfo

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.pages import parse

from .conftest import log_in

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


def lock_out(username: str, **headers):
    client = Client(REMOTE_ADDR="203.0.113.9", **headers)
    for n in range(4):
        log_in(client, username, f"wrong-{n}")
    return log_in(client, username, "wrong-4")


def test_the_lockout_page_says_what_happened_until_when_and_whom_to_ask(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    UserFactory(username="maria")

    response = lock_out("maria")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]
    page = parse(response)
    main = page.find("div", id="content-main")
    assert main.find("h1").text == "Too many failed logins"
    assert main.find("p", class_="errornote").text == (
        "Logging in as this user is paused until 2:45 p.m. Mexico City time (in 15 minutes), "
        "because the wrong password was entered too often."
    )
    assert "the right password is refused too" in main.text
    assert "Ask an administrator of the newsroom to unlock your login." in main.text
    assert main.find("a")["href"] == "/admin/login/"
    # The admin's look: its header and stylesheets, the login page's layout.
    assert page.find("header", id="header").find("a").text == "Newsroom"
    assert "login" in page.find("body")["class"].split()
    assert page.find("title").text == "Too many failed logins | Newsroom"


def test_the_lockout_page_is_in_german_for_a_german_browser(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    UserFactory(username="maria")

    page = parse(lock_out("maria", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"))

    assert page.find("html")["lang"] == "de"
    main = page.find("div", id="content-main")
    assert main.find("h1").text == "Zu viele fehlgeschlagene Anmeldungen"
    assert main.find("p", class_="errornote").text == (
        "Die Anmeldung als dieser Benutzer ist bis 14:45 Uhr Ortszeit Mexiko-Stadt (in 15 Minuten) gesperrt, "
        "weil zu oft ein falsches Passwort eingegeben wurde."
    )
    assert "Administrator" in main.text


def test_the_answer_is_the_same_whether_the_username_exists_or_not(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    UserFactory(username="maria")

    existing = [log_in(Client(REMOTE_ADDR=f"203.0.113.{n}"), "maria", "wrong").status_code for n in range(5)]
    missing = [log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), "mario", "wrong").status_code for n in range(5)]

    assert existing == missing == [200, 200, 200, 200, 429]
    answers = [log_in(Client(REMOTE_ADDR="192.0.2.1"), username, "wrong") for username in ("maria", "mario")]
    assert answers[0].status_code == answers[1].status_code == 429
    texts = [parse(answer).find("div", id="content-main").text for answer in answers]
    assert texts[0] == texts[1]
    assert answers[0]["Retry-After"] == answers[1]["Retry-After"]


def test_a_locked_out_login_by_script_gets_the_same_page_not_json():
    UserFactory(username="maria")

    response = lock_out("maria", HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")


def test_a_network_lock_names_the_newsrooms_clock_and_the_address_an_administrator_needs(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 14, 30, tzinfo=MEXICO_CITY), tick=False)
    sprayer = Client(REMOTE_ADDR="203.0.113.9", headers={"accept-language": "de-DE,de;q=0.9"})
    answers = [log_in(sprayer, f"ghost{n}", "Querétaro2026") for n in range(20)]

    main = parse(answers[-1]).find("div", id="content-main")
    assert main.find("p", class_="errornote").text == (
        "Die Anmeldung aus Ihrem Netzwerk ist bis 14:45 Uhr Ortszeit Mexiko-Stadt (in 15 Minuten) gesperrt, "
        "weil von dort zu viele falsche Passwörter kamen."
    )
    assert (
        "Bitten Sie einen Administrator der Redaktion, die Sperre für Ihr Netzwerk aufzuheben; "
        "seine Adresse ist 203.0.113.9." in main.text
    )
