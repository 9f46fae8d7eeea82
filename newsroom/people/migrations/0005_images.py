"""The person's photo becomes an image of the library (issue 18), under a new name: old revisions
hold `photo` with a file's path, which a restore would read as an image's id."""

import django.db.models.deletion
from django.db import migrations, models

from newsroom.images.moving import move_file_field, move_file_field_back


def forwards(apps, schema_editor):
    move_file_field(apps, "people", "person", "photo", "portrait")


def backwards(apps, schema_editor):
    move_file_field_back(apps, "people", "person", "photo", "portrait")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0001_initial"),
        ("translations", "0006_glossary_names"),
        ("people", "0004_same_in_every_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="portrait",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="images.image",
                verbose_name="portrait",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="person", name="photo"),
    ]
