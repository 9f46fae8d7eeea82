"""The organization's logo becomes an image of the library (issue 18), under a new name: old revisions
hold `logo` with a file's path, which a restore would read as an image's id."""

import django.db.models.deletion
from django.db import migrations, models

from newsroom.images.moving import move_file_field, move_file_field_back


def forwards(apps, schema_editor):
    move_file_field(apps, "organizations", "organization", "logo", "logo_image")


def backwards(apps, schema_editor):
    move_file_field_back(apps, "organizations", "organization", "logo", "logo_image")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0001_initial"),
        ("translations", "0006_glossary_names"),
        ("organizations", "0004_same_in_every_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="logo_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organizations",
                to="images.image",
                verbose_name="logo",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="organization", name="logo"),
    ]
