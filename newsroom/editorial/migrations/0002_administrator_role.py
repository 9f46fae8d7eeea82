"""The Administrator role, and the permission to read the editorial history for editors."""

from django.db import migrations

from newsroom import roles


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("translations", "0002_roles_and_translation_states"),
    ]

    operations = [migrations.RunPython(roles.migrate_roles, migrations.RunPython.noop)]
