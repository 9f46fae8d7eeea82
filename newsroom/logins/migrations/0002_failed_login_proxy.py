"""Axes' failed logins under names administrators can read (a proxy: no table, no permissions)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("logins", "0001_known_browsers"),
    ]

    operations = [
        migrations.CreateModel(
            name="FailedLogin",
            fields=[],
            options={
                "verbose_name": "access attempt",
                "verbose_name_plural": "access attempts",
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("axes.accessattempt",),
        ),
    ]
