"""Failed logins of known browsers; administrators may see and delete axes' login attempts."""

from django.db import migrations, models

from newsroom import roles


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("translations", "0002_roles_and_translation_states"),
    ]

    operations = [
        migrations.CreateModel(
            name='KnownBrowserFailures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=32, unique=True)),
                ('username', models.CharField(db_index=True, max_length=150, verbose_name='username')),
                ('failures', models.PositiveIntegerField(default=0)),
                ('last_failed_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'failed logins of a known browser',
                'verbose_name_plural': 'failed logins of known browsers',
            },
        ),
        migrations.RunPython(roles.migrate_roles, migrations.RunPython.noop),
    ]
