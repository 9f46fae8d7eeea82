"""Malformed and hostile requests to the newsletter's pages get a readable 4xx, never a 500."""

import pytest
from django.core import mail, signing

from newsroom.newsletter.models import Subscription
from tests.pages import parse, url_in

from .conftest import sign_up

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "email",
    ["", " ", "\x00@example.com", "a" * 250 + "@example.com", "ana@exam ple.com", "<script>@example.com", "ü" * 40],
)
def test_a_malformed_address_is_a_form_error(client, email):
    response = sign_up(client, email)

    assert response.status_code == 200
    assert parse(response).find("input", name="email")["aria-invalid"] == "true"
    assert not Subscription.objects.exists() and not mail.outbox


def test_repeated_and_unknown_fields_and_query_strings_do_no_harm(client):
    response = client.post(
        f"{url_in('en', 'newsletter:subscribe')}?email=other@example.com&x=%00",
        {"email": ["first@example.com", "ana.ruiz@example.com"], "website": "", "status": "confirmed"},
    )

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.status) == ("ana.ruiz@example.com", Subscription.Status.PENDING)


def signed(salt: str, value) -> str:
    return signing.Signer(salt=salt).sign_object(value, compress=True)


@pytest.mark.parametrize("name", ["confirm", "unsubscribe"])
@pytest.mark.parametrize(
    "token",
    [
        "x" * 3000,
        "ü:ü:ü",
        "..",
        "::",
        signing.TimestampSigner(salt=Subscription.CONFIRM_SALT).sign_object({"pk": 1}),
        signing.TimestampSigner(salt=Subscription.CONFIRM_SALT).sign_object(["1", "key"]),
        signed(Subscription.UNSUBSCRIBE_SALT, [1]),
        signed(Subscription.UNSUBSCRIBE_SALT, "text"),
    ],
    # Named, not shown: a timestamped token differs between the two test processes' collections,
    # which pytest-xdist refuses to run.
    ids=["long", "non-ascii", "dots", "colons", "confirm-dict", "confirm-list", "unsubscribe-list", "unsubscribe-text"],
)
def test_odd_tokens_and_signed_values_of_another_shape_are_400(client, name, token):
    response = client.post(url_in("en", f"newsletter:{name}", token=token))

    assert response.status_code == 400
    assert parse(response).find("h1").text == "This link does not work"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_with_a_page(client, method):
    response = getattr(client, method)(url_in("de", "newsletter:subscribe"))

    assert response.status_code == 405
    assert parse(response).find("h1").text
