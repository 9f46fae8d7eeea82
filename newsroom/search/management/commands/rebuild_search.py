import time
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand
from django.db import connection, connections

from newsroom.search import documents


def _rebuild_range(bounds):
    # A process of its own: its own connection, not the parent's.
    connections.close_all()
    return documents.rebuild_range(*bounds)


class Command(BaseCommand):
    help = (
        "Build every article's search documents again: after a bulk load, or after the German dictionary "
        "was installed (`search_configuration --install`). Saves keep them current otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="processes working at once, each on its own range of articles (the database's cores do the work)",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only the articles a change of a name left waiting (a process stopped before it rebuilt them)",
        )

    def handle(self, *args, **options):
        if not documents.is_searchable():
            self.stdout.write("Nothing to build: on SQLite the search reads the articles' columns.")
            return
        started = time.monotonic()
        if options["stale"]:
            count = documents.rebuild_stale()
            took = time.monotonic() - started
            self.stdout.write(f"Search documents of {count:,} stale articles built in {took:.0f} s.")
            return
        documents.forget_words()
        ranges = documents.id_ranges(max(1, options["jobs"]))
        if len(ranges) <= 1:
            count = sum(documents.rebuild_range(*bounds) for bounds in ranges)
        else:
            # The processes are forked: none may share this process's open connection.
            connections.close_all()
            with ProcessPoolExecutor(max_workers=len(ranges)) as pool:
                count = sum(pool.map(_rebuild_range, ranges))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_articledocument")
            cursor.execute("ANALYZE search_word")
        self.stdout.write(f"Search documents of {count:,} articles built in {time.monotonic() - started:.0f} s.")
