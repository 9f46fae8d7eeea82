"""Only the parts of an image file that make the picture, and one block of each kind of metadata.

libexiv2 rewrites the EXIF, IPTC and XMP it parses and copies everything else as it came: the
video a phone appends after a JPEG's end for a "motion photo" (with its own location), vendors'
APPn segments, Photoshop's resources beside IPTC (among them a thumbnail of the uncropped
picture), a second EXIF or XMP segment it does not read, the further pictures of a camera's
multi-picture JPEG (MPO), the rest of an uncropped screenshot after a PNG's end. So the file's
parts are kept from a list, as its fields are: what is not on it goes, whatever it is. This runs
before libexiv2 (metadata.py), which then finds one block of each kind and cleans that one.

C2PA manifests (Content Credentials, in APP11 JUMBF segments or their own chunks) go too: their
signature covers the file's bytes, so once the metadata is cleaned a verifier would call the photo
tampered with, and their assertions can hold the camera's position, the photographer's identity
and thumbnails of the original. Readers learn how an image was made from its origin field.

Parts are copied byte for byte: the pixels are never decoded or re-encoded here.
"""

import re
import struct

# JPEG: frames (SOF0–3, 5–7, 9–11, 13–15), Huffman and arithmetic-coding tables, quantisation
# tables, the restart interval and the number of lines — what a decoder needs. Scans are kept
# with their compressed data.
PIXEL_SEGMENTS = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF} | {0xC4, 0xCC, 0xDB, 0xDD, 0xDC}
)
SOS, EOI = 0xDA, 0xD9
APP0, APP1, APP2, APP11, APP13, APP14 = 0xE0, 0xE1, 0xE2, 0xEB, 0xED, 0xEE
JFIF = b"JFIF\x00"
EXIF = b"Exif\x00\x00"
XMP = b"http://ns.adobe.com/xap/1.0/\x00"
ICC_PROFILE = b"ICC_PROFILE\x00"
ADOBE = b"Adobe"  # how the colours are coded (YCCK, CMYK): without it they come out wrong
PHOTOSHOP = b"Photoshop 3.0\x00"
PHOTOSHOP_SIGNATURES = (b"8BIM", b"AgHg", b"DCSR", b"PHUT")
IPTC_RESOURCE = 0x0404
# The next marker: 0xFF before anything but a stuffed zero, a restart marker inside a scan, or
# another 0xFF (a fill byte).
MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The critical chunks, those about colour and pixel size, and EXIF, which libexiv2 cleans.
KEPT_PNG_CHUNKS = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
    | {b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCv", b"cLLi", b"bKGD", b"pHYs"}
    | {b"eXIf"}
)
PNG_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
# Text chunks by keyword: the metadata blocks libexiv2 cleans, and the standard keywords for
# credit and caption.
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

# WebP: the header, the compressed pixels and their alpha, an animation's frames (a one-frame
# animation is a still image), the colour profile, and the metadata libexiv2 cleans.
KEPT_WEBP_CHUNKS = frozenset({b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP", b"EXIF", b"XMP "})
WEBP_FRAME_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"ALPH"})
WEBP_ONE_EACH = frozenset({b"VP8X", b"ANIM", b"ICCP", b"EXIF", b"XMP "})
WEBP_FLAGS = {b"ICCP": 0x20, b"EXIF": 0x08, b"XMP ": 0x04}  # in the VP8X header: what the file carries


def known_parts_only(data: bytes, image_format: str) -> bytes:
    """`data` with only the parts on the lists, one metadata block of each kind, nothing after the
    image's end; the same bytes when that is all it had."""
    kept = {"JPEG": _jpeg, "PNG": _png, "WEBP": _webp}[image_format](data)
    return data if kept == data else kept


def carries_content_credentials(data: bytes, image_format: str) -> bool:
    """Whether the file holds a C2PA manifest store where C2PA puts one: a JPEG's APP11 segments
    (JUMBF boxes labelled "c2pa"), a PNG's caBX chunk, a WebP's C2PA chunk. Walks the parts, not
    the pixels: a search of a 17 MB photo's bytes takes 26 ms, this a few microseconds."""
    if image_format == "JPEG":
        offset = 2  # after the start-of-image marker
        while offset + 4 <= len(data) and data[offset] == 0xFF:
            marker = data[offset + 1]
            if marker == 0xFF:  # a fill byte
                offset += 1
                continue
            if marker in (SOS, EOI):
                return False
            end = offset + 2 + struct.unpack(">H", data[offset + 2 : offset + 4])[0]
            if marker == APP11 and b"c2pa" in data[offset + 4 : end]:
                return True
            offset = end
        return False
    if image_format == "PNG":
        offset = len(PNG_SIGNATURE)
        while offset + 8 <= len(data):
            (length,), kind = struct.unpack(">I", data[offset : offset + 4]), data[offset + 4 : offset + 8]
            if kind in (b"caBX", b"IEND"):
                return kind == b"caBX"
            offset += 12 + length
        return False
    if image_format == "WEBP":
        offset, end = 12, min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
        while offset + 8 <= end:
            if data[offset : offset + 4] == b"C2PA":
                return True
            (size,) = struct.unpack("<I", data[offset + 4 : offset + 8])
            offset += 8 + size + size % 2
        return False
    return b"c2pa" in data  # AVIF's boxes: rarely large files, searched whole


