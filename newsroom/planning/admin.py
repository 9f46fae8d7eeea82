"""The planning board in the admin: the list, the calendar, and who may change what.

Editors (and administrators) plan, assign and change every story. A reporter adds ideas, changes
their own idea while it is one, and moves their own assignment along (its status only). A
translator reads the board. Each rule is checked per object on the server: a form only shows what
its user may change, and a POST of anything else is refused.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.edit_conflicts import EditConflictAdminMixin, EditConflictForm
from newsroom.events.models import Event
from newsroom.ids import parse_id
from newsroom.roles import ADMINISTRATOR, EDITOR, REPORTER, TRANSLATOR
from newsroom.translations.admin.base import person_name, refuse_unoffered_actions
from newsroom.translations.models import LANGUAGE_CODES
from newsroom.translations.templatetags.reader_language import lang_attribute

from . import periods, workflow
from .coverage import uncovered_events
from .models import PlannedStory

ASSIGN_PERMISSION = "planning.assign_plannedstory"
# Unscheduled stories shown under the calendar; the rest are a click away on the list.
UNSCHEDULED_SHOWN = 20
# Events without a story shown in a week; a week holds fewer in practice.
UNCOVERED_SHOWN = 50
# Fields a reporter fills when adding an idea, and may change while it is their idea.
IDEA_FIELDS = ("working_title", "original_language", "languages", "notes", "section", "target_at", "events")
# The change form's button that saves the plan and then makes its article.
CREATE_ARTICLE = "_create_article"


def can_plan(user) -> bool:
    """Editors and administrators: they assign stories and change every one."""
    return user.has_perm(ASSIGN_PERMISSION)


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PlannedStory.Status.choices

    def queryset(self, request, queryset):
        if self.value() in PlannedStory.Status.values:
            return queryset.filter(state=self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("assignment")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Assigned to me"))]

    def queryset(self, request, queryset):
        return queryset.assigned_to(request.user) if self.value() == "1" else queryset


class WhenFilter(admin.SimpleListFilter):
    """The target publish time as the desk speaks of it, each day on the newsroom's clock."""

    title = _("target date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("tomorrow", _("Tomorrow")),
            ("this_week", _("This week")),
            ("next_week", _("Next week")),
            ("past", _("Before today")),
            ("none", _("Not scheduled")),
        ]

    def queryset(self, request, queryset):
        today = periods.Period(periods.DAY, periods.newsroom_today())
        this_week = periods.Period.this_week()
        ranges = {
            "today": today.bounds(),
            "tomorrow": today.shifted(1).bounds(),
            "this_week": this_week.bounds(),
            "next_week": this_week.shifted(1).bounds(),
        }
        if self.value() in ranges:
            start, end = ranges[self.value()]
            return queryset.filter(target_at__gte=start, target_at__lt=end)
        if self.value() == "past":
            return queryset.filter(target_at__lt=today.bounds()[0])
        if self.value() == "none":
            return queryset.filter(target_at__isnull=True)
        return queryset


class UserFilter(admin.SimpleListFilter):
    """The colleagues a story is assigned to, by name: only those with stories on the board."""

    def lookups(self, request, model_admin):
        ids = model_admin.get_queryset(request).filter(**{f"{self.parameter_name}__isnull": False})
        users = get_user_model().objects.filter(pk__in=ids.values(self.parameter_name)).order_by("username")
        return [(str(user.pk), person_name(user)) for user in users]

    def queryset(self, request, queryset):
        pk = parse_id(self.value() or "")
        return queryset.filter(**{f"{self.parameter_name}_id": pk}) if pk else queryset


class ReporterFilter(UserFilter):
    title = _("reporter")
    parameter_name = "reporter"


class TranslatorFilter(UserFilter):
    title = _("translator")
    parameter_name = "translator"


def members_of(*roles):
    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("username")


class ColleagueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class PlannedStoryForm(EditConflictForm):
    languages = forms.MultipleChoiceField(
        # A form field of its own: Django capitalises only the model fields' labels.
        label=capfirst(_("languages")),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every language it will be published in, the original among them."),
    )
    # The statuses this form's user may choose; set per request by PlannedStoryAdmin.get_form.
    allowed_statuses: tuple[str, ...] = tuple(PlannedStory.Status.values)
    # Whether this POST was "Create the article": set per request by PlannedStoryAdmin.get_form.
    creates_article = False

    class Meta:
        model = PlannedStory
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "languages" in self.fields:
            self.fields["languages"].choices = [
                (code, name) for code, name in PlannedStory._meta.get_field("original_language").choices
            ]
            if not self.instance.pk and not self.initial.get("languages"):
                self.initial["languages"] = list(LANGUAGE_CODES)
        if "status" in self.fields:
            self.fields["status"].choices = [
                (value, label) for value, label in PlannedStory.Status.choices if value in self.allowed_statuses
            ]

    def clean(self):
        cleaned = super().clean()
        original, languages = cleaned.get("original_language"), cleaned.get("languages")
        if original and languages is not None and original not in languages:
            self.add_error(
                "languages", _("The original language is one of them: tick it too, or choose another original.")
            )
        if self.creates_article:
            # Refused before the save, so that nothing typed is lost and nothing half done.
            has_field = "section" in self.fields
            section = cleaned.get("section") if has_field else self.instance.section_id
            if section is None and not (has_field and self.has_error("section")):
                self.add_error(
                    "section" if has_field else None,
                    _("Choose the story's section first: every article is in one."),
                )
        return cleaned


def state_label(plan) -> str:
    return PlannedStory.Status(plan.state).label


