"""A library image's renditions: which it has (`planned`), where they live (`path_of`, `url_of`), and
making each exactly once (`obtain`, `make_all`), whoever asks first: the worker after a save, or a
reader's browser through the making view while the worker has not got to it.

The pipeline (specs, crops, encoding, markup) is `newsroom.uploads.renditions`; this module ties it
to the `Image` and `Rendition` rows and to the storage alias "renditions". A page computes every
rendition's URL from the Image row alone: `MEDIA_URL` and a name that says which key, spec, size
and format it is (`renditions/<key[:2]>/<key>/card-800x533.avif`), with no storage object and no
query. The key, an HMAC of the file's name and the focal point, changes with either: new key, new
URLs (a browser or CDN keeps each rendition for a month), and nobody finds a picture by guessing.

Making once: a rendition's row, unique per (image, key, name), is the claim. Whoever inserts it
encodes and stores the file, then sets `made_at`; whoever finds it claimed waits for `made_at`. No
lock is held while encoding (an AVIF takes up to 0.4 s, and SQLite has one write lock for all).
A claim left unfinished for CLAIM_SECONDS (its maker killed) is taken over by one conditional
UPDATE, as webhooks claim a delivery.
"""

import datetime
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.urls import get_script_prefix
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from newsroom.pagecache import keys
from newsroom.uploads import renditions as pipeline

from .models import Image, Rendition

STORAGE = "renditions"
# A claim not made after this long is a killed maker's: the next to ask takes it over.
CLAIM_SECONDS = 60
# How long the making view waits for another request's (or the worker's) rendition, and how often it looks.
WAIT_SECONDS = 10
WAIT_STEP = 0.2
# The making view's path under the site's root (urls.py names it "images:rendition").
MAKING_PATH = "images/r/"


class StillMaking(Exception):
    """Another maker holds the claim and did not finish within WAIT_SECONDS."""


def planned(image: Image) -> list[pipeline.Planned]:
    """Every rendition of `image` (see `uploads.renditions.plan`), kept on the instance: arithmetic
    on its size and focal point. Empty while its size is unknown (an image moved from the old
    fields without one, until `make_renditions` measures it)."""
    cached = image.__dict__.get("_planned")
    made_for = (image.width, image.height, image.focal_x, image.focal_y, image.has_alpha)
    if cached is None or cached[0] != made_for:
        found = []
        if image.width and image.height:
            found = pipeline.plan(image.width, image.height, image.focal_x, image.focal_y, has_alpha=image.has_alpha)
        cached = image.__dict__["_planned"] = (made_for, found)
    return cached[1]


def planned_named(image: Image, name: str) -> pipeline.Planned | None:
    return next((p for p in planned(image) if p.name == name), None)


def of_spec(image: Image, spec: str) -> list[pipeline.Planned]:
    return [p for p in planned(image) if p.spec == spec]


def path_of(key: str, name: str) -> str:
    """Where a rendition is stored: under its key, so one key's set is one folder."""
    return f"renditions/{key[:2]}/{key}/{name}"


def public_url(path: str) -> str:
    """Where readers fetch a stored rendition: MEDIA_URL and its path (a CDN or the bucket in
    production), as the storage's own `url()` would say, without making the storage."""
    return f"{settings.MEDIA_URL}{path}"


def making_url(image: Image, name: str) -> str:
    return f"{get_script_prefix()}{MAKING_PATH}{image.pk}/{image.renditions_key}/{name}"


def url_of(image: Image, name: str) -> str:
    """The rendition's public URL once the image's whole set is made; before, the making view's,
    which makes it on the first request and redirects to the public one."""
    if image.renditions_ready:
        return public_url(path_of(image.renditions_key, name))
    return making_url(image, name)


# Making them ------------------------------------------------------------------------------------


def obtain(image: Image, name: str) -> str:
    """The stored path of `image`'s rendition `name` (one of `planned(image)`), made now if nobody
    has: by this call when it claims it, else by the claim's holder, waited for. Raises
    StillMaking when the holder is not done within WAIT_SECONDS."""
    key = image.renditions_key
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        rendition = Rendition.objects.filter(image=image, key=key, name=name).first()
        if rendition is not None and rendition.made_at is not None:
            return path_of(key, name)
        mine = claim(image, key, name) if rendition is None else take_over(rendition)
        if mine is not None:
            make(image, [(mine, planned_named(image, name))])
            return path_of(key, name)
        if time.monotonic() >= deadline:
            raise StillMaking(name)
        time.sleep(WAIT_STEP)


