from django import template
from django.utils.translation import get_language

from ..ranking import SHOWN, cards

register = template.Library()


@register.inclusion_tag("popularity/most_popular.html")
def most_popular(exclude=None):
    """Up to five teasers, most read first; `exclude` an article (the one the page shows)."""
    shown = [html for pk, html in cards(get_language()) if exclude is None or pk != exclude.pk]
    return {"cards": shown[:SHOWN]}
