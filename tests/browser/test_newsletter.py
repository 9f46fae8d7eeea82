"""A reader signs up for the newsletter in a real browser and confirms from the mail's link."""

import re

import pytest
from django.core import mail

from newsroom.worker.testing import run_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_signs_up_in_german_and_confirms_with_the_button(live_server, page, screenshot):
    page.goto(f"{live_server.url}/de/newsletter/")
    page.get_by_label("Ihre E-Mail-Adresse").fill("leserin@example.com")
    page.get_by_role("button", name="Abonnieren").click()
    page.wait_for_url(re.compile(r"/de/newsletter/"))
    assert page.locator("h1").inner_text() == "Bitte sehen Sie in Ihrem Postfach nach"

    run_tasks()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/newsletter/\S+", message.body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    screenshot("newsletter-confirm-de")
    page.get_by_role("button", name="Abonnement bestätigen").click()
    assert page.locator("h1").inner_text() == "Ihr Abonnement ist bestätigt"
