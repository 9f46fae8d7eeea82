"""The desk's verbs (newsroom/editorial/workflow.py) and the states they move articles between,
each named once on the QuerySet."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Correction
from newsroom.editorial import workflow
from newsroom.editorial.models import HumanReview, PendingChange, Transition
from newsroom.places.models import Place
from newsroom.translations.models import Translation
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, ReporterFactory, TranslatorFactory

pytestmark = pytest.mark.django_db


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


def test_each_article_is_in_exactly_one_state_and_its_twin_for_one_article_agrees():
    now = timezone.now()
    articles = {
        "draft": draft(),
        "in_review": ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None),
        "live": ArticleFactory(published_at=now - datetime.timedelta(hours=1)),
        "scheduled": ArticleFactory(published_at=now + datetime.timedelta(hours=1)),
        "unpublished": ArticleFactory(status=Article.Status.UNPUBLISHED),
    }
    states = {
        "draft": Article.objects.drafts(),
        "in_review": Article.objects.in_review(),
        "live": Article.objects.published(),
        "scheduled": Article.objects.scheduled(),
        "unpublished": Article.objects.unpublished(),
    }
    for name, queryset in states.items():
        assert list(queryset) == [articles[name]], name
    for name, article in articles.items():
        assert Article.publication_state(article.status, article.published_at) == name
    assert set(Article.objects.being_written()) == {articles["draft"], articles["in_review"]}


def test_written_by_means_created_by_or_carrying_the_byline_and_the_one_article_twin_agrees():
    rita = ReporterFactory(username="rita")
    created = draft(created_by=rita)
    bylined = draft(authors=[AuthorFactory(user=rita)])
    other = draft()
    assert set(Article.objects.written_by(rita)) == {created, bylined}
    assert [a.is_written_by(rita) for a in (created, bylined, other)] == [True, True, False]


def test_a_translator_sees_a_draft_in_the_admin_only_once_its_translation_is_assigned_to_them():
    translator = TranslatorFactory(username="tomas")
    hidden, assigned, live = draft(), draft(), ArticleFactory()
    Translation.objects.for_model(Article).filter(object_id=assigned.pk).update(assigned_to=translator)
    assert set(Article.objects.visible_in_admin_to(translator)) == {assigned, live}
    assert hidden in Article.objects.visible_in_admin_to(EditorFactory())


def test_the_translation_queue_is_told_drafts_are_hidden_from_translators_and_nothing_else_is():
    translator = TranslatorFactory(username="tomas")
    hidden = draft()
    ArticleFactory()
    assert list(Article.objects.hidden_in_admin_from(translator)) == [hidden]
    assert Article.objects.hidden_in_admin_from(EditorFactory()) is None
    assert Place.objects.hidden_in_admin_from(translator) is None


def test_send_back_records_its_comment_and_the_draft_counts_as_sent_back_until_it_is_submitted_again():
    rita, ines = ReporterFactory(username="rita"), EditorFactory(username="ines")
    article = draft(created_by=rita)
    workflow.submit(article, by=rita)
    assert not Article.objects.sent_back().exists()

    transition = workflow.send_back(article, by=ines, comment="Check the figure with the cluster.")

    assert (transition.from_status, transition.to_status, transition.by) == ("in_review", "draft", ines)
    assert list(Article.objects.sent_back()) == [article]
    assert Article.objects.with_send_back_note().get(pk=article.pk).send_back_note == transition.comment
    assert workflow.sent_back_by(article) == transition
    workflow.submit(article, by=rita)
    assert not Article.objects.sent_back().exists()
    assert Article.objects.with_send_back_note().get(pk=article.pk).send_back_note is None
    assert article.transitions.count() == 3


def test_publishing_holds_back_an_unreviewed_ai_text_and_an_article_without_text_and_records_the_rest():
    ines = EditorFactory(username="ines")
    ready = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None)
    unreviewed = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, is_reported_by_ai=True)
    empty = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, body_en="")

    done = workflow.publish(Article.objects.filter(pk__in=[ready.pk, unreviewed.pk, empty.pk]), by=ines)

    assert (done.count, done.unreviewed, done.without_text) == (1, [unreviewed.pk], [empty.pk])
    assert list(Article.objects.published()) == [ready]
    assert list(Transition.objects.values_list("article", "to_status", "by")) == [(ready.pk, "published", ines.pk)]

    workflow.record_review(unreviewed, by=ines)
    assert workflow.publish(Article.objects.filter(pk=unreviewed.pk), by=ines).count == 1
    assert HumanReview.objects.get().reviewed_by == ines


def test_unpublishing_records_the_change_and_drops_changes_waiting_for_the_live_version():
    ines = EditorFactory(username="ines")
    article = ArticleFactory()
    PendingChange.objects.create(article=article, data={"fields": {"headline_en": "New"}}, saved_by=ines)

    assert workflow.unpublish(Article.objects.filter(pk=article.pk), by=ines) == 1

    assert not PendingChange.objects.exists()
    assert Transition.objects.get().to_status == "unpublished"


def test_a_correction_is_shown_from_its_time_on_everywhere_the_rule_is_asked():
    article = ArticleFactory()
    now = timezone.now()
    shown = Correction.objects.create(article=article, text_en="Shown.", published_at=now - datetime.timedelta(1))
    ahead = Correction.objects.create(article=article, text_en="Ahead.", published_at=now + datetime.timedelta(1))
    assert list(Correction.objects.shown()) == [shown]
    assert list(Correction.objects.still_to_come()) == [ahead]
    assert list(Correction.objects.visible()) == [shown]
    assert [shown.is_shown_at(now), ahead.is_shown_at(now)] == [True, False]
    draft_note = Correction.objects.create(article=draft(), text_en="On a draft.", published_at=now)
    assert draft_note not in Correction.objects.visible()
