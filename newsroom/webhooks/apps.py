from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "newsroom.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # Here, once the models it listens to are loaded.
        from . import receivers

        receivers.connect()
