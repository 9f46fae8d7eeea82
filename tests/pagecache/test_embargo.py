"""The page cache and an embargo: a page cached before the embargo's second is kept no longer than
that second, and the page served from it on shows the article. Nothing embargo-specific does this:
the embargo is a floor under the publish time, so the publish time the schedule already keeps
(`pagecache/schedule.py`) is never earlier than the embargo, and the page's lifetime ends there."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.pagecache import schedule
from tests.factories import ArticleFactory
from tests.pages import url_in
from tests.whole_site import reader_pages

from .conftest import fetch, warm

pytestmark = pytest.mark.django_db(transaction=True)

EMBARGOED = "Banxico cuts its benchmark rate to 6.75%"


def shows(url: str) -> bool:
    return EMBARGOED in fetch(Client(), url).content.decode()


def test_a_page_cached_before_the_embargo_never_shows_it_and_ends_at_its_second(site, time_machine):
    until = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    article = ArticleFactory(
        headline_en=EMBARGOED,
        section=site.section,
        published_at=until,
        embargo_until=until,
        embargo_conditions="Banxico, 13:00 Mexico City time",
    )
    article.tags.add(site.tag)
    pages = {
        name: url for name, url in reader_pages(site, "en").items() if name in ("home", "articles", "section", "tag")
    }
    pages["feed"] = url_in("en", "articles:feed-rss")
    pages["article"] = article.url_in("en")

    time_machine.move_to(until - datetime.timedelta(seconds=30))
    assert schedule.next_change() == until.timestamp()
    for name, url in pages.items():
        if name == "article":
            assert fetch(Client(), url).status_code == 404
            continue
        cached = warm(Client(), url)
        assert EMBARGOED not in cached.content.decode()
        s_maxage = int(cached["Cache-Control"].split("s-maxage=")[1].split(",")[0])
        assert s_maxage <= 30, f"{name} would be kept past the embargo"

    time_machine.move_to(until - datetime.timedelta(seconds=1), tick=False)
    assert not any(shows(url) for url in pages.values())
    time_machine.move_to(until, tick=False)
    assert {name for name, url in pages.items() if shows(url)} == set(pages)
