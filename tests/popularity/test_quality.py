"""The home and article pages with the "Most popular" block, in both languages: valid HTML (Nu Html
Checker) and no WCAG 2.2 AA violation (axe-core in Chromium)."""

import datetime
import json
import subprocess

import pytest
from django.utils import timezone

from newsroom.popularity.models import ReadCount
from tests.factories import ArticleFactory
from tests.pages import parse, url_in
from tests.quality.test_accessibility import AXE_TAGS

LANGUAGES = ("en", "de")


def site_with_reads() -> list[str]:
    """Articles read in both languages, one untranslated and one with provenance labels;
    the URLs of the pages that show the block."""
    # Whole seconds: the cards' `|date:"c"` writes microseconds, which HTML's datetime attribute does not allow.
    an_hour_ago = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    articles = [
        ArticleFactory(is_reported_by_ai=True, fact_checked_at=an_hour_ago, published_at=an_hour_ago),
        ArticleFactory(headline_de="", standfirst_de="", body_de="", slug_de="", published_at=an_hour_ago),
        *ArticleFactory.create_batch(4, published_at=an_hour_ago),
    ]
    for number, article in enumerate(articles):
        for language in LANGUAGES:
            ReadCount.objects.create(article=article, language=language, day=timezone.localdate(), count=9 - number)
    return [url for language in LANGUAGES for url in (url_in(language, "home"), articles[2].url_in(language))]


@pytest.mark.django_db
def test_the_pages_with_the_block_are_valid_html(client, vnu_jar, tmp_path):
    files = []
    for number, url in enumerate(site_with_reads()):
        response = client.get(url)
        assert response.status_code == 200
        assert parse(response).find_all("section", class_="most-popular"), url
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


@pytest.fixture
def context_options():
    # axe is injected as an inline script, which the site's own policy rightly refuses.
    return {"bypass_csp": True}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_with_the_block_have_no_accessibility_violation(live_server, page, axe_source):
    found = []
    for url in site_with_reads():
        page.goto(f"{live_server.url}{url}")
        assert page.locator("section.most-popular li").count() >= 4
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async (tags) => (await axe.run({runOnly: tags})).violations"
            ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            AXE_TAGS,
        )
        found += [f"{url} {violation}" for violation in violations]
    assert found == [], "\n".join(found)
