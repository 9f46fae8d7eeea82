from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from .storage import check_media_url


class UploadsConfig(AppConfig):
    name = "newsroom.uploads"
    verbose_name = _("Uploads")

    def ready(self):
        checks.register(check_media_url)
