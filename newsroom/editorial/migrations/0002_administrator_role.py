"""The Administrator role, and the permission to read the editorial history for editors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from newsroom import roles


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("translations", "0002_roles_and_translation_states"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
