from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgreSQL(AddIndexConcurrently):
    """Built CONCURRENTLY on PostgreSQL, where writes go on meanwhile (the migration rule); plainly on
    SQLite, which has no such thing."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddCheckConstraintNotValid(migrations.AddConstraint):
    """On PostgreSQL the check is added NOT VALID (the table's lock is held for a moment, no row
    read) and then validated, which reads the table without blocking reads or writes."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor != "postgresql" or not self.allow_migrate_model(
            schema_editor.connection.alias, model
        ):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        quote = schema_editor.quote_name
        schema_editor.execute(f"{self.constraint.create_sql(model, schema_editor)} NOT VALID")
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} VALIDATE CONSTRAINT {quote(self.constraint.name)}"
        )


class Migration(migrations.Migration):
    # The index is built CONCURRENTLY, which PostgreSQL does only outside a transaction.
    atomic = False

    dependencies = [
        ("articles", "0009_live_coverage"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="embargo_conditions",
            field=models.TextField(
                blank=True,
                db_default="",
                default="",
                help_text="Who set the embargo and on what terms, e.g. “INEGI, no mention of the figures before release”.",
                verbose_name="embargo conditions",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="embargo_until",
            field=models.DateTimeField(
                blank=True,
                help_text="The source's release time: readers get nothing of the article, in any language or feed, before this second, whatever its publish time.",
                null=True,
                verbose_name="embargo until",
            ),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="article",
            index=models.Index(
                condition=models.Q(("embargo_until__isnull", False)),
                fields=["embargo_until"],
                name="article_embargo_idx",
            ),
        ),
        AddCheckConstraintNotValid(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("embargo_until__isnull", True),
                    ("published_at__isnull", True),
                    ("published_at__gte", models.F("embargo_until")),
                    _connector="OR",
                ),
                name="article_published_not_before_embargo",
            ),
        ),
    ]
