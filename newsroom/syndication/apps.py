import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsroom.syndication"
    verbose_name = _("Syndication")

    def ready(self):
        # Here, not at the top: access.py imports the models, which load after the app configs.
        from .access import flush_at_exit

        # A worker stopped in the ordinary way (a deploy, gunicorn's max_requests) keeps its API usage.
        atexit.register(flush_at_exit)
