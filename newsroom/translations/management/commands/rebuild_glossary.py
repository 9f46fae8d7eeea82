from django.core.management.base import BaseCommand
from django.db import transaction

from newsroom.translations.glossary import rebuild_entity_terms


class Command(BaseCommand):
    help = (
        "Make the glossary's terms from the names of organizations, people, places, sections and tags "
        "as readers get them now. Terms written by hand are left as they are."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = rebuild_entity_terms()
        self.stdout.write(f"{count} glossary terms follow the names of the newsroom's entities.")
