"""Reporters may delete the tags of their own articles that readers do not see yet, and a role is
enough to enter the admin: members of a role get the staff status they may have been left without."""

from django.db import migrations
from django.db.models import Exists, OuterRef

from newsroom import roles


def give_role_members_staff_status(apps, schema_editor):
    user_model = apps.get_model("auth", "User")
    in_a_role = Exists(user_model.groups.through.objects.filter(user_id=OuterRef("pk")))
    user_model.objects.filter(in_a_role, is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_corrections"),
        ("editorial", "0005_human_reviews"),
        ("newsletter", "0001_initial"),
        ("translations", "0002_roles_and_translation_states"),
    ]

    operations = [
        migrations.RunPython(roles.migrate_roles, migrations.RunPython.noop),
        # Not undone: staff status was what these accounts lacked, not what they had.
        migrations.RunPython(give_role_members_staff_status, migrations.RunPython.noop),
    ]
