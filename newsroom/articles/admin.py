from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline

from newsroom.edit_conflicts import EditConflictInlineFormSet
from newsroom.translations.admin import TranslatableAdmin

from .models import Article, Author, Byline, InterviewExchange, Section, Series, Tag

PUBLISH_PERMISSION = "articles.publish_article"


@admin.register(Section)
class SectionAdmin(TranslatableAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name_en", "name_de")


@admin.register(Series)
class SeriesAdmin(TranslatableAdmin):
    list_display = ("name", "section", "order")
    list_filter = ("section",)
    search_fields = ("name_en", "name_de")
    autocomplete_fields = ("section",)


@admin.register(Tag)
class TagAdmin(TranslatableAdmin):
    list_display = ("name",)
    search_fields = ("name_en", "name_de")


@admin.register(Author)
class AuthorAdmin(TranslatableAdmin):
    list_display = ("display_name", "job_title", "user")
    search_fields = ("display_name", "job_title_en", "job_title_de", "user__username")
    autocomplete_fields = ("user",)


class BylineInline(admin.TabularInline):
    model = Byline
    formset = EditConflictInlineFormSet
    autocomplete_fields = ("author",)
    extra = 1


class InterviewExchangeInline(TranslationStackedInline):
    model = InterviewExchange
    formset = EditConflictInlineFormSet
    extra = 0
    classes = ("collapse",)


@admin.register(Article)
class ArticleAdmin(TranslatableAdmin):
    list_display = ("headline", "section", "kind", "status", "published_at", "is_featured")
    list_filter = ("status", "kind", "section", "is_featured", "is_reported_by_ai", "published_at")
    search_fields = ("headline_en", "headline_de", "standfirst_en", "standfirst_de")
    list_select_related = ("section",)
    date_hierarchy = "published_at"
    autocomplete_fields = (
        "section",
        "series",
        "dateline",
        "interviewee",
        "fact_checked_by",
        "organizations",
        "people",
        "places",
        "events",
        "tags",
        "related_articles",
    )
    inlines = [BylineInline, InterviewExchangeInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "kind", "original_language"]}),
        (_("Place in the site"), {"fields": ["section", "series", "dateline", "tags", "is_featured"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                    "lead_image_origin",
                ]
            },
        ),
        (_("Provenance"), {"fields": ["is_reported_by_ai", "fact_checked_by", "fact_checked_at"]}),
        (_("Covers"), {"fields": ["organizations", "people", "places", "events", "interviewee"]}),
        (_("Related articles"), {"fields": ["related_articles"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.has_perm(PUBLISH_PERMISSION):
            # Read-only fields are left out of the form, so a forged POST cannot set them either.
            return (*readonly, "status", "published_at", "is_featured")
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.status == Article.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(PUBLISH_PERMISSION):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    @admin.action(description=_("Publish selected articles now"))
    def publish(self, request, queryset):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        now = timezone.now()
        count = queryset.filter(published_at__isnull=True).update(status=Article.Status.PUBLISHED, published_at=now)
        count += queryset.filter(published_at__isnull=False).update(status=Article.Status.PUBLISHED)
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected articles"))
    def unpublish(self, request, queryset):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        count = queryset.update(status=Article.Status.UNPUBLISHED)
        self.message_user(
            request, ngettext("%d article unpublished.", "%d articles unpublished.", count) % count, messages.SUCCESS
        )
