"""The block in pages served from the page cache: a read counted by the beacon reaches them once the
ranking changes, and a cached page is thrown away only then."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.popularity import reads
from newsroom.popularity.models import ReadCount
from newsroom.popularity.ranking import RANKING_SECONDS
from tests.factories import ArticleFactory
from tests.pagecache.conftest import warm
from tests.pages import parse, url_in

from .conftest import read
from .test_most_popular import most_popular


def headlines(*articles, language: str) -> list[str]:
    return [getattr(article, f"headline_{language}") for article in articles]


# The page cache is invalidated when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.POPULARITY_FLUSH_SECONDS = 3600


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_cached_page_shows_the_new_ranking_after_the_flush_that_changed_it_and_not_before(time_machine, language):
    time_machine.move_to(timezone.now())  # the clock runs: a page kept must begin after its keys' versions
    leader, climber, bystander = ArticleFactory.create_batch(3)
    ReadCount.objects.create(article=leader, language=language, day=timezone.localdate(), count=3)
    ReadCount.objects.create(article=climber, language=language, day=timezone.localdate(), count=2)
    pages = [url_in(language, "home"), bystander.url_in(language)]
    client = Client()
    for url in pages:
        assert most_popular(parse(warm(client, url))) == headlines(leader, climber, language=language)

    for _ in range(2):
        read(Client(), climber.url_in(language))
    reads.flush_reads()  # written, but the ranking is younger than RANKING_SECONDS

    for url in pages:
        response = client.get(url)
        assert response["X-Cache"] == "hit"

    time_machine.shift(datetime.timedelta(seconds=RANKING_SECONDS + 1))
    read(Client(), bystander.url_in("en" if language == "de" else "de"))  # a read in the other language
    reads.flush_reads()  # the ranking is worked out anew: the climber leads in this language

    for url in pages:
        response = client.get(url)
        assert response["X-Cache"] == "miss"
        assert most_popular(parse(response)) == headlines(climber, leader, language=language)
