"""PROXY_HOPS (newsroom/clients.py): behind nginx and Varnish the last X-Forwarded-For entry is nginx's
address (Varnish appends the address it was reached from); the client's is the entry PROXY_HOPS from
the end, and nothing the client wrote before it is read."""

import logging

import pytest
from django.test import RequestFactory

from newsroom.clients import client_ip


def forwarded(header: str | None):
    extra = {} if header is None else {"HTTP_X_FORWARDED_FOR": header}
    return RequestFactory().get("/en/", REMOTE_ADDR="127.0.0.1", **extra)


@pytest.fixture
def behind_proxy(settings, new_worker):
    settings.BEHIND_PROXY = True
    return settings


@pytest.mark.parametrize(
    ("hops", "header", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "203.0.113.9, 127.0.0.1", "127.0.0.1"),  # what one hop reads behind two proxies: every reader one client
        (2, "203.0.113.9, 127.0.0.1", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 127.0.0.1", "203.0.113.9"),  # the client's own entry is not read
        (2, "203.0.113.9:5678, 127.0.0.1", "203.0.113.9"),
        (2, "[2001:db8::1]:443,127.0.0.1", "2001:db8::"),
        (3, "203.0.113.9, 10.0.0.2, 127.0.0.1", "203.0.113.9"),
    ],
)
def test_the_client_is_the_entry_proxy_hops_from_the_end(behind_proxy, hops, header, client):
    behind_proxy.PROXY_HOPS = hops

    assert client_ip(forwarded(header)) == client


def test_fewer_entries_than_hops_name_no_client_and_say_so_once(behind_proxy, caplog):
    behind_proxy.PROXY_HOPS = 2
    caplog.set_level(logging.WARNING, logger="newsroom.clients")

    assert client_ip(forwarded("203.0.113.9")) is None
    assert client_ip(forwarded(None)) is None

    [warning] = caplog.records
    message = warning.getMessage()
    assert "entry 2 from the end (PROXY_HOPS)" in message and "'000.0.000.0'" in message


def test_without_a_proxy_the_header_is_not_read(settings):
    settings.BEHIND_PROXY = False
    settings.PROXY_HOPS = 2

    request = RequestFactory().get("/en/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="203.0.113.9, 127.0.0.1")
    assert client_ip(request) == "198.51.100.20"
