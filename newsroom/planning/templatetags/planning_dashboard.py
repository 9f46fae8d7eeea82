"""The planning board's part of the admin's index page: my assignments, and next week's events
that no story covers yet."""

from django import template
from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils.http import urlencode

from .. import periods
from ..coverage import uncovered_events, uncovered_events_url
from ..models import PlannedStory

register = template.Library()

SHOWN = 8


@register.simple_tag(takes_context=True)
def planning_dashboard(context):
    """A few rows of each and a link to the whole list; nothing for who may not see the board.
    Three queries whatever the number of stories and events."""
    request = context["request"]
    model_admin = admin.site._registry.get(PlannedStory)
    if model_admin is None or not model_admin.has_view_permission(request):
        return {}
    user = request.user
    assignments = (
        PlannedStory.objects.still_open()
        .assigned_to(user)
        .select_related("section")
        .order_by(F("target_at").asc(nulls_last=True), "pk")
    )
    rows = list(assignments[: SHOWN + 1])
    for plan in rows:
        plan.role = "reporter" if plan.reporter_id == user.pk else "translator"
    dashboard = {
        "assignments": rows[:SHOWN],
        "more_assignments": len(rows) > SHOWN,
        "assignments_url": reverse("admin:planning_plannedstory_changelist") + "?" + urlencode({"mine": "1"}),
        "calendar_url": reverse("admin:planning_plannedstory_calendar"),
    }
    if user.has_perm("events.view_event"):
        next_week = periods.Period.this_week().shifted(1)
        uncovered = uncovered_events(next_week)
        dashboard["uncovered_count"] = uncovered.count()
        dashboard["uncovered"] = list(uncovered[:SHOWN]) if dashboard["uncovered_count"] else []
        dashboard["uncovered_url"] = uncovered_events_url(next_week)
        dashboard["can_plan"] = model_admin.has_add_permission(request)
    return dashboard
