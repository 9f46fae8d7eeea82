"""Personal data out of uploaded images; credit, copyright and caption kept.

A photo's metadata can say where it was taken (GPS), whose camera took it (serial numbers, the
owner's name, maker notes), on which computer it was edited, and show the uncropped original (the
EXIF thumbnail). Readers get none of that: only the fields below stay, everything else goes — a
list of what to keep, so a field nobody thought of is removed rather than published.

libexiv2 (the `exiv2` package) rewrites only the metadata segments of a JPEG, PNG or WebP: the
pixels stay byte for byte as uploaded. It cannot write AVIF, so an AVIF image that carries
anything to remove is refused (re-encoding it would cost half a minute and some quality).
"""

import struct

import exiv2

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
        "Xmp.Iptc4xmpCore.Location",
        "Xmp.Iptc4xmpCore.CountryCode",
        "Xmp.Iptc4xmpExt.DigitalSourceType",  # IPTC's "made by AI" marker
        "Xmp.xmpRights.Marked",
        "Xmp.xmpRights.UsageTerms",
        "Xmp.xmpRights.WebStatement",
        "Xmp.tiff.Orientation",
    }
)
# PNG text chunks exiv2 does not manage: the standard keywords for credit and caption stay.
KEPT_PNG_TEXT = frozenset(
    {
        b"XML:com.adobe.xmp",
        b"Raw profile type exif",
        b"Raw profile type APP1",
        b"Raw profile type iptc",
        b"Raw profile type xmp",
        b"Title",
        b"Author",
        b"Copyright",
        b"Description",
        b"Source",
    }
)
# Adobe's continuation of a JPEG's XMP beyond 64 KB, which exiv2 neither reads nor writes: it goes whole.
EXTENDED_XMP = b"http://ns.adobe.com/xmp/extension/\x00"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
REWRITABLE_FORMATS = {"JPEG", "PNG", "WEBP"}


class UnreadableMetadata(Exception):
    """exiv2 could not read the image's metadata, so nothing can be said to be removed from it."""


def _read(data: bytes):
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
        "xmp": sorted({datum.key() for datum in image.xmpData()} - KEPT_XMP),
    }


def removable_fields(data: bytes) -> list[str]:
    """The metadata fields of an image that would not be kept, by their exiv2 keys."""
    image = _read(data)
    fields = [key for keys in _removable(image).values() for key in keys]
    extended = ["Xmp.extended"] if _extended_xmp_segments(data) else []
    return fields + (["comment"] if image.comment() else []) + extended + _removable_png_texts(data)


def without_personal_metadata(data: bytes, image_format: str) -> bytes:
    """`data` with only the kept metadata; the same bytes when there is nothing to remove.

    Only for the formats exiv2 writes (`REWRITABLE_FORMATS`)."""
    if image_format not in REWRITABLE_FORMATS:
        raise ValueError(f"exiv2 cannot rewrite {image_format} images")
    if not removable_fields(data):
        return data
    image = _read(data)
    removable = _removable(image)
    exif = image.exifData()
    exiv2.ExifThumb(exif).erase()
    _erase(exif, exiv2.ExifKey, removable["exif"])
    _erase(image.iptcData(), exiv2.IptcKey, removable["iptc"])
    _erase(image.xmpData(), exiv2.XmpKey, removable["xmp"])
    image.clearComment()
    try:
        image.writeMetadata()
    except exiv2.Exiv2Error as error:
        raise UnreadableMetadata(str(error)) from error
    cleaned = bytes(image.io().data())
    if image_format == "JPEG":
        return _without_extended_xmp(cleaned)
    return _without_png_texts(cleaned) if image_format == "PNG" else cleaned


def _erase(container, key_class, keys):
    for key in keys:
        # A key can repeat (IPTC keywords, bylines): every one goes.
        while (position := container.findKey(key_class(key))) != container.end():
            container.erase(position)


def _jpeg_segments(data: bytes):
    """(start, end, marker) of each segment of a JPEG before its compressed pixels."""
    offset = 2  # after the start-of-image marker
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker == 0xFF:  # a fill byte
            offset += 1
            continue
        if marker == 0xDA:  # start of scan: the pixels follow
            return
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        yield offset, offset + 2 + length, marker
        offset += 2 + length


def _extended_xmp_segments(data: bytes) -> list[tuple[int, int]]:
    if not data.startswith(b"\xff\xd8"):
        return []
    return [
        (start, end)
        for start, end, marker in _jpeg_segments(data)
        if marker == 0xE1 and data[start + 4 : start + 4 + len(EXTENDED_XMP)] == EXTENDED_XMP
    ]


def _without_extended_xmp(data: bytes) -> bytes:
    parts, offset = [], 0
    for start, end in _extended_xmp_segments(data):
        parts.append(data[offset:start])
        offset = end
    return b"".join(parts) + data[offset:]


def _png_chunks(data: bytes):
    """(type, whole chunk) of each chunk of a PNG, or nothing for another format."""
    if not data.startswith(PNG_SIGNATURE):
        return
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        end = offset + 12 + length
        yield data[offset + 4 : offset + 8], data[offset:end]
        offset = end


def _is_removable_png_text(kind: bytes, chunk: bytes) -> bool:
    return kind in PNG_TEXT_CHUNKS and chunk[8:].split(b"\x00", 1)[0] not in KEPT_PNG_TEXT


def _removable_png_texts(data: bytes) -> list[str]:
    return [
        "PNG." + chunk[8:].split(b"\x00", 1)[0].decode("latin-1")
        for kind, chunk in _png_chunks(data)
        if _is_removable_png_text(kind, chunk)
    ]


def _without_png_texts(data: bytes) -> bytes:
    kept = [chunk for kind, chunk in _png_chunks(data) if not _is_removable_png_text(kind, chunk)]
    return PNG_SIGNATURE + b"".join(kept)
