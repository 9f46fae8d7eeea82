"""Who may do what on the planning board, through the admin's own forms, GET and forged POST alike."""

import datetime

import pytest
from django.contrib.auth.models import Group

from newsroom.planning.models import PlannedStory
from tests.pages import change_url, form_data, get_page, open_form, parse

from .conftest import client_of

pytestmark = pytest.mark.django_db

LIST = "/admin/planning/plannedstory/"
ADD = "/admin/planning/plannedstory/add/"
CALENDAR = "/admin/planning/plannedstory/calendar/"


def stored(plan) -> PlannedStory:
    return PlannedStory.objects.get(pk=plan.pk)


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_editor_adds_assigns_and_schedules_a_story_through_the_form(people, section, language):
    editor = client_of(people["editor"], language)
    _page, data = open_form(editor, ADD, "plannedstory_form")
    data.update(
        {
            "working_title": ["Nissan's second plant in Aguascalientes"],
            "section": [str(section.pk)],
            "reporter": [str(people["reporter"].pk)],
            "translator": [str(people["translator"].pk)],
            "target_at_0": ["2026-12-10"],
            "target_at_1": ["23:30"],
            "languages": ["en", "de"],
        }
    )
    # The status as the form offers it: left at "Idea".
    assert data["status"] == ["idea"]

    response = editor.post(ADD, data)

    assert response.status_code == 302
    plan = PlannedStory.objects.get()
    assert plan.reporter == people["reporter"] and plan.created_by == people["editor"]
    # Giving an idea a reporter assigns it, on a new plan too.
    assert plan.status == PlannedStory.Status.ASSIGNED
    assert plan.languages == ["en", "de"]
    # Typed on the newsroom's clock (Mexico City, UTC−6).
    assert plan.target_at == datetime.datetime(2026, 12, 11, 5, 30, tzinfo=datetime.UTC)


def test_an_editor_changes_and_deletes_any_story(people, plan):
    editor = client_of(people["editor"])
    _page, data = open_form(editor, change_url(plan), "plannedstory_form")
    data["working_title"] = ["Tachi-S: 700 jobs in Aguascalientes"]

    assert editor.post(change_url(plan), data).status_code == 302
    assert stored(plan).working_title == "Tachi-S: 700 jobs in Aguascalientes"

    delete = f"{LIST}{plan.pk}/delete/"
    get_page(editor, delete)
    assert editor.post(delete, {"post": "yes"}).status_code == 302
    assert not PlannedStory.objects.exists()


def test_an_administrator_plans_as_an_editor_does(people, plan):
    administrator = client_of(people["administrator"])
    page = get_page(administrator, change_url(plan))
    assert page.find("input", name="working_title")
    assert page.find("select", name="reporter")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_reporter_adds_an_idea_which_stays_an_idea_without_an_assignment(people, section, language):
    reporter = client_of(people["reporter"], language)
    page, data = open_form(reporter, ADD, "plannedstory_form")
    assert not page.find_all("select", name="status")
    assert not page.find_all("select", name="reporter")
    data.update({"working_title": ["Jatco's new transmission line"], "section": [str(section.pk)]})
    # Forged: fields the form does not offer a reporter.
    data.update({"status": ["edited"], "reporter": [str(people["colleague"].pk)]})

    assert reporter.post(ADD, data).status_code == 302

    idea = PlannedStory.objects.get()
    assert idea.status == PlannedStory.Status.IDEA
    assert idea.reporter is None
    assert idea.created_by == people["reporter"]


def test_a_reporter_moves_their_assignment_along_and_changes_nothing_else(people, plan):
    reporter = client_of(people["reporter"])
    page, data = open_form(reporter, change_url(plan), "plannedstory_form")
    offered = [option["value"] for option in page.find("select", name="status").find_all("option")]
    assert offered == ["assigned", "in_progress", "filed"]
    data["status"] = ["filed"]
    # Forged: the title is read-only for them.
    data["working_title"] = ["Something else"]

    assert reporter.post(change_url(plan), data).status_code == 302

    assert stored(plan).status == PlannedStory.Status.FILED
    assert stored(plan).working_title == plan.working_title


def test_a_reporter_cannot_mark_their_assignment_edited(people, plan):
    reporter = client_of(people["reporter"])
    _page, data = open_form(reporter, change_url(plan), "plannedstory_form")
    data["status"] = ["edited"]

    response = reporter.post(change_url(plan), data)

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert stored(plan).status == PlannedStory.Status.ASSIGNED


def test_an_editors_status_stays_when_the_reporter_forges_an_earlier_one(people, plan):
    PlannedStory.objects.filter(pk=plan.pk).update(status=PlannedStory.Status.EDITED)
    reporter = client_of(people["reporter"])
    page, data = open_form(reporter, change_url(plan), "plannedstory_form")
    assert not page.find_all("select", name="status")
    # Forged: the status is read-only for them once the editor has it.
    data["status"] = ["assigned"]

    assert reporter.post(change_url(plan), data).status_code == 302

    assert stored(plan).status == PlannedStory.Status.EDITED


