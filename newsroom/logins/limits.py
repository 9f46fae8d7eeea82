"""Who is locked out of logging in after failed logins, and until when (django-axes' database
handler with our limits).

- An account: `LOGIN_FAILURES_PER_ACCOUNT` failed logins as it, from browsers it does not know.
- A client (an IP address, or an IPv6 /64): `LOGIN_FAILURES_PER_CLIENT` failed logins, as anyone;
  none for a request whose address could not be read (`clients.client_ip`).
- A known browser (`known_browsers`): `LOGIN_FAILURES_PER_ACCOUNT` of its own failed logins as its
  user; the two locks above do not hold it.

Failures count while their last one is less than `LOGIN_LOCKOUT_MINUTES` old, so every lock ends by
itself. A try during a lock is refused, the right password too, and is not counted: the lock ends
when the lockout page said it would, and someone retrying does not lengthen their own.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum

from .known_browsers import known_browser_key
from .models import KnownBrowserFailures


@dataclass(frozen=True)
class Lock:
    ACCOUNT = "account"
    CLIENT = "client"
    BROWSER = "browser"

    reason: str
    ends_at: datetime


def lock_end(attempts, limit: int) -> datetime | None:
    """When the lock made by `attempts` ((last failure, failures), newest first, all still counting)
    ends: when the oldest of those that together reach `limit` stops counting."""
    total = 0
    for last_failed_at, failures in attempts:
        total += failures
        if total >= limit:
            return last_failed_at + get_cool_off()
    return None


def counting_attempts(now: datetime):
    """Axes' records whose failures still count."""
    return AccessAttempt.objects.filter(attempt_time__gt=now - get_cool_off())


def recent_attempts(now: datetime):
    """(last failure, failures) of axes' records that still count, newest first."""
    return counting_attempts(now).order_by("-attempt_time").values_list("attempt_time", "failures_since_start")


def account_lock(username: str, now: datetime) -> Lock | None:
    """The lock on logging in as `username` from browsers that do not know it."""
    ends_at = lock_end(recent_attempts(now).filter(username=username), settings.LOGIN_FAILURES_PER_ACCOUNT)
    return Lock(Lock.ACCOUNT, ends_at) if ends_at else None


def client_lock(ip_address: str | None, now: datetime) -> Lock | None:
    if ip_address is None:
        # No address was read (`clients.client_ip`): the attempts without one are no one client's.
        return None
    ends_at = lock_end(recent_attempts(now).filter(ip_address=ip_address), settings.LOGIN_FAILURES_PER_CLIENT)
    return Lock(Lock.CLIENT, ends_at) if ends_at else None


def locked_clients(now: datetime):
    """The addresses of the clients that are locked, for `ip_address__in`: a lock holds while the
    failures that still count reach the limit (as `lock_end` finds one)."""
    return _reaching(counting_attempts(now).exclude(ip_address=None), "ip_address", settings.LOGIN_FAILURES_PER_CLIENT)


def locked_accounts(now: datetime):
    """The usernames whose accounts are locked, for `username__in`."""
    return _reaching(counting_attempts(now).exclude(username=None), "username", settings.LOGIN_FAILURES_PER_ACCOUNT)


def _reaching(attempts, field: str, limit: int):
    return (
        attempts.order_by()
        .values(field)
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=limit)
        .values(field)
    )


def locked_browsers(now: datetime):
    return KnownBrowserFailures.objects.filter(
        last_failed_at__gt=now - get_cool_off(), failures__gte=settings.LOGIN_FAILURES_PER_ACCOUNT
    )


def browser_lock(browsers) -> Lock | None:
    """The lock of the latest locked browser among `browsers` (from `locked_browsers`)."""
    latest = browsers.order_by("-last_failed_at").first()
    return Lock(Lock.BROWSER, latest.last_failed_at + get_cool_off()) if latest else None


@dataclass(frozen=True)
class Tally:
    """The failed logins of an account or a client that still count, and the lock they make."""

    failures: int
    limit: int
    lock: Lock | None


