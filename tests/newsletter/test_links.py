"""The links in the newsletter's mails: confirming (only by pressing the button, within three days),
unsubscribing (from the page or with one click from the mail program), and links that were
tampered with or have expired."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsroom.newsletter.models import Subscription
from tests.pages import form_data, get_page, parse, url_in

from .conftest import last_mail, link, links, sign_up, subscription

pytestmark = pytest.mark.django_db


def confirmation_link(client, email="ana.ruiz@example.com", language="en") -> str:
    sign_up(client, email, language)
    return link(last_mail(), "confirm")


@pytest.mark.parametrize("language", ["en", "de"])
def test_opening_the_confirmation_link_subscribes_nobody_and_pressing_its_button_does(language):
    url = confirmation_link(Client(), language=language)
    client = Client(enforce_csrf_checks=True)  # a reader's browser, opening the link from the mail

    page = get_page(client, url)  # what a mail scanner fetching the link does
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    assert page.find("html")["lang"] == language

    response = client.post(url, form_data(page, "confirm_form"))

    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED and subscription.confirmed_at is not None
    assert parse(response).find("h1").text == (
        "You are subscribed" if language == "en" else "Ihr Abonnement ist bestätigt"
    )


def test_confirmation_pages_are_private(client):
    response = client.get(confirmation_link(client))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_confirming_twice_changes_nothing_the_second_time(client):
    url = confirmation_link(client)
    client.post(url)
    confirmed_at = Subscription.objects.get().confirmed_at

    assert client.post(url).status_code == 200
    assert Subscription.objects.get().confirmed_at == confirmed_at


def test_confirming_an_unsubscribed_address_again_subscribes_it_again(client):
    former = subscription(status=Subscription.Status.UNSUBSCRIBED)

    client.post(confirmation_link(client, former.email))

    former.refresh_from_db()
    assert former.status == Subscription.Status.CONFIRMED and former.unsubscribed_at is None


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature changed
        lambda token: "x" + token,  # the content changed
        lambda token: token.split(":")[0],  # no signature
        lambda token: "not-a-token",
        lambda token: "%C3%A9%00",
    ],
)
def test_a_tampered_confirmation_link_is_refused_with_a_400_page(client, method, tamper):
    url = confirmation_link(client)
    token = url.rstrip("/").rsplit("/", 1)[1]

    response = getattr(client, method)(url.replace(token, tamper(token)))

    assert response.status_code == 400
    assert "not valid" in parse(response).find("main").text
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_token_for_unsubscribing_does_not_confirm(client):
    sign_up(client, "ana.ruiz@example.com")
    token = last_mail().extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]

    response = client.post(url_in("en", "newsletter:confirm", token=token))

    assert response.status_code == 400
    assert Subscription.objects.get().status == Subscription.Status.PENDING


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_confirmation_link_older_than_three_days_has_expired_with_a_410_page_in_its_language(client, language):
    url = confirmation_link(client, language=language)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, minutes=1)):
        response = client.post(url)

    assert response.status_code == 410
    assert parse(response).find("main").text.count("has expired" if language == "en" else "ist abgelaufen")
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_confirmation_link_works_until_its_third_day_ends(client):
    url = confirmation_link(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=23)):
        client.post(url)

    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED


def test_the_confirmation_link_of_a_deleted_sign_up_has_expired(client):
    url = confirmation_link(client)
    Subscription.objects.all().delete()

    assert client.get(url).status_code == 410


@pytest.mark.parametrize("language", ["en", "de"])
def test_unsubscribing_from_the_link_in_a_mail_asks_first_and_then_ends_the_subscription(language):
    subscription(language=language)
    sign_up(Client(), "ana.ruiz@example.com", language)
    url = link(last_mail(), "unsubscribe")
    client = Client(enforce_csrf_checks=True)

    page = get_page(client, url)
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED
    assert page.find("html")["lang"] == language

    response = client.post(url, form_data(page, "unsubscribe_form"))

    assert response.status_code == 200
    subscription_now = Subscription.objects.get()
    assert subscription_now.status == Subscription.Status.UNSUBSCRIBED
    assert subscription_now.unsubscribed_at is not None
    expected = "You are unsubscribed" if language == "en" else "Sie sind abgemeldet"
    assert parse(response).find("h1").text == expected


def test_every_mail_carries_the_one_click_unsubscribe_headers_with_the_same_link(client, confirmed):
    sign_up(client, "new.reader@example.com")  # a confirmation mail
    sign_up(client, confirmed.email)  # an "already subscribed" mail

    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<http") and header.endswith(">")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert set(links(message, "unsubscribe")) == {header.strip("<>").removeprefix("http://testserver")}
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_one_click_unsubscribe_works_without_cookie_or_csrf_token(client, confirmed):
    sign_up(client, confirmed.email)
    header = last_mail().extra_headers["List-Unsubscribe"].strip("<>")
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(header, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.status == Subscription.Status.UNSUBSCRIBED


def test_unsubscribe_links_never_expire(client, confirmed):
    url = url_in("en", "newsletter:unsubscribe", token=confirmed.unsubscribe_token)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3 * 365)):
        client.post(url)

    confirmed.refresh_from_db()
    assert confirmed.status == Subscription.Status.UNSUBSCRIBED


def test_unsubscribing_twice_or_after_the_subscription_was_deleted_still_says_unsubscribed(client, confirmed):
    url = url_in("en", "newsletter:unsubscribe", token=confirmed.unsubscribe_token)
    client.post(url)

    assert client.post(url).status_code == 200
    assert "no longer receives" in parse(client.get(url)).find("main").text
    Subscription.objects.all().delete()
    assert client.post(url).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_with_a_400_page_and_ends_nothing(client, confirmed, method):
    token = confirmed.unsubscribe_token
    other = subscription("someone.else@example.com")
    forged = token.replace(token.split(":")[0], other.unsubscribe_token.split(":")[0])

    for bad in (forged, token[:-2], confirmed.confirmation_token, "x"):
        response = getattr(client, method)(url_in("de", "newsletter:unsubscribe", token=bad))
        assert response.status_code == 400
        assert "nicht gültig" in parse(response).find("main").text

    assert set(Subscription.objects.values_list("status", flat=True)) == {Subscription.Status.CONFIRMED}


def test_a_link_made_for_one_subscription_stops_working_if_its_row_is_replaced(client, confirmed):
    token = confirmed.unsubscribe_token
    Subscription.objects.filter(pk=confirmed.pk).update(key="another-key")

    client.post(url_in("en", "newsletter:unsubscribe", token=token))

    confirmed.refresh_from_db()
    assert confirmed.status == Subscription.Status.CONFIRMED
