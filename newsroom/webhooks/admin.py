from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, DeliveryAttempt, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "ninjs_version", "is_active", "disabled_reason"]
    list_filter = ["is_active", "ninjs_version"]
    search_fields = ["name", "url"]
    fields = [
        "name",
        "url",
        "events",
        "languages",
        "ninjs_version",
        "is_active",
        "disabled_reason",
        "secret",
        "previous_secret_until",
        "created_at",
    ]
    readonly_fields = ["disabled_reason", "secret", "previous_secret_until", "created_at"]
    actions = ["rotate_secret"]

    # The secret is made when the subscription is saved: one shown before would not be the one kept.
    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else [name for name in self.fields if name not in self.readonly_fields]

    @admin.action(description=_("Rotate secret"), permissions=["change"])
    def rotate_secret(self, request, queryset):
        queryset.rotate_secrets()
        self.message_user(
            request, _("New secrets made; the previous ones sign beside them for 24 hours. Give partners the new ones.")
        )


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["started_at", "duration_ms", "status_code", "error", "response_excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    # The log of what happened: nobody writes it by hand.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "article",
        "language",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "subscription", "event__kind", "event__language"]
    list_select_related = ["event__article", "subscription"]
    fields = [
        "event",
        "subscription",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
    ]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]
    actions = ["send_again"]

    # Deliveries are made by what syndication announces and changed only by sending them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # The event's columns under their own names, the kind by its label: list_display's "event__kind"
    # would show the stored value under the heading "Event kind".
    @admin.display(description=_("kind"), ordering="event__kind")
    def kind(self, delivery):
        return delivery.event.get_kind_display()

    @admin.display(description=_("article"))
    def article(self, delivery):
        return delivery.event.article

    @admin.display(description=_("language"), ordering="event__language")
    def language(self, delivery):
        return delivery.event.language

    def has_send_permission(self, request):
        return request.user.has_perm("webhooks.send_delivery")

    @admin.action(description=_("Send again"), permissions=["send"])
    def send_again(self, request, queryset):
        count = queryset.send_again()
        message = ngettext("%(count)d delivery goes out again.", "%(count)d deliveries go out again.", count)
        self.message_user(request, message % {"count": count})
