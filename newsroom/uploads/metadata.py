"""Personal data out of uploaded images; credit, copyright and caption kept.

A photo's metadata can say where it was taken (GPS), whose camera took it (serial numbers, the
owner's name, maker notes), on which computer it was edited, and show the uncropped original (the
EXIF thumbnail). Readers get none of that: only the fields below stay, everything else goes — a
list of what to keep, so a field nobody thought of is removed rather than published. The file's
parts are kept from a list first (containers.py), so nothing libexiv2 does not parse is copied.

libexiv2 (the `exiv2` package) rewrites only the metadata segments of a JPEG, PNG or WebP: the
pixels stay byte for byte as uploaded. It cannot write AVIF, so an AVIF image that carries
anything to remove is refused (re-encoding it would cost half a minute and some quality).

libexiv2 and the libraries it brings (~12 MB of every worker's memory) are loaded by the first
upload, not by every process that serves pages.
"""

import re

from .containers import known_parts_only

KEPT_EXIF = frozenset(
    {
        "Exif.Image.Artist",
        "Exif.Image.Copyright",
        "Exif.Image.ImageDescription",
        "Exif.Image.Orientation",  # without it, a portrait photo would show on its side
        "Exif.Image.XResolution",
        "Exif.Image.YResolution",
        "Exif.Image.ResolutionUnit",
        "Exif.Image.Make",
        "Exif.Image.Model",
        "Exif.Image.ExifTag",  # where the fields below are: exiv2 rewrites it
        "Exif.Photo.ExifVersion",
        "Exif.Photo.DateTimeOriginal",
        "Exif.Photo.OffsetTimeOriginal",
        "Exif.Photo.ColorSpace",
        "Exif.Photo.PixelXDimension",
        "Exif.Photo.PixelYDimension",
        "Exif.Photo.ExposureTime",
        "Exif.Photo.FNumber",
        "Exif.Photo.ISOSpeedRatings",
        "Exif.Photo.FocalLength",
        "Exif.Photo.LensModel",
    }
)
KEPT_IPTC = frozenset(
    {
        "Iptc.Envelope.CharacterSet",
        "Iptc.Envelope.ModelVersion",
        "Iptc.Application2.RecordVersion",
        "Iptc.Application2.Byline",
        "Iptc.Application2.BylineTitle",
        "Iptc.Application2.Credit",
        "Iptc.Application2.Source",
        "Iptc.Application2.Copyright",
        "Iptc.Application2.Caption",
        "Iptc.Application2.Headline",
        "Iptc.Application2.ObjectName",
        "Iptc.Application2.Keywords",
        "Iptc.Application2.DateCreated",
        "Iptc.Application2.TimeCreated",
        # Where the picture shows, as its caption says it: not the camera's position.
        "Iptc.Application2.SubLocation",
        "Iptc.Application2.City",
        "Iptc.Application2.ProvinceState",
        "Iptc.Application2.CountryName",
        "Iptc.Application2.CountryCode",
    }
)
KEPT_XMP = frozenset(
    {
        "Xmp.dc.creator",
        "Xmp.dc.rights",
        "Xmp.dc.description",
        "Xmp.dc.title",
        "Xmp.dc.subject",
        "Xmp.photoshop.Credit",
        "Xmp.photoshop.Source",
        "Xmp.photoshop.Headline",
        "Xmp.photoshop.AuthorsPosition",
        "Xmp.photoshop.DateCreated",
        "Xmp.photoshop.City",
        "Xmp.photoshop.State",
        "Xmp.photoshop.Country",
        # IPTC's XMP namespaces (Iptc4xmpCore, Iptc4xmpExt) by libexiv2's prefixes, as it reads them.
        "Xmp.iptc.Location",
        "Xmp.iptc.CountryCode",
        "Xmp.iptcExt.DigitalSourceType",  # IPTC's "made by AI" marker
        "Xmp.xmpRights.Marked",
        "Xmp.xmpRights.UsageTerms",
        "Xmp.xmpRights.WebStatement",
        "Xmp.tiff.Orientation",
        # PLUS: who licenses the picture and who owns its copyright (the rest below)
        "Xmp.plus.Licensor",
        "Xmp.plus.CopyrightOwner",
    }
)
# PLUS's licensor and copyright-owner structures, one per array item (`Xmp.plus.Licensor[1]`), with
# the members that name a business and its licensing page (`Xmp.plus.Licensor[1]/plus:LicensorURL`).
# Not the licensor's telephone, email or postal address: for a freelance photographer, their own.
KEPT_XMP_STRUCT_MEMBER = re.compile(
    r"Xmp\.plus\.(Licensor\[\d+\](/plus:Licensor(Name|ID|URL))?|CopyrightOwner\[\d+\](/plus:CopyrightOwner(Name|ID))?)"
)
REWRITABLE_FORMATS = {"JPEG", "PNG", "WEBP"}


