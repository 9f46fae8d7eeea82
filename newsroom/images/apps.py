from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "newsroom.images"
    verbose_name = _("Image library")

    def ready(self):
        # Here, once the models it listens to are loaded.
        from . import receivers

        receivers.connect()
