"""Renditions: an image in the sizes and formats the site's layouts need, cropped around its focal
point, and the `<picture>` that offers them to browsers.

Planning is arithmetic on the image's displayed size and focal point (`plan`, `crop_box`, `name_of`),
so a page computes every rendition's name, size and markup (`picture_html`) from a database row,
without the file and without Pillow. Making them (`encode`) decodes the original once for the whole
set, at the smallest scale the largest rendition allows (a JPEG's DCT scaling), turns it upright,
converts it to sRGB, and writes each size in each format. A rendition carries no metadata of the
original (no EXIF, GPS, camera serials or ICC profile: its pixels are sRGB, which browsers assume
without a profile), only the XMP packet of credit and rights the caller passes (`rendition_xmp`).

Pillow (a few MB of every worker's memory, see newsroom/images.py) is imported by `encode` and
`source_facts` only: the processes that serve pages plan and write markup without it.
"""

import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Moves whenever SPECS or the encoding changes, so every image gets new rendition names (and URLs).
SPECS_VERSION = 1


@dataclass(frozen=True)
class Spec:
    name: str
    ratio: Fraction | None  # width / height of the crop; None keeps the image's own ratio
    widths: tuple[int, ...]
    formats: tuple[str, ...]  # Pillow's names, in the order browsers are offered them
    sizes: str = ""  # the `sizes` attribute layouts use by default; "" for single-size uses
    # A fallback JPEG of an image with transparency becomes a PNG, unless the use needs a JPEG
    # (social networks' previews): then the transparency is flattened on white.
    flattens_alpha: bool = False


SPECS = {
    spec.name: spec
    for spec in (
        # The admin's list and picker.
        Spec("thumb", None, (240,), ("WEBP",)),
        # The article page's figure (and a live update's): the photo as the photographer framed it.
        Spec(
            "lead",
            None,
            (480, 800, 1200, 1600),
            ("AVIF", "WEBP", "JPEG"),
            "(min-width: 48rem) 46rem, calc(100vw - 2rem)",
        ),
        # Cards, teasers, the event page.
        Spec(
            "card",
            Fraction(3, 2),
            (400, 800, 1200),
            ("AVIF", "WEBP", "JPEG"),
            "(min-width: 64rem) 22rem, (min-width: 40rem) calc(50vw - 2.5rem), calc(100vw - 2rem)",
        ),
        # OpenGraph, JSON-LD, ninjs, feeds: 1200 × 630 (1.91:1), the size Facebook, LinkedIn and X ask for.
        Spec("social", Fraction(1200, 630), (1200,), ("JPEG",), flattens_alpha=True),
        # Portraits and logos.
        Spec("square", Fraction(1, 1), (160, 320, 640), ("AVIF", "WEBP", "JPEG"), "10rem"),
    )
}

# Pillow's name → (file name ending, media type).
FORMATS = {
    "AVIF": ("avif", "image/avif"),
    "WEBP": ("webp", "image/webp"),
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
}

# Encoder settings, measured on photos (README, "Renditions"): AVIF at speed 8 is 7–10 % larger than
# at speed 6 for a third of the time; one thread, so a worker making renditions takes one core.
SAVE_OPTIONS = {
    "AVIF": {"quality": 55, "speed": 8, "max_threads": 1},
    "WEBP": {"quality": 78, "method": 4},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}

Box = tuple[float, float, float, float]  # left, top, right, bottom in the displayed image's pixels


@dataclass(frozen=True)
class Planned:
    """One rendition to make: `spec`'s crop `box` of an image of `source_size` (as displayed, EXIF
    orientation applied) around its `focal` point, scaled to `width` × `height`, saved as `format`
    (Pillow's name)."""

    spec: str
    width: int
    height: int
    format: str
    source_size: tuple[int, int]
    focal: tuple[int, int] = (50, 50)

    @cached_property
    def box(self) -> Box:
        """The crop of the rendition's own (rounded) ratio: scaling never stretches the picture.
        Worked out when encoding asks for it: a page, which only names renditions, never does
        (exact arithmetic: ~20 µs a box)."""
        return crop_box(*self.source_size, Fraction(self.width, self.height), *self.focal)

    @property
    def name(self) -> str:
        return name_of(self)

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][1]


def name_of(planned: Planned) -> str:
    """The rendition's file name, the same for every image: `card-800x533.avif`."""
    return f"{planned.spec}-{planned.width}x{planned.height}.{FORMATS[planned.format][0]}"


