import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from newsroom.articles.filters import ArticleFilter
from newsroom.listing import TextInput

from .searching import CANDIDATES, PER_PAGE


class PageFilter(django_filters.NumberFilter):
    # A page is a whole number: NumberFilter's decimal field would take "1.5" for page 1.
    field_class = forms.IntegerField


class SearchInput(TextInput):
    # No maxlength: a longer query pasted is answered with a message rather than cut without one.
    input_type = "search"


class SearchFilter(ArticleFilter):
    """The article list's filters and the words searched for; the words and the page are read by
    the view (`searching.search_articles`), which ranks what the filters leave."""

    q = django_filters.CharFilter(label=_("Search for"), method="by_view", widget=SearchInput)
    page = PageFilter(
        label=_("Page"),
        method="by_view",
        min_value=1,
        max_value=CANDIDATES // PER_PAGE,
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta(ArticleFilter.Meta):
        pass

    def by_view(self, queryset, name, value):
        return queryset
