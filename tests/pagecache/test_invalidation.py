"""Never stale: after each kind of change, every page, feed, calendar and sitemap a reader gets — in
both languages — is what the site renders without the cache, and the change is on the pages that
show it. Pages are in the cache before each change; changes are made as the admin makes them (its
forms, bulk actions and workflow functions) and committed."""

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.translations.models import LANGUAGE_CODES, Translation
from newsroom.translations.workflow import release, withdraw
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import change_url, logged_in, open_form
from tests.whole_site import machine_documents, reader_pages

from .conftest import fetch, warm_all

pytestmark = pytest.mark.django_db(transaction=True)

NEW = {"en": "Marker headline from the newsroom", "de": "Markierte Schlagzeile der Redaktion"}
ARTICLE_PAGES = ["home", "articles", "articles in a section", "section", "series", "tag", "author", "organization"]
ARTICLE_DOCUMENTS = ["rss feed", "atom feed", "section rss feed", "organization atom feed", "author rss feed"]


def every_url(site) -> dict[str, str]:
    urls = {}
    for language in LANGUAGE_CODES:
        for name, url in {**reader_pages(site, language), **machine_documents(site, language)}.items():
            urls[f"{language} {name}"] = url
    return urls


def served_and_fresh(urls, settings) -> tuple[dict, dict]:
    """What readers get now, and for what the cache answered, what the site renders without it
    (what it rendered now is fresh by itself)."""
    client = Client()
    served = {name: fetch(client, url) for name, url in urls.items()}
    settings.PAGE_CACHE_ENABLED = False
    fresh = {name: fetch(client, urls[name]) for name, response in served.items() if response.get("X-Cache") == "hit"}
    settings.PAGE_CACHE_ENABLED = True
    return served, fresh


def text_of(response) -> str:
    """The page's text; a redirect's (an article's address in a language it is no longer
    readable in leads to its original) is the text of the page it leads to."""
    if response.status_code in (301, 302):
        response = fetch(Client(), response["Location"])
    return response.content.decode()


def assert_never_stale(urls, settings) -> dict:
    served, fresh = served_and_fresh(urls, settings)
    stale = [
        name
        for name in fresh
        if (served[name].status_code, served[name].content) != (fresh[name].status_code, fresh[name].content)
    ]
    assert stale == [], f"served from the cache after the change, not as rendered now: {stale}"
    return served


def edit_in_admin(editor, obj, button, **changes):
    _page, data = open_form(editor, change_url(obj), f"{obj._meta.model_name}_form")
    data.update({name: [value] for name, value in changes.items()})
    data[button] = ["1"]
    response = editor.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]


# Each change: what it does, and (language, page, text) that must be on the page after it, or
# (with "not") must be gone.


def headline_corrected_in_the_admin(site, editor):
    edit_in_admin(editor, site.interview, "_publish_changes", headline_en=NEW["en"], headline_de=NEW["de"])
    return [(code, page, NEW[code]) for code in LANGUAGE_CODES for page in ["interview", *ARTICLE_PAGES]]


def article_published_by_the_bulk_action(site, editor):
    draft = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        section=site.section,
        headline_en=NEW["en"],
        headline_de=NEW["de"],
    )
    draft.tags.add(site.tag)
    draft.organizations.add(site.organization)
    response = editor.post("/admin/articles/article/", {"action": "publish", "_selected_action": [str(draft.pk)]})
    assert response.status_code == 302
    return [(code, page, NEW[code]) for code in ("en",) for page in ["home", "articles", "section", "tag"]] + [
        ("en", "organization", NEW["en"]),
        ("en", "rss feed", NEW["en"]),
    ]


def article_unpublished_by_the_bulk_action(site, editor):
    headline = site.interview.headline_en
    response = editor.post(
        "/admin/articles/article/", {"action": "unpublish", "_selected_action": [str(site.interview.pk)]}
    )
    assert response.status_code in (200, 302)
    assert Article.objects.get(pk=site.interview.pk).status == Article.Status.UNPUBLISHED
    return [("en", page, ("not", headline)) for page in [*ARTICLE_PAGES, "person", "rss feed"]]


def translation_withdrawn(site, editor):
    translation = german_of(site.article)
    withdraw(translation, by=editor_user(editor))
    return [("de", page, site.article.headline_en) for page in ("article", "home", "section", "tag")]


