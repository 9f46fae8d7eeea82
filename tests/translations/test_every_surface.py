"""One language per object on every surface readers and their software meet — pages, structured data,
feeds, calendars, sitemaps, mails: no text of a translation that is not released, and every text in
another language than the page's marked with its own `lang`."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from newsroom.translations.workflow import mark_complete
from tests.factories import ArticleFactory
from tests.newsletter.conftest import subscription
from tests.pages import get_page, parse, texts_with_language
from tests.whole_site import TEXTS, build_site, machine_documents, reader_pages

pytestmark = pytest.mark.django_db

MARKER = "Entwurfstext"


@pytest.fixture(autouse=True)
def media_and_mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://news.example.com"


def digest_mails() -> dict[str, str]:
    """The newsletter each subscriber gets now: address → the HTML part."""
    call_command("send_newsletter", "--now", stdout=io.StringIO())
    return {message.to[0]: message.alternatives[0][0] for message in mail.outbox}


def leak_context(name: str, text: str) -> str:
    at = text.lower().index(MARKER.lower())
    return f"{name}: …{text[max(at - 120, 0) : at + 40]}…"


@pytest.mark.parametrize("state", ["in progress", "complete, not released"])
def test_no_page_feed_calendar_sitemap_or_mail_shows_a_translation_that_is_not_released(client, state):
    site = build_site("en", TEXTS["en"], other=lambda key: f"{MARKER} {key}")
    if state == "complete, not released":
        for obj in site.translatable_objects:
            mark_complete(obj, "de", by=None)
    released = ArticleFactory(section=site.section, authors=[site.author], headline_de="Jatco stellt 300 Leute ein")
    for code in ("en", "de"):
        subscription(f"reader-{code}@example.com", code)

    shown = {}
    for language in ("en", "de"):
        for name, url in {**reader_pages(site, language), **machine_documents(site, language)}.items():
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            shown[f"{language} {name}"] = response.content.decode()
    shown.update({f"mail to {address}": html for address, html in digest_mails().items()})

    leaks = [name for name, text in shown.items() if MARKER.lower() in text.lower()]
    assert leaks == [], "\n".join(leak_context(name, shown[name]) for name in leaks)
    # German readers do get what is released to them.
    assert released.headline_de in shown["de home"]
    assert released.headline_de in shown["mail to reader-de@example.com"]


@pytest.mark.parametrize(("original", "page_language"), [("en", "de"), ("de", "en")])
def test_every_text_in_another_language_than_the_pages_carries_its_own_lang(client, original, page_language):
    site = build_site(original, TEXTS[original])
    # Readable in both languages: the newsletter in the page's language has something to send.
    ArticleFactory(section=site.section, authors=[site.author])
    subscription("reader@example.com", page_language)
    texts = TEXTS[original]

    documents = {name: get_page(client, url) for name, url in reader_pages(site, page_language).items()}
    (newsletter,) = digest_mails().values()
    documents["newsletter"] = parse(newsletter)
    seen, unmarked = set(), []
    for name, document in documents.items():
        for shown, language in texts_with_language(document):
            for key, text in texts.items():
                if text in shown:
                    seen.add(key)
                    if language != original:
                        unmarked.append(f"{name}: {key} ({shown[:60]!r}) is marked as {language!r}")

    assert unmarked == [], "\n".join(unmarked)
    assert seen == set(texts), f"never shown: {set(texts) - seen}"
