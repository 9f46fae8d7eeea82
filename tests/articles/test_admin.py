"""Editors and reporters at work in the article admin, through the admin's own forms."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from newsroom.articles.models import Article
from newsroom.translations.models import Translation
from newsroom.translations.workflow import mark_complete
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    EventFactory,
    OrganizationFactory,
    ReporterFactory,
    SectionFactory,
)
from tests.pages import form_data, get_page, open_form, parse, translate_in_admin

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory(username="editor"))
    return client


@pytest.fixture
def reporter():
    return ReporterFactory(username="reporter")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def reader():
    return Client()


def post_form(client, url, data):
    response = client.post(url, data)
    if response.status_code != 302:
        page = parse(response)
        errors = [e.text for e in page.find_all(class_="errornote") + page.find_all(class_="errorlist")]
        raise AssertionError(f"{url} refused the form: {errors}")
    return response


def run_action(client, action, articles):
    _page, data = open_form(client, CHANGELIST_URL, "changelist-form")
    data.update(action=[action], _selected_action=[str(a.pk) for a in articles], index=["0"])
    return client.post(CHANGELIST_URL, data)


def action_choices(client):
    page = get_page(client, CHANGELIST_URL)
    return [
        option["value"] for select in page.find_all("select", name="action") for option in select.find_all("option")
    ]


# An editor's day


def test_an_editor_writes_a_draft_translates_it_and_publishes_it(editor_client, reader):
    section = SectionFactory(name_en="Automotive")
    organization = OrganizationFactory(name_en="Tachi-S Mexico", name_de="Tachi-S Mexiko")
    event = EventFactory(title_en="Plant opening")
    author = AuthorFactory(display_name="Ana Ruiz")

    page, data = open_form(editor_client, ADD_URL, "article_form")
    assert "_edit_snapshot" in data
    assert {"bylines-TOTAL_FORMS", "exchanges-TOTAL_FORMS"} <= set(data)
    data.update(
        headline_en=["Tachi-S adds 700 jobs in Aguascalientes"],
        standfirst_en=["The seat maker grows."],
        body_en=["<p>Hiring starts in May.</p>"],
        section=[str(section.pk)],
        organizations=[str(organization.pk)],
        events=[str(event.pk)],
    )
    data["bylines-0-author"] = [str(author.pk)]
    post_form(editor_client, ADD_URL, data)

    article = Article.objects.get(headline_en="Tachi-S adds 700 jobs in Aguascalientes")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.created_by.username == "editor"
    assert article.slug_en == "tachi-s-adds-700-jobs-in-aguascalientes"
    assert article.section == section
    assert list(article.organizations.all()) == [organization]
    assert list(article.events.all()) == [event]
    assert article.byline_authors() == [author]
    assert reader.get(article.url_in("en")).status_code == 404

    _page, data = open_form(editor_client, change_url(article), "article_form")
    assert data["_edit_snapshot"] != [""]
    data.update(
        headline_de=["Tachi-S schafft 700 Stellen in Aguascalientes"],
        standfirst_de=["Der Sitzhersteller wächst."],
        body_de=["<p>Die Einstellungen beginnen im Mai.</p>"],
    )
    post_form(editor_client, change_url(article), data)

    article.refresh_from_db()
    assert article.slug_de == "tachi-s-schafft-700-stellen-in-aguascalientes"
    assert article.status == Article.Status.DRAFT
    assert list(article.organizations.all()) == [organization]
    assert reader.get(article.url_in("de")).status_code == 404

    # The editor's German is complete: released with the save, for readers once the article is out.
    translation = article.translation_in("de")
    assert translation.state == Translation.State.COMPLETE
    assert translation.is_released

    response = run_action(editor_client, "publish", [article])
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert timezone.now() - article.published_at < datetime.timedelta(minutes=1)

    english = get_page(reader, article.url_in("en"))
    german = get_page(reader, article.url_in("de"))
    assert english.find("h1").text == "Tachi-S adds 700 jobs in Aguascalientes"
    assert "Hiring starts in May." in english.find("div", class_="article__body").text
    assert german.find("h1").text == "Tachi-S schafft 700 Stellen in Aguascalientes"
    assert "Die Einstellungen beginnen im Mai." in german.find("div", class_="article__body").text
    assert "Tachi-S Mexiko" in german.find("footer", class_="covered").text
    assert "Ana Ruiz" in german.find("p", class_="byline").text


def test_an_editor_enters_an_interview_with_its_questions_and_answers(editor_client, reader):
    section = SectionFactory()

    _page, data = open_form(editor_client, ADD_URL, "article_form")
    data.update(
        {
            "headline_en": ["What the cluster needs"],
            "headline_de": ["Was der Cluster braucht"],
            "body_en": ["<p>An interview.</p>"],
            "body_de": ["<p>Ein Interview.</p>"],
            "kind": ["interview"],
            "section": [str(section.pk)],
            "status": ["published"],
            "exchanges-TOTAL_FORMS": ["1"],
            "exchanges-0-order": ["0"],
            "exchanges-0-question_en": ["What do you need most?"],
            "exchanges-0-question_de": ["Was brauchen Sie am meisten?"],
            "exchanges-0-answer_en": ["Suppliers."],
            "exchanges-0-answer_de": ["Zulieferer."],
        }
    )
    post_form(editor_client, ADD_URL, data)

    article = Article.objects.get(headline_en="What the cluster needs")
    assert article.is_published
    assert translate_in_admin(editor_client, article, "de", "_release").status_code == 302
    article.refresh_from_db()
    page = get_page(reader, article.url_in("de"))
    assert page.find("dl", class_="interview").texts("dt") == ["Was brauchen Sie am meisten?"]
    assert page.find("dl", class_="interview").texts("dd") == ["Zulieferer."]


def test_an_editor_schedules_an_article_that_readers_see_only_from_its_publish_time(
    editor_client, reader, time_machine
):
    section = SectionFactory()
    publish_at = timezone.localtime() + datetime.timedelta(days=1)

    _page, data = open_form(editor_client, ADD_URL, "article_form")
    data.update(
        headline_en=["Mazda will announce a new line"],
        body_en=["<p>Tomorrow.</p>"],
        section=[str(section.pk)],
        status=["published"],
        published_at_0=[publish_at.strftime("%Y-%m-%d")],
        published_at_1=[publish_at.strftime("%H:%M:%S")],
    )
    post_form(editor_client, ADD_URL, data)

    article = Article.objects.get(headline_en="Mazda will announce a new line")
    assert article.is_scheduled
    assert reader.get(article.url_in("en")).status_code == 404

    time_machine.move_to(publish_at + datetime.timedelta(minutes=1))
    assert reader.get(article.url_in("en")).status_code == 200


def test_the_unpublish_action_takes_an_article_off_the_site(editor_client, reader):
    article = ArticleFactory()

    run_action(editor_client, "unpublish", [article])

    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    assert reader.get(article.url_in("en")).status_code == 404


# A reporter may write but not publish


def test_a_reporter_is_offered_only_draft_and_review_and_no_publish_actions(reporter_client, reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter)

    page, data = open_form(reporter_client, change_url(article), "article_form")

    assert not {"published_at_0", "published_at_1", "is_featured"} & set(data)
    assert [option["value"] for option in page.find("select", name="status").find_all("option")] == [
        "draft",
        "in_review",
    ]
    assert "publish" not in action_choices(reporter_client)
    assert "unpublish" not in action_choices(reporter_client)


def test_a_reporter_cannot_publish_by_forging_the_add_form(reporter_client, reader):
    section = SectionFactory()

    _page, data = open_form(reporter_client, ADD_URL, "article_form")
    data.update(
        headline_en=["Forged publication"],
        body_en=["<p>Text.</p>"],
        section=[str(section.pk)],
        status=["published"],
        published_at_0=["2026-01-01"],
        published_at_1=["10:00:00"],
        is_featured=["on"],
    )
    refused = reporter_client.post(ADD_URL, data)

    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not Article.objects.filter(headline_en="Forged publication").exists()

    post_form(reporter_client, ADD_URL, {**data, "status": ["in_review"]})

    article = Article.objects.get(headline_en="Forged publication")
    assert (article.status, article.published_at, article.is_featured) == (Article.Status.IN_REVIEW, None, False)
    assert reader.get(article.url_in("en")).status_code == 404


def test_a_reporter_cannot_publish_by_forging_the_change_form(reporter_client, reporter, reader):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter)

    _page, data = open_form(reporter_client, change_url(article), "article_form")
    data.update(
        headline_en=["A reporter's better headline"],
        status=["published"],
        published_at_0=["2026-01-01"],
        published_at_1=["10:00:00"],
    )
    response = reporter_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.headline_en != "A reporter's better headline"
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)
    assert reader.get(article.url_in("en")).status_code == 404


def test_a_reporter_cannot_take_down_a_published_article_by_forging_the_change_form(reporter_client, reader):
    article = ArticleFactory()

    _page, data = open_form(reporter_client, change_url(article), "article_form")
    data.update(status=["unpublished"], published_at_0=[""], published_at_1=[""])
    assert reporter_client.post(change_url(article), data).status_code == 403

    article.refresh_from_db()
    assert article.is_published
    assert reader.get(article.url_in("en")).status_code == 200


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_reporter_cannot_run_the_publishing_actions_by_forging_the_request(reporter_client, action):
    draft, published = ArticleFactory(status=Article.Status.DRAFT, published_at=None), ArticleFactory()

    run_action(reporter_client, action, [draft, published])

    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)
    assert published.is_published


# The article list in the admin


def changelist_rows(client, query=""):
    page = get_page(client, f"{CHANGELIST_URL}{query}")
    return {
        row.find("th", class_="field-headline").text: row.find("td", class_="field-languages").text
        for row in page.find("table", id="result_list").find("tbody").find_all("tr")
    }


def test_the_article_list_shows_the_state_of_each_translation(editor_client):
    ArticleFactory(headline_en="Translated story")
    ArticleFactory(headline_en="Half-translated story", body_de="")
    ArticleFactory(headline_en="English-only story", headline_de="", standfirst_de="", body_de="")

    rows = changelist_rows(editor_client)

    assert rows == {
        "Translated story": "EN ● Original DE ✓ Complete, released",
        "Half-translated story": "EN ● Original DE … In progress",
        "English-only story": "EN ● Original DE – Missing",
    }


def test_the_translation_filter_lists_articles_by_language_and_state(editor_client):
    ArticleFactory(headline_en="Translated story")
    ArticleFactory(headline_en="English-only story", headline_de="", standfirst_de="", body_de="")
    ArticleFactory(headline_en="Half-translated story", body_de="")
    ArticleFactory(headline_en="Finished, not released", released_translations=False)
    ArticleFactory(original_language="de", headline_en="", standfirst_en="", body_en="", headline_de="Nur Deutsch")
    unreleased = Article.objects.get(headline_en="Finished, not released")
    mark_complete(unreleased, "de", by=None)

    assert set(changelist_rows(editor_client, "?translation=de:missing")) == {"English-only story"}
    assert set(changelist_rows(editor_client, "?translation=de:in_progress")) == {"Half-translated story"}
    assert set(changelist_rows(editor_client, "?translation=de:complete")) == {
        "Translated story",
        "Finished, not released",
    }
    assert set(changelist_rows(editor_client, "?translation=de:unreleased")) == {"Finished, not released"}
    assert set(changelist_rows(editor_client, "?translation=en:missing")) == {"Nur Deutsch"}


# The admin in German


def test_the_admin_speaks_german_to_an_editor_who_chose_german(editor_client):
    editor_client.cookies["django_language"] = "de"

    page = get_page(editor_client, "/admin/")

    assert page.find("html")["lang"] == "de"
    assert "Abmelden" in page.find("form", id="logout-form").text
    with translation.override("de"):
        articles = str(Article._meta.verbose_name_plural).capitalize()
    assert articles in page.find("tr", class_="model-article").text


def test_the_admin_speaks_german_to_a_german_browser(editor_client):
    article = ArticleFactory()

    response = editor_client.get(change_url(article), headers={"accept-language": "de"})

    page = parse(response)
    assert page.find("html")["lang"] == "de"
    assert "Abmelden" in page.text
    with translation.override("de"):
        headline_label = str(Article._meta.get_field("headline").verbose_name)
    assert headline_label.lower() in page.find("label", **{"for": "id_headline_en"}).text.lower()
    assert form_data(page, "article_form")["headline_en"] == [article.headline_en]


def test_view_on_site_is_offered_only_for_an_article_readers_can_see(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    live = ArticleFactory()

    assert get_page(editor_client, change_url(draft)).find_all("a", class_="viewsitelink") == []
    assert get_page(editor_client, change_url(live)).find("a", class_="viewsitelink").get("href") == live.url_in("en")


# Addresses


@pytest.mark.parametrize(
    ("admin_language", "warning"),
    [
        ("en", "Another article is already called “{headline}”, so this one's address in English ends in “{slug}”."),
        (
            "de",
            "Ein anderer Eintrag (Artikel) heißt bereits „{headline}“. "
            "Die Adresse dieses Eintrags auf Englisch endet deshalb auf „{slug}“.",
        ),
    ],
)
def test_a_second_article_with_the_same_headline_gets_a_numbered_address_and_the_editor_is_told(
    editor_client, admin_language, warning
):
    headline = "Nissan adds a third shift in Aguascalientes"
    ArticleFactory(headline_en=headline)
    _page, data = open_form(editor_client, ADD_URL, "article_form")
    data.update(headline_en=[headline], section=[str(SectionFactory().pk)])

    response = editor_client.post(ADD_URL, data, HTTP_ACCEPT_LANGUAGE=admin_language)

    second = Article.objects.latest("pk")
    assert second.slug_en == "nissan-adds-a-third-shift-in-aguascalientes-2"
    page = get_page(editor_client, response["Location"])
    shown = page.find("li", class_="warning").text
    assert warning.format(headline=headline, slug=second.slug_en) in shown
    assert second.slug_en in shown


def test_an_article_with_a_headline_of_its_own_gets_no_warning_about_its_address(editor_client):
    ArticleFactory(headline_en="Nissan adds a third shift in Aguascalientes")
    _page, data = open_form(editor_client, ADD_URL, "article_form")
    data.update(headline_en=["Nissan hires 300 in Aguascalientes"], section=[str(SectionFactory().pk)])

    response = post_form(editor_client, ADD_URL, data)

    assert not get_page(editor_client, response["Location"]).find_all("li", class_="warning")
