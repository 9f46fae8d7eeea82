from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.syndication import export
from newsroom.translations.models import LANGUAGE_CODES


class Command(BaseCommand):
    help = (
        "Write every published article readable in a language as IPTC ninjs JSON Lines (one document a "
        "line, newest first), to a file or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=LANGUAGE_CODES)
        parser.add_argument("--ninjs", choices=["2.2", "3.1"], default="2.2", dest="ninjs_version")
        parser.add_argument("--output", help="a file to write (default: standard output)")
        parser.add_argument(
            "--base-url", default=settings.SITE_URL, help="the site's scheme and host for links (default: SITE_URL)"
        )

    def handle(self, *args, **options):
        base_url = (options["base_url"] or "").rstrip("/")
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Links in the documents need the site's address: set SITE_URL or give --base-url.")
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as stream:
                count = export.write_lines(stream, options["language"], base_url, options["ninjs_version"])
        else:
            count = export.write_lines(self.stdout, options["language"], base_url, options["ninjs_version"])
        self.stderr.write(f"{count} documents in {options['language']} (ninjs {options['ninjs_version']}).")
