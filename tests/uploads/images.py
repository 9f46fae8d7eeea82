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


def with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    """`jpeg` with one more segment (marker 0xE0 + n for APPn) right after its start-of-image marker."""
    return jpeg[:2] + bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def segment_of(jpeg: bytes, marker: int, name: bytes) -> bytes:
    """The first whole segment of `jpeg` with this marker whose payload starts with `name`."""
    offset = 2
    while jpeg[offset + 1] != 0xDA:
        (length,) = struct.unpack(">H", jpeg[offset + 2 : offset + 4])
        if jpeg[offset + 1] == marker and jpeg[offset + 4 :].startswith(name):
            return jpeg[offset : offset + 2 + length]
        offset += 2 + length
    raise LookupError(name)


def before_frame(jpeg: bytes, segments: bytes) -> bytes:
    """`jpeg` with these segments after its metadata, before its first quantisation table."""
    at = jpeg.index(b"\xff\xdb")
    return jpeg[:at] + segments + jpeg[at:]


def with_extended_xmp(jpeg: bytes, xmp: bytes) -> bytes:
    """A JPEG with an Adobe "extended XMP" segment, where Photoshop and Lightroom put XMP beyond 64 KB."""
    header = b"http://ns.adobe.com/xmp/extension/\x00" + hashlib.md5(xmp).hexdigest().upper().encode()
    return with_segment(jpeg, 0xE1, header + struct.pack(">II", len(xmp), 0) + xmp)


EXTENDED_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="20,35.2N"'
    b' exif:GPSLongitude="100,23.0W"/></rdf:RDF></x:xmpmeta>'
)


# Where phones, cameras and editing tools leave a photo's place beyond the EXIF, IPTC and XMP fields.
PLACE = b"+20.5867-100.3897/"  # ISO 6709, as a phone's video says where it was filmed


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def motion_photo_trailer() -> bytes:
    """What Samsung's camera appends after a JPEG's end for a "motion photo": a short MP4 whose \xa9xyz
    atom says where it was filmed, then the SEF directory that ends the file in "SEFT"."""
    place = _box(b"\xa9xyz", struct.pack(">HH", len(PLACE), 0x15C7) + PLACE)
    video = (
        _box(b"ftyp", b"mp42\x00\x00\x00\x00isommp42") + _box(b"moov", _box(b"udta", place)) + _box(b"mdat", bytes(512))
    )
    directory = b"SEFH" + struct.pack("<IIHHII", 106, 1, 0, 0x0A30, len(video) + 16, len(video))
    return b"MotionPhoto_Data" + video + directory + struct.pack("<I", len(directory)) + b"SEFT"


def c2pa_manifest() -> bytes:
    """An APP11 payload: a C2PA manifest store in JUMBF boxes, whose EXIF assertion has the camera's place."""
    assertion = b'{"@context": {"exif": "http://ns.adobe.com/exif/1.0/"}, "exif:GPSLatitude": "20,35.2N"}'
    description = bytes.fromhex("6332706100110010800000aa00389b71") + b"\x03c2pa\x00"
    return b"JP" + struct.pack(">HI", 0x0211, 1) + _box(b"jumb", _box(b"jumd", description) + _box(b"json", assertion))


def iptc_datasets(fields: dict[tuple[int, int], bytes]) -> bytes:
    """IPTC-IIM as it sits in Photoshop's resource 0x0404: (record, dataset) → value."""
    return b"".join(
        b"\x1c" + bytes((record, number)) + struct.pack(">H", len(value)) + value
        for (record, number), value in fields.items()
    )


def photoshop_thumbnail(jpeg: bytes) -> bytes:
    """Resource 0x040C: the thumbnail Photoshop saves of the whole picture, made before any crop."""
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    row = (width * 24 + 31) // 32 * 4
    return struct.pack(">IIIIIIHH", 1, width, height, row, row * height, len(jpeg), 24, 1) + jpeg


def photoshop_resources(resources: dict[int, bytes]) -> bytes:
    """An APP13 payload: Photoshop's image resources, each with an empty name."""
    blocks = b"".join(
        b"8BIM" + struct.pack(">HHI", number, 0, len(data)) + data + b"\x00" * (len(data) % 2)
        for number, data in resources.items()
    )
    return b"Photoshop 3.0\x00" + blocks


# An XMP packet an XML parser refuses (a bare "&", as a careless captioning tool writes it), from which
# a lenient reader still takes the place.
BROKEN_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" exif:GPSLatitude="20,35.2N"'
    b' exif:GPSLongitude="100,23.0W" photoshop:Credit="Cuartoscuro & AFP"/></rdf:RDF></x:xmpmeta>'
)


def with_xmp_packet(data: bytes, packet: bytes) -> bytes:
    """A JPEG or PNG carrying this XMP packet as it is, whether or not it parses."""
    if data.startswith(b"\xff\xd8"):
        return with_segment(data, 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)
    return with_png_chunk(data, b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)


def with_png_chunk(png: bytes, kind: bytes, data: bytes) -> bytes:
    return png[:33] + _chunk(kind, data) + png[33:]  # after the signature and IHDR


