"""Signing up for the newsletter: the form, the confirmation mail in the page's language, the same
answer for every address, the hidden field for bots, the rate limit and the cleanup of sign-ups
nobody confirmed."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom.newsletter.models import Subscription
from newsroom.newsletter.tasks import RETRY_MINUTES, forget_unconfirmed
from newsroom.worker.testing import run_tasks
from tests.pages import get_page, parse, url_in

from .conftest import last_mail, link, sign_up, subscription

pytestmark = pytest.mark.django_db

QUERIES_PER_SIGN_UP = 5


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_sign_up_page_has_a_labelled_email_field_and_says_what_the_reader_agrees_to(client, language):
    page = get_page(client, url_in(language, "newsletter:subscribe"))

    form = page.find("form", id="newsletter_form")
    field = form.find("input", name="email")
    assert field["type"] == "email" and field["autocomplete"] == "email"
    assert form.find("label", **{"for": field["id"]}).text
    consent = form.find("p", id="newsletter_consent")
    assert form.find("button", type="submit")["aria-describedby"] == "newsletter_consent"
    assert ("English" if language == "en" else "Deutsch") in consent.text
    assert page.find("html")["lang"] == language


def test_the_footer_links_to_the_sign_up_page(client):
    page = get_page(client, url_in("de", "home"))

    assert url_in("de", "newsletter:subscribe") in [a["href"] for a in page.find("footer").find_all("a")]


def test_an_english_sign_up_mails_an_english_confirmation_link_and_subscribes_nobody_yet(client):
    response = sign_up(client, "Ana.Ruiz@Example.COM", "en")

    assert response.status_code == 302
    assert response["Location"] == url_in("en", "newsletter:sent")
    subscription = Subscription.objects.get()
    assert subscription.email == "Ana.Ruiz@example.com"  # the domain in lower case, the rest as typed
    assert (subscription.language, subscription.status) == ("en", Subscription.Status.PENDING)
    message = last_mail()
    assert message.to == ["Ana.Ruiz@example.com"]
    assert message.subject == "Please confirm your subscription to the Newsroom newsletter"
    assert "in English" in message.body
    assert link(message, "confirm").startswith("/en/")
    html, content_type = message.alternatives[0]
    assert content_type == "text/html" and '<html lang="en">' in html


def test_a_german_sign_up_mails_a_german_confirmation_link(client):
    sign_up(client, "jonas.weber@example.de", "de")

    subscription = Subscription.objects.get()
    assert subscription.language == "de"
    message = last_mail()
    assert message.subject == "Bitte bestätigen Sie Ihr Abonnement des Newsroom-Newsletters"
    assert "auf Deutsch" in message.body
    assert link(message, "confirm").startswith("/de/")
    assert link(message, "unsubscribe").startswith("/de/")
    assert '<html lang="de">' in message.alternatives[0][0]


def test_the_check_your_inbox_page_is_in_the_page_language(client):
    page = get_page(client, sign_up(client, "jonas.weber@example.de", "de")["Location"])

    assert page.find("h1").text == "Bitte sehen Sie in Ihrem Postfach nach"


def test_signing_up_in_both_languages_makes_two_subscriptions(client):
    sign_up(client, "ana.ruiz@example.com", "en")
    sign_up(client, "ANA.RUIZ@example.com", "de")
    sign_up(client, "ana.ruiz@EXAMPLE.com", "en")

    assert sorted(Subscription.objects.values_list("language", flat=True)) == ["de", "en"]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("status", [None, *Subscription.Status.values])
def test_every_address_gets_the_same_answer_whether_new_pending_confirmed_or_unsubscribed(client, status):
    if status is not None:
        subscription("ana.ruiz@example.com", "en", status)
    reference = sign_up(client, "someone.new@example.com", "en")
    mail.outbox.clear()

    response = sign_up(client, "ana.ruiz@example.com", "en")

    assert response.status_code == reference.status_code == 302
    assert response["Location"] == reference["Location"]
    assert client.get(response["Location"]).content == client.get(reference["Location"]).content
    assert len(mail.outbox) == 1  # the same work for every address: one mail to its owner


def test_an_already_confirmed_address_is_told_so_in_its_mail_and_stays_as_it_was(client, confirmed):
    confirmed_at = confirmed.confirmed_at

    sign_up(client, confirmed.email, "en")

    message = last_mail()
    assert message.subject == "You already receive the Newsroom newsletter"
    assert not [path for path in message.body.split() if "/confirm/" in path]
    assert link(message, "unsubscribe")
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.confirmed_at) == (Subscription.Status.CONFIRMED, confirmed_at)


def test_an_unsubscribed_address_gets_a_new_confirmation_link_and_stays_unsubscribed_until_it_is_used(client):
    former = subscription(status=Subscription.Status.UNSUBSCRIBED)

    sign_up(client, former.email, "en")

    assert link(last_mail(), "confirm")
    former.refresh_from_db()
    assert former.status == Subscription.Status.UNSUBSCRIBED


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_invalid_address_is_refused_with_the_message_tied_to_the_field_and_the_input_kept(client, language):
    response = sign_up(client, "ana.ruiz@", language)

    assert response.status_code == 200
    field = parse(response).find("input", name="email")
    assert field["value"] == "ana.ruiz@"
    assert field["aria-invalid"] == "true"
    errors = parse(response).find(id=field["aria-describedby"])
    assert errors.text == (
        "Please enter a complete email address, such as name@example.com."
        if language == "en"
        else "Bitte geben Sie eine vollständige E-Mail-Adresse ein, zum Beispiel name@example.com."
    )
    assert not Subscription.objects.exists() and not mail.outbox


def test_a_bot_that_fills_in_the_hidden_field_is_answered_like_a_reader_and_nothing_happens(client):
    response = sign_up(client, "ana.ruiz@example.com", data={"website": "https://spam.example"})

    assert response.status_code == 302 and response["Location"] == url_in("en", "newsletter:sent")
    assert not Subscription.objects.exists()
    assert not mail.outbox


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("language", ["en", "de"])
def test_one_client_signing_up_many_addresses_is_stopped_with_a_429_page_in_its_language(client, language):
    for number in range(10):
        assert sign_up(client, f"reader{number}@example.com", language, REMOTE_ADDR="203.0.113.7").status_code == 302

    response = sign_up(client, "reader10@example.com", language, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert parse(response).find("h1").text == ("Too many requests" if language == "en" else "Zu viele Anfragen")
    assert len(mail.outbox) == 10
    # Another client is not held up.
    assert sign_up(client, "reader10@example.com", language, REMOTE_ADDR="198.51.100.20").status_code == 302


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_one_address_is_not_mailed_more_than_three_times_an_hour_from_any_number_of_clients(client):
    for number in range(3):
        assert sign_up(client, "ana.ruiz@example.com", REMOTE_ADDR=f"203.0.113.{number}").status_code == 302

    response = sign_up(client, "Ana.Ruiz@example.com", REMOTE_ADDR="203.0.113.99")

    assert response.status_code == 429
    assert len(mail.outbox) == 3


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_the_rate_limit_keeps_no_ip_address_in_the_cache(client):
    sign_up(client, "ana.ruiz@example.com", REMOTE_ADDR="203.0.113.7")

    stored = repr(list(cache._cache.items()))
    assert "203.0.113.7" not in stored and "ana.ruiz" not in stored
    assert not any(field.name in {"ip", "ip_address", "remote_addr"} for field in Subscription._meta.get_fields())


def test_behind_the_proxy_the_rate_limit_counts_the_forwarded_client(client, settings):
    settings.BEHIND_PROXY = True
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False):
        for number in range(10):
            sign_up(client, f"reader{number}@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.1")

        assert sign_up(client, "a@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
        assert sign_up(client, "b@example.com", HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


# (the last entry of X-Forwarded-For as the n-th sign-up of one client sends it, another client's)
FORWARDED_FORMS = {
    "IPv4 with a port": ("203.0.113.7:{port}", "198.51.100.20:51000"),
    "IPv6 in an IPv6 /64": ("2001:db8:5:7::{n:x}", "2001:db8:5:8::1"),
    "IPv6 with a port": ("[2001:db8:5:7::{n:x}]:{port}", "[2001:db8:5:8::1]:443"),
    "IPv4-mapped IPv6": ("::ffff:203.0.113.7", "::ffff:198.51.100.20"),
}


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("form", FORWARDED_FORMS)
def test_behind_the_proxy_the_rate_limit_reads_the_client_from_every_form_of_forwarded_address(client, settings, form):
    settings.BEHIND_PROXY = True
    sprayer, other = FORWARDED_FORMS[form]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(1, 11):
        forwarded = f"192.0.2.{n}, " + sprayer.format(n=n, port=40000 + n)
        assert sign_up(client, f"reader{n}@example.com", HTTP_X_FORWARDED_FOR=forwarded, **proxy).status_code == 302

    sprayers_next = sprayer.format(n=99, port=50000)
    assert sign_up(client, "a@example.com", HTTP_X_FORWARDED_FOR=sprayers_next, **proxy).status_code == 429
    assert sign_up(client, "b@example.com", HTTP_X_FORWARDED_FOR=other, **proxy).status_code == 302


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_ipv4_readers_of_a_server_listening_on_ipv6_are_counted_apart(client):
    for n in range(10):
        sign_up(client, f"reader{n}@example.com", REMOTE_ADDR="::ffff:203.0.113.7")

    assert sign_up(client, "a@example.com", REMOTE_ADDR="::ffff:203.0.113.7").status_code == 429
    assert sign_up(client, "b@example.com", REMOTE_ADDR="::ffff:198.51.100.20").status_code == 302


@time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize("forwarded", ["unknown", "203.0.113.7:http", None])
def test_behind_the_proxy_an_unreadable_forwarded_address_holds_up_no_reader_and_is_logged_once(
    client, settings, caplog, new_worker, forwarded
):
    settings.BEHIND_PROXY = True
    header = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    for n in range(15):
        assert sign_up(client, f"reader{n}@example.com", REMOTE_ADDR="10.0.0.1", **header).status_code == 302

    # The limit per address still holds.
    for _n in range(3):
        sign_up(client, "ana.ruiz@example.com", REMOTE_ADDR="10.0.0.1", **header)
    assert sign_up(client, "ana.ruiz@example.com", REMOTE_ADDR="10.0.0.1", **header).status_code == 429
    [warning] = [record for record in caplog.records if record.name == "newsroom.clients"]
    assert "X-Forwarded-For is not understood" in warning.getMessage()


def test_sign_ups_nobody_confirmed_within_a_week_are_deleted_by_the_daily_task(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        sign_up(client, "forgotten@example.com")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=6)):
        sign_up(client, "recent@example.com")
    old_confirmed = subscription("kept@example.com", created_at=timezone.now() - datetime.timedelta(days=30))

    forget_unconfirmed.enqueue()
    run_tasks()

    assert set(Subscription.objects.values_list("email", flat=True)) == {"recent@example.com", old_confirmed.email}


def test_a_new_sign_up_of_a_pending_address_starts_its_week_again(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=6)):
        sign_up(client, "ana.ruiz@example.com")
    sign_up(client, "ana.ruiz@example.com")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=5)):
        forget_unconfirmed.enqueue()
        run_tasks()

    assert Subscription.objects.filter(email="ana.ruiz@example.com").exists()


def test_a_sign_up_waits_for_no_mail_server_and_sends_its_mail_from_the_worker(client):
    response = client.post(url_in("en", "newsletter:subscribe"), {"email": "ana.ruiz@example.com", "website": ""})

    assert response.status_code == 302
    assert not mail.outbox
    assert run_tasks() == 1
    assert last_mail().to == ["ana.ruiz@example.com"]


@pytest.mark.parametrize("status", list(Subscription.Status))
def test_every_sign_up_costs_the_same_queries_whatever_state_its_address_is_in(
    client, status, django_assert_num_queries
):
    subscription("ana.ruiz@example.com", status=status)
    data = {"email": "ana.ruiz@example.com", "website": ""}
    # The lookup, the write and the task's row, in one transaction.
    with django_assert_num_queries(QUERIES_PER_SIGN_UP):
        client.post(url_in("en", "newsletter:subscribe"), data)


def test_a_new_address_costs_only_the_savepoint_around_its_insert_more(client, django_assert_num_queries):
    with django_assert_num_queries(QUERIES_PER_SIGN_UP + 2):
        client.post(url_in("en", "newsletter:subscribe"), {"email": "new@example.com", "website": ""})


def test_when_the_mail_server_fails_the_mail_is_tried_again_later_and_the_reader_never_knows(
    client, settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    settings.EMAIL_BACKEND = "tests.newsletter.test_signup.BrokenMailServer"

    response = sign_up(client, "ana.ruiz@example.com")

    assert response.status_code == 302
    assert not mail.outbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(datetime.timedelta(seconds=59))
    assert run_tasks() == 0
    time_machine.shift(datetime.timedelta(seconds=1))
    assert run_tasks() == 1
    assert link(last_mail(), "confirm")


def test_a_mail_server_that_keeps_failing_is_given_up_after_the_last_try(client, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.EMAIL_BACKEND = "tests.newsletter.test_signup.BrokenMailServer"
    sign_up(client, "ana.ruiz@example.com")

    for minutes in RETRY_MINUTES:
        time_machine.shift(datetime.timedelta(minutes=minutes))
        assert run_tasks() == 1

    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        *["SUCCESSFUL"] * len(RETRY_MINUTES),
        "FAILED",
    ]
    assert DBTaskResult.objects.get(status="FAILED").exception_class_path == "smtplib.SMTPServerDisconnected"


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
