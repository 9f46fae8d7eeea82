"""Core behaviour of the public site and the admin, end to end over HTTP."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from newsroom.articles.models import Article
from newsroom.images.models import Image
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)
from tests.pages import open_form, translate_in_admin
from tests.queries import count_queries, count_warm_queries

pytestmark = pytest.mark.django_db


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def covered_article():
    article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory(), AuthorFactory()])
    article.organizations.set(OrganizationFactory.create_batch(5))
    article.people.set(PersonFactory.create_batch(5))
    article.places.set(PlaceFactory.create_batch(3))
    article.events.set(EventFactory.create_batch(3))
    article.tags.set(TagFactory.create_batch(5))
    article.related_articles.set(ArticleFactory.create_batch(4))
    return article


@pytest.mark.parametrize("language", ["en", "de"])
def test_article_page_shows_the_text_in_the_page_language_with_lang_and_alternates(client, language):
    article = ArticleFactory(headline_en="Nissan hires in Aguascalientes", headline_de="Nissan stellt ein")
    response = client.get(article.url_in(language))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert (article.headline_en if language == "en" else article.headline_de) in html
    assert f'hreflang="de" href="http://testserver{article.url_in("de")}"' in html
    assert f'hreflang="x-default" href="http://testserver{article.url_in("en")}"' in html
    assert f'<link rel="canonical" href="http://testserver{article.url_in(language)}">' in html


def test_language_switcher_leads_to_the_same_article_in_german(client):
    article = ArticleFactory(headline_de="Zwölf Zulieferer reisen nach Japan")
    html = client.get(article.url_in("en")).content.decode()
    switch = re.search(r'<a href="([^"]+)" hreflang="de"', html).group(1)
    assert switch == article.url_in("de")
    assert "Zwölf Zulieferer reisen nach Japan" in client.get(switch).content.decode()


def test_english_slug_under_german_prefix_redirects_to_the_german_slug(client):
    article = ArticleFactory()
    wrong = article.url_in("de").replace(article.slug_de, article.slug_en)
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.url_in("de")


def test_untranslated_article_shows_the_whole_original_with_a_notice_and_no_german_alternate(client):
    article = ArticleFactory(headline_de="Halb übersetzt", standfirst_de="", body_de="", slug_de="")
    html = client.get(article.url_in("de")).content.decode()
    assert "Halb übersetzt" not in html
    assert f'<h1 lang="en">{article.headline_en}</h1>' in html
    assert 'class="notice"' in html
    assert '<link rel="alternate" hreflang="de"' not in html
    assert '<link rel="alternate" hreflang="en"' in html


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(hours=2)},
    ],
)
def test_anonymous_reader_gets_404_for_an_article_that_is_not_public(client, changes):
    article = ArticleFactory(headline_en="Hidden story about Jatco", **changes)
    assert client.get(article.url_in("en")).status_code == 404
    assert "Hidden story about Jatco" not in client.get(url("home", "en")).content.decode()
    assert "Hidden story about Jatco" not in client.get(url("articles:list", "en")).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "unknown=1",
        "page=2",
        "after=garbage",
        "after=9999-99-99T00:00:00~1",
        "after=2026-01-01T00:00:00%2B00:00~1&before=2026-01-01T00:00:00%2B00:00~2",
        "date_from=2026-13-45",
        "date_from=2026-05-01&date_to=2026-04-01",
        "section=abc",
        "section=999999",
        "organization=-1",
        "kind=opinion",
        "kind=%00",
        "date_from=" + "9" * 5000,
        "kind=news&kind=brief",
    ],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_bad_list_input_answers_400_with_a_message(client, query, language):
    ArticleFactory()
    response = client.get(f"{url('articles:list', language)}?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 5000, "q=a&q=b", "q=%21%21%21"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_bad_search_input_answers_400_with_a_message(client, query, language):
    ArticleFactory()
    response = client.get(f"{url('search:results', language)}?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_campaign_parameters_are_not_treated_as_filters(client):
    assert client.get(f"{url('articles:list', 'en')}?utm_source=newsletter").status_code == 200


def test_event_list_rejects_a_bad_date(client):
    assert client.get(f"{url('events:list', 'de')}?date_from=gestern").status_code == 400


def test_article_list_pages_by_cursor_without_overlap(client, settings):
    ArticleFactory.create_batch(25, published_at=timezone.now() - datetime.timedelta(hours=3))
    first = client.get(url("articles:list", "en")).content.decode()
    next_query = re.search(r'href="\?([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(f"{url('articles:list', 'en')}?{next_query}").content.decode()
    first_ids = set(re.findall(r'/en/articles/([\w-]+)/"', first))
    second_ids = set(re.findall(r'/en/articles/([\w-]+)/"', second))
    assert len(first_ids) == 20 and len(second_ids) == 5
    assert not first_ids & second_ids
    assert 'rel="prev"' in second


def test_filters_narrow_the_article_list_and_words_the_search(client, django_capture_on_commit_callbacks):
    organization = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        wanted = ArticleFactory(headline_de="Querétaro baut Flugzeugteile")
        wanted.organizations.add(organization)
        other = ArticleFactory()
    html = client.get(f"{url('articles:list', 'en')}?organization={organization.pk}").content.decode()
    assert wanted.headline_en in html and other.headline_en not in html
    html = client.get(f"{url('search:results', 'de')}?q=Flugzeugteile").content.decode()
    assert wanted.headline_de in html and other.headline_de not in html


def test_article_page_query_count_does_not_grow_with_what_it_shows(client, covered_article):
    small = ArticleFactory(authors=[AuthorFactory()])
    small.organizations.set([OrganizationFactory()])
    small.people.set([PersonFactory()])
    small.places.set([PlaceFactory()])
    small.events.set([EventFactory()])
    small.tags.set([TagFactory()])
    small.related_articles.set([ArticleFactory()])
    # Cold, then warm: the first sight of a block's keys gives them versions and keeps nothing.
    few = [count_queries(client, small.url_in("en")), count_warm_queries(client, small.url_in("en"))]
    many = [
        count_queries(client, covered_article.url_in("en")),
        count_warm_queries(client, covered_article.url_in("en")),
    ]
    assert many == few
    assert many[0] <= 11 and many[1] <= 6


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_type_renders_within_ten_queries(client, covered_article, django_assert_max_num_queries, language):
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=PersonFactory())
    exchange = InterviewExchangeFactory(article=interview)
    section = covered_article.section
    pages = [
        url("home", language),
        url("articles:list", language),
        url("events:list", language),
        url("events:past", language),
        covered_article.url_in(language),
        interview.url_in(language),
        section.url_in(language),
        covered_article.tags.first().url_in(language),
        covered_article.bylines.first().author.url_in(language),
        covered_article.organizations.first().url_in(language),
        covered_article.people.first().url_in(language),
        covered_article.places.first().url_in(language),
        covered_article.events.first().url_in(language),
    ]
    for page in pages:
        with django_assert_max_num_queries(10):
            response = client.get(page)
        assert response.status_code == 200, page
    answer = exchange.answer_en if language == "en" else exchange.answer_de
    assert answer in client.get(interview.url_in(language)).content.decode()


def test_unpublished_organization_is_not_found(client):
    organization = OrganizationFactory(is_published=False)
    assert client.get(organization.url_in("en")).status_code == 404


def test_body_is_sanitized_when_saved():
    article = ArticleFactory(body_en='<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=alert(1)></p>')
    article.refresh_from_db()
    assert "script" not in article.body_en and "onclick" not in article.body_en and "onerror" not in article.body_en


def test_german_slug_is_made_from_the_german_headline_and_kept_unique():
    first = ArticleFactory(headline_de="Größere Zulieferer", slug_de="")
    second = ArticleFactory(headline_de="Größere Zulieferer", slug_de="")
    assert first.slug_de == "groessere-zulieferer"
    assert second.slug_de == "groessere-zulieferer-2"


def test_completeness_in_python_and_in_sql_agree():
    complete = ArticleFactory()
    missing = ArticleFactory(body_de="")
    interview = InterviewExchangeFactory(answer_de="").article
    assert [complete.is_complete_in("de"), missing.is_complete_in("de"), interview.is_complete_in("de")] == [
        True,
        False,
        False,
    ]
    assert set(Article.objects.complete_in("de")) == {complete}


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="editor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["articles", "organizations", "events", "places", "translations", "images"]
        )
    )
    client.force_login(editor)
    return client


def article_form_data(section, **extra):
    data = {
        "headline_en": "Tachi-S adds 700 jobs",
        "headline_de": "",
        "slug_en": "",
        "slug_de": "",
        "standfirst_en": "The seat maker grows.",
        "standfirst_de": "",
        "body_en": "<p>Jobs.</p>",
        "body_de": "",
        "kind": "news",
        "original_language": "en",
        "section": section.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "image": "",
        "lead_image_caption_en": "",
        "lead_image_caption_de": "",
        "fact_checked_at_0": "",
        "fact_checked_at_1": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "exchanges-TOTAL_FORMS": "0",
        "exchanges-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def snapshot_of(response):
    return re.search(r'name="_edit_snapshot" value="([^"]*)"', response.content.decode()).group(1)


def test_editor_creates_translates_and_publishes_an_article_through_the_admin(editor_client):
    section = SectionFactory()
    organization = OrganizationFactory()
    event = EventFactory()
    response = editor_client.post(
        "/admin/articles/article/add/",
        article_form_data(section, organizations=[organization.pk], events=[event.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(headline_en="Tachi-S adds 700 jobs")
    assert article.status == Article.Status.DRAFT
    assert list(article.organizations.all()) == [organization] and list(article.events.all()) == [event]
    assert editor_client.get(article.url_in("en")).status_code == 404

    change_url = f"/admin/articles/article/{article.pk}/change/"
    snapshot = snapshot_of(editor_client.get(change_url))
    response = editor_client.post(
        change_url,
        article_form_data(
            section,
            organizations=[organization.pk],
            events=[event.pk],
            _edit_snapshot=snapshot,
            headline_de="Tachi-S schafft 700 Stellen",
            standfirst_de="Der Sitzhersteller wächst.",
            body_de="<p>Stellen.</p>",
            slug_en=article.slug_en,
        ),
    )
    assert response.status_code == 302
    editor_client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]})
    assert translate_in_admin(editor_client, article, "de", "_release").status_code == 302
    article.refresh_from_db()
    assert article.is_published
    assert "Tachi-S schafft 700 Stellen" in editor_client.get(article.url_in("de")).content.decode()
    assert "Tachi-S adds 700 jobs" in editor_client.get(article.url_in("en")).content.decode()


def test_user_without_publish_permission_cannot_publish_by_forged_post(client):
    reporter = UserFactory(username="reporter")
    reporter.user_permissions.set(
        Permission.objects.filter(codename__in=["add_article", "change_article", "view_article", "view_section"])
    )
    client.force_login(reporter)
    section = SectionFactory()
    forged = article_form_data(section, status="published", published_at_0="2026-01-01", published_at_1="10:00")
    client.post("/admin/articles/article/add/", forged)
    assert not Article.objects.exists()
    client.post("/admin/articles/article/add/", {**forged, "status": "in_review"})
    article = Article.objects.get(headline_en="Tachi-S adds 700 jobs")
    assert article.status == Article.Status.IN_REVIEW and article.published_at is None
    client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_two_editors_changing_different_fields_both_keep_their_changes(client, django_user_model):
    section = SectionFactory()
    article = ArticleFactory(section=section, slug_en="story")
    perms = Permission.objects.filter(content_type__app_label="articles")
    first, second = UserFactory(username="first"), UserFactory(username="second")
    for user in (first, second):
        user.user_permissions.set(perms)
    from django.test import Client

    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    change_url = f"/admin/articles/article/{article.pk}/change/"
    snap_a, snap_b = snapshot_of(a.get(change_url)), snapshot_of(b.get(change_url))
    base = article_form_data(
        section,
        headline_en=article.headline_en,
        headline_de=article.headline_de,
        slug_en=article.slug_en,
        slug_de=article.slug_de,
        standfirst_en=article.standfirst_en,
        standfirst_de=article.standfirst_de,
        body_en=article.body_en,
        body_de=article.body_de,
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        _publish_changes="1",  # the article is live: each editor publishes their change at once
    )
    assert a.post(change_url, {**base, "_edit_snapshot": snap_a, "headline_en": "Headline by A"}).status_code == 302
    assert b.post(change_url, {**base, "_edit_snapshot": snap_b, "body_de": "<p>Text von B</p>"}).status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Headline by A" and article.body_de == "<p>Text von B</p>"

    snap_a, snap_b = snapshot_of(a.get(change_url)), snapshot_of(b.get(change_url))
    base.update(headline_en="Headline by A", body_de="<p>Text von B</p>")
    assert a.post(change_url, {**base, "_edit_snapshot": snap_a, "headline_en": "A again"}).status_code == 302
    refused = b.post(change_url, {**base, "_edit_snapshot": snap_b, "headline_en": "B's headline"})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "B&#x27;s headline" in html and "A again" in html
    article.refresh_from_db()
    assert article.headline_en == "A again"
    again = b.post(change_url, {**base, "_edit_snapshot": snapshot_of(refused), "headline_en": "B's headline"})
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "B's headline"


def test_admin_speaks_german(editor_client):
    editor_client.cookies["django_language"] = "de"
    assert "Abmelden" in editor_client.get("/admin/").content.decode()


def test_links_to_unpublished_entities_become_plain_text(client):
    hidden_place = PlaceFactory(name_en="Guaymas", is_published=False)
    article = ArticleFactory(dateline=hidden_place)
    event = EventFactory()
    event.places.set([hidden_place])
    html = client.get(article.url_in("en")).content.decode()
    assert "Guaymas" in html
    assert hidden_place.url_in("en") not in html
    assert "Guaymas" not in client.get(url("events:list", "en")).content.decode()


def test_admin_refuses_an_upload_that_is_not_an_image_and_keeps_the_typed_text(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    _page, data = open_form(editor_client, "/admin/images/image/add/", "image_form")
    data.update(alt_en=["Tachi-S adds 700 jobs at its seat plant"])
    response = editor_client.post("/admin/images/image/add/", {**data, "file": fake})
    html = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in html and "Tachi-S adds 700 jobs at its seat plant" in html
    assert not Image.objects.exists()


def test_a_related_interview_with_untranslated_answers_is_not_suggested_to_german_readers(client):
    # "You may like" offers only what readers can read in the page's language.
    interview = InterviewExchangeFactory(answer_de="").article
    article = ArticleFactory()
    article.related_articles.set([interview])
    german = client.get(article.url_in("de")).content.decode()
    english = client.get(article.url_in("en")).content.decode()
    assert interview.headline_en not in german and interview.headline_de not in german
    assert interview.headline_en in english


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_post_to_a_reader_page_gets_a_readable_405_in_the_page_language(client, language):
    response = client.post(url("articles:list", language))
    assert response.status_code == 405
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and "<h1>" in html


def test_a_bad_date_is_not_echoed_into_the_date_picker(client):
    response = client.get(f"{url('articles:list', 'en')}?date_from=bad")
    assert response.status_code == 400
    assert 'value="bad"' not in response.content.decode()
