"""Trigram indexes for the article search on PostgreSQL.

The search filter matches words anywhere in headlines and standfirsts (`icontains`, which
PostgreSQL runs as `UPPER(column) LIKE '%WORD%'`); without these indexes that reads the whole
table. SQLite has no such index and needs none at demo sizes. A new language needs its columns
added here by a later migration.
"""

from django.conf import settings
from django.db import migrations

SEARCHED_COLUMNS = [f"{field}_{code}" for field in ("headline", "standfirst") for code, _name in settings.LANGUAGES]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "article_{column}_trgm" '
            f'ON "articles_article" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED_COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "article_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
