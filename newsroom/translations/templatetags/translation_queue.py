from django import template
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language_info

from newsroom.translations.models import Translation
from newsroom.translations.workflow import is_translator_without_language, language_givers, languages_translated_by

register = template.Library()

QUEUE_COLUMNS = [
    *((state, label) for state, label in Translation.State.choices if state != Translation.State.COMPLETE),
    ("unreleased", Translation.unreleased_label),
]


@register.simple_tag(takes_context=True)
def translation_queue(context):
    """Per language the user translates into: how many translations are missing, in progress,
    outdated, and complete but not released, for the admin's index page."""
    request = context["request"]
    queue_admin = admin.site._registry.get(Translation)
    languages = languages_translated_by(request.user)
    if queue_admin is None or not languages or not queue_admin.has_view_permission(request):
        return []
    rows = (
        queue_admin.get_queryset(request)
        .filter(
            Q(state__in=Translation.TO_DO_STATES)
            | Q(state=Translation.State.COMPLETE) & (Q(released_at__isnull=True) | ~Q(pending={}))
        )
        .order_by()
        .values("language", "state")
        .annotate(count=Count("pk"), unreleased=Count("pk", filter=Q(released_at__isnull=True) | ~Q(pending={})))
    )
    counts = {code: dict.fromkeys([*Translation.State.values, "unreleased"], 0) for code in languages}
    for row in rows:
        counts[row["language"]][row["state"]] += row["count"]
        if row["state"] == Translation.State.COMPLETE:
            counts[row["language"]]["unreleased"] += row["unreleased"]
    url = reverse("admin:translations_translation_changelist")
    return [
        {
            "language": code,
            "name": get_language_info(code)["name_translated"],
            "states": [
                {
                    "state": state,
                    "label": label,
                    "count": counts[code][state],
                    "url": f"{url}?language={code}&state={state}",
                }
                for state, label in QUEUE_COLUMNS
            ],
        }
        for code in languages
    ]


@register.simple_tag(takes_context=True)
def no_language_hint(context):
    """For a translator with no language yet, whom to ask for one (their queue can only be empty)."""
    user = context["request"].user
    return {"ask": language_givers()} if is_translator_without_language(user) else None
