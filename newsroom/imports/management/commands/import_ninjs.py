from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom import outbound
from newsroom.imports import importing
from newsroom.imports.models import ImportRecord

ENDINGS = (".json", ".jsonl", ".ndjson")


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs documents (2.x or 3.x) as draft articles: files (.json, or JSON Lines with one "
        "document a line), folders of them, or http(s) addresses. A document that is a translation of "
        "one imported before becomes that article's translation; one imported before is updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="files, folders or URLs")
        parser.add_argument("--url-list", help="a file with one URL a line")
        parser.add_argument("--user", help="the username the import is recorded under (an editor)")

    def handle(self, *args, **options):
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"There is no user “{options['user']}”.")
        sources = list(options["sources"])
        if options["url_list"]:
            lines = Path(options["url_list"]).read_text(encoding="utf-8").splitlines()
            sources += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        if not sources:
            raise CommandError("Name at least one file, folder or URL.")
        documents = [document for source in sources for document in self.read(source)]
        counts = dict.fromkeys(ImportRecord.Outcome.values, 0)
        # Originals first: a translation finds the article its original made.
        for origin, raw in sorted(documents, key=lambda pair: importing.is_translation(pair[1])):
            result = importing.import_document(raw, by=by, source=ImportRecord.Source.COMMAND, origin=origin)
            counts[result.outcome] += 1
            record = result.record
            where = f" (article {record.article_id})" if record.article_id else ""
            self.stdout.write(f"{record.get_outcome_display()}: {record.headline or origin}{where}")
            for note in record.notes():
                self.stdout.write(f"    {note['field']}: {note['message']}")
        summary = ", ".join(
            f"{count} {ImportRecord.Outcome(outcome).label.lower()}" for outcome, count in counts.items() if count
        )
        self.stdout.write(f"{len(documents)} documents: {summary or 'none'}.")
        if counts[ImportRecord.Outcome.REFUSED]:
            raise CommandError(f"{counts[ImportRecord.Outcome.REFUSED]} of {len(documents)} documents were refused.")

    def read(self, source: str):
        """(origin, raw document) pairs from a file, a folder or a URL."""
        if urlsplit(source).scheme in ("http", "https"):
            host = urlsplit(source).hostname
            try:
                # The operator named the address: it may be a machine on our own network.
                answer = outbound.get(
                    source,
                    {"Accept": "application/json"},
                    private_hosts={host},
                    limit=settings.IMPORT_MAX_DOCUMENT_BYTES,
                )
            except (outbound.Refused, outbound.Failed) as reason:
                raise CommandError(f"{source}: {reason}") from None
            if answer.status != 200:
                raise CommandError(f"{source}: HTTP {answer.status}")
            return [(source, answer.body)]
        path = Path(source)
        if path.is_dir():
            return [
                pair for child in sorted(path.iterdir()) if child.suffix in ENDINGS for pair in self.read(str(child))
            ]
        if not path.is_file():
            raise CommandError(f"{source}: no such file, folder or URL")
        if path.suffix in (".jsonl", ".ndjson"):
            lines = path.read_bytes().splitlines()
            return [(f"{path.name}:{number}", line) for number, line in enumerate(lines, start=1) if line.strip()]
        return [(path.name, path.read_bytes())]
