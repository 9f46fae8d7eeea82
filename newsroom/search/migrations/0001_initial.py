import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from newsroom.search import configuration  # noqa: PLC0415 - the module's current SQL, not a copy

    configuration.install(schema_editor.connection)
    # The document and the text out of the row from 128 bytes on, uncompressed: the rows the search
    # walks newest first stay a few dozen bytes (a page holds a hundred), and a document is read
    # only for a row that may match. Inline, a 3 KB article's document made the walk read a page a row.
    schema_editor.execute("ALTER TABLE search_articledocument SET (toast_tuple_target = 128)")
    schema_editor.execute("ALTER TABLE search_articledocument ALTER COLUMN document SET STORAGE EXTERNAL")
    schema_editor.execute(
        "CREATE INDEX search_document_gin ON search_articledocument USING gin (document) WITH (fastupdate = off)"
    )
    schema_editor.execute("CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in (
        "DROP INDEX IF EXISTS search_document_gin",
        "DROP INDEX IF EXISTS search_word_trgm",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_german",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_english",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_german_stemmed",
        "DROP TEXT SEARCH DICTIONARY IF EXISTS newsroom_german_compound",
        "DROP FUNCTION IF EXISTS newsroom_plain_text(text)",
    ):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0007_same_in_every_language")]

    operations = [
        migrations.CreateModel(
            name="ArticleDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=8, verbose_name="language")),
                ("editions", models.CharField(blank=True, default="", max_length=40)),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("text", models.TextField(blank=True, default="")),
                ("published_at", models.DateTimeField(null=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_documents",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("article", "language"), name="search_document_per_language")
                ],
                "indexes": [
                    models.Index(fields=["-published_at", "-article"], name="search_document_newest_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Word",
            fields=[
                ("word", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("frequency", models.PositiveIntegerField(default=1)),
            ],
        ),
        migrations.CreateModel(
            name="StaleArticle",
            fields=[
                ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("noted_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
