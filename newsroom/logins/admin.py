from axes.admin import AccessAttemptAdmin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import time as time_format
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .limits import Lock, account_lock, browser_lock, locked_browsers, unlock

# Axes keeps no log of successful or failed logins here (AXES_DISABLE_ACCESS_LOG): only the attempts
# that still count, which its own admin lists.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class FailedLoginAdmin(AccessAttemptAdmin):
    # Axes' columns less the browser's long identification and the path (always the login page),
    # which its form still shows: the list fits a laptop's window.
    list_display = ("attempt_time", "username", "ip_address", "failures", "status")

    @admin.display(description=_("failures"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start


class LoginLockAdminMixin:
    """For the user admin: whose logins are locked, until when, and an action that unlocks them."""

    def get_queryset(self, request):
        now = timezone.now()
        failures = (
            AccessAttempt.objects.filter(username=OuterRef("username"), attempt_time__gt=now - get_cool_off())
            .values("username")
            .annotate(total=Sum("failures_since_start"))
            .values("total")
        )
        browser_locks = locked_browsers(now).filter(username=OuterRef("username"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                recent_login_failures=Coalesce(Subquery(failures, output_field=IntegerField()), Value(0)),
                has_locked_browser=Exists(browser_locks),
            )
        )

    def get_list_display(self, request):
        # Beside the name, where it is seen in a narrow window too.
        first, *rest = super().get_list_display(request)
        return [first, "login_lock", *rest]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "login_lock"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else [*fieldsets, (_("Logins"), {"fields": ["login_lock"]})]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["unlock_logins"] = self.get_action(unlock_logins)
        return actions

    @admin.display(description=_("Login locked"))
    def login_lock(self, user) -> str:
        # The annotations tell whether to look; only a locked user's row costs a query of its own.
        if not (
            getattr(user, "recent_login_failures", 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT
            or getattr(user, "has_locked_browser", False)
        ):
            return self.get_empty_value_display()
        now = timezone.now()
        username = user.get_username()
        lock = account_lock(username, now) or browser_lock(locked_browsers(now).filter(username=username))
        if lock is None:
            return self.get_empty_value_display()
        until = {"time": time_format(timezone.localtime(lock.ends_at))}
        if lock.reason == Lock.BROWSER:
            return gettext("In one browser, until %(time)s") % until
        return gettext("Locked until %(time)s") % until


@admin.action(description=_("Unlock logins"))
def unlock_logins(model_admin, request, queryset):
    usernames = list(queryset.values_list("username", flat=True))
    unlock(usernames)
    count = len(usernames)
    model_admin.message_user(
        request,
        ngettext("The logins of %(count)d user are unlocked.", "The logins of %(count)d users are unlocked.", count)
        % {"count": count},
        messages.SUCCESS,
    )
