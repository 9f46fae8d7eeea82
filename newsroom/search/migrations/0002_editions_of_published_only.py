from django.db import migrations

# Documents built before: a draft's or a taken-down article's named the editions it would be read in
# (the search asked every match whether its article was published; it now trusts the editions).
FORGET = """
    UPDATE search_articledocument AS d SET editions = ''
    FROM articles_article AS a
    WHERE a.id = d.article_id AND a.status <> 'published' AND d.editions <> ''
"""


def forget_editions_of_unpublished(apps, schema_editor):
    # SQLite has no documents (it searches the articles' columns).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORGET)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forget_editions_of_unpublished, migrations.RunPython.noop)]
