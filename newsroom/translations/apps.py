from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

from .machine import check_configuration


def ensure_translation_rows(sender, instance, raw=False, **kwargs):
    # Imported by the first save: this module is loaded before the models (as every apps.py).
    from .models import TranslatableModel
    from .workflow import ensure_translation_rows

    if isinstance(instance, TranslatableModel) and not raw:
        ensure_translation_rows(instance)


class TranslationsConfig(AppConfig):
    name = "newsroom.translations"
    verbose_name = _("Translations")

    def ready(self):
        checks.register(check_configuration)
        # Every translatable object has a state per language from its first save on, however saved.
        post_save.connect(ensure_translation_rows, dispatch_uid="newsroom.translations.rows")
        # Names that are the same in every language are glossary terms from their first save on.
        from .glossary import entity_deleted, entity_saved

        post_save.connect(entity_saved, dispatch_uid="newsroom.translations.glossary")
        # A deleted text's remembered pairs and terms go with it (memory.py, glossary.py). Connected
        # per translatable model: a receiver of every model's deletes would cost Django's fast
        # delete everywhere (a newsletter subscription's delete would fetch its rows first).
        from django.apps import apps

        from .memory import forget
        from .models import TranslatableModel

        for model in apps.get_models():
            if issubclass(model, TranslatableModel):
                uid = f"newsroom.translations.{model._meta.label_lower}"
                post_delete.connect(entity_deleted, sender=model, dispatch_uid=f"{uid}.glossary")
                post_delete.connect(forget, sender=model, dispatch_uid=f"{uid}.memory")
        # A role is enough to enter the admin, however it is given or taken away, the role itself
        # deleted too (newsroom/admin_access.py). Imported here, once the models are loaded.
        from django.contrib.auth.models import Group, Permission, User

        from newsroom.admin_access import (
            remember_members_before_delete,
            staff_follows_deleted_roles,
            staff_follows_roles,
        )

        for through in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(staff_follows_roles, sender=through, dispatch_uid=f"newsroom.staff.{through.__name__}")
        for model in (Group, Permission):
            uid = f"newsroom.staff.{model.__name__}"
            pre_delete.connect(remember_members_before_delete, sender=model, dispatch_uid=f"{uid}.pre_delete")
            post_delete.connect(staff_follows_deleted_roles, sender=model, dispatch_uid=f"{uid}.post_delete")
