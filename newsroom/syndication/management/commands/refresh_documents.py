"""Bring every stored ninjs document up to its article: once after installing (the archive's first
documents), and after a change made outside the site (a restore, SQL by hand). Nothing is announced
to partners unless asked; they sync the archive through the API or the export."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from newsroom.articles.models import Article
from newsroom.syndication import documents, tasks

BATCH = 1000


class Command(BaseCommand):
    help = "Build or bring up to date the stored ninjs documents of every article before readers."

    def add_arguments(self, parser):
        parser.add_argument("--announce", action="store_true", help="Tell webhook subscribers of every change found.")

    def handle(self, *args, announce, **options):
        wanted = Article.objects.filter(
            Q(status__in=Article.BEFORE_READERS) | Q(published_documents__isnull=False)
        ).distinct()
        after, seen, changed = 0, 0, 0
        while ids := list(wanted.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH]):
            outcome = documents.reconcile(ids, announce=documents.KINDS if announce else frozenset())
            for article_id, when in outcome.due.items():
                tasks.refresh_documents.using(run_after=when).enqueue([article_id])
            seen, changed, after = seen + len(ids), changed + len(outcome.changes), ids[-1]
            if options["verbosity"] > 1:
                self.stdout.write(f"{seen} articles…")
        self.stdout.write(f"{seen} articles looked at, {changed} documents changed.")
