from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def event_cards(context, events) -> str:
    """`{% event_cards events %}`: a card per event (see blocks.render_cards)."""
    # A preview may show changes inside a savepoint that is rolled back: nothing it renders is kept.
    previewing = getattr(context.get("request"), "preview", None) is not None
    return mark_safe(blocks.render_cards(events, get_language(), cached=not previewing))  # noqa: S308 - our template's HTML
