"""The lead image of an imported document, fetched only from the hosts the site trusts
(IMPORT_IMAGE_HOSTS: the agency's image server), never from wherever a document points: a URL in a
document is the sender's choice, and fetching it would let them make our server call any address.
The file passes the same checks as an editor's upload, and loses its personal metadata the same way.
Fetched before the import's transaction, so no database row waits on another server.
"""

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_noop

from newsroom import outbound
from newsroom.uploads.forms import cleaned_upload
from newsroom.uploads.rules import inspect_image, max_bytes

from .mapping import Picture, Problem


def fetch(picture: Picture, where: str, notes: list[Problem]):
    """The picture as an upload ready to store, or None with a note saying why not."""
    host = urlsplit(picture.href).hostname or ""
    if not settings.IMPORT_IMAGE_HOSTS:
        notes.append(
            Problem(
                where,
                gettext_noop(
                    "The image at %(host)s was not fetched: no image host is trusted yet (IMPORT_IMAGE_HOSTS)."
                ),
                {"host": host or picture.href},
            )
        )
        return None
    if host not in settings.IMPORT_IMAGE_HOSTS:
        notes.append(
            Problem(
                where,
                gettext_noop("The image at %(host)s was not fetched: images are taken only from %(hosts)s."),
                {"host": host or picture.href, "hosts": ", ".join(settings.IMPORT_IMAGE_HOSTS)},
            )
        )
        return None
    try:
        answer = outbound.get(
            picture.href, {"Accept": "image/*"}, private_hosts=settings.IMPORT_IMAGE_PRIVATE_HOSTS, limit=max_bytes()
        )
    except (outbound.Refused, outbound.Failed) as reason:
        notes.append(Problem(where, gettext_noop("The image could not be fetched (%(reason)s)."), {"reason": reason}))
        return None
    if answer.status != 200:
        notes.append(
            Problem(where, gettext_noop("The image could not be fetched (HTTP %(status)d)."), {"status": answer.status})
        )
        return None
    name = PurePosixPath(unquote(urlsplit(picture.href).path)).name or "image"
    upload = SimpleUploadedFile(name, answer.body, content_type=answer.headers.get("Content-Type", ""))
    try:
        return cleaned_upload(upload, inspect_image(upload))
    except ValidationError as error:
        notes.append(Problem(where, error))
        return None