@admin.register(PlannedStory)
class PlannedStoryAdmin(EditConflictAdminMixin, admin.ModelAdmin):
    form = PlannedStoryForm
    change_form_template = "admin/planning/plannedstory/change_form.html"
    change_list_template = "admin/planning/plannedstory/change_list.html"
    list_display = ("title", "target", "section", "reporter_name", "translator_name", "state", "language_list")
    list_filter = (StateFilter, MineFilter, WhenFilter, "section", ReporterFilter, TranslatorFilter)
    search_fields = ("working_title", "notes")
    autocomplete_fields = ("events", "article")
    list_select_related = ("section", "reporter", "translator")
    fieldsets = [
        (None, {"fields": ["working_title", "original_language", "languages", "notes"]}),
        (_("Assignment"), {"fields": ["section", "reporter", "translator", "target_at", "status"]}),
        (_("Covers"), {"fields": ["events", "article"]}),
    ]

    # The list and the forms

    @admin.display(description=_("working title"), ordering="working_title")
    def title(self, plan):
        return format_html("<span{}>{}</span>", lang_attribute(plan.original_language), plan.working_title)

    @admin.display(description=_("target publish time"), ordering="target_at")
    def target(self, plan):
        if plan.target_at is None:
            return _("Not scheduled")
        return timezone.localtime(plan.target_at, periods.newsroom_zone()).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("reporter"), ordering="reporter__username")
    def reporter_name(self, plan):
        return person_name(plan.reporter) if plan.reporter else "–"

    @admin.display(description=_("translator"), ordering="translator__username")
    def translator_name(self, plan):
        return person_name(plan.translator) if plan.translator else "–"

    @admin.display(description=_("status"), ordering="state")
    def state(self, plan):
        return state_label(plan)

    @admin.display(description=_("languages"))
    def language_list(self, plan):
        return " → ".join(code.upper() for code in plan.languages)

    def get_queryset(self, request):
        return super().get_queryset(request).with_state()

    def get_readonly_fields(self, request, obj=None):
        everything = [name for _title, options in self.fieldsets for name in options["fields"]]
        user = request.user
        if can_plan(user):
            return ()
        if obj is None:
            # A reporter's new story is an idea, for an editor to assign.
            return [name for name in everything if name not in IDEA_FIELDS]
        if not self.has_change_permission(request, obj):
            return everything
        editable = set()
        if self.is_own_idea(user, obj):
            editable |= set(IDEA_FIELDS)
        if obj.reporter_id == user.pk and self.reporter_may_move(obj):
            editable.add("status")
        return [name for name in everything if name not in editable]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if can_plan(request.user):
            allowed = tuple(status for status in PlannedStory.Status.values if status != PlannedStory.Status.PUBLISHED)
        elif obj is not None and obj.status in PlannedStory.REPORTER_STATUSES:
            # Forward only: "edited" and the like are the editors' word, not to be undone.
            later = PlannedStory.REPORTER_STATUSES[PlannedStory.REPORTER_STATUSES.index(obj.status) :]
            allowed = tuple(later)
        else:
            current = (obj.status,) if obj is not None else ()
            allowed = (*current, *PlannedStory.REPORTER_STATUSES)
        form.allowed_statuses = allowed
        form.creates_article = request.method == "POST" and CREATE_ARTICLE in request.POST
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reporter":
            kwargs["queryset"] = members_of(REPORTER, EDITOR, ADMINISTRATOR)
            kwargs["form_class"] = ColleagueChoiceField
        elif db_field.name == "translator":
            kwargs["queryset"] = members_of(TRANSLATOR, EDITOR, ADMINISTRATOR)
            kwargs["form_class"] = ColleagueChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """The new plan of "Plan a story" on an event's page (`?events=<id>`): the event's title as
        the working title, in the admin's language, and its start as the target for an event with a time."""
        initial = super().get_changeform_initial_data(request)
        ids = [pk for pk in (parse_id(text) for text in request.GET.get("events", "").split(",")) if pk]
        events = list(Event.objects.filter(pk__in=ids[:20]).order_by("begins_at"))
        initial["events"] = [event.pk for event in events]
        if events:
            first = events[0]
            # The title in the admin's language where the event has one: the desk writes in it.
            language = get_language()
            title = ""
            if language in LANGUAGE_CODES:
                title = getattr(first, build_localized_fieldname("title", language))
            if not title:
                language = first.original_language
                title = getattr(first, build_localized_fieldname("title", language))
            initial.setdefault("working_title", title)
            initial["original_language"] = language
            initial["languages"] = list(LANGUAGE_CODES)
            if not first.is_all_day:
                initial["target_at"] = first.begins_at
        return initial

    # Who may do what

    @staticmethod
    def reporter_may_move(plan) -> bool:
        """A reporter moves their story's status only from an idea or a status of their own."""
        is_theirs = plan.status == PlannedStory.Status.IDEA or plan.status in PlannedStory.REPORTER_STATUSES
        return is_theirs and plan.state not in PlannedStory.CLOSED

    @staticmethod
    def is_own_idea(user, plan) -> bool:
        return plan.created_by_id == user.pk and plan.status == PlannedStory.Status.IDEA

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        user = request.user
        if obj is None or can_plan(user):
            return True
        is_assignment = obj.reporter_id == user.pk and obj.state not in PlannedStory.CLOSED
        return is_assignment or self.is_own_idea(user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if not can_plan(request.user):
                obj.status = PlannedStory.Status.IDEA
        if obj.status == PlannedStory.Status.IDEA and obj.reporter_id and "status" not in form.changed_data:
            # Giving an idea a reporter assigns it, on a new plan as on an old one.
            obj.status = PlannedStory.Status.ASSIGNED
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        extra_context = {**(extra_context or {}), "calendar_url": self.calendar_url(request.GET)}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["article_action"] = self.article_action(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # "Create the article"

    def may_create_article(self, request, plan) -> bool:
        user = request.user
        return (
            plan.article_id is None
            and user.has_perm("articles.add_article")
            and (can_plan(user) or plan.reporter_id == user.pk)
            and plan.state not in PlannedStory.CLOSED
        )

    def article_action(self, request, plan) -> dict | None:
        if plan.article_id is not None:
            return {"url": reverse("admin:articles_article_change", args=[plan.article_id]), "create": False}
        if self.may_create_article(request, plan):
            return {"name": CREATE_ARTICLE, "create": True}
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and CREATE_ARTICLE in request.POST:
            # Checked before anything is saved: the button is only offered to whom it may serve.
            plan = self.get_object(request, unquote(object_id)) if object_id is not None else None
            if plan is None or (plan.article_id is None and not self.may_create_article(request, plan)):
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        """After the save of "Create the article": the article, made and linked, or why not."""
        if CREATE_ARTICLE not in request.POST:
            return super().response_change(request, obj)
        # Read again: the save may have just dropped the plan.
        plan = self.get_queryset(request).get(pk=obj.pk)
        if plan.article_id is None and not self.may_create_article(request, plan):
            self.message_user(
                request,
                gettext("The plan was saved, but it is closed: no article was created for it."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:planning_plannedstory_change", args=[plan.pk]))
        article = workflow.create_article(plan, by=request.user)
        self.message_user(
            request,
            gettext("The article “%(title)s” was created as a draft from the plan.") % {"title": plan.working_title},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    # The calendar

    def get_urls(self):
        return [
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="planning_plannedstory_calendar",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def calendar_url(query, **changes) -> str:
        """The calendar with the list's filters of `query`, and `changes` (None removes a parameter)."""
        params = {key: value for key, value in query.items() if key not in ("p", "o", "e")}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        url = reverse("admin:planning_plannedstory_calendar")
        return f"{url}?{urlencode(params)}" if params else url

    def calendar_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            period = periods.period_from(request.GET)
            changelist = CalendarChangeList.of(self, request)
        except periods.BadPeriod as problem:
            return self.bad_calendar_request(request, str(problem))
        except IncorrectLookupParameters:
            return self.bad_calendar_request(request, gettext("The calendar cannot be filtered this way."))
        stories = changelist.queryset.prefetch_related(
            Prefetch("events", Event.objects.order_by("begins_at"))
        ).select_related("section", "reporter", "translator")
        start, end = period.bounds()
        scheduled = list(stories.scheduled_between(start, end))
        by_day = {day: [] for day in period.days}
        for plan in scheduled:
            plan.local_target = timezone.localtime(plan.target_at, periods.newsroom_zone())
            by_day[plan.local_target.date()].append(plan)
        unscheduled = list(stories.unscheduled()[: UNSCHEDULED_SHOWN + 1])
        # Each event no story covers yet, on its first day in the period, for whoever may see events.
        uncovered = {day: [] for day in period.days}
        if request.user.has_perm("events.view_event"):
            for event in uncovered_events(period)[:UNCOVERED_SHOWN]:
                uncovered[max(event.start_date, period.first)].append(event)
        other_kind = periods.DAY if period.kind == periods.WEEK else periods.WEEK
        today = periods.newsroom_today()

        def link(target):
            target_name, target_value = target.param
            return self.calendar_url(request.GET, **{periods.WEEK: None, periods.DAY: None, target_name: target_value})

        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Planning board"),
            "cl": changelist,
            "period": period,
            "heading": heading(period),
            "is_current": period.first <= today <= period.last,
            "days": [
                {
                    "date": day,
                    "label": formats.date_format(day, pgettext("planning calendar's day, PHP date format", "l, j F")),
                    "url": link(periods.Period(periods.DAY, day)),
                    "stories": by_day[day],
                    "uncovered": uncovered[day],
                    "is_today": day == today,
                }
                for day in period.days
            ],
            "unscheduled": unscheduled[:UNSCHEDULED_SHOWN],
            "more_unscheduled": len(unscheduled) > UNSCHEDULED_SHOWN,
            "unscheduled_url": self.list_url(request.GET, when="none"),
            "previous_url": link(period.shifted(-1)),
            "next_url": link(period.shifted(1)),
            "current_url": link(
                periods.Period.this_week() if period.kind == periods.WEEK else periods.Period(periods.DAY, today)
            ),
            "other_kind_url": link(
                periods.Period.week_of(period.first)
                if other_kind == periods.WEEK
                else periods.Period(periods.DAY, today if period.first <= today <= period.last else period.first)
            ),
            "list_url": self.list_url(request.GET),
            "zone_name": settings.TIME_ZONE_NAME,
            "has_add_permission": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/planning/plannedstory/calendar.html", context)

    @staticmethod
    def list_url(query, **changes) -> str:
        params = {key: value for key, value in query.items() if key not in (periods.WEEK, periods.DAY)}
        params.update(changes)
        url = reverse("admin:planning_plannedstory_changelist")
        return f"{url}?{urlencode(params)}" if params else url

    def bad_calendar_request(self, request, reason: str):
        context = {
            **self.admin_site.each_context(request),
            "reason": reason,
            "back_url": reverse("admin:planning_plannedstory_calendar"),
            "back_label": gettext("To this week's planning board"),
        }
        return render(request, "admin/400.html", context, status=400)


def heading(period) -> str:
    """ "Week 50: 7 – 13 December 2026", or "Monday, 7 December 2026"."""
    if period.kind == periods.DAY:
        return formats.date_format(period.first, pgettext("planning calendar's heading, PHP date format", "l, j F Y"))
    first = formats.date_format(period.first, pgettext("planning calendar's week begins, PHP date format", "j F"))
    last = formats.date_format(period.last, pgettext("planning calendar's week ends, PHP date format", "j F Y"))
    return gettext("Week %(week)s: %(first)s – %(last)s") % {"week": period.iso_week[1], "first": first, "last": last}


class CalendarChangeList(ChangeList):
    """The list's filters, for the calendar: the same sidebar and the same queryset, without the
    list's paging (the calendar shows a week) and with the week or day kept in each filter's link."""

    @classmethod
    def of(cls, model_admin, request):
        return cls(
            request,
            model_admin.model,
            model_admin.get_list_display(request),
            model_admin.get_list_display_links(request, model_admin.get_list_display(request)),
            model_admin.get_list_filter(request),
            model_admin.date_hierarchy,
            model_admin.get_search_fields(request),
            model_admin.get_list_select_related(request),
            model_admin.list_per_page,
            model_admin.list_max_show_all,
            (),
            model_admin,
            model_admin.get_sortable_by(request),
            model_admin.search_help_text,
        )

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for name in (periods.WEEK, periods.DAY):
            lookup_params.pop(name, None)
        return lookup_params

    def get_results(self, request):
        # The calendar reads its own stories, by day; no page of the list.
        self.result_count = self.full_result_count = None
        self.result_list = []
        self.can_show_all = self.multi_page = False
        self.show_admin_actions = False
