"""From an event to a plan, from a plan to its article, and the article's publication back on the plan;
and two people saving the same plan."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.planning.models import PlannedStory
from newsroom.translations.models import Translation
from tests.factories import ArticleFactory, AuthorFactory, EventFactory
from tests.pages import change_url, form_data, get_page, open_form

from .conftest import client_of

pytestmark = pytest.mark.django_db

ADD = "/admin/planning/plannedstory/add/"
LIST = "/admin/planning/plannedstory/"


def create_article_url(plan) -> str:
    return f"/admin/planning/plannedstory/{plan.pk}/create-article/"


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_editor_creates_the_article_from_a_plan_prefilled_and_linked(people, plan, language):
    event = EventFactory(title_en="Tachi-S plant opening", title_de="Eröffnung des Tachi-S-Werks")
    plan.events.set([event])
    AuthorFactory(user=people["reporter"], display_name="Rita Campos")
    editor = client_of(people["editor"], language)
    page = get_page(editor, change_url(plan))
    form = page.find("form", action=create_article_url(plan))

    response = editor.post(form["action"], form_data(page, form.get("id") or "") if form.get("id") else {})

    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert article.headline_en == plan.working_title and article.section == plan.section
    assert article.status == Article.Status.DRAFT
    assert list(article.events.all()) == [event]
    assert article.created_by == people["reporter"]
    assert [str(author) for author in article.authors.all()] == ["Rita Campos"]
    translation = Translation.objects.for_model(Article).get(object_id=article.pk, language="de")
    assert translation.assigned_to == people["translator"]
    plan.refresh_from_db()
    assert plan.article == article and plan.status == PlannedStory.Status.IN_PROGRESS
    # The plan now links to its article, and offers no second one.
    page = get_page(editor, change_url(plan))
    assert not page.find_all("form", action=create_article_url(plan))
    assert page.find("a", href=change_url(article))
    # The reporter finds the draft theirs to write.
    assert client_of(people["reporter"]).get(change_url(article)).status_code == 200


def test_the_assigned_reporter_creates_the_article_and_a_colleague_cannot(people, plan):
    colleague = client_of(people["colleague"])
    assert not get_page(colleague, change_url(plan)).find_all("form", action=create_article_url(plan))
    assert colleague.post(create_article_url(plan)).status_code == 403
    assert not Article.objects.exists()

    response = client_of(people["reporter"]).post(create_article_url(plan))

    assert response.status_code == 302
    assert Article.objects.get().created_by == people["reporter"]


def test_creating_the_article_needs_a_post_and_a_section(people, plan):
    editor = client_of(people["editor"])
    assert editor.get(create_article_url(plan)).status_code == 405
    PlannedStory.objects.filter(pk=plan.pk).update(section=None)

    response = editor.post(create_article_url(plan), follow=True)

    assert not Article.objects.exists()
    assert "section first" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "de"])
def test_plan_a_story_from_an_event_opens_a_prefilled_form(people, section, language):
    event = EventFactory(
        title_en="Governor's press conference on the Nissan plant",
        title_de="Pressekonferenz der Gouverneurin zum Nissan-Werk",
        start_date=datetime.date(2026, 12, 15),
        end_date=datetime.date(2026, 12, 15),
        start_time=datetime.time(11, 0),
    )
    editor = client_of(people["editor"], language)
    event_page = get_page(editor, change_url(event))
    plan_link = [a["href"] for a in event_page.find_all("a", href=True) if a["href"].startswith(f"{ADD}?events=")]
    assert plan_link == [f"{ADD}?events={event.pk}"]

    page, data = open_form(editor, plan_link[0], "plannedstory_form")

    expected = event.title_de if language == "de" else event.title_en
    assert data["working_title"] == [expected]
    assert data["original_language"] == [language]
    assert data["events"] == [str(event.pk)]
    assert data["target_at_0"] and data["target_at_1"] == ["11:00:00"]
    data["section"] = [str(section.pk)]
    assert editor.post(plan_link[0], data).status_code == 302
    plan = PlannedStory.objects.get()
    assert list(plan.events.all()) == [event] and plan.working_title == expected


def test_a_translator_is_not_offered_to_plan_from_an_event(people):
    event = EventFactory()
    page = get_page(client_of(people["translator"]), change_url(event))
    assert not [a for a in page.find_all("a", href=True) if a["href"].startswith(f"{ADD}?events=")]


def test_a_forged_event_id_in_the_address_is_ignored(people):
    response = client_of(people["editor"]).get(f"{ADD}?events=abc,99999,-1")
    assert response.status_code == 200


def test_the_plan_reads_published_from_the_moment_its_article_is_before_readers(people, plan):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    PlannedStory.objects.filter(pk=plan.pk).update(article=article, status=PlannedStory.Status.EDITED)
    editor = client_of(people["editor"])
    assert PlannedStory.objects.in_state("edited").get() == plan

    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert PlannedStory.objects.in_state("edited").exists(), "scheduled: not before readers yet"

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert PlannedStory.objects.in_state("published").get() == plan
    page = get_page(editor, f"{LIST}?state=published")
    assert plan.working_title in page.find("table", id="result_list").text
    assert plan.working_title not in get_page(client_of(people["reporter"]), "/admin/").text


def test_publishing_the_article_through_the_admin_moves_the_plan_to_published(people, plan):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, section=plan.section)
    PlannedStory.objects.filter(pk=plan.pk).update(article=article, status=PlannedStory.Status.EDITED)
    editor = client_of(people["editor"])
    editor.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]})

    assert Article.objects.get(pk=article.pk).is_published
    assert PlannedStory.objects.with_state().get().state == PlannedStory.Status.PUBLISHED


def test_a_published_assignment_is_no_longer_the_reporters_to_change(people, plan):
    article = ArticleFactory(section=plan.section)
    PlannedStory.objects.filter(pk=plan.pk).update(article=article)
    reporter = client_of(people["reporter"])
    assert not get_page(reporter, change_url(plan)).find_all("select", name="status")


def test_two_editors_saving_the_same_plan_lose_nothing(people, plan):
    ines = client_of(people["editor"])
    alma = client_of(people["administrator"])
    _page, ines_data = open_form(ines, change_url(plan), "plannedstory_form")
    _page, alma_data = open_form(alma, change_url(plan), "plannedstory_form")
    alma_data["notes"] = ["Ask the governor's office for the job figures."]
    assert alma.post(change_url(plan), alma_data).status_code == 302

    # Ines changes another field: Alma's notes stay.
    ines_data["working_title"] = ["Tachi-S: 700 jobs"]
    assert ines.post(change_url(plan), ines_data).status_code == 302
    plan.refresh_from_db()
    assert plan.working_title == "Tachi-S: 700 jobs"
    assert plan.notes == "Ask the governor's office for the job figures."

    # Both change the same field: the second is refused with the other's version, her text kept.
    _page, ines_data = open_form(ines, change_url(plan), "plannedstory_form")
    _page, alma_data = open_form(alma, change_url(plan), "plannedstory_form")
    alma_data["working_title"] = ["Alma's title"]
    assert alma.post(change_url(plan), alma_data).status_code == 302
    ines_data["working_title"] = ["Ines's title"]
    response = ines.post(change_url(plan), ines_data)
    assert response.status_code == 200
    assert "Alma&#x27;s title" in response.content.decode() or "Alma's title" in response.content.decode()
    assert PlannedStory.objects.get().working_title == "Alma's title"
