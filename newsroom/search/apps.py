from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "newsroom.search"
    verbose_name = _("Search")

    def ready(self):
        # Here, once the models it listens to are loaded.
        from . import receivers

        receivers.connect()
        # Here, once every app's admin is registered (admin.autodiscover ran in the admin's ready()).
        from . import admin

        admin.search_entities_as_the_site_does()
