"""One backup: `DEST/<UTC time>-<release>/` with the database, the media and, written last, the
manifest. On any failure the command ends with an error and the folder is removed: a backup either
has its manifest or does not exist."""

import datetime
import os
import re
import shutil
import socket
from pathlib import Path

import django
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from newsroom.backups import database, media
from newsroom.backups.manifest import DATABASE_FILES, MEDIA_FOLDER, Manifest, MediaCopy
from newsroom.version import VERSION


def last_migrations(connection) -> dict[str, str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    return dict(recorder.migration_qs.order_by("applied", "id").values_list("app", "name"))  # the last wins


class Command(BaseCommand):
    help = "Back up the database and the media (without renditions) into a new folder under DEST."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, metavar="DEST")
        parser.add_argument("--no-media", action="store_true", help="The database only.")

    def handle(self, *args, destination, no_media, **options):
        self.verbosity = options["verbosity"]
        now = datetime.datetime.now(datetime.UTC)
        # The time first, so that the names sort by age (deploy/backup.sh keeps the newest).
        folder = destination / f"{now:%Y%m%dT%H%M%SZ}-{re.sub(r'[^A-Za-z0-9._-]', '-', VERSION)}"
        # Backups hold embargoed text and unpublished pictures: readable by their owner only.
        previous_umask = os.umask(0o077)
        try:
            destination.mkdir(parents=True, exist_ok=True)
            folder.mkdir()
        except OSError as error:
            os.umask(previous_umask)
            raise CommandError(f"Cannot make the backup's folder: {error}") from error
        try:
            manifest = self.back_up(folder, now, with_media=not no_media)
            manifest.write(folder)
        except Exception as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise CommandError(f"Backup failed, nothing kept: {error}") from error
        finally:
            os.umask(previous_umask)
        media_files = "no media" if manifest.media is None else f"{len(manifest.media.files)} media files"
        self.stdout.write(
            f"{folder}: {manifest.database.engine} database ({manifest.database.bytes} bytes), {media_files}, "
            f"release {manifest.version}."
        )

    def back_up(self, folder: Path, now: datetime.datetime, *, with_media: bool) -> Manifest:
        connection = connections["default"]
        copy = database.dump(connection, folder, DATABASE_FILES[database.engine(connection)])
        media_copy = None
        if with_media:
            storage = storages["default"]
            media_copy = MediaCopy(media.describe(storage), [])
            for name in media.files(storage):
                media_copy.files.append(media.copy_out(storage, name, folder / MEDIA_FOLDER / name))
                if self.verbosity > 1:
                    self.stdout.write(name)
        return Manifest(
            created_at=now.isoformat(timespec="seconds"),
            version=VERSION,
            django=django.get_version(),
            migrations=last_migrations(connection),
            database=copy,
            media=media_copy,
            hostname=socket.gethostname(),
        )