class UnreadableMetadata(Exception):
    """exiv2 could not read the image's metadata, so nothing can be said to be removed from it."""


def opened(data: bytes):
    """The image as libexiv2 reads it, its metadata read."""
    # libexiv2 is loaded by the first upload, not by every worker (see the module's docstring).
    import exiv2

    try:
        image = exiv2.ImageFactory.open(data)  # bytes: a str would be taken for a path or a URL
        image.readMetadata()
    except exiv2.Exiv2Error as error:
        raise UnreadableMetadata(str(error)) from error
    return image


def _removable(image) -> dict:
    """Per metadata block of `image`, the keys that are not kept."""
    return {
        "exif": sorted({datum.key() for datum in image.exifData()} - KEPT_EXIF),
        "iptc": sorted({datum.key() for datum in image.iptcData()} - KEPT_IPTC),
        "xmp": sorted({key for datum in image.xmpData() if not is_kept_xmp(key := datum.key())}),
    }


def is_kept_xmp(key: str) -> bool:
    return key in KEPT_XMP or KEPT_XMP_STRUCT_MEMBER.fullmatch(key) is not None


def removable_fields(data: bytes) -> list[str]:
    """The metadata fields of an image that would not be kept, by their exiv2 keys."""
    image = opened(data)
    fields = [key for keys in _removable(image).values() for key in keys]
    return fields + (["Xmp.packet"] if _has_unreadable_xmp(image) else [])


def _has_unreadable_xmp(image) -> bool:
    # libexiv2 says "Failed to decode XMP metadata", reads no field, and would copy the packet as it
    # came (with a GPS position a lenient reader still finds). Nothing in it can be read: it goes.
    return bool(image.xmpPacket()) and image.xmpData().empty()


def without_personal_metadata(data: bytes, image_format: str) -> bytes:
    """`data` with only the kept parts and fields; the same bytes when it has no metadata and no part
    off the list.

    Only for the formats exiv2 writes (`REWRITABLE_FORMATS`)."""
    # libexiv2 is loaded by the first upload, not by every worker (see the module's docstring).
    import exiv2

    if image_format not in REWRITABLE_FORMATS:
        raise ValueError(f"exiv2 cannot rewrite {image_format} images")
    data = known_parts_only(data, image_format)
    image = opened(data)
    if not (image.exifData().count() or image.iptcData().count() or image.xmpPacket() or image.comment()):
        return data
    # Every block is written anew from the fields libexiv2 read, even when none is removed: what
    # it could not read of a block (XML comments in XMP, for one) is not copied.
    removable, unreadable_xmp = _removable(image), _has_unreadable_xmp(image)
    exif = image.exifData()
    exiv2.ExifThumb(exif).erase()
    _erase(exif, exiv2.ExifKey, removable["exif"])
    _erase(image.iptcData(), exiv2.IptcKey, removable["iptc"])
    _erase(image.xmpData(), exiv2.XmpKey, removable["xmp"])
    if unreadable_xmp:
        image.clearXmpPacket()
    if (comment := image.comment()) != (caption := in_utf8(comment)):
        image.setComment(caption)
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as error:
        raise UnreadableMetadata(str(error)) from error
    return bytes(image.io().data())


def in_utf8(text: str) -> str:
    """Text libexiv2 read from bytes in no declared character set, in UTF-8: UTF-8 where the bytes
    are, else Latin-1 (python-exiv2 hands over bytes that are not UTF-8 as surrogates). So a PNG's
    Description (its caption), which libexiv2 reads as the image's comment from a tEXt chunk in
    Latin-1 and writes byte for byte into an iTXt chunk, which is UTF-8; and IPTC-IIM text written
    without IIM's UTF-8 marker, as older agency software writes it."""
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _erase(container, key_class, keys):
    for key in keys:
        # A key can repeat (IPTC keywords, bylines): every one goes.
        while (position := container.findKey(key_class(key))) != container.end():
            container.erase(position)
