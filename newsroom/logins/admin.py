from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .limits import (
    Tallies,
    account_lock,
    browser_lock,
    client_lock,
    counting_attempts,
    locked_accounts,
    locked_browsers,
    locked_clients,
    unlock,
    unlock_clients,
)
from .models import FailedLogin
from .times import newsroom_time

# Axes keeps no log of successful or failed logins here (AXES_DISABLE_ACCESS_LOG): only the attempts
# that still count, which its own admin lists.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)
admin.site.unregister(AccessAttempt)

FAILED_LOGINS = "admin:axes_accessattempt_changelist"
NETWORK_LOCKED, ACCOUNT_LOCKED, NOT_LOCKED = "network", "account", "none"


class LockFilter(admin.SimpleListFilter):
    """The failed logins by the lock they make under our limits (axes' "Locked Out" filter compares
    each record with one limit, and so finds no network's lock)."""

    title = _("lock")
    parameter_name = "lock"

    def lookups(self, request, model_admin):
        return [
            (NETWORK_LOCKED, _("Network locked")),
            (ACCOUNT_LOCKED, _("Account locked")),
            (NOT_LOCKED, _("Not locked")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == NETWORK_LOCKED:
            return queryset.filter(ip_address__in=locked_clients(now))
        if self.value() == ACCOUNT_LOCKED:
            return queryset.filter(username__in=locked_accounts(now))
        if self.value() == NOT_LOCKED:
            return queryset.exclude(ip_address__in=locked_clients(now)).exclude(username__in=locked_accounts(now))
        return queryset


def counts_of(tally) -> dict[str, int]:
    return {"failures": tally.failures, "limit": tally.limit}


class FailedLoginList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The locks of the page's accounts and networks, in one query rather than one per row.
        self.result_list = list(self.result_list)
        tallies = Tallies(self.result_list, timezone.now())
        for attempt in self.result_list:
            attempt.tallies = tallies


@admin.register(AccessAttempt)
class FailedLoginAdmin(admin.ModelAdmin):
    """Axes' records of failed logins, with the locks they make under our limits, in the user's
    language: axes' own list speaks English where it is not translated, and its status column and
    filter know one limit only, so a locked network looked unlocked."""

    # Without the browser's long identification and the path (always the login page), which the
    # detail page shows: the list fits a laptop's window.
    list_display = ("attempt_time", "username", "ip_address", "failures", "lock")
    list_filter = (LockFilter,)
    search_fields = ("username", "ip_address")
    actions = ["lift_locks"]
    fieldsets = (
        (None, {"fields": ("username", "ip_address", "attempt_time", "failures_since_start", "lock")}),
        (_("Browser"), {"fields": ("user_agent", "http_accept")}),
    )
    # Administrators may only view and delete these (has_change_permission): every field is read-only.
    readonly_fields = ("lock",)

    def get_queryset(self, request):
        # The same rows, under names an administrator can read (`FailedLogin.__str__`).
        return FailedLogin.objects.order_by("-attempt_time")

    def get_changelist(self, request, **kwargs):
        return FailedLoginList

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def log_deletions(self, request, queryset):
        # No login history is kept: the admin's log would keep who failed from where after the rows
        # are gone.
        pass

    @admin.display(description=_("failures"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=_("lock"))
    def lock(self, attempt):
        now = timezone.now()
        if attempt.attempt_time <= now - get_cool_off():
            return gettext("No longer counts")
        tallies = getattr(attempt, "tallies", None) or Tallies([attempt], now)
        account = tallies.account(attempt.username) if attempt.username else None
        client = tallies.client(attempt.ip_address) if attempt.ip_address else None
        lines = []
        if client and client.lock:
            lines.append(gettext("Network locked until %(time)s") % {"time": newsroom_time(client.lock.ends_at)})
        if account and account.lock:
            lines.append(gettext("Account locked until %(time)s") % {"time": newsroom_time(account.lock.ends_at)})
        if not lines:
            counts = []
            if account:
                counts.append(gettext("account %(failures)d of %(limit)d") % counts_of(account))
            if client:
                counts.append(gettext("network %(failures)d of %(limit)d") % counts_of(client))
            if not counts:
                return self.get_empty_value_display()
            lines.append(gettext("Counting: %(counts)s") % {"counts": ", ".join(counts)})
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.action(description=_("Lift these locks"), permissions=["delete"])
    def lift_locks(self, request, queryset):
        """The locks the selected failed logins are part of: their networks' and their accounts'.
        Failures that lock nothing keep counting."""
        now = timezone.now()
        networks = queryset.filter(ip_address__in=locked_clients(now)).values_list("ip_address", flat=True)
        accounts = queryset.filter(username__in=locked_accounts(now)).values_list("username", flat=True)
        addresses, usernames = sorted(set(networks)), sorted(set(accounts))
        unlock_clients(addresses)
        unlock(usernames)
        if not addresses and not usernames:
            nothing = gettext("None of the selected failed logins is part of a lock: nothing to lift.")
            self.message_user(request, nothing, messages.INFO)
            return
        lifted = []
        if addresses:
            lifted.append(
                ngettext(
                    "Logging in from the network %(names)s is possible again.",
                    "Logging in from the networks %(names)s is possible again.",
                    len(addresses),
                )
                % {"names": ", ".join(addresses)}
            )
        if usernames:
            lifted.append(
                ngettext(
                    "Logging in as %(names)s is possible again.",
                    "Logging in as %(names)s is possible again.",
                    len(usernames),
                )
                % {"names": ", ".join(usernames)}
            )
        self.message_user(request, " ".join(lifted), messages.SUCCESS)


def network_locks_notice(request) -> str | None:
    """What the user list says while networks are locked: no user's row shows it, and unlocking a
    user does not lift it."""
    now = timezone.now()
    addresses = [row["ip_address"] for row in locked_clients(now).order_by("ip_address")]
    if not addresses:
        return None
    ends_at = max(client_lock(address, now).ends_at for address in addresses)
    text = ngettext(
        "Logging in from the network %(networks)s is paused for everyone there until %(time)s, after too many "
        "failed logins from it; unlocking users does not lift that.",
        "Logging in from %(count)d networks (%(networks)s) is paused for everyone there, until %(time)s at the "
        "latest, after too many failed logins from them; unlocking users does not lift that.",
        len(addresses),
    ) % {"count": len(addresses), "networks": ", ".join(addresses), "time": newsroom_time(ends_at)}
    if not request.user.has_perm("axes.delete_accessattempt"):
        return text
    link = format_html('<a href="{}?lock={}">{}</a>', reverse(FAILED_LOGINS), NETWORK_LOCKED, gettext("Failed logins"))
    return mark_safe(
        escape(text) + " " + gettext("If someone works from there, lift it under %(link)s.") % {"link": link}
    )


class LoginLockAdminMixin:
    """For the user admin: whose logins are locked, until when, and an action that unlocks them."""

    def get_queryset(self, request):
        now = timezone.now()
        failures = (
            counting_attempts(now)
            .filter(username=OuterRef("username"))
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

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and self.has_change_permission(request):
            notice = network_locks_notice(request)
            if notice:
                self.message_user(request, notice, messages.WARNING)
        return super().changelist_view(request, extra_context)

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
    def login_lock(self, user):
        # The annotations tell whether to look; only a locked user's row costs a query of its own.
        if not (
            getattr(user, "recent_login_failures", 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT
            or getattr(user, "has_locked_browser", False)
        ):
            return self.get_empty_value_display()
        now = timezone.now()
        username = user.get_username()
        # Both, when both hold: her own browser's lock may outlast the account's.
        lines = []
        account = account_lock(username, now)
        if account:
            lines.append(gettext("Locked until %(time)s") % {"time": newsroom_time(account.ends_at)})
        browser = browser_lock(locked_browsers(now).filter(username=username))
        if browser:
            lines.append(gettext("In one browser, until %(time)s") % {"time": newsroom_time(browser.ends_at)})
        if not lines:
            return self.get_empty_value_display()
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


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
