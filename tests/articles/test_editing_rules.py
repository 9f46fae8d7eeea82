"""Who may change what in the admin, and what the admin refuses to store."""

import datetime
import os

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.organizations.models import Organization
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    ImageFactory,
    OrganizationFactory,
    ReporterFactory,
    SectionFactory,
    UserFactory,
)
from tests.pages import open_form, parse

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def reporter_user():
    return ReporterFactory(username="reporter")


@pytest.fixture
def reporter(reporter_user):
    client = Client()
    client.force_login(reporter_user)
    return client


def test_a_reporter_cannot_change_a_live_article_even_by_forging_the_form(reporter):
    article = ArticleFactory(headline_en="Tachi-S adds 700 jobs", headline_de="Alt")
    _page, data = open_form(reporter, change_url(article), "article_form")
    assert "headline_en" not in data and "headline_de" not in data
    forged = {**data, "headline_en": ["Forged headline"], "headline_de": ["Gefälscht"], "is_reported_by_ai": ["on"]}
    assert reporter.post(change_url(article), forged).status_code == 403
    article.refresh_from_db()
    assert (article.headline_en, article.headline_de) == ("Tachi-S adds 700 jobs", "Alt")
    assert article.is_reported_by_ai is False


def test_a_reporter_can_edit_their_own_draft(reporter, reporter_user):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter_user)
    _page, data = open_form(reporter, change_url(article), "article_form")
    assert reporter.post(change_url(article), {**data, "headline_en": ["Better headline"]}).status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Better headline"


def test_a_user_who_may_only_view_organizations_cannot_unpublish_them():
    viewer = UserFactory(username="viewer")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.set(Permission.objects.filter(codename="view_organization"))
    client = Client()
    client.force_login(viewer)
    organization = OrganizationFactory()
    client.post("/admin/organizations/organization/", {"action": "unpublish", "_selected_action": [organization.pk]})
    assert Organization.objects.get(pk=organization.pk).is_published


def test_an_article_originally_in_german_needs_no_english_text():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    section = SectionFactory()
    _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
    data.update(
        original_language=["de"],
        headline_de=["Querétaro baut Flugzeugteile"],
        body_de=["<p>Achtundsechzig Firmen.</p>"],
        section=[str(section.pk)],
    )
    response = editor.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, parse(response).texts(class_="errorlist")
    article = Article.objects.get()
    assert article.slug_de == "queretaro-baut-flugzeugteile" and not article.headline_en


def test_an_article_without_a_headline_in_its_original_language_is_refused():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    section = SectionFactory()
    _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
    data.update(original_language=["de"], headline_en=["Only English"], section=[str(section.pk)])
    response = editor.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Only English" in response.content.decode()
    assert not Article.objects.exists()


def test_a_slug_another_article_uses_in_any_language_is_refused():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    taken = ArticleFactory()
    section = SectionFactory()
    _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
    data.update(headline_en=["Another story"], slug_de=[taken.slug_en], section=[str(section.pk)])
    assert editor.post("/admin/articles/article/add/", data).status_code == 200
    assert Article.objects.count() == 1


def test_the_article_page_does_not_open_the_image_file(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), "navy").save(buffer, "JPEG")
    image = ImageFactory(
        file=ContentFile(buffer.getvalue(), name="lead.jpg"), alt_en="A navy rectangle", alt_de="Ein blaues Rechteck"
    )
    article = ArticleFactory(image=image)
    os.remove(image.file.path)
    response = client.get(article.url_in("en"))
    assert response.status_code == 200
    # The largest rendition that is no larger than the photo: planned from the row, not read from the file.
    assert 'width="480" height="270"' in response.content.decode()


def test_a_scheduled_publish_keeps_its_time():
    later = timezone.now() + datetime.timedelta(days=1)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=later)
    Article.objects.filter(pk=article.pk).publish()
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == later


def test_saving_half_a_translation_warns_what_is_missing():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    article = ArticleFactory(headline_de="", standfirst_de="", body_de="", slug_de="")
    _page, data = open_form(editor, change_url(article), "article_form")
    response = editor.post(change_url(article), {**data, "headline_de": ["Nur die Überschrift"]}, follow=True)
    html = response.content.decode()
    assert (
        "The German version is not complete, so readers of German still get the English original. "
        "Missing: standfirst, body." in html
    )


def test_the_article_list_in_the_admin_says_scheduled():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    assert "Scheduled" in editor.get("/admin/articles/article/").content.decode()


def test_an_event_far_outside_the_calendar_is_refused_with_a_message():
    editor = Client()
    editor.force_login(EditorFactory(username="editor"))
    _page, data = open_form(editor, "/admin/events/event/add/", "event_form")
    data.update(title_en=["Forum"], start_date=["9999-12-31"], end_date=["9999-12-31"], start_time=["23:00"])
    response = editor.post("/admin/events/event/add/", data)
    assert response.status_code == 200
    assert "between 1900 and 2200" in response.content.decode()
