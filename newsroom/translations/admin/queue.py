"""The translation queue: what is missing or outdated in the languages a person translates into."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import InvalidPage
from django.db.models import BigIntegerField, Case, Count, Exists, F, OuterRef, Q, Value, When, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.articles.models import Article, Section
from newsroom.ids import parse_id

from ..demand import models_with_reads, recent_reads
from ..forms import translators_of
from ..models import TranslatableModel, Translation
from ..short_items import is_short_item
from ..templatetags.reader_language import lang_attribute
from ..workflow import can_manage_translations, field_label, languages_translated_by, release, withdraw
from .base import person_name, refuse_unoffered_actions
from .short_items import ShortItemsAdminMixin
from .side_by_side import state_label, translate_url


def translatable_models():
    return [model for model in admin.site._registry if issubclass(model, TranslatableModel)]


def translatable_content_types():
    return ContentType.objects.get_for_models(*translatable_models()).values()


class QueueStateFilter(admin.SimpleListFilter):
    title = _("translation state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *Translation.State.choices, ("unreleased", _("Complete, not released"))]

    def choices(self, changelist):
        # Without a choice the queue shows what is to do, so that is the first entry, not "All".
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("To do"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.to_do()
        if value == "all":
            return queryset
        if value == "unreleased":
            return queryset.awaiting_release()
        return queryset.filter(state=value)


class KindFilter(admin.SimpleListFilter):
    title = _("kind of object")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(ct.model, capfirst_name(ct)) for ct in translatable_content_types()]

    def queryset(self, request, queryset):
        return queryset.filter(content_type__model=self.value()) if self.value() else queryset


class KindGroupFilter(admin.SimpleListFilter):
    """Articles and events, each a page of work, apart from short items (names, positions), which
    are translated many at a time on their own page."""

    title = _("articles or short items")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [("articles", _("Articles and events")), ("short", _("Short items"))]

    def queryset(self, request, queryset):
        short = Q(content_type__in=short_item_content_types())
        if self.value() == "short":
            return queryset.filter(short)
        if self.value() == "articles":
            return queryset.exclude(short)
        return queryset


def short_item_content_types():
    return [ct for ct in translatable_content_types() if is_short_item(ct.model_class())]


def reads_waiting():
    """Recent reads in the row's language of an object whose translation is still to do: what
    readers of that language got in the original instead (`..demand`). None for what nobody counts."""
    whens = [
        When(
            Q(content_type=ContentType.objects.get_for_model(model), state__in=Translation.TO_DO_STATES),
            then=Coalesce(recent_reads(model, OuterRef("object_id"), OuterRef("language")), 0),
        )
        for model in models_with_reads()
    ]
    return Case(*whens, default=Value(None), output_field=BigIntegerField()) if whens else Value(None)


def note_changed_texts(translations):
    """Give each outdated translation the labels of the original's texts changed since it was
    translated ("Standfirst, Answer 2"), in the order the translation page shows them."""
    outdated = [t for t in translations if t.state == Translation.State.OUTDATED and t.content_object is not None]
    by_model = {}
    for translation in outdated:
        by_model.setdefault(type(translation.content_object), []).append(translation.content_object)
    for model, objects in by_model.items():
        # One query per kind of part for the page, not one per row.
        prefetch_related_objects(objects, *model.translated_parts)
    for translation in outdated:
        obj = translation.content_object
        source = translation.source
        translation.changed_texts = [
            field_label(obj, key) for key, text in obj.original_texts().items() if source.get(key, "") != text
        ]


class QueueChangeList(ChangeList):
    def __init__(self, request, *args, **kwargs):
        # For the tabs and links the template asks for.
        self.request = request
        super().__init__(request, *args, **kwargs)

    def get_filters(self, request):
        filters = super().get_filters(request)
        # Lookups in the query string that no filter takes (`?object_id=…`) narrow the list but not
        # the tabs' counts.
        self.lookups_beside_filters = filters[2]
        return filters

    def get_results(self, request):
        # Ranking sorts the whole queue (reads are summed per row), so the page is chosen by ids
        # alone, without the joined people and types that would be carried through the sort, and
        # only its rows are then read in full. The tabs have counted the list already.
        paginator = self.model_admin.get_paginator(request, self.queryset.values("pk"), self.list_per_page)
        counted = self.result_count_from_tabs()
        if counted is not None:
            paginator.count = counted
        self.result_count = paginator.count
        # From here as Django's own get_results.
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.full_result_count = self.root_queryset.count() if self.show_full_result_count else None
        self.show_admin_actions = not self.show_full_result_count or bool(self.full_result_count)
        self.can_show_all = self.result_count <= self.list_max_show_all
        self.multi_page = self.result_count > self.list_per_page
        self.paginator = paginator
        if (self.show_all and self.can_show_all) or not self.multi_page:
            rows = self.queryset
        else:
            try:
                page = paginator.page(self.page_num).object_list
                # The page's rows by their ids alone: the visibility filters have chosen them already.
                rows = (
                    self.model_admin.ranked(Translation.objects.filter(pk__in=page))
                    .select_related(*self.list_select_related)
                    .order_by(*self.queryset.query.order_by)
                )
            except InvalidPage:
                raise IncorrectLookupParameters from None
        self.result_list = list(rows)
        note_changed_texts(self.result_list)

    @cached_property
    def kind_counts(self) -> dict[str, int]:
        """How many rows the other filters leave of everything and of the short items; one query."""
        rows = self.root_queryset
        # The filters already made for this list, but the tabs' own: no query to make them again.
        for spec in self.filter_specs:
            if not isinstance(spec, KindGroupFilter):
                rows = spec.queryset(self.request, rows)
        counts = rows.order_by().aggregate(
            all=Count("pk"), short=Count("pk", filter=Q(content_type__in=short_item_content_types()))
        )
        return {None: counts["all"], "articles": counts["all"] - counts["short"], "short": counts["short"]}

    def result_count_from_tabs(self) -> int | None:
        """The list's length as the tabs count it, sparing the paginator its own count of the queue."""
        if self.lookups_beside_filters:
            return None
        chosen = self.params.get(KindGroupFilter.parameter_name)
        return self.kind_counts[chosen if chosen in self.kind_counts else None]

    def kind_groups(self) -> list[dict]:
        """The tabs above the queue: everything, articles and events, short items, each with how
        many rows the other filters leave."""
        counts = self.kind_counts
        chosen = self.params.get(KindGroupFilter.parameter_name)
        return [
            {
                "label": label,
                "count": count,
                "selected": chosen == value,
                "url": self.get_query_string(
                    {KindGroupFilter.parameter_name: value} if value else {},
                    remove=[KindGroupFilter.parameter_name, "p"],
                ),
            }
            for value, label, count in (
                (None, _("Everything"), counts[None]),
                ("articles", _("Articles and events"), counts["articles"]),
                ("short", _("Short items"), counts["short"]),
            )
        ]

    def short_items_links(self) -> list[dict]:
        """The page of short items in each language the queue shows."""
        language = next((spec for spec in self.filter_specs if isinstance(spec, QueueLanguageFilter)), None)
        if language is None:
            return []
        return [
            {"url": reverse("admin:translations_translation_short_items", args=[code]), "name": name}
            for code, name in language.lookup_choices
            if language.value() in (None, code)
        ]