def test_a_reporter_moves_their_assignment_forward_only(people, plan):
    PlannedStory.objects.filter(pk=plan.pk).update(status=PlannedStory.Status.IN_PROGRESS)
    reporter = client_of(people["reporter"])
    page, data = open_form(reporter, change_url(plan), "plannedstory_form")
    offered = [option["value"] for option in page.find("select", name="status").find_all("option")]
    assert offered == ["in_progress", "filed"]
    data["status"] = ["assigned"]

    response = reporter.post(change_url(plan), data)

    assert response.status_code == 200
    assert parse(response).find("div", class_="field-status").find_all("ul", class_="errorlist")
    assert stored(plan).status == PlannedStory.Status.IN_PROGRESS


def test_a_reporter_given_an_idea_moves_it_to_any_of_their_statuses(people, plan):
    PlannedStory.objects.filter(pk=plan.pk).update(status=PlannedStory.Status.IDEA)
    reporter = client_of(people["reporter"])
    page, data = open_form(reporter, change_url(plan), "plannedstory_form")
    offered = [option["value"] for option in page.find("select", name="status").find_all("option")]
    assert offered == ["idea", "assigned", "in_progress", "filed"]
    data["status"] = ["in_progress"]

    assert reporter.post(change_url(plan), data).status_code == 302

    assert stored(plan).status == PlannedStory.Status.IN_PROGRESS


def test_a_colleagues_assignment_is_read_only_for_a_reporter_and_a_forged_post_is_refused(people, plan):
    colleague = client_of(people["colleague"])
    page = get_page(colleague, change_url(plan))
    assert not page.find_all("select", name="status")
    _page, data = open_form(client_of(people["reporter"]), change_url(plan), "plannedstory_form")
    data["status"] = ["filed"]

    response = colleague.post(change_url(plan), data)

    assert response.status_code == 403
    assert stored(plan).status == PlannedStory.Status.ASSIGNED


def test_a_reporter_cannot_delete(people, plan):
    reporter = client_of(people["reporter"])
    assert reporter.get(f"{LIST}{plan.pk}/delete/").status_code == 403
    assert reporter.post(f"{LIST}{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    forged = reporter.post(LIST, {"action": "delete_selected", "_selected_action": [plan.pk], "post": "yes"})
    assert forged.status_code == 403
    assert PlannedStory.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_translator_reads_the_board_and_changes_nothing(people, plan, language):
    translator = client_of(people["translator"], language)
    assert plan.working_title in get_page(translator, LIST).text
    assert plan.working_title in get_page(translator, CALENDAR).text
    page = get_page(translator, change_url(plan))
    assert not page.find_all("input", name="working_title")
    assert translator.get(ADD).status_code == 403

    assert translator.post(ADD, {"working_title": ["Forged"]}).status_code == 403
    data = form_data(get_page(client_of(people["editor"]), change_url(plan)), "plannedstory_form")
    data["status"] = ["dropped"]
    assert translator.post(change_url(plan), data).status_code == 403
    assert translator.post(f"{LIST}{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    assert translator.post(change_url(plan), {**data, "_create_article": ["1"]}).status_code == 403
    assert stored(plan).status == PlannedStory.Status.ASSIGNED
    assert PlannedStory.objects.count() == 1


def test_without_a_role_there_is_no_entry(people, plan):
    nobody = client_of(people["nobody"])
    for url in (LIST, CALENDAR, change_url(plan), ADD):
        response = nobody.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert nobody.post(ADD, {"working_title": ["Forged"]}).status_code == 302
    assert PlannedStory.objects.count() == 1


def test_staff_without_a_planning_permission_is_refused(people, plan):
    staff = client_of(people["nobody"])
    people["nobody"].is_staff = True
    people["nobody"].save()
    for url in (LIST, CALENDAR, change_url(plan), ADD):
        assert staff.get(url).status_code == 403


def test_the_board_has_no_public_address(client, plan):
    for url in ("/en/planning/", "/de/planning/", f"/en/planning/{plan.pk}/"):
        assert client.get(url).status_code == 404


def planning_permissions(group) -> list[str]:
    return sorted(group.permissions.filter(content_type__app_label="planning").values_list("codename", flat=True))


def test_the_migration_gives_each_role_its_planning_permissions():
    granted = {
        group.name: planning_permissions(group)
        for group in Group.objects.filter(name__in=["Translator", "Reporter", "Editor", "Administrator"])
    }
    everything = ["add_plannedstory", "assign_plannedstory", "change_plannedstory", "delete_plannedstory"]
    assert granted == {
        "Translator": ["view_plannedstory"],
        "Reporter": ["add_plannedstory", "change_plannedstory", "view_plannedstory"],
        "Editor": [*everything, "view_plannedstory"],
        "Administrator": [*everything, "view_plannedstory"],
    }
