"""A scheduled article reaches readers exactly at its publish time, on every page at once, with no job run."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, OrganizationFactory, SectionFactory, TagFactory
from tests.pages import url_in

pytestmark = pytest.mark.django_db

HEADLINE = "Toyota opens its second line in Apaseo el Grande"
SCHLAGZEILE = "Toyota eröffnet die zweite Linie in Apaseo el Grande"


@pytest.fixture
def scheduled(django_capture_on_commit_callbacks):
    publish_at = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=3)
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    organization = OrganizationFactory()
    # Its search documents are written when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(
            headline_en=HEADLINE,
            headline_de=SCHLAGZEILE,
            section=section,
            published_at=publish_at,
            authors=[author],
        )
        article.tags.add(tag)
        article.organizations.add(organization)
    return article, publish_at


def pages_listing(article):
    """Every public page that lists the article, in both languages."""
    section, tag, author = article.section, article.tags.get(), article.byline_authors()[0]
    organization = article.organizations.get()
    urls = []
    for code in ("en", "de"):
        urls += [
            url_in(code, "home"),
            url_in(code, "articles:list"),
            url_in(code, "search:results") + "?q=Apaseo",
            section.url_in(code),
            tag.url_in(code),
            url_in(code, "articles:author", slug=author.slug),
            organization.url_in(code),
        ]
    return urls


def what_readers_see(article) -> dict[str, bool]:
    reader = Client()
    seen = {}
    for code, headline in (("en", HEADLINE), ("de", SCHLAGZEILE)):
        response = reader.get(article.url_in(code))
        seen[article.url_in(code)] = response.status_code == 200 and headline in response.content.decode()
    for url in pages_listing(article):
        response = reader.get(url)
        assert response.status_code == 200, url
        seen[url] = HEADLINE in response.content.decode() or SCHLAGZEILE in response.content.decode()
    return seen


def test_a_scheduled_article_appears_everywhere_at_its_publish_time_and_not_a_second_before(scheduled, time_machine):
    article, publish_at = scheduled

    time_machine.move_to(publish_at - datetime.timedelta(seconds=1), tick=False)
    before = what_readers_see(article)

    time_machine.move_to(publish_at, tick=False)
    at = what_readers_see(article)

    assert not any(before.values()), [url for url, seen in before.items() if seen]
    assert all(at.values()), [url for url, seen in at.items() if not seen]
