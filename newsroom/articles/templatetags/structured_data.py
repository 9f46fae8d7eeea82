import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def json_ld(data: dict):
    """Schema.org data for search engines; escaped like `json_script`, so no text can end the element."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))  # noqa: S308 - escaped above
