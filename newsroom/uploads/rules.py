"""What an uploaded image must be: its format, its name, its size in bytes and pixels, whole.

Decided from the file's own bytes, never from its name or the browser's content type, and the
pixel count from the header before anything is decoded, so no upload can make a worker decode
more than `IMAGE_MAX_MEGAPIXELS`. Agency and press photos are 8–25 MB JPEGs of 24–45 megapixels;
the largest press cameras make 50.
"""

import functools
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Pillow's name of each accepted format → the name people know it by, its media type, its file name endings.
FORMATS = {
    "JPEG": ("JPEG", "image/jpeg", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "PNG": ("PNG", "image/png", (".png",)),
    "WEBP": ("WebP", "image/webp", (".webp",)),
}
AVIF = ("AVIF", "image/avif", (".avif",))

# Formats refused by name, so the message says what the file is: (first bytes, name).
# GIF is refused too: a photo loses its colours in it, and animation plays without a way to stop it.
KNOWN_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
)
MULTI_PICTURE_ENDING = ".mpo"  # Fujifilm's 3D cameras; stored as .jpg
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


def max_bytes() -> int:
    # Megabytes as file managers and cameras count them (10^6 bytes), not Django's filesizeformat (2^20).
    return settings.IMAGE_MAX_MEGABYTES * 1_000_000


def in_megabytes(size: int) -> str:
    return _("%(number)s MB") % {"number": number_format(size / 1_000_000, 1)}


@functools.cache
def accepted_formats() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """FORMATS, and AVIF where this Pillow reads it. Pillow (with its image libraries, a few MB of
    every worker's memory) is loaded by the first upload, not by every process that serves pages."""
    # Pillow: see above.
    from PIL import features

    return {**FORMATS, "AVIF": AVIF} if features.check("avif") else dict(FORMATS)


def accepted_names() -> str:
    return ", ".join(name for name, _type, _endings in accepted_formats().values())


@dataclass(frozen=True)
class ImageFacts:
    format: str  # Pillow's name: JPEG, PNG, WEBP, AVIF
    width: int
    height: int

    @property
    def name(self) -> str:
        return accepted_formats()[self.format][0]

    @property
    def media_type(self) -> str:
        return accepted_formats()[self.format][1]

    @property
    def endings(self) -> tuple[str, ...]:
        return accepted_formats()[self.format][2]


def refusal(message, code, **params) -> ValidationError:
    return ValidationError(message, code=code, params={"formats": accepted_names(), **params})


def what_it_is(head: bytes, name: str) -> str | None:
    """The kind of a file Pillow would not open, from its first bytes, for the message."""
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or head[8:12] == b"WEBP" or head[8:12] == b"avif":
        return "damaged"  # an accepted format that Pillow could not read: cut off, or broken
    for magic, kind in KNOWN_FORMATS:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "HEIC"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or name.lower().endswith((".svg", ".svgz")):
        return "SVG"
    return None


def unaccepted(kind: str | None) -> ValidationError:
    if kind == "damaged":
        return damaged()
    if kind == "SVG":
        return refusal(_("SVG drawings are not accepted: they can carry scripts. Upload the drawing as PNG."), "svg")
    if kind == "HEIC":
        return refusal(
            _("HEIC photos are not accepted: export the photo as JPEG and upload that. Accepted formats: %(formats)s."),
            "heic",
        )
    if kind == "GIF":
        return refusal(
            _("GIF images are not accepted: save a graphic as PNG, a photo as JPEG. Accepted formats: %(formats)s."),
            "gif",
        )
    if kind is not None:
        return refusal(_("%(kind)s files are not accepted. Accepted formats: %(formats)s."), "format", kind=kind)
    return refusal(_("This file is not an image we can read. Accepted formats: %(formats)s."), "unreadable")


