import time

from django.core.management.base import BaseCommand
from django.db import connection

from newsroom.search import documents


class Command(BaseCommand):
    help = (
        "Build every article's search documents again: after a bulk load, or after the German dictionary "
        "was installed (`search_configuration --install`). Saves keep them current otherwise."
    )

    def handle(self, *args, **options):
        if not documents.is_searchable():
            self.stdout.write("Nothing to build: on SQLite the search reads the articles' columns.")
            return
        started = time.monotonic()

        def progress(done):
            self.stdout.write(f"{done:,} articles ({time.monotonic() - started:.0f} s)")

        count = documents.rebuild_all(progress=progress if options["verbosity"] > 1 else None)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_articledocument")
            cursor.execute("ANALYZE search_word")
        self.stdout.write(f"Search documents of {count:,} articles built in {time.monotonic() - started:.0f} s.")
