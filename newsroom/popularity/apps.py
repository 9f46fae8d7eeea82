import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopularityConfig(AppConfig):
    name = "newsroom.popularity"
    verbose_name = _("Most popular")

    def ready(self):
        # Here, not at the top: reads.py imports the models, which load after the app configs.
        from .reads import flush_at_exit

        # A worker stopped in the ordinary way (a deploy, gunicorn's max_requests) keeps its reads.
        atexit.register(flush_at_exit)
