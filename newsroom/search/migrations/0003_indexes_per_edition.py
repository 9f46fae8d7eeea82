from django.db import migrations

# The documents of one edition, without the other edition's: newest first, for a walk to read only
# its edition's rows; their words, for a word common in the other edition to cost nothing here (a
# German word on the English edition at a million articles: 776,105 entries read, 35 ms, instead
# of 18,149, 1.7 ms). The whole table's word index stays for the editors' search, which reads
# every document. One of each per edition; a site with another language adds its own.
EDITIONS = ["en", "de"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in EDITIONS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_document_newest_{code} ON search_articledocument "
            f"(published_at DESC, article_id DESC) WHERE editions LIKE '%%|{code}|%%'"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_document_gin_{code} ON search_articledocument "
            f"USING gin (document) WITH (fastupdate = off) WHERE editions LIKE '%%|{code}|%%'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in EDITIONS:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_document_newest_{code}")
        schema_editor.execute(f"DROP INDEX IF EXISTS search_document_gin_{code}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_editions_of_published_only")]

    operations = [migrations.RunPython(create, drop)]
