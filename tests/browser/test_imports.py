"""An editor imports a day's agency copy in the admin — an English story, its German translation and
a document with a script in it — reads what became of each, and opens the draft — in Chromium."""

import copy
import json
import re

import pytest

from newsroom.articles.models import Article
from newsroom.roles import EDITOR, role
from tests.factories import SectionFactory, UserFactory
from tests.imports.documents import agency_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = (
    "Nissan's A2 complex in Aguascalientes adds a third shift for the new Kicks and will hire 600 workers "
    "before February, its suppliers in Jesús María say"
)
GERMAN = (
    "Nissans Komplex A2 in Aguascalientes führt für den neuen Kicks eine dritte Schicht ein und stellt bis "
    "Februar 600 Beschäftigte ein, sagen Zulieferer in Jesús María"
)


def files(tmp_path):
    english = agency_document() | {"headlines": [{"role": "main", "value": HEADLINE}]}
    german = copy.deepcopy(english) | {
        "uri": "urn:agency:2026:nissan-third-shift:de",
        "language": "de",
        "headlines": [{"role": "main", "value": GERMAN}],
        "descriptions": [{"role": "summary", "value": "Der Automobilzulieferer-Verband erwartet mehr Aufträge."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Die Zulieferer rechnen mit mehr.</p>"}],
    }
    bad = english | {
        "uri": "urn:agency:2026:bad",
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Hola</p><script>alert(1)</script>"}],
    }
    (tmp_path / "nissan-en.json").write_text(json.dumps(english), encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(json.dumps(german) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    return [str(tmp_path / "nissan-en.json"), str(tmp_path / "more.jsonl")]


def test_an_editor_imports_agency_copy_and_reads_what_became_of_each_document(live_server, page, screenshot, tmp_path):
    chosen = files(tmp_path)
    SectionFactory(name_en="Automotive", name_de="Automobil")
    UserFactory(username="ines").groups.add(role(EDITOR))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/imports/importrecord/")
    page.get_by_role("link", name="Import ninjs documents").click()
    page.click("input[type=submit][value=Import]")
    assert "This field is required." in page.locator(".errorlist").inner_text()
    page.set_input_files("#id_files", chosen)
    page.click("input[type=submit][value=Import]")

    results = page.locator("table.import-results tbody tr")
    results.first.wait_for()
    assert "3 documents imported (1 refused)" in page.locator("#content-main h2").first.inner_text()
    rows = [results.nth(n).inner_text() for n in range(results.count())]
    assert "Created a draft" in rows[0] and HEADLINE in rows[0]
    assert "Added as a translation" in rows[1] and GERMAN in rows[1]
    assert "Refused" in rows[2] and "bodies[0].value" in rows[2] and "<script>" in rows[2]
    screenshot("import-results")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("import-results-phone")
    # Nothing is cut off on a phone: the table scrolls or wraps inside the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=HEADLINE).click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert page.locator("#id_headline_en").input_value() == HEADLINE
    assert article.headline_de == GERMAN