class Tallies:
    """The tallies of the accounts and clients of some of axes' records (a page of the failed-logins
    list), from one query, and by the same rule as a login's (`lock_end`)."""

    def __init__(self, attempts, now: datetime):
        usernames = {attempt.username for attempt in attempts if attempt.username}
        addresses = {attempt.ip_address for attempt in attempts if attempt.ip_address}
        self.by_account: dict[str, list] = {}
        self.by_client: dict[str, list] = {}
        counting = (
            counting_attempts(now)
            .filter(Q(username__in=usernames) | Q(ip_address__in=addresses))
            .order_by("-attempt_time")
            .values_list("username", "ip_address", "attempt_time", "failures_since_start")
        )
        for username, address, attempt_time, failures in counting:
            if username in usernames:
                self.by_account.setdefault(username, []).append((attempt_time, failures))
            if address in addresses:
                self.by_client.setdefault(address, []).append((attempt_time, failures))

    def account(self, username: str) -> Tally:
        return self._tally(self.by_account.get(username, []), settings.LOGIN_FAILURES_PER_ACCOUNT, Lock.ACCOUNT)

    def client(self, address: str) -> Tally:
        return self._tally(self.by_client.get(address, []), settings.LOGIN_FAILURES_PER_CLIENT, Lock.CLIENT)

    @staticmethod
    def _tally(attempts, limit: int, reason: str) -> Tally:
        ends_at = lock_end(attempts, limit)
        failures = sum(failures for _attempt_time, failures in attempts)
        return Tally(failures, limit, Lock(reason, ends_at) if ends_at else None)


def remove_expired_failures(now: datetime) -> tuple[int, int]:
    """Delete the failures that no longer count: axes' records and the known browsers'. Axes, and
    `count_browser_failure`, delete them only at the next failure, which may be weeks away, while
    they hold a username, an address and a browser's identification. No lock changes: those are
    made of failures that still count. Returns how many of each were deleted."""
    expired_before = now - get_cool_off()
    _total, attempts = AccessAttempt.objects.filter(attempt_time__lte=expired_before).delete()
    browsers, _per_model = KnownBrowserFailures.objects.filter(last_failed_at__lte=expired_before).delete()
    return attempts.get(AccessAttempt._meta.label, 0), browsers


def unlock(usernames) -> None:
    """Forget the failed logins as these users, from anywhere: their accounts and browsers are free."""
    for username in usernames:
        AxesProxyHandler.reset_attempts(username=username)


def unlock_clients(addresses) -> None:
    """Forget the failed logins from these clients, as anyone: their networks are free (and an
    account that only they locked)."""
    for address in addresses:
        AxesProxyHandler.reset_attempts(ip_address=address)


class LoginLimits(AxesDatabaseHandler):
    """Axes records the failures (`AccessAttempt`, one row per username, client and user agent);
    this decides the locks (`AXES_LOCK_OUT_AT_FAILURE` is off, so axes' own single count is not)."""

    def lock(self, request, credentials=None) -> Lock | None:
        AxesProxyHandler.update_request(request)
        now = request.axes_attempt_time
        username = get_client_username(request, credentials)
        key = known_browser_key(request, username)
        if key is not None:
            return browser_lock(locked_browsers(now).filter(key=key))
        locks = [
            account_lock(username, now) if username else None,
            client_lock(request.axes_ip_address, now),
        ]
        return max(filter(None, locks), key=lambda lock: lock.ends_at, default=None)

    def is_locked(self, request, credentials=None) -> bool:
        return self.lock(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        AxesProxyHandler.update_request(request)
        username = get_client_username(request, credentials)
        key = known_browser_key(request, username)
        # A refused try (the backend set axes_locked_out) is not counted: axes skips it too.
        if key is None:
            super().user_login_failed(sender, credentials, request, **kwargs)
        elif not request.axes_locked_out:
            self.count_browser_failure(key, username, request.axes_attempt_time)
        if not request.axes_locked_out and self.is_locked(request, credentials):
            # The failure that reaches a limit is answered with the lockout page already.
            request.axes_locked_out = True
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)
        request.axes_credentials = credentials

    def count_browser_failure(self, key: str, username: str, at: datetime) -> None:
        KnownBrowserFailures.objects.filter(last_failed_at__lt=at - get_cool_off()).delete()
        with transaction.atomic():
            failures, _created = KnownBrowserFailures.objects.select_for_update().get_or_create(
                key=key, defaults={"username": username, "last_failed_at": at}
            )
            failures.failures = F("failures") + 1
            failures.last_failed_at = at
            failures.save(update_fields=["failures", "last_failed_at"])

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """Axes' reset, which its commands call (`manage.py axes_reset_username maria`), also for
        the known browsers of a user, or of everyone; they have no address to reset by."""
        count = super().reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)
        browsers = KnownBrowserFailures.objects.all()
        if username:
            browsers = browsers.filter(username=username)
        elif ip_address:
            browsers = browsers.none()
        deleted, _per_model = browsers.delete()
        return count + deleted

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # Only the owner's password gets here: this browser's failures are forgiven.
        key = known_browser_key(request, user.get_username())
        if key is not None:
            KnownBrowserFailures.objects.filter(key=key).delete()
