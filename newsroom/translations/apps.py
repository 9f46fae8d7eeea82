from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_save
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
        # A role is enough to enter the admin, however it is given (newsroom/admin_access.py).
        from django.contrib.auth.models import User

        from newsroom.admin_access import staff_follows_roles

        for through in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(staff_follows_roles, sender=through, dispatch_uid=f"newsroom.staff.{through.__name__}")