def inspect_image(file) -> ImageFacts:
    """Check an upload against the newsroom's rules; its facts, or a ValidationError that says
    what is wrong and what is accepted, in the user's language."""
    # Pillow is loaded by the first upload (see accepted_formats).
    from PIL import Image

    if file.size == 0:
        raise refusal(_("The file is empty. Choose the image again."), "empty")
    if file.size > max_bytes():
        raise refusal(
            _("The file is %(size)s; at most %(limit)s are accepted. Export the image smaller and upload that."),
            "too_large",
            size=in_megabytes(file.size),
            limit=in_megabytes(max_bytes()),
        )
    file.seek(0)
    head = file.read(32)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; ours is lower and is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=list(accepted_formats()))
    except Image.DecompressionBombError:
        raise too_many_pixels(None) from None
    except ValueError:  # past one of Pillow's safety limits, e.g. a text chunk that unpacks to gigabytes
        raise unaccepted(None) from None
    except (OSError, SyntaxError, EOFError):
        raise unaccepted(what_it_is(head, file.name or "")) from None
    # A camera's multi-picture JPEG (MPO: a 3D camera's second eye, a phone's depth or HDR map) is
    # a JPEG with more pictures after its end: stored as its first picture (uploads/containers.py).
    is_multi_picture = image.format == "MPO"
    facts = ImageFacts("JPEG" if is_multi_picture else image.format, *image.size)
    ending = PurePath(file.name or "").suffix.lower()
    if ending and ending not in facts.endings and not (is_multi_picture and ending == MULTI_PICTURE_ENDING):
        raise refusal(
            _(
                "The file's name ends in %(ending)s, but its content is %(kind)s. "
                "Rename it to end in %(right)s, or export it again in the format its name says."
            ),
            "misnamed",
            ending=ending,
            kind=facts.name,
            right=facts.endings[0],
        )
    if not is_multi_picture and getattr(image, "n_frames", 1) > 1:
        raise refusal(
            _("Animated images are not accepted: readers could not stop them. Upload a still image."), "animated"
        )
    if facts.width * facts.height > settings.IMAGE_MAX_MEGAPIXELS * 1_000_000:
        raise too_many_pixels(facts)
    decode(image, file)
    file.seek(0)
    return facts


def too_many_pixels(facts: ImageFacts | None) -> ValidationError:
    if facts is None:
        return refusal(
            _("The image has far more than %(limit)s megapixels. Export it smaller and upload that."),
            "too_many_pixels",
            limit=settings.IMAGE_MAX_MEGAPIXELS,
        )
    return refusal(
        _(
            "The image has %(megapixels)s megapixels (%(width)s × %(height)s pixels); at most %(limit)s are "
            "accepted. Export it smaller and upload that."
        ),
        "too_many_pixels",
        megapixels=number_format(facts.width * facts.height / 1_000_000, 1),
        width=number_format(facts.width, force_grouping=True),
        height=number_format(facts.height, force_grouping=True),
        limit=settings.IMAGE_MAX_MEGAPIXELS,
    )


def decode(image, file):
    """Read every pixel once, so a damaged or cut-off file is refused now rather than shown broken.

    A JPEG is decoded at an eighth of its size: every byte of it is still read. The image is not
    closed here: Pillow would close the upload with it."""
    # Pillow is loaded by the first upload (see accepted_formats).
    from PIL import Image

    try:
        if image.format in ("JPEG", "MPO"):  # an MPO decodes its first picture
            image.draft(image.mode, (image.width // 8, image.height // 8))
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise damaged() from None


def damaged() -> ValidationError:
    return refusal(
        _("The image is damaged or incomplete (perhaps its upload was cut off). Upload it again."), "damaged"
    )


def validate_image(file):
    """The model fields' validator: the same rules for any new file, however it reaches the model."""
    if getattr(file, "_committed", False):
        return  # already stored: checked when it was uploaded
    upload = getattr(file, "file", file)
    if getattr(upload, "image_facts", None) is not None:
        return  # checked by the form field (newsroom/uploads/forms.py) a moment ago
    inspect_image(upload)
