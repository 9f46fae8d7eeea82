"""The media storage's files, out to a backup folder and back, through Django's storage API: a
folder (FileSystemStorage) and a bucket (newsroom.uploads.storage.BucketStorage) alike.

Files are streamed in 1 MB chunks, never held whole. A bucket's objects keep their ContentType and
CacheControl: originals are `private, no-store`, which a plain upload would not set again."""

import hashlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .manifest import CHUNK, LEFT_OUT, MediaFile


def files(storage, folder: str = "", *, leave_out: tuple[str, ...] = LEFT_OUT) -> Iterator[str]:
    """Every file name in `storage` under `folder`, but those under the prefixes of `leave_out`."""
    try:
        directories, names = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return  # MEDIA_ROOT not made yet: nothing was ever uploaded
    for name in sorted(names):
        path = f"{folder}{name}"
        if not path.startswith(leave_out):
            yield path
    for directory in sorted(directories):
        path = f"{folder}{directory}/"
        if not path.startswith(leave_out):
            yield from files(storage, path, leave_out=leave_out)


def is_empty(storage) -> bool:
    """No file at all, renditions and kept uploads included."""
    return next(files(storage, leave_out=()), None) is None


def describe(storage) -> str:
    bucket = getattr(storage, "bucket_name", None)
    return f"s3:{bucket}" if bucket else "filesystem"


def _object(storage, name: str):
    # django-storages' own mapping of a name to a key (its `location` prefix, cleaned slashes).
    from storages.utils import clean_name

    return storage.bucket.Object(storage._normalize_name(clean_name(name)))


def copy_out(storage, name: str, target: Path) -> MediaFile:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as source, open(target, "wb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
            size += len(chunk)
    content_type = cache_control = None
    if describe(storage) != "filesystem":
        stored = _object(storage, name)
        content_type, cache_control = stored.content_type, stored.cache_control
    return MediaFile(name, size, digest.hexdigest(), content_type, cache_control)


def copy_in(storage, file: MediaFile, source: Path) -> None:
    """`file` into `storage` under its own name: a file of that name is replaced (the pages name it)."""
    parts = PurePosixPath(file.name).parts
    if not parts or PurePosixPath(file.name).is_absolute() or ".." in parts:
        raise ValueError(f"{file.name!r} is not a name inside the storage")
    if describe(storage) != "filesystem":
        headers = {"ContentType": file.content_type, "CacheControl": file.cache_control}
        extra = {key: value for key, value in headers.items() if value}
        with open(source, "rb") as data:
            _object(storage, file.name).upload_fileobj(data, ExtraArgs=extra)
        return
    if storage.exists(file.name):
        storage.delete(file.name)
    with open(source, "rb") as data:
        saved = storage.save(file.name, data)
    if saved != file.name:
        raise OSError(f"the storage saved {file.name!r} as {saved!r}")
