"""What a public page costs the database: no page, feed, calendar or sitemap asks more than six
queries once the blocks it shows are cached, nor more than eleven from a cold cache, in either
language, and none asks more as the site grows."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.popularity.models import ReadCount
from newsroom.translations.models import LANGUAGE_CODES
from newsroom.translations.workflow import translate_and_release
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    ImageFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
)
from tests.pages import url_in
from tests.queries import count_queries, count_warm_queries
from tests.whole_site import TEXTS, Site, build_site, machine_documents, reader_pages

pytestmark = pytest.mark.django_db

MOST_QUERIES = 6
# From an empty cache a page also asks for the navigation, when scheduled changes are due, the
# "Most popular" ranking and, on an article, what "You may like" draws from and when the next
# scheduled article is due.
MOST_QUERIES_COLD = 11


def public_urls(site: Site) -> dict[str, str]:
    urls = {"robots.txt": "/robots.txt"}
    for language in LANGUAGE_CODES:
        pages = {
            **reader_pages(site, language),
            **machine_documents(site, language),
            "AI labels": url_in(language, "articles:ai-labels"),
            "cookie settings": url_in(language, "cookie-settings"),
            "newsletter": url_in(language, "newsletter:subscribe"),
        }
        urls.update({f"{language} {name}": url for name, url in pages.items()})
    return urls


def grow(site: Site, times: int):
    """More of everything around the site's objects, half of it not translated into German; the
    site's people, organizations and events get their pictures."""
    for obj, field in (
        (site.person, "portrait"),
        (site.author, "portrait"),
        (site.organization, "logo_image"),
        (site.event, "image"),
    ):
        if getattr(obj, f"{field}_id") is None:
            setattr(obj, field, ImageFactory())
            obj.save()
    hours_ago = lambda hours: timezone.now() - datetime.timedelta(hours=hours)  # noqa: E731
    untranslated = {"headline_de": "", "standfirst_de": "", "body_de": "", "slug_de": ""}
    for number in range(times):
        german = {} if number % 2 else untranslated
        article = ArticleFactory(
            section=SectionFactory() if number % 3 == 0 else site.section,
            series=site.series,
            authors=[site.author, AuthorFactory()],
            kind=Article.Kind.INTERVIEW if number % 2 else Article.Kind.NEWS,
            interviewee=site.person if number % 2 else None,
            published_at=hours_ago(4 + number),
            # Pictured cards and "You may like" teasers: renditions named without a query per picture.
            image=ImageFactory(),
            **german,
        )
        if article.kind == Article.Kind.INTERVIEW:
            InterviewExchangeFactory.create_batch(3, article=article, answer_de="" if number % 4 == 1 else "Ja.")
        article.organizations.add(site.organization, OrganizationFactory())
        article.people.add(site.person, PersonFactory(organization=site.organization))
        article.places.add(site.place, PlaceFactory(parent=site.place))
        article.events.add(site.event)
        article.tags.add(site.tag, TagFactory())
        site.article.related_articles.add(article)
        Correction.objects.create(article=site.article, text_en=f"Note {number}.", published_at=hours_ago(1))
        ReadCount.objects.create(article=article, language="de", day=timezone.localdate(), count=number)
        event = EventFactory()
        event.places.add(site.place, PlaceFactory())
        event.organizers.add(site.organization)
        event.people.add(site.person)
        site.organization.member_of.add(OrganizationFactory())
        site.organization.members.add(OrganizationFactory())
        site.organization.places.add(PlaceFactory())


def test_every_public_url_costs_at_most_six_queries_warm_and_no_more_as_the_site_grows(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
    for obj in site.translatable_objects:
        translate_and_release(obj, "de", by=None)
    urls = public_urls(site)
    grow(site, 2)
    few = {name: (count_queries(client, url), count_warm_queries(client, url)) for name, url in urls.items()}

    grow(site, 10)
    many = {name: (count_queries(client, url), count_warm_queries(client, url)) for name, url in urls.items()}

    assert {name: warm for name, (_cold, warm) in many.items() if warm > MOST_QUERIES} == {}
    assert {name: cold for name, (cold, _warm) in many.items() if cold > MOST_QUERIES_COLD} == {}
    assert {name: (few[name], counts) for name, counts in many.items() if counts != few[name]} == {}
