"""A backup into the database and media storage of the current settings.

Refuses a database that has tables or a storage that has files, unless --yes (and then says what
is overwritten); checks every checksum, and that the database server has the German search
dictionary the backup's search used, before touching anything. Then the database, the media, the
migrations of this release, and the renditions made again from the originals."""

from pathlib import Path

import django
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from newsroom.backups import database, media
from newsroom.backups.manifest import MEDIA_FOLDER, Manifest
from newsroom.version import VERSION

from .check_backup import checked


def newer_migrations(manifest: Manifest) -> list[str]:
    """Migrations the backup's data went through that this release does not have: it is older."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in sorted(manifest.migrations.items()) if (app, name) not in known]


class Command(BaseCommand):
    help = "Restore a backup made by make_backup into this site's (empty) database and media storage."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, metavar="SRC")
        parser.add_argument(
            "--yes", action="store_true", help="Overwrite a database that has tables and a storage that has files."
        )
        parser.add_argument(
            "--media-only",
            action="store_true",
            help="Only copy back the media files the storage lacks (after a point-in-time recovery of the database).",
        )

    def handle(self, *args, source, yes, media_only, **options):
        manifest, contents = checked(source)
        self.stdout.write(f"{source}: checksums good ({contents}).")
        if media_only:
            self.restore_missing_media(source, manifest)
            return
        connection = connections["default"]
        if (found := database.engine(connection)) != manifest.database.engine:
            raise CommandError(f"The backup is of a {manifest.database.engine} database, this site's is {found}.")
        if newer := newer_migrations(manifest):
            raise CommandError(
                f"The backup was made by release {manifest.version}, with migrations this release "
                f"({VERSION}) does not have: {', '.join(newer)}. Restore it with that release or a newer one."
            )
        if manifest.database.compound_dictionary:
            if not database.compound_dictionary_installed(connection):
                raise CommandError(
                    "The backup's German search uses the compound dictionary, whose files are not on this "
                    "database server: run deploy/postgresql/german_compound_dictionary.py there first "
                    '(README, "Backups and restore").'
                )
            self.stdout.write("The German compound dictionary is on the database server.")
        storage = storages["default"]
        self.refuse_unless_empty(connection, storage, manifest, yes=yes)

        try:
            database.restore(connection, manifest.database, source / manifest.database.file, clean=yes)
        except database.Failed as error:
            raise CommandError(
                f"The restore stopped: {error}\nThe database may hold part of the backup: drop and create it "
                "empty before trying again."
            ) from error
        self.stdout.write(f"Database restored from {manifest.database.file} ({manifest.database.engine}).")
        if manifest.media is not None:
            self.copy_media(source, manifest.media.files, storage)
            self.stdout.write(
                f"{len(manifest.media.files)} media files copied into {media.describe(storage)} "
                f"(left out of the backup: {', '.join(manifest.media.left_out)})."
            )
        else:
            self.stdout.write("The backup has no media (made with --no-media): copy them yourself.")
        call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1), stdout=self.stdout)
        self.stdout.write("Migrations of this release applied.")
        call_command("make_renditions", all=True, stdout=self.stdout)
        self.stdout.write(
            f"Restored the backup of release {manifest.version} made {manifest.created_at} on {manifest.hostname} "
            f"(Django {manifest.django}) with release {VERSION} (Django {django.get_version()}). "
            'If the site has a shared cache or Varnish in front, empty them (README, "Backups and restore").'
        )

    def restore_missing_media(self, source: Path, manifest: Manifest) -> None:
        """Uploads never change under their name (a second photo.jpg gets a name of its own), so a file
        the storage has is the backup's: only the missing ones are copied."""
        if manifest.media is None:
            raise CommandError("The backup has no media (made with --no-media).")
        storage = storages["default"]
        missing = [file for file in manifest.media.files if not storage.exists(file.name)]
        self.copy_media(source, missing, storage)
        self.stdout.write(
            f"{len(missing)} of the backup's {len(manifest.media.files)} media files were missing and are copied "
            f"into {media.describe(storage)}. Then: manage.py make_renditions --all."
        )

    def copy_media(self, source: Path, files: list, storage) -> None:
        for number, file in enumerate(files):
            try:
                media.copy_in(storage, file, source / MEDIA_FOLDER / file.name)
            except Exception as error:
                # A bucket fails with botocore's errors as well as OSError: whatever it is, say where it stopped.
                raise CommandError(
                    f"Copying the media stopped at {file.name} ({number} of {len(files)} copied): {error}. "
                    "Copy the rest with restore_backup --media-only, then run migrate and make_renditions --all."
                ) from error

    def refuse_unless_empty(self, connection, storage, manifest: Manifest, *, yes: bool) -> None:
        tables = connection.introspection.table_names()
        try:
            files = manifest.media is not None and not media.is_empty(storage)
        except OSError as error:
            raise CommandError(f"The media storage cannot be read, nothing restored: {error}") from error
        if not tables and not files:
            return
        what = []
        if tables:
            what.append(f"the database {connection.settings_dict['NAME']} has {len(tables)} tables")
        if files:
            what.append(f"the media storage ({media.describe(storage)}) has files")
        if not yes:
            raise CommandError(
                f"Refused: {' and '.join(what)}. Restore into an empty database and storage, or give --yes "
                "to overwrite them."
            )
        self.stdout.write(f"Overwriting, as --yes says: {' and '.join(what)}.")