def crop_box(width: int, height: int, ratio, focal_x=50, focal_y=50) -> Box:
    """The largest box of `ratio` (width / height: a Fraction, an int or a float) inside a `width` ×
    `height` image, centred on the focal point (percent from the left and from the top) as far as the
    image's edges allow. It spans the image's whole width or its whole height."""
    ratio = Fraction(ratio)
    if ratio <= 0 or width <= 0 or height <= 0:
        raise ValueError("the image and the ratio must have a size")
    if Fraction(width, height) > ratio:  # wider than the ratio: full height, cut the sides
        box_width, box_height = height * ratio, Fraction(height)
    else:
        box_width, box_height = Fraction(width), width / ratio
    # Exact arithmetic, rounded once at the end: the box never leaves the image by a rounding error.
    left = min(max(Fraction(focal_x) * width / 100 - box_width / 2, 0), width - box_width)
    top = min(max(Fraction(focal_y) * height / 100 - box_height / 2, 0), height - box_height)
    return (float(left), float(top), float(left + box_width), float(top + box_height))


def plan(width: int, height: int, focal_x=50, focal_y=50, *, has_alpha: bool = False) -> list[Planned]:
    """Every rendition of an image of `width` × `height` pixels as displayed (EXIF orientation
    applied), with its focal point in percent from the left and the top; `has_alpha` when it has
    transparency (a logo), which picks PNG over JPEG. In SPECS' order, each spec's widths from the
    largest, each width in its spec's formats: the order `encode` is quickest in.

    No upscaling: widths larger than the crop go, and an image narrower than a spec's smallest width
    gets one rendition at its own width (of the crop).

    Remembered for the last sizes and focal points asked: a page plans each picture it shows, and
    many photos of an archive share their camera's size and the middle as focal point."""
    return list(_plan(width, height, focal_x, focal_y, has_alpha))


@lru_cache(maxsize=2048)
def _plan(width: int, height: int, focal_x, focal_y, has_alpha: bool) -> tuple[Planned, ...]:
    planned = []
    for spec in SPECS.values():
        ratio = spec.ratio or Fraction(width, height)
        widest = max(1, math.floor(min(width, height * ratio)))
        widths = [w for w in spec.widths if w <= widest] or [widest]
        formats = spec.formats
        if has_alpha and not spec.flattens_alpha:
            formats = tuple("PNG" if f == "JPEG" else f for f in formats)
        for rendition_width in sorted(widths, reverse=True):
            rendition_height = max(1, round(rendition_width / ratio))
            planned += [
                Planned(spec.name, rendition_width, rendition_height, f, (width, height), (focal_x, focal_y))
                for f in formats
            ]
    return tuple(planned)


# Making them ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFacts:
    width: int  # as displayed: EXIF orientation applied
    height: int
    has_alpha: bool  # some pixel is not fully opaque


def source_facts(source) -> SourceFacts:
    """What `plan` needs to know of an original (bytes, a path or a file): its displayed size from
    its header, and whether any pixel is transparent (an alpha channel decoded to see: a PNG saved
    with an opaque alpha channel is a photo and gets a JPEG)."""
    # Pillow is loaded by uploads and the worker, not by processes that only serve pages.
    from PIL import Image

    with Image.open(_readable(source)) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF Orientation: turned a quarter
            width, height = height, width
        has_alpha = False
        if image.has_transparency_data:
            if image.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
                image = image.convert("RGBA")  # a palette's or a colour key's transparency
            has_alpha = image.getchannel("A").getextrema()[0] < 255
    return SourceFacts(width, height, has_alpha)


def encode(source, planned: Iterable[Planned], *, xmp: bytes | None = None) -> Iterator[tuple[Planned, bytes]]:
    """Each planned rendition of `source` (the original's bytes, a path or a binary file) as
    `(planned, bytes)`, one at a time, in the order given (keep `plan`'s: each size is scaled
    once for all its formats). The original is decoded once. Each file carries `xmp` (see
    `rendition_xmp`) and no other metadata.

    Raises ValueError when `planned` was made for another size than the source's, and Pillow's
    errors (OSError, ValueError) when the source cannot be decoded."""
    planned = list(planned)
    if not planned:
        return
    for rendition, pixels in sized(decoded(source, planned), planned):
        yield rendition, saved(pixels, rendition, xmp)


