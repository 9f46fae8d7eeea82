import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsroom.syndication"
    verbose_name = _("Syndication")

    def ready(self):
        # Here, once the models they need are loaded.
        from . import receivers
        from .access import flush_at_exit

        receivers.connect()
        # A worker stopped in the ordinary way (a deploy, gunicorn's max_requests) keeps its API usage.
        atexit.register(flush_at_exit)