def _jpeg(data: bytes) -> bytes:
    view = memoryview(data)
    kept = [view[:2]]  # start of image
    seen = set()
    photoshop, photoshop_at = bytearray(), None
    for marker, start, end in _jpeg_segments(data):
        if marker in PIXEL_SEGMENTS or marker in (SOS, EOI):
            kept.append(view[start:end])
            continue
        payload = data[start + 4 : end]
        if marker == APP13 and payload.startswith(PHOTOSHOP):
            # Photoshop's resources can run over several segments: joined, then only IPTC kept.
            photoshop += payload[len(PHOTOSHOP) :]
            if photoshop_at is None:
                photoshop_at = len(kept)
                kept.append(b"")
        else:
            kind = _metadata_kind(marker, payload)
            if kind is None or (kind in seen and kind != ICC_PROFILE):  # an ICC profile runs over several
                continue
            seen.add(kind)
            if kind == JFIF:
                payload = payload[:12] + b"\x00\x00"  # without JFIF's own thumbnail
            elif kind == ADOBE:
                payload = payload[:12]
            kept.append(_segment(marker, payload))
    if photoshop_at is not None:
        kept[photoshop_at] = _iptc_segments(bytes(photoshop))
    return b"".join(kept)


def _metadata_kind(marker: int, payload: bytes) -> bytes | None:
    """Which kept kind an APPn segment is, by its marker and the name its payload starts with."""
    for kept_marker, name, minimum in (
        (APP0, JFIF, 12),
        (APP1, EXIF, len(EXIF)),
        (APP1, XMP, len(XMP)),
        (APP2, ICC_PROFILE, len(ICC_PROFILE)),
        (APP14, ADOBE, 12),
    ):
        if marker == kept_marker and payload.startswith(name) and len(payload) >= minimum:
            return name
    return None


def _jpeg_segments(data: bytes):
    """(marker, start, end) of each segment of a JPEG up to its end-of-image marker, a scan's
    compressed data counted into its SOS segment. Bytes between segments are passed over."""
    offset = 2  # after the start-of-image marker
    while found := MARKER.search(data, offset):
        start, marker = found.start(), data[found.start() + 1]
        if marker == EOI:
            yield marker, start, start + 2
            return
        if marker in (0x01, 0xD8) or start + 4 > len(data):  # markers without a length: nothing kept
            offset = start + 2
            continue
        end = start + 2 + struct.unpack(">H", data[start + 2 : start + 4])[0]
        if marker == SOS:
            after = MARKER.search(data, end)
            end = after.start() if after else len(data)
        yield marker, start, min(end, len(data))
        offset = end


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _iptc_segments(resources: bytes) -> bytes:
    """APP13 segments with Photoshop's IPTC resources alone; none when there are none."""
    iptc = b"".join(
        resource for number, resource, size in _photoshop_resources(resources) if number == IPTC_RESOURCE and size
    )
    step = 0xFFFF - 2 - len(PHOTOSHOP)
    return b"".join(_segment(APP13, PHOTOSHOP + iptc[at : at + step]) for at in range(0, len(iptc), step))


def _photoshop_resources(data: bytes):
    """(number, whole resource, size of its data) of each of Photoshop's image resources, up to one
    that does not parse."""
    offset = 0
    while data[offset : offset + 4] in PHOTOSHOP_SIGNATURES and offset + 7 <= len(data):
        (number,) = struct.unpack(">H", data[offset + 4 : offset + 6])
        name_length = data[offset + 6]
        size_at = offset + 7 + name_length + (name_length + 1) % 2  # a Pascal string, padded to even
        if size_at + 4 > len(data):
            return
        (size,) = struct.unpack(">I", data[size_at : size_at + 4])
        end = size_at + 4 + size + size % 2
        yield number, data[offset:end], size
        offset = end


def _png(data: bytes) -> bytes:
    kept, seen = [PNG_SIGNATURE], set()
    for kind, chunk in _png_chunks(data):
        if kind in PNG_TEXT_CHUNKS:
            keyword = chunk[8:].split(b"\x00", 1)[0]
            if keyword in KEPT_PNG_TEXT and keyword not in seen:
                seen.add(keyword)
                kept.append(chunk)
        elif kind in KEPT_PNG_CHUNKS and not (kind == b"eXIf" and kind in seen):
            seen.add(kind)
            kept.append(chunk)
    return b"".join(kept)


def _png_chunks(data: bytes):
    """(type, whole chunk) of each chunk of a PNG, up to its IEND."""
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        end = offset + 12 + length
        kind = data[offset + 4 : offset + 8]
        yield kind, data[offset:end]
        if kind == b"IEND":
            return
        offset = end


def _webp(data: bytes) -> bytes:
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])  # the RIFF's size: what follows it goes
    chunks, seen = [], set()
    for kind, chunk in _riff_chunks(data, 12, end):
        if kind not in KEPT_WEBP_CHUNKS or (kind in WEBP_ONE_EACH and kind in seen):
            continue
        seen.add(kind)
        if kind == b"ANMF":  # a frame: its 16-byte header, then its own chunks
            parts = _riff_chunks(chunk, 24, len(chunk))
            chunk = _riff_chunk(kind, chunk[8:24] + b"".join(part for name, part in parts if name in WEBP_FRAME_CHUNKS))
        chunks.append(chunk)
    if chunks and chunks[0].startswith(b"VP8X") and len(chunks[0]) > 8:
        flags = chunks[0][8] & ~sum(WEBP_FLAGS.values())
        flags |= sum(flag for kind, flag in WEBP_FLAGS.items() if kind in seen)
        chunks[0] = chunks[0][:8] + bytes((flags,)) + chunks[0][9:]
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _riff_chunks(data: bytes, offset: int, end: int):
    """(type, whole chunk with its padding) of each chunk from `offset` to `end`."""
    while offset + 8 <= end:
        (size,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        chunk_end = min(offset + 8 + size + size % 2, end)
        yield data[offset : offset + 4], data[offset:chunk_end]
        offset = chunk_end


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)
