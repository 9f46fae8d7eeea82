from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def ensure_translation_rows(sender, instance, raw=False, **kwargs):
    from .models import TranslatableModel
    from .workflow import ensure_translation_rows

    if isinstance(instance, TranslatableModel) and not raw:
        ensure_translation_rows(instance)


class TranslationsConfig(AppConfig):
    name = "newsroom.translations"
    verbose_name = _("Translations")

    def ready(self):
        # Every translatable object has a state per language from its first save on, however saved.
        post_save.connect(ensure_translation_rows, dispatch_uid="newsroom.translations.rows")