def capfirst_name(content_type):
    return capfirst(content_type.model_class()._meta.verbose_name_plural)


class SectionFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(str(section.pk), str(section)) for section in Section.objects.all()]

    def queryset(self, request, queryset):
        if parse_id(self.value() or "") is None:
            return queryset
        articles = Article.objects.filter(section_id=self.value()).values("pk")
        return queryset.for_model(Article).filter(object_id__in=articles)


class QueueLanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, get_language_info(code)["name_translated"]) for code in languages_translated_by(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class TranslatorFilter(admin.RelatedFieldListFilter):
    """Whom translations are assigned to: the people who translate into the queue's languages, and
    anyone something is assigned to, by name (not every account by login name)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("Not assigned")

    def field_choices(self, field, request, model_admin):
        languages = languages_translated_by(request.user)
        assigned = Translation.objects.filter(language__in=languages, assigned_to=OuterRef("pk"))
        people = User.objects.filter(
            Q(is_active=True, translation_languages__language__in=languages) | Q(Exists(assigned))
        )
        return sorted(((user.pk, person_name(user)) for user in people.distinct()), key=lambda choice: choice[1])


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("translator")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Assigned to me"))]

    def queryset(self, request, queryset):
        return queryset.filter(assigned_to=request.user) if self.value() == "1" else queryset


class TranslationAdmin(ShortItemsAdminMixin, admin.ModelAdmin):
    """The translation queue: what is missing or outdated in the languages a person translates into,
    what readers of a language read most in the original first."""

    # Seven columns, so that a 1280-pixel window shows them all beside the filters: the kind under the
    # object's name, who changed the state under when, released and what changed under the state.
    list_display = ("object_link", "language", "translation_state", "reads", "state_changed", "translator", "published")
    list_filter = (
        QueueStateFilter,
        KindGroupFilter,
        QueueLanguageFilter,
        KindFilter,
        SectionFilter,
        ("assigned_to", TranslatorFilter),
    )
    # The object's link leads to its translation page; editors assign translators there too.
    list_display_links = None
    list_select_related = ("content_type", "state_changed_by", "assigned_to")
    list_per_page = 50
    # Counting every translation of a large archive on each page view is not worth its time.
    show_full_result_count = False
    actions = ["release_selected", "withdraw_selected"]
    # Editors change only the assignment here; the state is the workflow's.
    readonly_fields = (
        "object_link",
        "language",
        "state",
        "state_changed_at",
        "state_changed_by",
        "released_at",
        "released_by",
    )
    fields = (*readonly_fields, "assigned_to")

    def get_queryset(self, request):
        return self.ranked(self.visible_translations(request))

    def ranked(self, translations):
        """`translations` with their reads waiting, what readers want most first."""
        return (
            translations.annotate(reads_waiting=reads_waiting())
            .order_by(F("reads_waiting").desc(nulls_last=True), F("published_at").desc(nulls_last=True), "-pk")
            .prefetch_related("content_object")
        )

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def visible_translations(self, request, languages=None):
        """The translations the user may see: in their languages (or those of `languages`), and not
        of objects hidden from them."""
        mine = languages_translated_by(request.user) if languages is None else languages
        queryset = super().get_queryset(request).filter(language__in=mine)
        for model in translatable_models():
            # An article's drafts belong to their writers and editors, unless someone assigned a
            # translation of one to this translator (`hidden_in_admin_from`).
            hidden = model._default_manager.all().hidden_in_admin_from(request.user)
            if hidden is not None:
                content_type = ContentType.objects.get_for_model(model)
                queryset = queryset.exclude(
                    Q(content_type=content_type, object_id__in=hidden.values("pk")) & ~Q(assigned_to=request.user)
                )
        return queryset

    def get_list_filter(self, request):
        # Who translates what is the editors' business; translators find what is assigned to them.
        if can_manage_translations(request.user):
            return self.list_filter
        return (*(f for f in self.list_filter if f != ("assigned_to", TranslatorFilter)), AssignedToMeFilter)

    def changelist_view(self, request, extra_context=None):
        refuse_unoffered_actions(self, request)
        return super().changelist_view(request, {"title": _("Translation queue"), **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        # Only the assignment is edited here; the state is the workflow's, saved by it alone.
        obj.save(update_fields=["assigned_to"])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_translations(request.user)

    def has_manage_permission(self, request):
        return can_manage_translations(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "assigned_to" in form.base_fields:
            form.base_fields["assigned_to"].queryset = translators_of(obj.language)
        return form

    @admin.display(description=_("object"))
    def object_link(self, translation):
        obj = translation.content_object
        if obj is None:
            return "–"
        return format_html(
            '<a href="{}"{}>{}</a> <span class="queue__meta">{}</span>',
            translate_url(obj, translation.language),
            # Not yet in the admin's language (a missing German headline), the name is the original's.
            lang_attribute(obj),
            str(obj),
            capfirst(translation.content_type.model_class()._meta.verbose_name),
        )

    @admin.display(description=_("translation state"), ordering="state")
    def translation_state(self, translation):
        changed = getattr(translation, "changed_texts", None)
        if not changed:
            return state_label(translation)
        return format_html(
            '{} <span class="queue__meta">{}</span>',
            state_label(translation),
            gettext("Changed: %(texts)s") % {"texts": ", ".join(changed)},
        )

    @admin.display(
        description=pgettext_lazy("number of reads", "read"), ordering=F("reads_waiting").desc(nulls_last=True)
    )
    def reads(self, translation):
        # Reads in the row's language while the translation was to do: how many readers got the original.
        return "–" if translation.reads_waiting is None else formats.number_format(translation.reads_waiting)

    @admin.display(
        description=Translation._meta.get_field("state_changed_at").verbose_name, ordering="state_changed_at"
    )
    def state_changed(self, translation):
        if translation.state_changed_at is None:
            return "–"
        when = formats.date_format(timezone.localtime(translation.state_changed_at), "DATETIME_FORMAT")
        if translation.state_changed_by is None:
            return when
        by = gettext("by %(by)s") % {"by": person_name(translation.state_changed_by)}
        return format_html('{} <span class="queue__meta">{}</span>', when, by)

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, translation):
        # "Publish time" in German is one word wider than the column needs to be.
        if translation.published_at is None:
            return "–"
        return formats.date_format(timezone.localtime(translation.published_at), "DATETIME_FORMAT")

    @admin.display(description=_("translator"), ordering="assigned_to__first_name")
    def translator(self, translation):
        return person_name(translation.assigned_to) if translation.assigned_to else "–"

    @admin.action(description=_("Release selected complete translations to readers"), permissions=["manage"])
    def release_selected(self, request, queryset):
        # Before releasing: those released now would look like those released before.
        already = queryset.filter(state=Translation.State.COMPLETE).exclude(pk__in=queryset.awaiting_release()).count()
        count = 0
        for translation in queryset.awaiting_release():
            release(translation, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d translation released.", "%d translations released.", count) % count,
            messages.SUCCESS if count else messages.INFO,
        )
        self.explain_unreleased(request, queryset, already)

    def explain_unreleased(self, request, queryset, already: int):
        """Say why selected translations were left as they were: "0 released" alone leaves the
        editor guessing."""
        if already:
            self.message_user(
                request,
                ngettext(
                    "%d was already released, with no changes since.",
                    "%d were already released, with no changes since.",
                    already,
                )
                % already,
                messages.INFO,
            )
        states = dict(Translation.State.choices)
        unfinished = list(queryset.exclude(state=Translation.State.COMPLETE).values_list("state", flat=True))
        if unfinished:
            self.message_user(
                request,
                ngettext(
                    "%(count)d could not be released: only complete translations can be released (%(states)s).",
                    "%(count)d could not be released: only complete translations can be released (%(states)s).",
                    len(unfinished),
                )
                % {
                    "count": len(unfinished),
                    "states": ", ".join(
                        str(states[state]) for state in Translation.State.values if state in unfinished
                    ),
                },
                messages.WARNING,
            )

    @admin.action(description=_("Withdraw selected translations from readers"), permissions=["manage"])
    def withdraw_selected(self, request, queryset):
        count = 0
        for translation in queryset.filter(released_at__isnull=False):
            withdraw(translation, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d translation withdrawn.", "%d translations withdrawn.", count) % count,
            messages.SUCCESS,
        )
