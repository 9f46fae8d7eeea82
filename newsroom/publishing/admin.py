from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.translations.admin.base import TranslatableAdmin


class PublishableAdmin(TranslatableAdmin):
    """Entities readers can see unless an editor takes them down."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish selected"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish selected"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request, ngettext("%d item unpublished.", "%d items unpublished.", count) % count, messages.SUCCESS
        )
