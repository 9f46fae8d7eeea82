"""Known XSS payloads saved through the admin's forms into every text field run nowhere.

An editor saves each payload into every text and rich-text field of an article, organization,
person and event; Chromium then renders the public pages and the admin's change forms, and no
script runs, no dialog opens, and no element the payload tried to inject exists.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsroom.articles.models import Article
from newsroom.events.models import Event
from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.translations.workflow import translate_and_release
from tests.factories import EditorFactory, SectionFactory, jpeg_bytes
from tests.pages import open_form, parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARK = "XSSMARK"
PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=alert('{MARK}')>",
    f"<svg onload=alert('{MARK}')>",
    f"<svg><script>alert('{MARK}')</script></svg>",
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f"<a href=\"javascript:alert('{MARK}')\">link</a>",
    f"<a href=\"JaVaScRiPt:alert('{MARK}')\">link</a>",
    f'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{MARK}">link</a>',
    f"<iframe src=\"javascript:alert('{MARK}')\"></iframe>",
    f"<body onload=alert('{MARK}')>",
    f"<details open ontoggle=alert('{MARK}')>",
    f"<input autofocus onfocus=alert('{MARK}')>",
    f"<video><source onerror=alert('{MARK}')></video>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARK}')>",
    f"<object data=\"javascript:alert('{MARK}')\"></object>",
    f"<embed src=\"javascript:alert('{MARK}')\">",
    f"<form action=\"javascript:alert('{MARK}')\"><button>go</button></form>",
    f"<p style=\"background:url(javascript:alert('{MARK}'))\">styled</p>",
    f"<div onmouseover=alert('{MARK}')>hover</div>",
    f"<scr<script>ipt>alert('{MARK}')</scr</script>ipt>",
    f'<img src="x" alt="" onerror="alert(\'{MARK}\')"',
    f"<!--<img src=x onerror=alert('{MARK}')>-->",
    f"<noscript><p title=\"</noscript><img src=x onerror=alert('{MARK}')>\">",
    f'<meta http-equiv="refresh" content="0;url=javascript:alert(\'{MARK}\')">',
    f"<base href=\"javascript:alert('{MARK}')//\">",
    f"<link rel=import href=\"data:text/html,<script>alert('{MARK}')</script>\">",
    f"{{{{ '{MARK}' }}}}{{% debug %}}",
    f"{{% load static %}}{{% get_static_prefix %}}{MARK}",
    f"javascript:alert('{MARK}')",
    f"<img src=x:x onerror=&#97;&#108;&#101;&#114;&#116;('{MARK}')>",
    f"<template><img src=x onerror=alert('{MARK}')></template>",
    f"<select><option><img src=x onerror=alert('{MARK}')></option></select>",
]

INJECTED = """(mark) => [...document.querySelectorAll('*')].filter(el =>
    // Structured data holds the stored text by design: it must stay one valid JSON document.
    (el.tagName === 'SCRIPT' && el.type !== 'application/ld+json' && el.textContent.includes(mark)) ||
    (el.tagName === 'SCRIPT' && el.type === 'application/ld+json' &&
        (() => { try { JSON.parse(el.textContent); return false; } catch (e) { return true; } })()) ||
    (['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(el.tagName) && el.outerHTML.includes(mark)) ||
    (el.tagName === 'META' && el.hasAttribute('http-equiv') && el.outerHTML.includes(mark)) ||
    [...el.attributes].some(a => a.value.includes(mark) && (a.name.startsWith('on') ||
        (['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(a.name) &&
         /^\\s*(javascript|data):/i.test(a.value))))
).map(el => el.outerHTML.slice(0, 160))"""


def fill(data, payload, *names):
    data.update({name: [f"{payload} {name}"] for name in names})


def save_with_payloads(client, url, data, expect_redirect=True):
    response = client.post(url, data)
    assert response.status_code == 302, parse(response).texts(class_="errorlist")
    return response


@pytest.fixture
def editor():
    client = Client()
    client.force_login(EditorFactory(username="editor"))
    return client


def test_stored_payloads_never_run_on_public_pages_or_in_the_admin(live_server, page, editor):
    assert len(PAYLOADS) >= 30
    section = SectionFactory()
    for payload in PAYLOADS:
        _page, data = open_form(editor, "/admin/organizations/organization/add/", "organization_form")
        fill(data, payload, "name_en", "name_de", "description_en", "description_de")
        data.update(short_name_en=[payload[:60]], short_name_de=[payload[:60]])  # a cut payload is broken markup
        data["kind"] = ["cluster"]
        save_with_payloads(editor, "/admin/organizations/organization/add/", data)
        _page, data = open_form(editor, "/admin/people/person/add/", "person_form")
        fill(data, payload, "name", "position_en", "position_de", "bio_en", "bio_de")
        save_with_payloads(editor, "/admin/people/person/add/", data)
        _page, data = open_form(editor, "/admin/events/event/add/", "event_form")
        fill(data, payload, "title_en", "title_de", "description_en", "description_de")
        data.update(start_date=["2026-12-01"], end_date=["2026-12-02"])
        save_with_payloads(editor, "/admin/events/event/add/", data)
        _page, data = open_form(editor, "/admin/images/image/add/", "image_form")
        fill(data, payload, *(f"{field}_{code}" for field in ("caption", "alt", "credit") for code in ("en", "de")))
        # Each payload's picture a file of its own: the library refuses the same file twice.
        picture = jpeg_bytes(number=PAYLOADS.index(payload) + 1)
        save_with_payloads(editor, "/admin/images/image/add/", {**data, "file": SimpleUploadedFile("x.jpg", picture)})
        _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
        fields = ["headline", "standfirst", "body", "lead_image_caption"]
        fill(data, payload, *(f"{field}_{code}" for field in fields for code in ("en", "de")))
        data["image"] = [str(Image.objects.latest("pk").pk)]
        # A payload the sanitizer removes whole would leave no text, and an empty article is not published.
        data.update({f"body_{code}": [f"<p>Text.</p>{data[f'body_{code}'][0]}"] for code in ("en", "de")})
        data.update(section=[str(section.pk)], status=["published"], published_at_0=["2026-01-01"])
        data.update(published_at_1=["10:00"])
        data["organizations"] = [str(Organization.objects.latest("pk").pk)]
        data["people"] = [str(Person.objects.latest("pk").pk)]
        data["events"] = [str(Event.objects.latest("pk").pk)]
        save_with_payloads(editor, "/admin/articles/article/add/", data)

    dialogs, errors, injected = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.context.add_cookies(
        [{"name": "sessionid", "value": editor.cookies["sessionid"].value, "url": live_server.url}]
    )
    # Translated and released, so the German pages show the German payloads.
    for model in (Article, Organization, Person, Event):
        for obj in model.objects.all():
            translate_and_release(obj, "de", by=None)
    urls = ["/en/", "/de/", "/admin/", "/admin/translations/translation/?state=all"]
    for article in Article.objects.all():
        urls += [article.url_in("en"), article.url_in("de"), f"/admin/articles/article/{article.pk}/change/"]
    for model in (Organization, Person, Event, Article):
        for obj in model.objects.all():
            admin_url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}"
            urls += [obj.url_in("de"), f"{admin_url}/change/", f"{admin_url}/translate/de/"]
            urls += [f"{admin_url}/translate/de/preview/"]
    # Each page once: an article's German page and change form are in both lists above.
    for url in dict.fromkeys(urls):
        page.goto(f"{live_server.url}{url}")
        injected += [f"{url}: {html}" for html in page.evaluate(INJECTED, MARK)]
        page.wait_for_timeout(10)

    assert dialogs == []
    assert [error for error in errors if MARK in error or "Content Security Policy" in error] == []
    assert injected == []
