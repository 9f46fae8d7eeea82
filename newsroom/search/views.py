import datetime
import logging

from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsroom import database_restarts
from newsroom.articles import blocks
from newsroom.articles.filters import start_of_day
from newsroom.articles.models import Article, Section
from newsroom.listing import BadListRequest, FilteredListView, KeysetPage
from newsroom.pagecache import keys
from newsroom.public_pages import PublicPageMixin

from . import query, searching
from .filters import SearchFilter

logger = logging.getLogger(__name__)
ENTITY_NAMES = ("organization", "person", "place")


class SearchUnavailable(Exception):
    pass


class SearchView(PublicPageMixin, FilteredListView):
    template_name = "search/results.html"
    filterset_class = SearchFilter
    page_name = _("Search")
    previous_label = _("← Previous results")
    next_label = _("More results →")

    def get(self, request, *args, **kwargs):
        params = request.GET
        text = params.get("q", "").strip()
        given = {name: value for name, value in params.items() if value and name != "page"}
        if text and len(given) < len(params) - ("page" in params):
            # The form sends its empty fields: one address per search, for the cache and for links.
            kept = params.copy()
            for name in [name for name, value in params.items() if not value]:
                kept.pop(name)
            return redirect(f"{request.path}?{kept.urlencode()}")
        if not text and any(name != "q" and not name.startswith("utm_") for name in given):
            # Filters without words: the article list shows what they choose.
            kept = params.copy()
            for name in ("q", "page"):
                kept.pop(name, None)
            return redirect(f"{reverse('articles:list')}?{kept.urlencode()}")
        if len(text) > query.MAX_LENGTH:
            message = _("Search for at most %(count)s characters.") % {"count": query.MAX_LENGTH}
            return self.error_response(kwargs, message, status=400)
        try:
            response = super().get(request, *args, **kwargs)
        except SearchUnavailable:
            message = _("The search is not working at the moment. Please try again in a few minutes.")
            response = self.error_response(kwargs, message, status=503)
            response["Retry-After"] = "60"
        # Result pages are for readers, not for search engines' indexes.
        response["X-Robots-Tag"] = "noindex"
        return response

    def error_response(self, kwargs, message, *, status):
        context = self.get_context_data(**kwargs)
        self.filterset = self.get_filterset(self.get_queryset())
        context.update(filter=self.filterset, page=KeysetPage([], None, None), errors=[message])
        return self.render_to_response(context, status=status)

    def get_queryset(self):
        # The entity cards above the results come from every published organization, person and place.
        keys.note(keys.list_key("article"), keys.SEARCH_KEY, *(keys.list_key(name) for name in ENTITY_NAMES))
        return Article.objects.published()

    def paginate(self, queryset) -> KeysetPage:
        form = self.filterset.form
        # Unbound (no parameters at all), the form was never validated: nothing is searched.
        data = form.cleaned_data if form.is_bound else {}
        text = (data.get("q") or "").strip()
        self.text, self.results, self.entities, self.suggestion = text, None, [], ""
        if not text:
            # The page is for typing words: the box takes them at once.
            form.fields["q"].widget.attrs["autofocus"] = True
            return KeysetPage([], None, None)
        if not query.has_words(text):
            raise BadListRequest([_("Search for words: this search has none.")])
        number = int(data.get("page") or 1)
        try:
            # Requests run in autocommit (no ATOMIC_REQUESTS): after a failed statement the page
            # still reads the database, without a savepoint's two round trips around every search.
            return self.search(queryset, text, number)
        except DatabaseError as error:
            if database_restarts.will_be_retried(error):
                raise  # the connection was lost (a restart, a read replica gone): the search is made again
            # A configuration made again, a dictionary missing after an upgrade: a 503, not a 500.
            logger.exception("Search failed")
            raise SearchUnavailable from error

    def search(self, queryset, text: str, number: int) -> KeysetPage:
        reading = searching.read(text)
        results = searching.search_articles(text, get_language(), number, self.scope(queryset), reading)
        if number > max(results.pages, 1):
            raise BadListRequest(
                [
                    _("There is no page %(number)s of these results: they end on page %(last)s.")
                    % {"number": number, "last": max(results.pages, 1)}
                ]
            )
        self.results = results
        self.entities = searching.named_entities(reading)
        # A query naming an organization, person or place has words the site knows.
        if results.count < searching.SUGGEST_BELOW and not self.entities:
            self.suggestion = searching.did_you_mean(text, get_language())
        ids = [hit.article_id for hit in results.hits]
        missing = blocks.uncached_cards([(ids, {"with_standfirst": True}, False)], get_language())
        loaded = Article.objects.for_cards().in_bulk(missing)
        cards = blocks.render_card_list([loaded.get(pk, pk) for pk in ids], get_language(), with_standfirst=True)
        items = [
            {"card": mark_safe(card), "hit": hit}  # noqa: S308 - our template's HTML
            for card, hit in zip(cards, results.hits, strict=True)
            if card
        ]
        return KeysetPage(items, self.page_query(number + 1, results), self.page_query(number - 1, results))

    def scope(self, queryset) -> searching.Scope:
        """The filters as the search asks them: the publish-time range on the documents themselves;
        any other filter by asking each match's article (`Scope.articles`)."""
        data = self.filterset.form.cleaned_data
        dates = ("date_from", "date_to")
        filtered = any(value for name, value in data.items() if name not in ("q", "page", *dates))
        since, until = data.get("date_from"), data.get("date_to")
        return searching.Scope(
            articles=queryset if filtered else None,
            since=start_of_day(since) if since else None,
            until=start_of_day(until + datetime.timedelta(days=1)) if until and until < datetime.date.max else None,
        )

    def older_query(self, results) -> str | None:
        """The same search among the articles older than those a walk read (`Results.examined`)."""
        if not results or not results.examined_until:
            return None
        params = self.request.GET.copy()
        params.pop("page", None)
        params["date_to"] = timezone.localdate(results.examined_until).isoformat()
        return params.urlencode()

    def page_query(self, number: int, results) -> str | None:
        if not 1 <= number <= results.pages:
            return None
        params = self.request.GET.copy()
        params.pop("page", None)
        if number > 1:
            params["page"] = str(number)
        return params.urlencode()

    def get_filterset(self, queryset):
        self.filterset = super().get_filterset(queryset)
        return self.filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search"] = self
        return context

    def render_to_response(self, context, **response_kwargs):
        results = getattr(self, "results", None)
        context.update(
            text=getattr(self, "text", ""),
            results=results,
            entities=[
                {"object": entity, "label": capfirst(entity._meta.verbose_name)}
                for entity in getattr(self, "entities", [])
            ],
            suggestion=getattr(self, "suggestion", ""),
            older_query=self.older_query(results),
            # "2,039" in English, "2.039" in German.
            examined_number=number_format(results.examined, force_grouping=True) if results else "",
            facets=self.facets(results) if results else {},
        )
        return super().render_to_response(context, **response_kwargs)

    def facets(self, results) -> dict:
        """Counts per section and kind among the matches, each a link that narrows the search to it."""
        chosen = self.filterset.form.cleaned_data if self.filterset.form.is_valid() else {}

        def link(name, value):
            params = self.request.GET.copy()
            params.pop("page", None)
            params[name] = value
            return params.urlencode()

        sections = [
            {
                "name": section,
                "count": results.sections[section.pk],
                "query": link("section", section.pk),
                "chosen": chosen.get("section") == section,
            }
            for section in Section.objects.for_navigation()
            if section.pk in results.sections
        ]
        kinds = [
            {
                "name": label,
                "count": results.kinds[value],
                "query": link("kind", value),
                "chosen": chosen.get("kind") == value,
            }
            for value, label in Article.Kind.choices
            if value in results.kinds
        ]

        def without(name):
            params = self.request.GET.copy()
            params.pop("page", None)
            params.pop(name, None)
            return params.urlencode()

        return {
            "sections": sections,
            "kinds": kinds,
            "all_sections": without("section") if chosen.get("section") else "",
            "all_kinds": without("kind") if chosen.get("kind") else "",
        }
