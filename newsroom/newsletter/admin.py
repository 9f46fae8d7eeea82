import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import NewsletterIssue, Subscription

CSV_COLUMNS = ("email", "language", "status", "signed_up", "confirmed", "unsubscribed")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def moment(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def subscriptions_csv(queryset) -> HttpResponse:
    filename = f"newsletter-subscriptions-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for subscription in queryset.order_by("created_at", "id").iterator():
        row = (
            subscription.email,
            subscription.language,
            subscription.status,
            moment(subscription.created_at),
            moment(subscription.confirmed_at),
            moment(subscription.unsubscribed_at),
        )
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "status"]
    search_fields = ["email"]
    fields = list_display
    readonly_fields = list_display
    actions = ["export_as_csv"]
    change_list_template = "admin/newsletter/subscription/change_list.html"

    # Only the reader subscribes, through the confirmation link: nobody adds or changes an address.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm("newsletter.export_subscription")

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [path("export/", export, name="newsletter_subscription_export"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        # A forged action is refused like the export button, not passed over as an unknown action.
        if request.POST.get("action") == "export_as_csv" and not self.has_export_permission(request):
            raise PermissionDenied
        extra_context = {"can_export": self.has_export_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The list as filtered and searched on the page, every page of it."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest()
        return subscriptions_csv(changelist.get_queryset(request))

    @admin.action(description=_("Export selected as CSV"), permissions=["export"])
    def export_as_csv(self, request, queryset):
        return subscriptions_csv(queryset)


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "language", "status", "article_count", "recipient_count", "finished_at"]
    list_filter = ["language", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
