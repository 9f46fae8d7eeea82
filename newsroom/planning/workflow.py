"""What the planning board does to other things: an article made from a planned story."""

import reversion
from django.db import transaction
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.models import Article, Author, Byline
from newsroom.translations.models import Translation
from newsroom.translations.workflow import ensure_translation_rows

from .models import PlannedStory


def create_article(plan: PlannedStory, *, by) -> Article:
    """A draft from the plan, linked to it: its working title as the headline in the original language,
    its section and events; the reporter's (created by them and under their byline, so that it is in
    their drafts and theirs to change), and its translations assigned to the plan's translator. The
    plan moves to "in progress" if it was not further along."""
    with transaction.atomic(), reversion.create_revision():
        plan = PlannedStory.objects.select_for_update().get(pk=plan.pk)
        if plan.article_id is not None:
            return plan.article
        writer = plan.reporter or by
        article = Article(
            section=plan.section,
            original_language=plan.original_language,
            status=Article.Status.DRAFT,
            created_by=writer,
        )
        setattr(article, build_localized_fieldname("headline", plan.original_language), plan.working_title)
        article.save()
        article.events.set(plan.events.all())
        author = Author.objects.filter(user=writer).first()
        if author is not None:
            Byline.objects.create(article=article, author=author)
        if plan.translator_id is not None and plan.translation_languages:
            ensure_translation_rows(article)
            Translation.objects.for_model(Article).filter(
                object_id=article.pk, language__in=plan.translation_languages
            ).update(assigned_to=plan.translator)
        plan.article = article
        if plan.status in (PlannedStory.Status.IDEA, PlannedStory.Status.ASSIGNED):
            plan.status = PlannedStory.Status.IN_PROGRESS
        plan.save(update_fields=["article", "status", "updated_at"])
        reversion.set_user(by)
        reversion.set_comment(gettext("Created from the planning board."))
        reversion.add_to_revision(article)
    return article
