from django.core.management.base import BaseCommand
from django.db import connection

from newsroom.search import configuration


class Command(BaseCommand):
    help = "Say whether German search splits compounds; with --install, make the search configurations again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--install",
            action="store_true",
            help="after deploy/postgresql/german_compound_dictionary.py ran on the database server",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite: the search matches words in headlines and standfirsts (no stemming).")
            return
        if options["install"]:
            configuration.install(connection)
        if configuration.splits_compounds(connection):
            self.stdout.write("German search stems words and splits compounds (newsroom_german_compound).")
        else:
            self.stdout.write(
                "German search stems words but does not split compounds: run "
                "deploy/postgresql/german_compound_dictionary.py on the database server, then this command "
                "with --install and rebuild_search."
            )
