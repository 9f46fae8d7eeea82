from django.db import migrations

# Documents built before: a draft's or a taken-down article's named the editions it would be read in
# (the search asked every match whether its article was published; it now trusts the editions).
FORGET = """
    UPDATE search_articledocument d SET editions = ''
    FROM articles_article a
    WHERE a.id = d.article_id AND a.status <> 'published' AND d.editions <> ''
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunSQL(FORGET, migrations.RunSQL.noop)]
