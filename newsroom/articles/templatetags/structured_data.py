import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from newsroom.structured_data import w3c_time

register = template.Library()


@register.simple_tag
def json_ld(data: dict):
    """Schema.org data for search engines; escaped like `json_script`, so no text can end the element."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))  # noqa: S308 - escaped above


@register.filter
def machine_time(moment) -> str:
    """A moment for `<time datetime>`: to the second, with its offset. Django's `date:"c"` keeps
    microseconds, which HTML does not accept (at most three fractional digits)."""
    return w3c_time(moment) if moment else ""
