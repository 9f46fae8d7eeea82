"""From an event to a plan, from a plan to its article, and the article's publication back on the plan;
and two people saving the same plan."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.planning.models import PlannedStory
from newsroom.translations.models import Translation
from tests.factories import ArticleFactory, AuthorFactory, EventFactory, SectionFactory
from tests.pages import change_url, get_page, open_form, parse

from .conftest import client_of

pytestmark = pytest.mark.django_db

ADD = "/admin/planning/plannedstory/add/"
LIST = "/admin/planning/plannedstory/"


def create_article_button(page):
    """The "Create the article" button: a submit button of the plan's own form, wherever it stands."""
    buttons = page.find_all("button", name="_create_article")
    assert all(button["form"] == "plannedstory_form" and button["type"] == "submit" for button in buttons)
    return buttons[0] if buttons else None


def press_create_article(client, plan, **typed):
    """Open the plan's page, type `typed` (field → values), and press "Create the article"."""
    page, data = open_form(client, change_url(plan), "plannedstory_form")
    button = create_article_button(page)
    data.update(typed)
    data[button["name"]] = [button["value"]]
    return client.post(change_url(plan), data)


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_editor_creates_the_article_from_a_plan_prefilled_and_linked(people, plan, language):
    event = EventFactory(title_en="Tachi-S plant opening", title_de="Eröffnung des Tachi-S-Werks")
    plan.events.set([event])
    AuthorFactory(user=people["reporter"], display_name="Rita Campos")
    editor = client_of(people["editor"], language)

    response = press_create_article(editor, plan)

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
    assert create_article_button(page) is None
    assert page.find("a", href=change_url(article))
    # The reporter finds the draft theirs to write.
    assert client_of(people["reporter"]).get(change_url(article)).status_code == 200


def test_creating_the_article_saves_what_the_editor_typed_first(people, plan):
    PlannedStory.objects.filter(pk=plan.pk).update(section=None)
    other = SectionFactory(name_en="Economy", name_de="Wirtschaft")
    editor = client_of(people["editor"])

    response = press_create_article(
        editor, plan, section=[str(other.pk)], working_title=["Tachi-S: 700 jobs in Aguascalientes"]
    )

    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert article.section == other and article.headline_en == "Tachi-S: 700 jobs in Aguascalientes"
    plan.refresh_from_db()
    assert plan.section == other and plan.article == article
    messages = get_page(editor, change_url(article)).find("ul", class_="messagelist").text
    assert "was created as a draft" in messages


@pytest.mark.parametrize("language", ["en", "de"])
def test_creating_the_article_without_a_section_creates_nothing_and_keeps_what_was_typed(people, plan, language):
    PlannedStory.objects.filter(pk=plan.pk).update(section=None)
    editor = client_of(people["editor"], language)

    response = press_create_article(editor, plan, working_title=["Tachi-S: 700 jobs"])

    assert response.status_code == 200
    page = parse(response)
    expected = "Wählen Sie zuerst das Ressort" if language == "de" else "Choose the story's section first"
    assert expected in page.find("div", class_="field-section").text
    assert page.find("input", name="working_title")["value"] == "Tachi-S: 700 jobs"
    assert not Article.objects.exists()
    assert PlannedStory.objects.get().working_title == plan.working_title


def test_the_assigned_reporter_creates_the_article_and_a_colleague_cannot(people, plan):
    colleague = client_of(people["colleague"])
    assert create_article_button(get_page(colleague, change_url(plan))) is None
    _page, data = open_form(client_of(people["reporter"]), change_url(plan), "plannedstory_form")
    assert colleague.post(change_url(plan), {**data, "_create_article": ["1"]}).status_code == 403
    assert not Article.objects.exists()

    response = press_create_article(client_of(people["reporter"]), plan, status=["in_progress"])

    assert response.status_code == 302
    assert Article.objects.get().created_by == people["reporter"]
    assert PlannedStory.objects.get().status == PlannedStory.Status.IN_PROGRESS


def test_a_reporter_on_a_plan_without_a_section_is_told_and_nothing_is_created(people, plan):
    PlannedStory.objects.filter(pk=plan.pk).update(section=None)
    reporter = client_of(people["reporter"])

    response = press_create_article(reporter, plan, status=["filed"])

    assert response.status_code == 200
    assert "section first" in parse(response).find("ul", class_="nonfield").text
    assert not Article.objects.exists()
    assert PlannedStory.objects.get().status == PlannedStory.Status.ASSIGNED


def test_a_plan_dropped_in_the_same_save_gets_no_article(people, plan):
    editor = client_of(people["editor"])

    response = press_create_article(editor, plan, status=["dropped"])

    assert response.status_code == 302 and response["Location"] == change_url(plan)
    assert not Article.objects.exists()
    assert PlannedStory.objects.get().status == PlannedStory.Status.DROPPED
    assert "no article was created" in get_page(editor, change_url(plan)).text


def test_a_second_click_on_create_the_article_makes_no_second_one(people, plan):
    editor = client_of(people["editor"])
    page, data = open_form(editor, change_url(plan), "plannedstory_form")
    data["_create_article"] = ["1"]

    first = editor.post(change_url(plan), data)
    second = editor.post(change_url(plan), data)

    article = Article.objects.get()
    assert first["Location"] == second["Location"] == change_url(article)


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
