"""Administrators manage partners' subscriptions and read the delivery log, in English and German;
nobody else sees them, and a forged request from anyone else changes nothing."""

import pytest
from django.contrib.auth.models import Permission

from newsroom.roles import ADMINISTRATOR, EDITOR, role
from newsroom.syndication import documents
from newsroom.webhooks.models import Delivery, WebhookSubscription
from tests.factories import UserFactory
from tests.pages import change_url, get_page, logged_in, open_form

from . import worker
from .conftest import english_article
from .receiver import Answer

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/admin/webhooks/webhooksubscription/"
DELIVERIES = "/admin/webhooks/delivery/"


def member_of(name: str):
    user = UserFactory(username=name.lower())
    user.groups.add(role(name))
    return user


@pytest.fixture
def administrator():
    return logged_in(member_of(ADMINISTRATOR))


@pytest.fixture
def editor():
    return logged_in(member_of(EDITOR))


@pytest.fixture
def failed_delivery(receiver, subscription):
    receiver.answer(Answer(500, body=b"upstream timeout"))
    documents.reconcile([english_article().pk])
    worker.run_due()
    worker.forget()
    Delivery.objects.update(status="failed")
    return Delivery.objects.get()


def test_an_administrator_adds_a_subscription_and_is_shown_its_secret(administrator, receiver):
    _page, data = open_form(administrator, f"{SUBSCRIPTIONS}add/", "webhooksubscription_form")
    data.update(
        name=["Agencia Bajío"],
        url=[receiver.url],
        events=["published", "corrected"],
        languages=["de"],
        ninjs_version=["3.1"],
        _save=["1"],
    )

    response = administrator.post(f"{SUBSCRIPTIONS}add/", data)

    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert (subscription.events, subscription.languages, subscription.ninjs_version) == (
        ["published", "corrected"],
        ["de"],
        "3.1",
    )
    assert subscription.secret.startswith("whsec_")
    page = get_page(administrator, change_url(subscription))
    assert page.find("div", class_="field-secret").text.endswith(subscription.secret)


def test_a_plain_http_address_is_refused_on_the_form(administrator, settings):
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = []
    _page, data = open_form(administrator, f"{SUBSCRIPTIONS}add/", "webhooksubscription_form")
    data.update(name=["Agencia Bajío"], url=["http://hooks.partner.example/"], events=["published"], languages=["en"])

    response = administrator.post(f"{SUBSCRIPTIONS}add/", data)

    assert response.status_code == 200
    assert "Webhooks are sent to https:// addresses only." in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_rotate_secret_keeps_the_old_one_signing_for_a_day(administrator, subscription):
    old = subscription.secret

    response = administrator.post(SUBSCRIPTIONS, {"action": "rotate_secret", "_selected_action": [subscription.pk]})

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.previous_secret == old
    assert subscription.signing_secrets(subscription.previous_secret_until) == [subscription.secret]


def test_the_delivery_log_shows_status_code_and_attempts_and_filters_by_status(administrator, failed_delivery):
    page = get_page(administrator, f"{DELIVERIES}?status__exact=failed")
    assert page.texts("td", class_="field-status") == ["failed"]
    assert page.texts("td", class_="field-attempts") == ["1"]
    assert page.texts("td", class_="field-last_status_code") == ["500"]
    assert page.texts("th", class_="field-kind") == ["Published"]

    page = get_page(administrator, f"{DELIVERIES}?status__exact=delivered")
    assert page.texts("td", class_="field-status") == []

    page = get_page(administrator, change_url(failed_delivery))
    assert page.texts("td", class_="field-response_excerpt") == ["upstream timeout"]
    assert page.find_all("textarea") == page.find_all("input", type="text") == []


def test_send_again_from_the_log_delivers(administrator, failed_delivery, receiver):
    response = administrator.post(DELIVERIES, {"action": "send_again", "_selected_action": [failed_delivery.pk]})
    assert response.status_code == 302
    worker.run_due()

    failed_delivery.refresh_from_db()
    assert (failed_delivery.status, failed_delivery.attempts) == ("delivered", 2)
    assert [request.refusal for request in receiver.received] == [None, None]


def test_the_admin_pages_speak_german(administrator, failed_delivery):
    administrator.cookies.load({"django_language": "de"})

    page = get_page(administrator, DELIVERIES)
    assert page.find("h1").text == "Zustellung zum Ansehen auswählen"
    assert "Erneut senden" in page.texts("option")
    assert page.texts("th", class_="field-kind") == ["Veröffentlicht"]
    page = get_page(administrator, SUBSCRIPTIONS)
    assert "Geheimnis erneuern" in page.texts("option")
    page = get_page(administrator, change_url(failed_delivery))
    assert "Versuche" in page.text


def test_editors_see_no_webhooks_and_their_forged_posts_change_nothing(editor, failed_delivery, subscription):
    old = subscription.secret
    editor_user = editor.session["_auth_user_id"]
    assert not Permission.objects.filter(user__pk=editor_user, codename__contains="delivery").exists()

    send_again = {"action": "send_again", "_selected_action": [failed_delivery.pk]}
    rotate = {"action": "rotate_secret", "_selected_action": [subscription.pk]}
    add = {"name": "Mine", "url": "https://example.com/", "events": ["published"], "languages": ["en"]}
    assert editor.get(DELIVERIES).status_code == 403
    assert editor.post(DELIVERIES, send_again).status_code == 403
    assert editor.post(SUBSCRIPTIONS, rotate).status_code == 403
    assert editor.post(f"{SUBSCRIPTIONS}add/", add).status_code == 403

    assert WebhookSubscription.objects.get().secret == old
    assert Delivery.objects.get().status == "failed"
    assert worker.waiting() == []


def test_switching_a_subscription_on_again_clears_why_it_went_off(administrator, subscription):
    subscription.disable("The receiver answered 410 Gone on 2026-12-07.")
    _page, data = open_form(administrator, change_url(subscription), "webhooksubscription_form")
    assert "is_active" not in data
    data.update(is_active=["on"], _save=["1"])

    response = administrator.post(change_url(subscription), data)

    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.disabled_reason) == (True, "")


def test_the_secret_is_shown_once_it_is_made_and_is_the_one_kept(administrator):
    adding = administrator.get(f"{SUBSCRIPTIONS}add/")
    _page, data = open_form(administrator, f"{SUBSCRIPTIONS}add/", "webhooksubscription_form")
    data |= {
        "name": ["Clipping service"],
        "url": ["https://hooks.clipping.example/newsroom"],
        "events": ["published"],
        "languages": ["en", "de"],
    }
    saved = administrator.post(f"{SUBSCRIPTIONS}add/", data)

    assert "whsec_" not in adding.content.decode()
    assert saved.status_code == 302
    subscription = WebhookSubscription.objects.get(name="Clipping service")
    assert subscription.secret in administrator.get(change_url(subscription)).content.decode()
