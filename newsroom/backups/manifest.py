"""What a backup folder holds, written last as `manifest.json`: a folder without it is unfinished.

The manifest names the release and the migrations the data were written by (a restore runs the
newer ones; it refuses data from a release newer than the code), and a SHA-256 for every file, checked
before anything is restored."""

import dataclasses
import hashlib
import json
import os
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FOLDER = "media"
# Made again from the originals (`make_renditions --all`), and the refused forms' scraps of a day.
LEFT_OUT = ("renditions/", "kept-uploads/")
CHUNK = 1024 * 1024


@dataclasses.dataclass
class DatabaseCopy:
    engine: str  # "postgresql" or "sqlite"
    server_version: str
    dump_version: str  # pg_dump's, or the sqlite3 library's
    file: str
    bytes: int
    sha256: str
    # The search's German dictionary is a file on the database server, not in the dump (README).
    compound_dictionary: bool = False


@dataclasses.dataclass
class MediaFile:
    name: str
    bytes: int
    sha256: str
    content_type: str | None = None
    cache_control: str | None = None


@dataclasses.dataclass
class MediaCopy:
    storage: str  # "filesystem" or "s3:<bucket>"
    files: list[MediaFile]
    left_out: list[str] = dataclasses.field(default_factory=lambda: list(LEFT_OUT))


@dataclasses.dataclass
class Manifest:
    created_at: str
    version: str
    django: str
    migrations: dict[str, str]  # app label → last applied migration
    database: DatabaseCopy
    media: MediaCopy | None  # None: made with --no-media
    hostname: str
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        values = json.loads(text)
        if values.get("format") != FORMAT:
            raise ValueError(f"manifest format {values.get('format')!r}, this release reads {FORMAT}")
        media = values.pop("media")
        if media is not None:
            media = MediaCopy(**{**media, "files": [MediaFile(**file) for file in media["files"]]})
        return cls(**{**values, "database": DatabaseCopy(**values.pop("database")), "media": media})

    def write(self, folder: Path) -> None:
        """Into place in one step: a reader never finds half a manifest."""
        unfinished = folder / f".{MANIFEST}.part"
        unfinished.write_text(self.to_json(), encoding="utf-8")
        os.replace(unfinished, folder / MANIFEST)

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        try:
            text = (folder / MANIFEST).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"{folder} has no {MANIFEST}: not a backup, or an unfinished one") from None
        return cls.from_json(text)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def damaged_files(folder: Path, manifest: Manifest) -> list[str]:
    """The files of the backup that are missing or whose size or checksum is not the manifest's."""
    expected = [(manifest.database.file, manifest.database.bytes, manifest.database.sha256)]
    if manifest.media is not None:
        expected += [(f"{MEDIA_FOLDER}/{f.name}", f.bytes, f.sha256) for f in manifest.media.files]
    damaged = []
    for name, size, checksum in expected:
        path = folder / name
        if not path.is_file():
            damaged.append(f"{name}: missing")
        elif path.stat().st_size != size:
            damaged.append(f"{name}: {path.stat().st_size} bytes, the manifest says {size}")
        elif sha256_of(path) != checksum:
            damaged.append(f"{name}: checksum differs from the manifest's")
    return damaged