def sized(image, planned: list[Planned]) -> Iterator[tuple[Planned, object]]:
    """Each planned rendition's pixels, cut and scaled from `image` (the `decoded` original); the
    formats of one size share them. A size is scaled from a larger one of its spec at least twice
    as wide where there is one: two Lanczos steps of 2× or more look as one does (README,
    "Renditions"), and the smaller source costs a fraction of the work."""
    whole = (0, 0, *planned[0].source_size)
    larger = []  # (box, pixels) of the spec's sizes made so far, widest first
    last_key = last = None
    for rendition in planned:
        key = (rendition.spec, rendition.box, rendition.width, rendition.height)
        if key != last_key:
            if last_key and last_key[0] != rendition.spec:
                larger = []
            box, base = next(
                ((box, pixels) for box, pixels in reversed(larger) if pixels.width >= 2 * rendition.width),
                (whole, image),
            )
            last_key, last = key, scaled(base, box, rendition)
            larger.append((rendition.box, last))
        yield rendition, last


def decoded(source, planned: list[Planned]):
    """The original, upright, in sRGB, as RGB or RGBA, decoded at the smallest scale (a JPEG's
    1/2, 1/4 or 1/8) that leaves every planned rendition a downscale. Its `info` is empty: nothing
    of the original's metadata can reach a rendition."""
    # Pillow: see source_facts.
    from PIL import Image, ImageOps

    image = Image.open(_readable(source))
    stored = image.size
    if image.getexif().get(0x0112) in (5, 6, 7, 8):
        displayed = (stored[1], stored[0])
    else:
        displayed = stored
    if any(p.source_size != displayed for p in planned):
        raise ValueError(f"planned for {planned[0].source_size}, the image is {displayed}")
    if image.format in ("JPEG", "MPO"):  # MPO: a camera's multi-picture JPEG, read as its first picture
        # The scale every rendition needs at most, from the box it is cut from.
        needed = max(p.width / (p.box[2] - p.box[0]) for p in planned)
        image.draft(image.mode, (math.ceil(stored[0] * needed), math.ceil(stored[1] * needed)))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    image = _in_srgb(image)
    image.info = {}
    return image


def _in_srgb(image):
    """RGB or RGBA in sRGB: an embedded ICC profile other than sRGB (Adobe RGB, Display P3, a
    printer's CMYK) is applied by LittleCMS; a profile it cannot read is ignored, as browsers do."""
    # Pillow: see source_facts.
    from PIL import ImageCms

    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):  # 16-bit greyscale PNGs
        image = image.point(lambda value: value * (1 / 257)).convert("L")
    if image.mode == "P" or image.mode == "PA" or "transparency" in image.info:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    icc = image.info.get("icc_profile")
    target = "RGBA" if "A" in image.mode else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (profile.profile.profile_description or "").lower():
                return ImageCms.profileToProfile(image, profile, _srgb(), outputMode=target)
        except (OSError, ImageCms.PyCMSError, ValueError):
            pass  # a damaged or unsupported profile: the pixels as they are
    return image if image.mode == target else image.convert(target)


def _srgb():
    # Pillow: see source_facts.
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def scaled(image, box: Box, rendition: Planned):
    """`rendition`'s box of `image`, which shows `box` of the displayed original (the whole of it,
    decoded at 1/2, 1/4 or 1/8, or a larger rendition's crop)."""
    # Pillow: see source_facts.
    from PIL import Image

    across = image.width / (box[2] - box[0])
    down = image.height / (box[3] - box[1])
    left, top, right, bottom = rendition.box
    # Clamped: a smaller size's box, of its own rounded ratio, may pass a larger one's by a pixel or so.
    cut = (
        max(0.0, (left - box[0]) * across),
        max(0.0, (top - box[1]) * down),
        min(image.width, (right - box[0]) * across),
        min(image.height, (bottom - box[1]) * down),
    )
    return image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS, box=cut, reducing_gap=3.0)


def saved(image, rendition: Planned, xmp: bytes | None) -> bytes:
    """`image` in `rendition`'s format, with `xmp` as its only metadata."""
    # Pillow: see source_facts.
    from PIL import Image, PngImagePlugin

    options = dict(SAVE_OPTIONS[rendition.format])
    if rendition.format == "JPEG" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    if rendition.format == "PNG":
        if xmp:  # Pillow writes no XMP into a PNG itself: the chunk XMP's specification names
            info = PngImagePlugin.PngInfo()
            info.add_itxt("XML:com.adobe.xmp", xmp.decode())
            options["pnginfo"] = info
    elif xmp:
        options["xmp"] = xmp
    buffer = io.BytesIO()
    image.save(buffer, rendition.format, **options)
    return buffer.getvalue()


