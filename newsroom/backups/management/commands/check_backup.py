"""Whether a backup folder can be restored: its manifest, every file's size and checksum, and the
database file readable (pg_restore's table of contents, SQLite's integrity check)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import database
from newsroom.backups.manifest import Manifest, damaged_files


def checked(folder: Path) -> tuple[Manifest, str]:
    """The manifest and what the database file holds; CommandError naming what is wrong."""
    try:
        manifest = Manifest.read(folder)
    except (ValueError, TypeError, OSError) as error:
        raise CommandError(str(error)) from error
    if damaged := damaged_files(folder, manifest):
        raise CommandError(f"{folder} is damaged, restore nothing from it:\n  " + "\n  ".join(damaged))
    try:
        contents = database.check(manifest.database, folder / manifest.database.file)
    except database.Failed as error:
        raise CommandError(f"{folder}: the database file cannot be read: {error}") from error
    return manifest, contents


class Command(BaseCommand):
    help = "Check a backup folder: manifest, checksums, the database file readable."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, metavar="SRC")

    def handle(self, *args, source, **options):
        manifest, contents = checked(source)
        files = "none (--no-media)" if manifest.media is None else len(manifest.media.files)
        self.stdout.write(
            f"{source}: good. Release {manifest.version}, made {manifest.created_at} on {manifest.hostname}; "
            f"{manifest.database.engine} {manifest.database.server_version} ({contents}); media files: {files}."
        )
