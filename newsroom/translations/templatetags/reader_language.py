"""Marking what the reader's rule shows in another language than the page's.

An object not yet readable in the page's language is shown in its original (see `..models`); screen
readers, hyphenation, spell checkers and browsers' translators need to know, so every such text
carries `lang`. Templates say it once per element with these filters rather than spelling out the
condition each time.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from ..models import TextIn, TranslatableModel

register = template.Library()


def language_of(shown) -> str:
    """The language `shown` is in: an object seen in one language (`obj.text`), a translatable
    object (in the language the reader's rule picks), or a language code."""
    if isinstance(shown, TextIn):
        return shown.language
    if isinstance(shown, TranslatableModel):
        return shown.text_language()
    return shown or ""


@register.filter
def lang_attribute(shown) -> str:
    """` lang="en"` where `shown` is in another language than the page's, else nothing:
    `<h1{{ t|lang_attribute }}>`."""
    language = language_of(shown)
    if language and language != get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def with_lang(obj) -> str:
    """The object's name, inside `<span lang>` where it is in another language than the page's:
    for names within a sentence, a list or a heading of the page's language."""
    attribute = lang_attribute(obj)
    if attribute:
        return format_html("<span{}>{}</span>", attribute, str(obj))
    return conditional_escape(str(obj))
