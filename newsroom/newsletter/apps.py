from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from newsroom.shared_cache import check_shared_cache


class NewsletterConfig(AppConfig):
    name = "newsroom.newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # The sign-up's rate limits count in the cache: one each worker keeps for itself limits nobody.
        checks.register(check_shared_cache, checks.Tags.caches)
