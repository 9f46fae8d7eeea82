from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def you_may_like(context, article) -> str:
    # A preview may show relations inside a savepoint that is rolled back: never kept.
    previewing = getattr(context.get("request"), "preview", None) is not None
    return mark_safe(blocks.you_may_like(article, get_language(), cached=not previewing))  # noqa: S308 - our template's HTML
