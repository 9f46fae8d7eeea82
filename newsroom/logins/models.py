from axes.models import AccessAttempt
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class KnownBrowserFailures(models.Model):
    """Failed logins from one known browser (see `known_browsers`), kept while they count: such a
    browser is judged by its own failures as its user, not by the account's."""

    key = models.CharField(max_length=32, unique=True)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("failed logins of a known browser")
        verbose_name_plural = _("failed logins of known browsers")

    def __str__(self):
        return f"{self.username}: {self.failures}"


class FailedLogin(AccessAttempt):
    """Axes' record of failed logins as one username from one client and browser, as the admin's
    failed-logins list shows it: axes names each "Attempted Access: 2026-12-06 06:35:59.770033+00:00"
    on the detail and delete pages."""

    class Meta:
        proxy = True
        # Who may see and delete them is axes' own permissions say (the list is axes' model's).
        default_permissions = ()
        verbose_name = _("access attempt")
        verbose_name_plural = _("access attempts")

    def __str__(self):
        return gettext("“%(username)s” from %(address)s, %(time)s") % {
            "username": self.username or "",
            "address": self.ip_address or gettext("an unknown address"),
            "time": formats.date_format(timezone.localtime(self.attempt_time), "DATETIME_FORMAT"),
        }
