"""Publishing or scheduling an article: the message says what readers now get and from when, an
article without text never reaches readers, and what a reader would miss (a byline, a standfirst)
is said when it first goes out."""

import datetime

import pytest
from django.test import Client
from django.utils import formats, timezone

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, InterviewExchangeFactory, SectionFactory
from tests.pages import change_url, get_page, open_form, parse

pytestmark = pytest.mark.django_db

HEADLINE = "Mazda will add a second shift in Salamanca"


def post(client, url, button="_save", **changes):
    _page, data = open_form(client, url, "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data[button] = ["1"]
    return client.post(url, data)


def messages_after(client, response) -> dict[str, list[str]]:
    page = get_page(client, response["Location"])
    return {level: page.texts("li", class_=level) for level in ("success", "warning")}


def draft(**fields):
    return ArticleFactory(**{"status": Article.Status.DRAFT, "published_at": None, "headline_en": HEADLINE, **fields})


def test_publishing_a_draft_says_that_readers_now_see_it_and_links_it(editor):
    article = draft(authors=[AuthorFactory()])

    response = post(editor, change_url(article), status="published")

    assert response.status_code == 302
    shown = messages_after(editor, response)
    assert shown["success"] == [f"Published: readers now see “{HEADLINE}”. View it"]
    assert shown["warning"] == []
    assert Client().get(article.url_in("en")).status_code == 200


def test_scheduling_a_draft_says_from_when_readers_get_it(editor):
    article = draft(authors=[AuthorFactory()])
    when = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)

    response = post(
        editor,
        change_url(article),
        "_continue",
        status="published",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1="06:00:00",
    )

    assert response["Location"] == change_url(article)
    time = formats.date_format(when, "DATETIME_FORMAT")
    assert messages_after(editor, response)["success"] == [f"Scheduled: readers get “{HEADLINE}” from {time} on."]


def test_unscheduling_says_readers_will_not_get_it(editor):
    article = ArticleFactory(headline_en=HEADLINE, published_at=timezone.now() + datetime.timedelta(days=1))

    response = post(editor, change_url(article), status="in_review")

    assert messages_after(editor, response)["success"] == [f"No longer scheduled: readers do not get “{HEADLINE}”."]


def test_saving_a_draft_keeps_djangos_message(editor):
    article = draft()

    response = post(editor, change_url(article), standfirst_en="The plant hires 500 people.")

    assert messages_after(editor, response)["success"] == [f"The article “{HEADLINE}” was changed successfully."]


def test_a_new_article_published_at_once_says_so_and_what_it_lacks(editor):
    section = SectionFactory()
    url = "/admin/articles/article/add/"

    response = post(
        editor,
        url,
        headline_en=HEADLINE,
        body_en="<p>The plant in Salamanca hires 500 people.</p>",
        section=str(section.pk),
        status="published",
    )

    assert response.status_code == 302
    shown = messages_after(editor, response)
    assert shown["success"] == [f"Published: readers now see “{HEADLINE}”. View it"]
    assert shown["warning"] == [
        f"Readers get “{HEADLINE}” without: Byline, Standfirst. Add what it needs, unless that is meant so."
    ]


@pytest.mark.parametrize("body", ["", "<p></p>", "<p>&nbsp;</p>"])
def test_an_article_without_text_is_never_published_and_keeps_what_was_typed(editor, body):
    article = draft(body_en="<p>Old text.</p>")

    response = post(editor, change_url(article), status="published", body_en=body, standfirst_en="The plant hires.")

    assert response.status_code == 200
    page = parse(response)
    error = page.find("ul", class_="errorlist", id="id_body_en_error").text
    assert error == "Readers would get this article without its text: write the body first, or keep it as a draft."
    assert page.find("textarea", name="standfirst_en").text == "The plant hires."
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_draft_without_text_can_still_be_saved(editor):
    article = draft()

    response = post(editor, change_url(article), body_en="")

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body_en == ""


def test_publishing_the_changes_of_a_live_article_needs_its_text_too(editor):
    article = ArticleFactory(headline_en=HEADLINE)

    refused = post(editor, change_url(article), "_publish_changes", body_en="")
    kept_back = post(editor, change_url(article), "_save_without_publishing", body_en="")

    assert "save without publishing" in parse(refused).find("ul", id="id_body_en_error").text
    assert kept_back.status_code == 302
    assert "The programme runs for two weeks." in Client().get(article.url_in("en")).content.decode()


def test_an_interview_needs_a_question_with_its_answer_or_a_body(editor):
    interview = draft(kind=Article.Kind.INTERVIEW, body_en="")

    refused = post(editor, change_url(interview), status="published")
    page = parse(refused)
    # By the body, where it is seen: the questions' group is folded away.
    assert "add a question with its answer, or write a body" in page.find("ul", id="id_body_en_error").text
    assert Article.objects.get(pk=interview.pk).status == Article.Status.DRAFT

    InterviewExchangeFactory(article=interview)
    published = post(editor, change_url(interview), status="published")
    assert published.status_code == 302
    assert Article.objects.get(pk=interview.pk).is_published


def test_the_publish_action_holds_back_articles_without_text(editor):
    empty, written = draft(body_en=""), draft(headline_en="Nissan hires in Aguascalientes")

    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [empty.pk, written.pk], "index": "0"},
        follow=True,
    )

    assert Article.objects.get(pk=written.pk).is_published
    assert Article.objects.get(pk=empty.pk).status == Article.Status.DRAFT
    warnings = parse(response).texts("li", class_="warning")
    assert warnings == ["1 article without its text was not published: open it and write its text."]


def test_the_publish_action_counts_each_article_once_whether_or_not_it_had_a_time(editor):
    timed = draft(headline_en="Nissan hires in Aguascalientes", published_at=timezone.now() - datetime.timedelta(1))
    untimed = draft()

    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [timed.pk, untimed.pk], "index": "0"},
        follow=True,
    )

    assert parse(response).texts("li", class_="success") == ["2 articles published."]
    assert Article.objects.published().count() == 2
