"""What a subscription's address may be: public https, or a host an administrator allowed; the
sender refuses the rest before it connects, whatever the address resolves to."""

import socket

import pytest
from django.core.exceptions import ValidationError

from newsroom import outbound
from newsroom.syndication import documents
from newsroom.webhooks.models import Delivery

from . import worker
from .conftest import english_article, subscribe
from .receiver import Answer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.7/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/hooks",
        "https://127.0.0.1/hooks",
        "https://[::1]/hooks",
        "https://[::ffff:192.168.1.1]/hooks",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(settings, url):
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = []

    with pytest.raises(outbound.Refused, match="is not a public address"):
        outbound.post(url, b"{}", {})


def test_a_host_whose_name_resolves_to_a_private_address_is_refused(settings, monkeypatch):
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = []
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443))]
    )

    with pytest.raises(outbound.Refused, match="hooks.partner.example is not a public address"):
        outbound.post("https://hooks.partner.example/newsroom", b"{}", {})


def test_plain_http_is_refused_unless_the_host_is_allowed(settings, receiver):
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(outbound.Refused):
        outbound.post(receiver.url, b"{}", {})
    with pytest.raises(ValidationError, match="https:// addresses only"):
        subscribe(receiver.url)

    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    assert (
        outbound.post(receiver.url, b"{}", {"Content-Type": "application/json"}, private_hosts=["127.0.0.1"]).status
        == 200
    )


def test_a_delivery_to_a_refused_address_is_logged_and_never_reaches_it(settings, receiver, subscription):
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = []
    documents.reconcile([english_article().pk])

    worker.run_due()

    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error == "http:// addresses are refused"
    assert receiver.received == []


def test_redirects_are_not_followed_and_the_answer_is_read_up_to_a_kilobyte(receiver):
    receiver.answer(Answer(307, headers={"Location": "http://169.254.169.254/"}, body=b"x" * 5000))

    answer = outbound.post(receiver.url, b"{}", {}, private_hosts=["127.0.0.1"])

    assert answer.status == 307
    assert len(answer.body) == outbound.READ_LIMIT
    assert len(receiver.received) == 1