def make_all(image: Image) -> int:
    """Make every rendition of `image`'s current key that nobody has made or is making, decoding the
    original once for them all; returns how many this call made. The image is ready once all are."""
    key = image.renditions_key
    if not key or not planned(image):
        return 0
    rows = {r.name: r for r in Rendition.objects.filter(image=image, key=key)}
    mine = []
    for rendition in planned(image):
        row = rows.get(rendition.name)
        claimed = claim(image, key, rendition.name) if row is None else (None if row.made_at else take_over(row))
        if claimed is not None:
            mine.append((claimed, rendition))
    make(image, mine)
    if not mine:
        note_if_ready(image, key)
    return len(mine)


def claim(image: Image, key: str, name: str) -> Rendition | None:
    """Our claim on the rendition, or None when someone else's row is there first."""
    try:
        with transaction.atomic():
            return Rendition.objects.create(image=image, key=key, name=name, claimed_at=timezone.now())
    except IntegrityError:
        return None


def take_over(rendition: Rendition) -> Rendition | None:
    """A claim left unmade for CLAIM_SECONDS (its maker was killed) becomes ours; else None."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=CLAIM_SECONDS)
    taken = Rendition.objects.filter(pk=rendition.pk, made_at__isnull=True, claimed_at__lt=stale).update(claimed_at=now)
    if not taken:
        return None
    rendition.claimed_at = now
    return rendition


def make(image: Image, claimed: list[tuple[Rendition, pipeline.Planned]]) -> None:
    """Encode the claimed renditions (one decoding of the original), store each, mark each made."""
    if not claimed:
        return
    by_name = {rendition.name: row for row, rendition in claimed}
    storage = storages[STORAGE]
    try:
        with image.file.open("rb") as original:
            made = pipeline.encode(original, [p for _row, p in claimed], xmp=xmp_of(image))
            for rendition, data in made:
                row = by_name[rendition.name]
                storage.save(path_of(row.key, rendition.name), ContentFile(data))
                row.made_at, row.size_bytes = timezone.now(), len(data)
                row.save(update_fields=["made_at", "size_bytes"])
    except BaseException:
        # Whatever we did not finish is free again at once, for the next to ask.
        Rendition.objects.filter(pk__in=[row.pk for row, _p in claimed], made_at__isnull=True).delete()
        raise
    note_if_ready(image, claimed[0][0].key)


def note_if_ready(image: Image, key: str) -> None:
    """Once every planned rendition of `key` is made, the image is ready: pages link the stored
    files from then on (its page-cache key goes, so cached cards and pages are rendered anew)."""
    made = Rendition.objects.filter(image=image, key=key, made_at__isnull=False).count()
    if made < len(planned(image)):
        return
    if Image.objects.filter(pk=image.pk, renditions_key=key, renditions_ready=False).update(renditions_ready=True):
        if image.renditions_key == key:
            image.renditions_ready = True
        keys.invalidate(keys.key(image))


def xmp_of(image: Image) -> bytes | None:
    """What every rendition of the image says of its rights (in its original language)."""
    original = image.original_language
    return pipeline.rendition_xmp(
        credit=getattr(image, build_localized_fieldname("credit", original), "") or "",
        creator=image.creator,
        copyright_notice=image.copyright_notice,
        licence_url=image.licence_url,
        licensor_url=image.acquire_licence_url,
        digital_source_type=image.digital_source_type,
    )


# Keeping them ------------------------------------------------------------------------------------


def delete_renditions(rows: Iterable[Rendition]) -> int:
    """Delete the files of `rows` and the rows; how many rows went."""
    storage = storages[STORAGE]
    rows = list(rows)
    for row in rows:
        storage.delete(path_of(row.key, row.name))
    return Rendition.objects.filter(pk__in=[row.pk for row in rows]).delete()[0] if rows else 0
