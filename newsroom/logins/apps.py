from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginsConfig(AppConfig):
    name = "newsroom.logins"
    verbose_name = _("Logins")
