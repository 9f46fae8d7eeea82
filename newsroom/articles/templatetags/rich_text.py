from django import template
from django.utils.safestring import mark_safe

from newsroom.articles.models import Article

register = template.Library()

_sanitize_body = Article._meta.get_field("body").sanitize


@register.filter
def rich_text(value):
    """Article HTML, sanitized again on the way out: stored text is never trusted as it is."""
    return mark_safe(_sanitize_body(value or ""))  # noqa: S308 - nh3 has just cleaned it
