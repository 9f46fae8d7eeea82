"""The page cache at the edges: scheduled publications at their second, a change made while a page
renders, and the shared cache (a real Redis server) going away and coming back."""

import datetime
import time

import pytest
from django.db.models.signals import post_init
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import PendingChange
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import change_url, logged_in, open_form, url_in
from tests.whole_site import reader_pages

from .conftest import fetch, warm

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULED = "Toyota opens its second line in Apaseo el Grande"


def shows(url: str, text: str) -> bool:
    return text in fetch(Client(), url).content.decode()


def test_a_scheduled_article_appears_on_cached_pages_at_its_second(site, time_machine):
    publish_at = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    article = ArticleFactory(headline_en=SCHEDULED, section=site.section, published_at=publish_at)
    article.tags.add(site.tag)
    pages = {
        name: url for name, url in reader_pages(site, "en").items() if name in ("home", "articles", "section", "tag")
    }
    pages["feed"] = url_in("en", "articles:feed-rss")
    time_machine.move_to(publish_at - datetime.timedelta(seconds=30))
    client = Client()
    for url in pages.values():
        cached = warm(client, url)
        s_maxage = int(cached["Cache-Control"].split("s-maxage=")[1].split(",")[0])
        assert s_maxage <= 30, "no page is kept past the next scheduled publication"
        assert "stale-while-revalidate=0" in cached["Cache-Control"]

    time_machine.move_to(publish_at - datetime.timedelta(seconds=1), tick=False)
    assert not any(shows(url, SCHEDULED) for url in pages.values())
    time_machine.move_to(publish_at, tick=False)
    assert {name for name, url in pages.items() if shows(url, SCHEDULED)} == set(pages)


def test_changes_scheduled_for_a_live_article_reach_its_cached_page_at_their_time(site, time_machine):
    editor = logged_in(EditorFactory())
    when = timezone.localtime().replace(microsecond=0) + datetime.timedelta(hours=2)
    _page, data = open_form(editor, change_url(site.interview), "article_form")
    data.update(
        {
            "headline_en": ["Scheduled new headline for the interview"],
            "_schedule_changes": ["1"],
            "_changes_publish_at_0": [when.strftime("%Y-%m-%d")],
            "_changes_publish_at_1": [when.strftime("%H:%M:%S")],
        }
    )
    assert editor.post(change_url(site.interview), data).status_code == 302
    assert PendingChange.objects.get().publish_at == when
    url = site.interview.url_in("en")
    time_machine.move_to(when - datetime.timedelta(seconds=20))
    warm(Client(), url)

    time_machine.move_to(when - datetime.timedelta(seconds=1), tick=False)
    assert not shows(url, "Scheduled new headline")
    time_machine.move_to(when, tick=False)
    assert shows(url, "Scheduled new headline"), "published by the first request after its time"
    assert not PendingChange.objects.exists()


def test_a_page_rendered_while_what_it_shows_changes_is_not_kept(site):
    url = site.article.url_in("en")
    client = Client()
    warm(client, url)
    Article.objects.get(pk=site.article.pk).save()  # the page must be rendered again
    changed = []

    def an_editor_saves_meanwhile(sender, instance, **kwargs):
        # While the page renders (it has just loaded the article), an editor's change commits.
        if instance.pk == site.article.pk and not changed:
            changed.append(True)
            Article.objects.filter(pk=instance.pk).update(headline_en="Changed during the render")
            Article.objects.get(pk=instance.pk).save()

    post_init.connect(an_editor_saves_meanwhile, sender=Article)
    try:
        during = fetch(client, url)
    finally:
        post_init.disconnect(an_editor_saves_meanwhile, sender=Article)

    assert changed and "Changed during the render" not in during.content.decode()
    assert "s-maxage=0" in during["Cache-Control"], "a shared cache in front must not keep it either"
    after = fetch(client, url)
    assert after["X-Cache"] == "miss"
    assert "Changed during the render" in after.content.decode()


def test_redis_stopped_and_restarted_costs_readers_nothing_and_nothing_stale_is_served(site, redis):
    urls = {**reader_pages(site, "en"), **reader_pages(site, "de")}
    client = Client()
    for url in urls.values():
        warm(client, url)
    article_url = site.interview.url_in("en")

    redis.stop()
    during = {name: fetch(client, url) for name, url in urls.items()}
    site.interview.headline_en = "Changed while the cache was down"
    site.interview.save()
    changed_during = fetch(client, article_url)
    redis.start()
    time.sleep(1.1)  # the cache is left alone for a second after a failure (RETRY_AFTER)
    after = fetch(client, article_url)

    assert {name: r.status_code for name, r in during.items()} == dict.fromkeys(urls, 200)
    assert all(r.get("X-Cache") != "hit" for r in during.values())
    assert "Changed while the cache was down" in changed_during.content.decode()
    assert "Changed while the cache was down" in after.content.decode()
    assert warm(client, article_url)["X-Cache"] == "hit", "Redis is used again"


def test_a_change_made_while_redis_refuses_writes_is_not_followed_by_the_old_page(site, redis):
    url = site.interview.url_in("en")
    client = Client()
    warm(client, url)

    with redis.a_replica():  # READONLY: it serves what it holds and refuses writes
        site.interview.headline_en = "Changed while Redis was a replica"
        site.interview.save()
        during = fetch(client, url)
    time.sleep(1.1)
    after = fetch(client, url)

    assert during.status_code == after.status_code == 200
    assert "Changed while Redis was a replica" in during.content.decode()
    assert "Changed while Redis was a replica" in after.content.decode(), "the missed invalidation is made"
