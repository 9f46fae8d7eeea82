from django.db import models
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
