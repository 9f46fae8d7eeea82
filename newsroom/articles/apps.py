from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "newsroom.articles"
    verbose_name = _("Articles")

    def ready(self):
        # Here, once the models it listens to are loaded.
        from . import changes

        changes.connect()
