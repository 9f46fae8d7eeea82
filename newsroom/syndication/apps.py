from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsroom.syndication"
    verbose_name = _("Syndication")

    def ready(self):
        # Here, once the models it listens to are loaded.
        from . import receivers

        receivers.connect()