def _readable(source):
    return io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source


# The rights a rendition carries -------------------------------------------------------------

IPTC_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def rendition_xmp(
    credit: str = "",
    creator: str = "",
    copyright_notice: str = "",
    licence_url: str = "",
    licensor_url: str = "",
    digital_source_type: str = "",
) -> bytes | None:
    """The XMP packet every rendition of an image carries: who made it and who is credited, the
    copyright notice, the licence and where to get one (what Google Images reads for its credit and
    "Licensable" badge), and IPTC's digital source type (a code such as `trainedAlgorithmicMedia`, or
    IPTC's full URI). None when there is nothing to say. Empty values are left out."""
    if digital_source_type and "/" not in digital_source_type:
        digital_source_type = IPTC_SOURCE_TYPES + digital_source_type
    attributes = [
        ("photoshop:Credit", credit),
        ("xmpRights:WebStatement", licence_url),
        ("Iptc4xmpExt:DigitalSourceType", digital_source_type),
    ]
    elements = []
    if creator:
        elements.append(f"<dc:creator><rdf:Seq><rdf:li>{xml_escape(creator)}</rdf:li></rdf:Seq></dc:creator>")
    if copyright_notice:
        elements.append(
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{xml_escape(copyright_notice)}</rdf:li></rdf:Alt></dc:rights>"
        )
    if licensor_url:
        elements.append(
            '<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">'
            f"<plus:LicensorURL>{xml_escape(licensor_url)}</plus:LicensorURL></rdf:li></rdf:Seq></plus:Licensor>"
        )
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in attributes if value)
    if not attributes and not elements:
        return None
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"'
        ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
        f"{attributes}>{''.join(elements)}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    ).encode()


# The markup -----------------------------------------------------------------------------------


def picture_html(
    renditions: Iterable[tuple[Planned, str]],
    *,
    alt: str,
    sizes: str = "",
    lang: str = "",
    loading: str = "lazy",
    fetchpriority: str = "",
    css_class: str = "",
) -> SafeString:
    """A `<picture>` offering one spec's renditions, given as `(planned, url)` pairs: an AVIF and a
    WebP `<source>` (where planned), and an `<img>` of the JPEG or PNG (else of the one format
    there is) with the largest as `src`, and its `width` and `height`, so the page keeps the
    picture's place before it loads.

    `sizes` defaults to the spec's (or the largest width in pixels); `alt` may be "" for a
    decorative picture; `lang` marks an alt text in another language than the page's; the article's
    lead image passes `loading="eager", fetchpriority="high"`. Every value is escaped."""
    by_format: dict[str, list[tuple[Planned, str]]] = {}
    for planned, url in renditions:
        by_format.setdefault(planned.format, []).append((planned, url))
    if not by_format:
        return mark_safe("")
    fallback = next((f for f in ("JPEG", "PNG", "WEBP", "AVIF") if f in by_format), None)
    images = sorted(by_format[fallback], key=lambda pair: pair[0].width)
    largest, src = images[-1]
    sizes = sizes or SPECS[largest.spec].sizes or f"{largest.width}px"

    def srcset(pairs):
        return ", ".join(f"{url} {planned.width}w" for planned, url in sorted(pairs, key=lambda pair: pair[0].width))

    lines = ["<picture>"]
    for image_format in ("AVIF", "WEBP"):
        if image_format in by_format and image_format != fallback:
            lines.append(
                format_html(
                    '<source type="{}" srcset="{}" sizes="{}">',
                    FORMATS[image_format][1],
                    srcset(by_format[image_format]),
                    sizes,
                )
            )
    attributes = [
        ("src", src),
        ("srcset", srcset(images)),
        ("sizes", sizes),
        ("width", largest.width),
        ("height", largest.height),
        ("alt", alt),
        ("lang", lang),
        ("class", css_class),
        ("loading", loading),
        ("fetchpriority", fetchpriority),
        ("decoding", "async"),
    ]
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attributes if value != "" or name == "alt")
    lines.append(f"<img{rendered}>")
    lines.append("</picture>")
    return mark_safe("\n".join(lines))
