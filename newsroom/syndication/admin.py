from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiKey, ApiKeyUsage


class ApiKeyForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this key may read, and import if it may import."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "languages", "requests_per_minute", "may_import"]
        help_texts = {
            "may_import": _(
                "For an agency: it may send ninjs documents to /api/v1/import/. They become drafts for the desk, "
                "recorded as imported by whoever made the key."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self) -> str:
        chosen = set(self.cleaned_data["languages"])
        return "|" + "".join(f"{code}|" for code, _name in settings.LANGUAGES if code in chosen)


class ApiKeyUsageInline(admin.TabularInline):
    model = ApiKeyUsage
    fields = ["day", "requests", "refused"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "languages", "requests_per_minute", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    inlines = [ApiKeyUsageInline]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.issue()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The full key, once, on a page no cache keeps: not in a message, which lives in a cookie.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "api_key": obj,
            "full_key": obj.issued_key,
            "title": _("API key issued"),
        }
        response = TemplateResponse(request, "admin/syndication/apikey/issued.html", context)
        patch_cache_control(response, no_store=True)
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.revoke()
        self.message_user(
            request,
            ngettext("%(count)d key is revoked.", "%(count)d keys are revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
