from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import blocks

register = template.Library()


def previewing(context) -> bool:
    # A preview may show changes inside a savepoint that is rolled back: nothing it renders is kept.
    return getattr(context.get("request"), "preview", None) is not None


@register.simple_tag(takes_context=True)
def article_cards(context, articles, **variant) -> str:
    """`{% article_cards articles with_standfirst=True %}`: a card per article (see blocks.render_cards)."""
    html = blocks.render_cards(articles, get_language(), cached=not previewing(context), **variant)
    return mark_safe(html)  # noqa: S308 - our template's HTML


@register.simple_tag(takes_context=True)
def you_may_like(context, article) -> str:
    return mark_safe(blocks.you_may_like(article, get_language(), cached=not previewing(context)))  # noqa: S308 - our template's HTML
