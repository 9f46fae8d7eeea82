"""The editors' dashboard on the admin's index page: the newsroom's work in progress at a glance."""

import datetime

from django import template
from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

from newsroom.articles.models import Article, Correction
from newsroom.editorial import workflow
from newsroom.editorial.models import PendingChange
from newsroom.images import rights
from newsroom.translations.admin.base import person_name as full_person_name

register = template.Library()

SHOWN = 8


@register.simple_tag(takes_context=True)
def editorial_dashboard(context):
    """Lists for the index page, each from the articles this user may see in the admin (so a
    translator's dashboard holds no drafts), each a few rows and a link to the whole list."""
    request = context["request"]
    article_admin = admin.site._registry.get(Article)
    if article_admin is None or not article_admin.has_view_permission(request):
        return {}
    # Each row names itself in the admin's language from its `readable_in` column.
    articles = article_admin.get_queryset(request).select_related("section").prefetch_related(None)
    changelist = reverse("admin:articles_article_changelist")
    # Why a draft came back to its writer: the comment on its last change of status, if any.
    my_drafts = articles.being_written().written_by(request.user).with_send_back_note().order_by("-updated_at")
    # Who writes sees drafts, reviews and changes waiting; a translator, who never does, sees what
    # readers get and will get, after their queue.
    writes = request.user.has_perm("articles.add_article")
    dashboard = {
        "writes": writes,
        "my_drafts": {"rows": list(my_drafts[:SHOWN]) if writes else [], "url": f"{changelist}?mine=1"},
        "in_review": {
            "rows": list(articles.in_review().order_by("updated_at")[:SHOWN]) if writes else [],
            "url": f"{changelist}?publication={Article.Status.IN_REVIEW}",
        },
        # Embargoed articles, whatever their status, with who wrote them: the source's terms bind
        # the desk until then. Listed there, not again among the scheduled.
        "embargoes": {
            "rows": list(articles.embargoed().select_related("created_by").order_by("embargo_until", "id")[:SHOWN]),
            "url": f"{changelist}?publication=embargoed",
        },
        "scheduled": {
            "rows": list(
                articles.scheduled().exclude(embargo_until__gt=timezone.now()).order_by("published_at")[:SHOWN]
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
    # Pictures are the editors' to replace, or their licences to extend.
    if request.user.has_perm("articles.publish_article"):
        dashboard["licences_ending"] = rights.licences_ending()
        dashboard["licences_ended"] = rights.licences_ended()
    return dashboard


@register.filter
def admin_change_url(obj) -> str:
    """The admin page of any object: an article, an event, a person, an author, an organization."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@register.filter
def last_day_in_words(day) -> str:
    """An image licence's last day as editors read it: "last day: today", "… tomorrow", "…
    Thursday, 10 December", or "last day was …" once it passed."""
    today = timezone.localdate()
    if day == today:
        return gettext("last day: today")
    if day == today + datetime.timedelta(days=1):
        return gettext("last day: tomorrow")
    shown = pgettext("date of a licence's last day, PHP date format", "l, j F")
    words = formats.date_format(day, shown if day.year == today.year else "DATE_FORMAT")
    if day < today:
        return gettext("last day was %(day)s") % {"day": words}
    return gettext("last day: %(day)s") % {"day": words}


@register.filter
def newsroom_time(moment) -> str:
    """A time in the newsroom's zone, named: an embargo binds at the source's second, wherever the editor is."""
    return workflow.newsroom_time(moment)


@register.filter
def person_name(user) -> str:
    return full_person_name(user)
