"""The rich-text field editors write article bodies in: ProseMirror in the admin, nh3 on the server.

The editor's extensions and the sanitizer's allow-list come from one configuration, so what an
editor can make is exactly what survives sanitizing.
"""

from html import unescape

from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField

from newsroom.translations.models import translated_field_names

ARTICLE_BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


def RichTextField(*args, **kwargs):  # noqa: N802 - reads like the field class it builds
    return ProseEditorField(*args, extensions=ARTICLE_BODY_EXTENSIONS, sanitize=True, **kwargs)


def sanitize_rich_text(instance):
    """Sanitize every rich-text column, translations included, whatever path the save came by."""
    translated = translated_field_names(type(instance))
    for field in instance._meta.concrete_fields:
        # A translated field's own name reads and writes the active language with fallback;
        # only its per-language columns are sanitized, each as it is.
        if field.name in translated:
            continue
        sanitize = getattr(field, "sanitize", None)
        value = getattr(instance, field.attname)
        if sanitize and isinstance(value, str):
            setattr(instance, field.attname, sanitize(value))


def has_words(html: str | None) -> bool:
    """Rich text that holds words: an emptied editor still sends "<p></p>"."""
    return bool(unescape(strip_tags(html or "")).strip())
