"""Real image files for upload tests, made here: every accepted format, refused ones, broken ones,
and photos carrying GPS, serial numbers and credits as cameras and agencies write them."""

import hashlib
import io
import struct
import zlib

import exiv2
from PIL import Image


def image_bytes(image_format: str, size=(640, 400), color="teal", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format, **options)
    return buffer.getvalue()


def photo_bytes(size=(1600, 1000), quality=90, image_format="JPEG") -> bytes:
    """An image with detail in it, so its size in bytes is like a photo's."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, image_format, quality=quality)
    return buffer.getvalue()


def animated(image_format: str) -> bytes:
    frames = [Image.new("RGB", (120, 80), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A valid grey PNG of `width` × `height` pixels in a few kilobytes: what a decompression bomb looks like.
    Made row by row, so the test never holds the pixels."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then one byte per pixel
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def png_with_text_bomb() -> bytes:
    """A tiny PNG whose compressed text chunk unpacks to 64 MB."""
    png = image_bytes("PNG", (20, 20))
    bomb = _chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * (64 * 1024 * 1024), 9))
    return png[:33] + bomb + png[33:]  # after the signature and IHDR


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script>
<rect width="100" height="100" fill="teal"/></svg>"""

# What a press photographer's camera and the agency's desk write into a photo.
PERSONAL = {
    "Exif.GPSInfo.GPSLatitudeRef": "N",
    "Exif.GPSInfo.GPSLatitude": "20/1 35/1 1234/100",
    "Exif.GPSInfo.GPSLongitudeRef": "W",
    "Exif.GPSInfo.GPSLongitude": "100/1 23/1 2/1",
    "Exif.Photo.BodySerialNumber": "3012345",
    "Exif.Photo.LensSerialNumber": "20068822",
    "Exif.Photo.CameraOwnerName": "Ana Pérez Villanueva",
    "Exif.Image.HostComputer": "ana-macbook",
    "Exif.Canon.SerialNumber": "1234567",
    "Exif.Canon.OwnerName": "Ana Pérez Villanueva",
    "Xmp.exif.GPSLatitude": "20,35.2N",
    "Xmp.exif.GPSLongitude": "100,23.0W",
    "Xmp.aux.SerialNumber": "3012345",
    "Xmp.exifEX.CameraOwnerName": "Ana Pérez Villanueva",
    "Iptc.Application2.Contact": "+52 442 555 0199",
}
CREDITS = {
    "Exif.Image.Artist": "Ana Pérez",
    "Exif.Image.Copyright": "Cuartoscuro 2026",
    "Exif.Image.Orientation": "1",
    "Exif.Image.Make": "Canon",
    "Exif.Image.Model": "Canon EOS R3",
    "Iptc.Application2.Byline": "Ana Pérez",
    "Iptc.Application2.Credit": "Cuartoscuro",
    "Iptc.Application2.Copyright": "© Cuartoscuro",
    "Iptc.Application2.Source": "Cuartoscuro",
    "Iptc.Application2.Caption": "Assembly line at the Querétaro plant",
    "Xmp.dc.creator": "Ana Pérez",
    "Xmp.dc.rights": "© Cuartoscuro",
    "Xmp.photoshop.Credit": "Cuartoscuro",
}


def with_metadata(data: bytes, fields: dict[str, str], *, comment: str = "", thumbnail: bytes = b"") -> bytes:
    """`data` with these EXIF, IPTC and XMP fields written into it, as libexiv2 writes them."""
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    blocks = {"Exif": image.exifData(), "Iptc": image.iptcData(), "Xmp": image.xmpData()}
    for key, value in fields.items():
        blocks[key.split(".")[0]][key] = value
    if thumbnail:
        exiv2.ExifThumb(image.exifData()).setJpegThumbnail(thumbnail)
    if comment:
        image.setComment(comment)
    image.writeMetadata()
    return bytes(image.io().data())


def with_extended_xmp(jpeg: bytes, xmp: bytes) -> bytes:
    """A JPEG with an Adobe "extended XMP" segment, where Photoshop and Lightroom put XMP beyond 64 KB."""
    header = b"http://ns.adobe.com/xmp/extension/\x00" + hashlib.md5(xmp).hexdigest().upper().encode()
    payload = header + struct.pack(">II", len(xmp), 0) + xmp
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


EXTENDED_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="20,35.2N"'
    b' exif:GPSLongitude="100,23.0W"/></rdf:RDF></x:xmpmeta>'
)


def metadata_of(data: bytes) -> dict[str, str]:
    image = exiv2.ImageFactory.open(data)
    image.readMetadata()
    fields = {}
    for block in (image.exifData(), image.iptcData(), image.xmpData()):
        for datum in block:
            fields[datum.key()] = datum.toString()
    if image.comment():
        fields["comment"] = image.comment()
    return fields


def jpeg_scan(data: bytes) -> bytes:
    """The compressed pixels of a JPEG: everything from its start-of-scan marker on, found by walking
    its segments (an EXIF thumbnail is a JPEG too, with a scan of its own, inside a segment)."""
    offset = 2  # after the start-of-image marker
    while data[offset + 1] != 0xDA:
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        offset += 2 + length
    return data[offset:]
