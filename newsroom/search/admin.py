"""The admin's search boxes, searching as the site's search does (on PostgreSQL).

Articles: their search documents of every language, drafts' included, read with the readers'
query (`query.tsquery`: stems, compounds, accents, "phrases", -word), or the article's id. The
change list keeps its own order: an editor sorts by date or status, not by relevance.

Organizations, people and places: their texts in every language read in full text on the fly
(few rows, no stored documents), or their `search_fields` matched as substrings without accents
(Django's own search, which a part of a name typed in an autocomplete still finds).

SQLite keeps Django's plain substring search.

The article admin (`newsroom.editorial`, beside this app in bench/code_map.py's layers) mixes
`DocumentSearchAdminMixin` in itself; the entity admins' apps sit below and may not import this
one, so `search_entities_as_the_site_does` (called by `SearchConfig.ready`) swaps them.
"""

import operator
from functools import reduce

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.lookups import IContains
from django.utils.text import smart_split, unescape_string_literal

from newsroom.identifiers import IdentifierSearch
from newsroom.ids import parse_id
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES

from . import query
from .configuration import configuration_for
from .models import ArticleDocument

# What an editor finds each entity by: every language's column of a translated field, the one
# column of another (a person's name).
ENTITY_TEXTS = {
    Organization: ("name", "short_name", "description"),
    Person: ("name", "position", "bio"),
    Place: ("name", "description"),
}


# Up to this many matching documents, the list looks its articles up by id. Asked in one query,
# PostgreSQL may walk the whole list in its order checking each article's documents for a word it
# takes for a common one: a second for a rare word at 100,000 articles.
FEW_MATCHES = 5000


def searches_in_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_text(search_term: str) -> str:
    # Cut as the public search is: a pasted page is not a query. PostgreSQL refuses a NUL
    # character in any text, which an autocomplete's term, unlike the change list's, can hold.
    return search_term.replace("\x00", "").strip()[: query.MAX_LENGTH]


class DocumentSearchAdminMixin:
    """An article change list searched in the articles' search documents."""

    def get_search_results(self, request, queryset, search_term):
        text = search_text(search_term)
        if not searches_in_postgresql():
            return super().get_search_results(request, queryset, search_term)
        # An autocomplete is typed letter by letter: a word's first letters are no word to the
        # full-text search, so there Django's substring search finds "Aguasc…".
        if is_autocomplete(request) or not text:
            return super().get_search_results(request, queryset, text)
        documents = ArticleDocument.objects.filter(document=query.tsquery(text))
        ids = list(documents.values_list("article_id", flat=True)[: FEW_MATCHES + 1])
        if len(ids) <= FEW_MATCHES:
            found = Q(pk__in=set(ids))
        else:
            # A common word: the list, walked in its order, soon meets a page of articles it names.
            found = Q(pk__in=documents.values("article_id"))
        if (pk := parse_id(text)) is not None:
            found |= Q(pk=pk)
        return queryset.filter(found), False


class EntitySearchAdminMixin:
    """An organization, person or place change list searched in full text or by part of a name."""

    def get_search_results(self, request, queryset, search_term):
        text = search_text(search_term)
        if not searches_in_postgresql():
            return super().get_search_results(request, queryset, search_term)
        if not text:
            return queryset, False
        fields = [field.lstrip("^=@") for field in self.get_search_fields(request)]
        queryset = queryset.alias(search_vector=texts_vector(queryset.model, ENTITY_TEXTS[queryset.model]))
        found = Q(search_vector=query.tsquery(text)) | every_word_in_one_of(fields, text)
        if isinstance(self, IdentifierSearch):
            # `q96` or the item's pasted address: an identifier as the entity's form reads it.
            found |= self.identifier_matches(text)
        return queryset.filter(found), any(lookup_spawns_duplicates(self.opts, field) for field in fields)


def is_autocomplete(request) -> bool:
    return getattr(request.resolver_match, "url_name", None) == "autocomplete"


def unaccent(expression) -> Func:
    return Func(expression, function="unaccent", output_field=CharField())


def every_word_in_one_of(fields: list[str], text: str) -> Q:
    """Django's admin search (each word in one of the fields), blind to accents: "Queretaro"
    finds Querétaro."""
    words = []
    for word in smart_split(text):
        if word[0] in "\"'" and word[0] == word[-1] and len(word) > 1:
            word = unescape_string_literal(word)
        in_one = [IContains(unaccent(F(field)), unaccent(Value(word))) for field in fields]
        words.append(reduce(operator.or_, (Q(lookup) for lookup in in_one)))
    return reduce(operator.and_, words) if words and fields else Q(pk__in=[])


def texts_vector(model, fields) -> SearchVector:
    """The fields' text in every language's column, each read in its language's configuration."""
    columns = {field.attname for field in model._meta.concrete_fields}
    vectors = []
    for code in LANGUAGE_CODES:
        in_language = [f"{field}_{code}" if f"{field}_{code}" in columns else field for field in fields]
        vectors.append(SearchVector(*in_language, config=configuration_for(code)))
    return reduce(operator.add, vectors)


def search_entities_as_the_site_does(site=admin.site) -> None:
    """Give the registered organization, person and place admins this search.

    Their apps sit below this one and may not import it (bench/code_map.py), so their admins are
    swapped here, once every admin is registered, for subclasses with the search mixed in.
    """
    for model in ENTITY_TEXTS:
        registered = type(site.get_model_admin(model))
        if issubclass(registered, EntitySearchAdminMixin):
            continue  # swapped already
        searching = type(registered.__name__, (EntitySearchAdminMixin, registered), {"__module__": __name__})
        site.unregister(model)
        site.register(model, searching)
