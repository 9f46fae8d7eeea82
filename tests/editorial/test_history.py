"""Every change of an article's status is kept with who, when and why, and its history page lists them."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.editorial.models import Transition
from tests.factories import ArticleFactory, EditorFactory
from tests.pages import change_url, get_page, open_form

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def editor(client):
    client.force_login(EditorFactory(username="ines"))
    return client


def history_rows(client, article):
    page = get_page(client, f"/admin/articles/article/{article.pk}/history/")
    table = page.find("section", class_="editorial-history").find_all("table")
    return (
        [[cell.text for cell in row.find_all("td")] for row in table[0].find("tbody").find_all("tr")] if table else []
    )


def test_an_editor_sending_a_draft_back_leaves_the_reason_in_the_history(editor):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(status=["draft"], _transition_comment=["Please check the job figures with the cluster."])

    assert editor.post(change_url(article), data).status_code == 302

    transition = Transition.objects.get(article=article)
    assert (transition.from_status, transition.to_status, transition.by.username) == ("in_review", "draft", "ines")
    rows = history_rows(editor, article)
    assert len(rows) == 1
    assert rows[0][1:] == ["In review → Draft", "ines", "Please check the job figures with the cluster."]


def test_a_save_that_keeps_the_status_records_no_transition(editor):
    article = ArticleFactory()
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(standfirst_en=["A better standfirst."])

    assert editor.post(change_url(article), data).status_code == 302

    assert not Transition.objects.filter(article=article).exists()
    assert history_rows(editor, article) == []


def test_scheduling_in_the_form_is_recorded_as_scheduled_with_its_time(editor):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
    publish_at = timezone.localtime() + datetime.timedelta(days=2)
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(
        status=["published"],
        published_at_0=[publish_at.strftime("%Y-%m-%d")],
        published_at_1=[publish_at.strftime("%H:%M:%S")],
    )

    assert editor.post(change_url(article), data).status_code == 302

    (row,) = history_rows(editor, article)
    assert row[1].startswith("In review → Scheduled (")


def test_the_publish_and_unpublish_actions_record_a_transition_per_article(editor):
    drafts = [ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None) for _ in range(2)]
    live = ArticleFactory()

    editor.post(CHANGELIST, {"action": "publish", "_selected_action": [a.pk for a in [*drafts, live]], "index": "0"})
    editor.post(CHANGELIST, {"action": "unpublish", "_selected_action": [drafts[0].pk], "index": "0"})

    assert [t.to_status for t in Transition.objects.filter(article=drafts[0])] == ["unpublished", "published"]
    assert [t.to_status for t in Transition.objects.filter(article=drafts[1])] == ["published"]
    assert not Transition.objects.filter(article=live).exists()  # it was published already


def test_a_new_article_records_its_first_status(editor):
    from tests.factories import SectionFactory

    section = SectionFactory()
    _page, data = open_form(editor, "/admin/articles/article/add/", "article_form")
    data.update(headline_en=["Mazda hires"], body_en=["<p>In Salamanca.</p>"], section=[str(section.pk)])

    assert editor.post("/admin/articles/article/add/", data).status_code == 302

    (transition,) = Transition.objects.filter(article__headline_en="Mazda hires")
    assert (transition.from_status, transition.to_status) == ("", "draft")


def test_a_reporter_is_not_offered_a_comment_on_an_article_they_cannot_change(client):
    client.force_login(EditorFactory(username="rita", can_publish=False))
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    _page, data = open_form(client, change_url(article), "article_form")

    assert "_transition_comment" not in data


# Roles


def test_the_roles_exist_and_only_an_administrator_manages_accounts():
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.all()}
    assert {"Translator", "Reporter", "Editor", "Administrator"} <= set(groups)
    codenames = {name: set(group.permissions.values_list("codename", flat=True)) for name, group in groups.items()}
    assert "add_user" in codenames["Administrator"] and "add_user" not in codenames["Editor"]
    assert "publish_article" in codenames["Administrator"] and "publish_article" in codenames["Editor"]
    assert "publish_article" not in codenames["Reporter"] and "change_article" not in codenames["Translator"]


def test_a_writer_opening_a_draft_that_came_back_reads_why_on_its_form(editor):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(status=["draft"], _transition_comment=["Name the car-parts makers, please."])
    editor.post(change_url(article), data)

    notice = get_page(editor, change_url(article)).find("div", class_="sent-back")

    assert "Name the car-parts makers, please." in notice.text and "ines" in notice.text
