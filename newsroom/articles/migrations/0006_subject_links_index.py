from django.db import migrations

# "You may like" reads each subject's newest links (`ArticleQuerySet.related_to`): an index of
# subject and article answers that backwards, where the subject's own index made PostgreSQL read
# and sort all of them (184,000 for the most linked organization at a million articles).
LINKS = [
    ("articles_article_organizations", "organization_id"),
    ("articles_article_people", "person_id"),
    ("articles_article_events", "event_id"),
    ("articles_article_tags", "tag_id"),
]


def index_name(table: str) -> str:
    return f"{table}_subject_article_idx"


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_readable_in")]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table)}" ON "{table}" ("{column}", "article_id")',
            f'DROP INDEX IF EXISTS "{index_name(table)}"',
        )
        for table, column in LINKS
    ]
