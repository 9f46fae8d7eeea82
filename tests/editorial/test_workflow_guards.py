"""Regressions found in review: each of these once let work be lost, a draft be reached, or a page fail."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from newsroom.articles.models import Article, Correction
from newsroom.editorial.models import PendingChange, PreviewLink
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, TagFactory, TranslatorFactory
from tests.pages import change_url, logged_in, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_schedule():
    cache.clear()


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def edit(client, article, button="_save", **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data[button] = ["1"]
    return client.post(change_url(article), data)


def revisions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def restore(client, article, version):
    url = f"{history_url(article)}{version.pk}/"
    _page, data = open_form(client, url, "article_form")
    return client.post(url, data)


def schedule_fields(when):
    return {"_changes_publish_at_0": when.strftime("%Y-%m-%d"), "_changes_publish_at_1": when.strftime("%H:%M:%S")}


def test_deleted_articles_cannot_be_recovered_over_a_live_one_by_a_reporter(editor):
    rita = ReporterFactory(username="rita")
    reporter = logged_in(rita)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=rita, headline_en="Draft")
    edit(reporter, article)
    edit(editor, article, status="published", headline_en="Edited and published")
    draft_version = revisions(article)[0]

    for client in (reporter, editor):
        # No such page: the admin takes "recover" for an article's id and finds none.
        assert client.get("/admin/articles/article/recover/", follow=True).redirect_chain[-1][0] == "/admin/"
        recovered = client.post(f"/admin/articles/article/recover/{draft_version.pk}/", {"headline_en": "Over"})
        assert recovered.status_code in (302, 404)
    article.refresh_from_db()
    assert (article.status, article.headline_en) == (Article.Status.PUBLISHED, "Edited and published")
    assert "recover" not in editor.get("/admin/articles/article/").content.decode()


def test_a_restore_neither_revives_a_withdrawn_share_link_nor_takes_back_a_correction(editor):
    article = ArticleFactory(headline_en="One")
    in_three_days = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d")
    edit(
        editor,
        article,
        "_publish_changes",
        **{
            "preview_links-TOTAL_FORMS": "1",
            "preview_links-0-language": "en",
            "preview_links-0-expires_at_0": in_three_days,
            "preview_links-0-expires_at_1": "12:00:00",
        },
    )
    link = PreviewLink.objects.get()
    now = timezone.localtime()
    edit(
        editor,
        article,
        "_publish_changes",
        headline_en="Two",
        **{
            "preview_links-0-is_withdrawn": "on",
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text_en": "We erred.",
            "corrections-0-published_at_0": now.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": now.strftime("%H:%M:%S"),
            "corrections-0-is_significant": "on",
        },
    )

    restore(editor, article, revisions(article)[0])
    edit(editor, article, "_publish_changes")

    link.refresh_from_db()
    assert link.is_withdrawn and Client().get(link.get_absolute_url()).status_code == 410
    assert Correction.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.headline_en == "One"


def test_restoring_a_live_article_waits_for_publication_like_any_edit(editor):
    article = ArticleFactory(headline_en="One")
    edit(editor, article, "_publish_changes")
    edit(editor, article, "_publish_changes", headline_en="Two")

    response = restore(editor, article, revisions(article)[0])

    assert response.status_code == 302 and response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.headline_en == "Two"
    assert PendingChange.objects.get().data["fields"]["headline_en"] == "One"
    edit(editor, article, "_publish_changes")
    article.refresh_from_db()
    assert article.headline_en == "One"


def test_unpublishing_with_the_action_drops_changes_that_were_waiting(editor, time_machine):
    article = ArticleFactory(headline_en="Live", published_at=timezone.now() - datetime.timedelta(days=1))
    when = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    edit(editor, article, "_schedule_changes", headline_en="Scheduled text", **schedule_fields(when))
    _page, data = open_form(editor, "/admin/articles/article/", "changelist-form")
    data.update(action=["unpublish"], _selected_action=[str(article.pk)], index=["0"])
    editor.post("/admin/articles/article/", data)
    edit(editor, article, headline_en="Fixed while unpublished")

    time_machine.move_to(when, tick=False)
    Client().get("/en/")

    article.refresh_from_db()
    assert article.headline_en == "Fixed while unpublished"
    assert not PendingChange.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_change_naming_a_deleted_tag_goes_out_without_it_and_the_site_stays_up(time_machine):
    editor = logged_in(EditorFactory(username="ines"))
    article = ArticleFactory(headline_en="Live", published_at=timezone.now() - datetime.timedelta(days=1))
    kept, deleted = TagFactory(), TagFactory()
    when = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(tags=[str(kept.pk), str(deleted.pk)], headline_en=["Scheduled"], _schedule_changes=["1"])
    data.update({name: [value] for name, value in schedule_fields(when).items()})
    assert editor.post(change_url(article), data).status_code == 302
    deleted.delete()

    time_machine.move_to(when, tick=False)
    reader = Client(raise_request_exception=False)

    assert [reader.get("/en/").status_code, editor.get("/admin/").status_code] == [200, 200]
    article.refresh_from_db()
    assert article.headline_en == "Scheduled"
    assert list(article.tags.all()) == [kept]


def test_a_translator_previews_the_live_article_not_the_editors_unpublished_changes(editor):
    article = ArticleFactory(headline_en="Live", published_at=timezone.now() - datetime.timedelta(days=1))
    edit(editor, article, headline_en="Not yet published")
    translator = logged_in(TranslatorFactory(username="tom"))

    preview = translator.get(f"/admin/articles/article/{article.pk}/preview/en/").content.decode()

    assert "Not yet published" not in preview and "Live" in preview
    assert "Not yet published" in editor.get(f"/admin/articles/article/{article.pk}/preview/en/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/²/change/",
        "/admin/articles/article/²/history/",
        "/admin/articles/article/²/preview/en/",
        "/admin/articles/article/99999999999999999999999/change/",
        "HISTORY/compare/?from=²&to=1",
        "HISTORY/compare/?from=99999999999999999999999&to=1",
        "/admin/articles/article/?translation=de:outdated&section__id__exact=²",
    ],
)
def test_odd_digits_and_huge_ids_in_admin_urls_are_never_a_server_error(editor, url):
    article = ArticleFactory()

    response = editor.get(url.replace("HISTORY/", history_url(article)))

    assert response.status_code < 500
