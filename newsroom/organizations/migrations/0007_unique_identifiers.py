from django.db import migrations, models

import newsroom.identifiers
from newsroom.identifiers import unique_concurrently


class Migration(migrations.Migration):
    # The unique indexes are built CONCURRENTLY, which PostgreSQL does only outside a transaction.
    atomic = False

    dependencies = [
        ("organizations", "0006_identifiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organization",
                    name="wikidata",
                    field=newsroom.identifiers.WikidataField(blank=True, help_text='e.g. Q96, or paste the item’s address.', max_length=20, null=True, unique=True, verbose_name='Wikidata item'),
                ),
                migrations.AlterField(
                    model_name="organization",
                    name="lei",
                    field=newsroom.identifiers.LeiField(blank=True, help_text='Legal Entity Identifier: 20 letters and digits.', max_length=20, null=True, unique=True, verbose_name='LEI'),
                ),
                migrations.AddConstraint(
                    model_name="organization",
                    constraint=models.UniqueConstraint(fields=("exchange", "ticker"), name="organization_unique_listing"),
                ),
            ],
            database_operations=[
                unique_concurrently("organizations", "organization", ["wikidata"]),
                unique_concurrently("organizations", "organization", ["lei"]),
                unique_concurrently("organizations", "organization", ["exchange", "ticker"], "organization_unique_listing"),
            ],
        ),
    ]