def with_webp_chunk(webp: bytes, kind: bytes, data: bytes) -> bytes:
    body = webp[12:] + kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def multi_picture(exif: bytes = b"", first: Image.Image | None = None) -> bytes:
    """A camera's multi-picture JPEG (MPO: a 3D camera's second eye, a phone's depth map or HDR gain
    map): a photo, then a second picture after its end with EXIF of its own."""
    first = first or Image.effect_noise((1200, 800), 60).convert("RGB")
    second = Image.new("RGB", first.size, "red")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=exif, quality=90)
    return buffer.getvalue()


def first_picture(data: bytes) -> bytes:
    """The first picture of an MPO, by the sizes in its own index."""
    with Image.open(io.BytesIO(data)) as image:
        return data[: image.mpinfo[0xB002][0]["Size"]]


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


# ICC profiles as cameras, Photoshop and print shops embed them, built here (ICC.1:2001, version 2):
# Adobe RGB (1998), whose greens and cyans reach beyond sRGB, and a printer's CMYK.


def _icc_tag_text(text: str) -> bytes:
    ascii_text = text.encode() + b"\x00"
    # textDescriptionType: ASCII, then empty Unicode and ScriptCode descriptions.
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(8) + bytes(3) + bytes(67)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _icc_xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _icc_profile(device_class: bytes, colour_space: bytes, pcs: bytes, tags: dict[bytes, bytes]) -> bytes:
    table, body = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, data in tags.items():
        data += b"\x00" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + bytes((2, 0x10, 0, 0))
        + device_class
        + colour_space
        + pcs
        + bytes(12)
        + b"acsp"
        + bytes(24)  # platform, flags, maker, model, attributes
        + struct.pack(">I", 0)  # perceptual
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)  # D50, the profile connection space's white
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def adobe_rgb_profile() -> bytes:
    """Adobe RGB (1998): its primaries adapted to D50 and its gamma of 563/256, as Adobe's own profile has them."""
    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 563)
    return _icc_profile(
        b"mntr",
        b"RGB ",
        b"XYZ ",
        {
            b"desc": _icc_tag_text("Adobe RGB (1998)"),
            b"wtpt": _icc_xyz(0.9642, 1.0, 0.8249),
            b"rXYZ": _icc_xyz(0.60974, 0.31111, 0.01947),
            b"gXYZ": _icc_xyz(0.20528, 0.62567, 0.06087),
            b"bXYZ": _icc_xyz(0.14919, 0.06322, 0.74457),
            b"rTRC": gamma,
            b"gTRC": gamma,
            b"bTRC": gamma,
            b"cprt": b"text" + bytes(4) + b"No copyright, made for tests\x00",
        },
    )


# What each ink alone and their mixes look like on paper (CIELAB), for a 2×2×2×2 table: inks C, M, Y, K.
INKS_LAB = {"C": (55, -37, -50), "M": (48, 74, -3), "Y": (89, -5, 93), "K": (0, 0, 0)}


def cmyk_profile() -> bytes:
    """A printer's CMYK profile (a lut8 from CMYK to CIELAB): coarse, but LittleCMS converts through
    it as through a print shop's, and its cyan is nothing like RGB's (0, 255, 255)."""
    identity = bytes(range(256))
    clut = b""
    for corner in range(16):  # C varies slowest, K fastest
        inks = [ink for bit, ink in zip((8, 4, 2, 1), "CMYK", strict=True) if corner & bit]
        if "K" in inks:
            lab = (0, 0, 0)
        elif not inks:
            lab = (100, 0, 0)
        else:  # inks laid over each other darken, their hues mix
            lab = (
                min(INKS_LAB[ink][0] for ink in inks) * 0.8 ** (len(inks) - 1),
                sum(INKS_LAB[ink][1] for ink in inks) / len(inks),
                sum(INKS_LAB[ink][2] for ink in inks) / len(inks),
            )
        clut += bytes((round(lab[0] * 255 / 100), round(lab[1] + 128), round(lab[2] + 128)))
    matrix = b"".join(_s15(1.0 if row == column else 0.0) for row in range(3) for column in range(3))
    lut = b"mft1" + bytes(4) + bytes((4, 3, 2, 0)) + matrix + identity * 4 + clut + identity * 3
    return _icc_profile(b"prtr", b"CMYK", b"Lab ", {b"desc": _icc_tag_text("Test press CMYK"), b"A2B0": lut})


def photo_like(size: tuple[int, int]) -> Image.Image:
    """An RGB picture whose detail is spread over every scale as a photo's is (soft shapes, edges,
    texture, grain: noise layered at four scales). Encoders treat it as a photo: AVIF at speed 8 is
    6–10 % larger than at speed 6, as for a real photo; noise alone (the hardest case) or flat colour
    (the easiest) would mislead."""
    width, height = size
    picture, total = None, 0.0
    for divisor, weight in ((125, 0.45), (25, 0.3), (6, 0.15), (1.5, 0.1)):
        small = (max(2, int(width / divisor)), max(2, int(height / divisor)))
        layer = Image.merge("RGB", [Image.effect_noise(small, 90).convert("L") for _ in range(3)])
        layer = layer.resize(size, Image.Resampling.BICUBIC)
        total += weight
        picture = layer if picture is None else Image.blend(picture, layer, weight / total)
    return picture
