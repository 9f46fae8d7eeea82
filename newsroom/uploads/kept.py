"""An upload kept while its form is refused, so nobody has to choose the file again.

A browser cannot refill a file input: when the admin refuses a form (a missing review, an alt text,
an edit conflict, …), the image chosen would be gone. The form field keeps it instead — checked and
cleaned, as it would be stored — in the default storage under `kept-uploads/` with a random name
nothing links to, and the form offers it again with a signed reference bound to the user, so
nobody can point a form at someone else's file. The next save that passes uses it.

Kept files expire after `KEPT_FOR`: a reference older than that is refused, and the files are
deleted by `manage.py remove_expired_uploads` and by each new keeping.
"""

import datetime
import logging
import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from newsroom.uploads.rules import ImageFacts

KEPT_DIRECTORY = "kept-uploads"
KEPT_FOR = datetime.timedelta(days=1)
SIGNING_SALT = "newsroom.uploads.kept"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptUpload:
    path: str  # in the default storage
    name: str  # the file's name, as it will be stored
    facts: ImageFacts
    token: str

    def open(self) -> UploadedFile:
        upload = UploadedFile(
            default_storage.open(self.path, "rb"),
            name=self.name,
            content_type=self.facts.media_type,  # what a bucket serves it as
            size=default_storage.size(self.path),
        )
        upload.image_facts = self.facts  # checked and cleaned before it was kept
        upload.kept = self
        return upload


def keep(upload, facts: ImageFacts, user) -> KeptUpload:
    upload.seek(0)
    path = default_storage.save(f"{KEPT_DIRECTORY}/{int(time.time())}-{secrets.token_hex(16)}", upload)
    upload.seek(0)
    reference = {"path": path, "name": upload.name, "user": user.pk, "facts": [facts.format, facts.width, facts.height]}
    remove_expired()
    return KeptUpload(path, upload.name, facts, signing.dumps(reference, salt=SIGNING_SALT))


def recall(token: str, user) -> KeptUpload:
    """The upload a form's reference names, if it is this user's and not expired; else a ValidationError."""
    try:
        reference = signing.loads(token, salt=SIGNING_SALT, max_age=KEPT_FOR)
    except signing.SignatureExpired:
        raise expired() from None
    except signing.BadSignature:
        raise ValidationError(
            _("The image kept from your last attempt cannot be used here. Choose the file again."), code="kept_invalid"
        ) from None
    if user is None or reference["user"] != user.pk:
        raise ValidationError(
            _("The image kept from your last attempt cannot be used here. Choose the file again."), code="kept_invalid"
        )
    if not default_storage.exists(reference["path"]):
        raise expired()
    return KeptUpload(reference["path"], reference["name"], ImageFacts(*reference["facts"]), token)


def expired() -> ValidationError:
    return ValidationError(
        _("The image kept from your last attempt has expired (after a day). Choose the file again."),
        code="kept_expired",
    )


def remove_expired(now: float | None = None) -> int:
    """Delete the kept files older than `KEPT_FOR`; how many."""
    cutoff = (now if now is not None else time.time()) - KEPT_FOR.total_seconds()
    try:
        _directories, names = default_storage.listdir(KEPT_DIRECTORY)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        kept_at, _sep, _key = name.partition("-")
        if kept_at.isdigit() and int(kept_at) < cutoff:
            try:
                default_storage.delete(f"{KEPT_DIRECTORY}/{name}")
            except OSError:  # another process removed it first, or the storage is away: next time
                logger.warning("Could not remove the expired upload %s", name, exc_info=True)
                continue
            removed += 1
    return removed
