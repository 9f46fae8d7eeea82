"""The editors' dashboard on the admin's index page: the newsroom's work in progress at a glance."""

from django import template
from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from newsroom.articles.models import Article, Byline, Correction
from newsroom.editorial.models import PendingChange, Transition

register = template.Library()

SHOWN = 8


def mine(user) -> Q:
    # A semi-join rather than a join and DISTINCT: the drafts stay found by their status's index.
    return Q(created_by=user) | Q(Exists(Byline.objects.filter(article=OuterRef("pk"), author__user=user)))


@register.simple_tag(takes_context=True)
def editorial_dashboard(context):
    """Lists for the index page, each from the articles this user may see in the admin (so a
    translator's dashboard holds no drafts), each a few rows and a link to the whole list."""
    request = context["request"]
    article_admin = admin.site._registry.get(Article)
    if article_admin is None or not article_admin.has_view_permission(request):
        return {}
    now = timezone.now()
    # Each row names itself in the admin's language from its `readable_in` column.
    articles = article_admin.get_queryset(request).select_related("section").prefetch_related(None)
    changelist = reverse("admin:articles_article_changelist")
    # Why a draft came back to its writer: the comment on its last change of status, if any.
    sent_back = Transition.objects.filter(
        article=OuterRef("pk"), to_status=Article.Status.DRAFT, from_status=Article.Status.IN_REVIEW
    )
    my_drafts = (
        articles.filter(mine(request.user), status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW])
        .annotate(was_sent_back=Exists(sent_back))
        .order_by("-updated_at")
    )
    # Who writes sees drafts, reviews and changes waiting; a translator, who never does, sees what
    # readers get and will get, after their queue.
    writes = request.user.has_perm("articles.add_article")
    dashboard = {
        "writes": writes,
        "my_drafts": {"rows": list(my_drafts[:SHOWN]) if writes else [], "url": f"{changelist}?mine=1"},
        "in_review": {
            "rows": list(articles.filter(status=Article.Status.IN_REVIEW).order_by("updated_at")[:SHOWN])
            if writes
            else [],
            "url": f"{changelist}?publication={Article.Status.IN_REVIEW}",
        },
        "scheduled": {
            "rows": list(
                articles.filter(status=Article.Status.PUBLISHED, published_at__gt=now).order_by("published_at")[:SHOWN]
            ),
            "url": f"{changelist}?publication=scheduled",
        },
        "published": {
            "rows": list(articles.published().order_by("-published_at")[:SHOWN]),
            "url": f"{changelist}?publication=live",
        },
        "waiting": {
            "rows": list(
                PendingChange.objects.filter(article__in=articles.values("pk"))
                .select_related("saved_by")
                .order_by(F("publish_at").asc(nulls_last=True), "saved_at")[:SHOWN]
            )
            if writes
            else [],
            "url": f"{changelist}?publication=waiting",
        },
        "corrections": {
            "rows": list(
                Correction.objects.filter(article__in=articles.values("pk")).order_by("-published_at", "-id")[:SHOWN]
            ),
            "url": reverse("articles:corrections"),
        },
    }
    # The articles of notes and waiting changes, in one query.
    linked = [*dashboard["corrections"]["rows"], *dashboard["waiting"]["rows"]]
    named = articles.in_bulk({row.article_id for row in linked})
    for row in linked:
        row.article = named[row.article_id]
    # Why a draft came back, for drafts whose last change of status was an editor sending it back.
    sent_back_rows = [a.pk for a in dashboard["my_drafts"]["rows"] if a.was_sent_back and a.status == "draft"]
    comments = {}
    for transition in Transition.objects.filter(article_id__in=sent_back_rows).order_by("at", "id"):
        sent_back = (transition.from_status, transition.to_status) == (Article.Status.IN_REVIEW, Article.Status.DRAFT)
        comments[transition.article_id] = transition.comment if sent_back else ""
    for article in dashboard["my_drafts"]["rows"]:
        article.last_comment = comments.get(article.pk, "")
    return dashboard