def translation_released(site, editor):
    return [("de", page, site.article.headline_de) for page in ("article", "home", "section", "tag")]


def correction_published(site, editor):
    Correction.objects.create(
        article=site.article, published_at=timezone.now(), text_en=NEW["en"], text_de=NEW["de"], is_significant=True
    )
    return [(code, page, NEW[code]) for code in LANGUAGE_CODES for page in ("article", "corrections")]


def renamed(attribute, field, pages):
    def change(site, editor):
        obj = getattr(site, attribute)
        for code in LANGUAGE_CODES:
            setattr(obj, f"{field}_{code}", NEW[code])
        obj.save()
        return [(code, page, NEW[code]) for code in LANGUAGE_CODES for page in pages]

    change.__name__ = f"{attribute}_{field}_changed"
    return change


def author_renamed(site, editor):
    site.author.display_name = NEW["en"]
    site.author.save()
    return [(code, page, NEW["en"]) for code in LANGUAGE_CODES for page in ("article", "interview", "author")]


def organization_taken_down(site, editor):
    name = site.organization.name_en
    site.organization.is_published = False
    site.organization.save()
    return [("en", page, ("not", name)) for page in ("article", "event", "place")]


def tag_taken_off_the_article(site, editor):
    site.article.tags.remove(site.tag)
    return [(code, "tag", ("not", getattr(site.article, f"headline_{code}"))) for code in LANGUAGE_CODES]


def article_deleted(site, editor):
    headline = site.interview.headline_en
    site.interview.delete()
    return [("en", page, ("not", headline)) for page in ARTICLE_PAGES]


def german_of(article):
    return Translation.objects.for_model(Article).get(object_id=article.pk, language="de")


def editor_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


CHANGES = [
    headline_corrected_in_the_admin,
    article_published_by_the_bulk_action,
    article_unpublished_by_the_bulk_action,
    translation_withdrawn,
    translation_released,
    correction_published,
    renamed("section", "name", ["section", "article", "home"]),
    renamed("series", "name", ["series", "section", "article"]),
    renamed("tag", "name", ["tag", "article"]),
    author_renamed,
    renamed("organization", "name", ["organization", "article", "person", "event", "place"]),
    renamed("person", "position", ["person", "organization"]),
    renamed("place", "name", ["place", "region", "event", "organization"]),
    renamed("event", "title", ["event", "events", "article", "organization", "person", "place"]),
    organization_taken_down,
    tag_taken_off_the_article,
    article_deleted,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_after_each_change_every_cached_page_is_as_rendered_now(site, settings, change):
    editor = logged_in(EditorFactory())
    if change is translation_released:
        # Withdrawn before the pages are cached; its release is the change.
        translation = german_of(site.article)
        withdraw(translation, by=editor_user(editor))
    urls = every_url(site)
    warm_all(Client(), urls.values())

    expected = change(site, editor)
    if change is translation_released:
        release(german_of(site.article), by=editor_user(editor))

    served = assert_never_stale(urls, settings)
    for code, page, text in expected:
        shown = text_of(served[f"{code} {page}"])
        if isinstance(text, tuple):
            assert text[1] not in shown, f"{code} {page} still shows {text[1]!r}"
        else:
            assert text in shown, f"{code} {page} does not show {text!r}"


def test_a_change_leaves_the_pages_that_do_not_show_it_in_the_cache(site, settings):
    urls = every_url(site)
    client = Client()
    warm_all(client, urls.values())

    site.series.name_en = NEW["en"]
    site.series.save()

    still_cached = {name for name, url in urls.items() if fetch(client, url)["X-Cache"] == "hit"}
    assert {"en calendar", "en past events", "de events", "en region"} <= still_cached
    assert "en series" not in still_cached and "en section" not in still_cached


def test_a_draft_edited_invalidates_nothing(site, settings):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, section=site.section)
    urls = every_url(site)
    client = Client()
    warm_all(client, urls.values())

    draft.headline_en = NEW["en"]
    draft.save()
    draft.tags.add(site.tag)

    missed = [name for name, url in urls.items() if fetch(client, url)["X-Cache"] != "hit"]
    assert not missed
