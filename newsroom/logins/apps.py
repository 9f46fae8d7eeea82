from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginsConfig(AppConfig):
    default = True  # of the configurations in this module, the one for this app
    name = "newsroom.logins"
    verbose_name = _("Logins")


class AxesConfig(AxesAppConfig):
    """django-axes under a name administrators understand on the admin's index page."""

    default = False
    verbose_name = _("Failed logins")
