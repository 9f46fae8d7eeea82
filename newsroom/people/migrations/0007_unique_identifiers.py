from django.db import migrations

import newsroom.identifiers
from newsroom.identifiers import unique_concurrently


class Migration(migrations.Migration):
    # The unique indexes are built CONCURRENTLY, which PostgreSQL does only outside a transaction.
    atomic = False

    dependencies = [
        ("people", "0006_identifiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="wikidata",
                    field=newsroom.identifiers.WikidataField(blank=True, help_text='e.g. Q96, or paste the item’s address.', max_length=20, null=True, unique=True, verbose_name='Wikidata item'),
                ),
            ],
            database_operations=[
                unique_concurrently("people", "person", ["wikidata"]),
            ],
        ),
    ]
