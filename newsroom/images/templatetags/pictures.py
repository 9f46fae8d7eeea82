"""`{% picture image "lead" %}` and `rendition_url`: how every template shows an image of the library.

The signature is final; the body is not yet: it gives the original file in one `<img>`, the
renditions (sizes and formats per spec, `<picture>` with `srcset`) come in its place. An image
whose licence ended renders as nothing, wherever a template asks for it (`Image.is_shown_at`).
"""

from django import template
from django.utils.html import format_html

from newsroom.translations.templatetags.reader_language import lang_attribute

register = template.Library()

# The specs a template names, and the box each shows the image in where it is a fixed one (the
# CSS crops to it): a card 16:9 for now, a profile's square. The others show the image's own size.
SPECS = ("thumb", "lead", "card", "social", "square")
FIXED_BOXES = {"card": (400, 225), "square": (160, 160)}


@register.simple_tag
def picture(image, spec: str, *, alt=None, loading: str = "lazy", css_class: str = ""):
    """The image as `spec` shows it. `alt`: the image's own text in the page's language by default
    (with `lang` where it is shown in its original), or what the template gives ("" for a
    decorative use, a portrait beside the name)."""
    if spec not in SPECS:
        raise template.TemplateSyntaxError(f"Unknown picture spec {spec!r}; known: {', '.join(SPECS)}")
    if image is None or not image.file or not image.is_shown_at():
        return ""
    language = ""
    if alt is None:
        text = image.text
        alt, language = text.alt, lang_attribute(text)
    width, height = FIXED_BOXES.get(spec, (image.width, image.height))
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    # `loading` on the article's own image: "eager" (it is the page's largest content).
    return format_html('<img{} src="{}" alt="{}"{}{} loading="{}">', css, image.file.url, alt, language, size, loading)


@register.simple_tag
def rendition_url(image, spec: str) -> str:
    """One address of the image as `spec` shows it (OpenGraph, JSON-LD, feeds): the original's for
    now; '' where the image may not be shown."""
    if image is None or not image.file or not image.is_shown_at():
        return ""
    return image.file.url
