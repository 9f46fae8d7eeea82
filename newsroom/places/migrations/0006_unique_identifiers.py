from django.db import migrations

import newsroom.identifiers
from newsroom.identifiers import unique_concurrently


class Migration(migrations.Migration):
    # The unique indexes are built CONCURRENTLY, which PostgreSQL does only outside a transaction.
    atomic = False

    dependencies = [
        ("places", "0005_identifiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="place",
                    name="wikidata",
                    field=newsroom.identifiers.WikidataField(blank=True, help_text='e.g. Q96, or paste the item’s address.', max_length=20, null=True, unique=True, verbose_name='Wikidata item'),
                ),
                migrations.AlterField(
                    model_name="place",
                    name="geonames",
                    field=newsroom.identifiers.GeoNamesField(blank=True, help_text='e.g. 3530597, or paste the GeoNames address.', max_length=12, null=True, unique=True, verbose_name='GeoNames id'),
                ),
            ],
            database_operations=[
                unique_concurrently("places", "place", ["wikidata"]),
                unique_concurrently("places", "place", ["geonames"]),
            ],
        ),
    ]
