"""`{% picture image "lead" %}` and `rendition_url`: how every template shows an image of the library.

Each gives the image's renditions of a spec (uploads/renditions.py: sizes and formats, cropped
around the focal point for the fixed ratios), their URLs computed from the Image row: the stored
files once the image's set is ready, the making view before. No query, no storage, no Pillow: the
Image comes with what shows it (`with_shown_image()`, `select_related`). An image whose licence
ended renders as nothing, wherever a template asks for it (`Image.is_shown_at`).
"""

from django import template

from newsroom.images import renditions
from newsroom.translations.templatetags.reader_language import marked_language
from newsroom.uploads.renditions import SPECS, picture_html

register = template.Library()


def _shown(image) -> bool:
    # Every saved image has its renditions key (the migration gave the older ones theirs).
    return image is not None and bool(image.file) and bool(image.renditions_key) and image.is_shown_at()


@register.simple_tag
def picture(image, spec: str, *, alt=None, loading: str = "lazy", css_class: str = "", sizes: str = ""):
    """The image as `spec` shows it: a `<picture>` with AVIF and WebP sources and a JPEG (or PNG)
    `<img>` with its width and height. `alt`: the image's own text in the page's language by
    default (with `lang` where it is shown in its original), or what the template gives ("" for a
    decorative use, a portrait beside the name). `loading="eager"` (the article's own image, the
    home page's first lead story) also asks for it first (`fetchpriority="high"`)."""
    if spec not in SPECS:
        raise template.TemplateSyntaxError(f"Unknown picture spec {spec!r}; known: {', '.join(SPECS)}")
    if not _shown(image):
        return ""
    language = ""
    if alt is None:
        text = image.text
        alt, language = text.alt, marked_language(text) or ""
    return picture_html(
        [(planned, renditions.url_of(image, planned.name)) for planned in renditions.of_spec(image, spec)],
        alt=alt,
        sizes=sizes,
        lang=language,
        loading=loading,
        fetchpriority="high" if loading == "eager" else "",
        css_class=css_class,
    )


@register.simple_tag
def rendition_url(image, spec: str) -> str:
    """One address of the image as `spec` shows it, its largest JPEG (else PNG, else the one format
    it has): `social` for OpenGraph, JSON-LD, feeds. '' where the image may not be shown."""
    if spec not in SPECS:
        raise template.TemplateSyntaxError(f"Unknown picture spec {spec!r}; known: {', '.join(SPECS)}")
    if not _shown(image):
        return ""
    found = renditions.of_spec(image, spec)
    if not found:
        return ""
    order = ("JPEG", "PNG", "WEBP", "AVIF")
    best = min(found, key=lambda planned: (order.index(planned.format), -planned.width))
    return renditions.url_of(image, best.name)
