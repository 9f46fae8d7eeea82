"""What every page readers get has in common: its languages, its description to machines, and the
reader's rule for the object it shows.

`PublicPageMixin` is the one base of every public view: the language switcher, the hreflang
alternates and the canonical URL; one JSON-LD graph and the OpenGraph tags read off it
(`structured_data.py`); on a preview, nothing advertised or indexed. `PublicDetailView` is the page
of one translatable object, found by its slug in any language; `EntityDetailView` adds the latest
articles about a place, an organization, a person or an event (their coverage).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.views.generic import DetailView

from newsroom.pagecache import keys
from newsroom.structured_data import Describer, graph, open_graph
from newsroom.translations.models import LANGUAGE_CODES, field_in
from newsroom.translations.workflow import show_pending

# The articles an entity's page lists, newest first; the list of them all is one link away.
COVERAGE_SIZE = 10


def language_links(request, obj=None) -> dict:
    """The language switcher, hreflang alternates and canonical URL of the page being shown.

    The switcher offers every language: for an untranslated object it leads to the original text
    with a notice. Alternates advertise only the languages an object really is in.
    """
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query and obj is None else ""
    urls = {}
    for code in LANGUAGE_CODES:
        url = obj.url_in(code) if obj is not None else translate_url(request.path, code)
        urls[code] = url + suffix
    readable = obj.readable_languages if obj is not None else list(LANGUAGE_CODES)
    default = obj.original_language if obj is not None else settings.LANGUAGE_CODE
    current = get_language()
    return {
        "language_switcher": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": urls[code],
                "is_current": code == current,
            }
            for code in LANGUAGE_CODES
        ],
        "hreflang_links": [
            *({"code": code, "url": request.build_absolute_uri(urls[code])} for code in readable),
            {"code": "x-default", "url": request.build_absolute_uri(urls[default])},
        ],
        # An untranslated object shows its original text: that version is the canonical one.
        "canonical_url": request.build_absolute_uri(urls[obj.text_language(current) if obj is not None else current]),
    }


def show_preview_of(obj, preview):
    """The object as readers of the previewed language will see it once it is released."""
    if preview.as_translated:
        obj.show_as_readable_in(preview.language)
        show_pending(obj, obj.translation_in(preview.language))


class PublicPageMixin:
    """For every public view. Views say what they show by overriding `describe`; lists name
    themselves with `page_name`; the object the page is about is `self.object`, if any."""

    page_name = None

    def language_object(self):
        return getattr(self, "object", None)

    def describe(self, describer: Describer, context) -> tuple[dict, list[tuple[str, str]]]:
        """The page's main schema.org node, and its breadcrumb trail below Home as (name, path)."""
        obj = self.language_object()
        if obj is not None:
            name = str(obj)
            description = getattr(obj.text, "description", "") if hasattr(obj, "text") else ""
            return describer.web_page(name, description, "CollectionPage"), [(name, self.request.path)]
        if self.page_name:
            name = str(self.page_name)
            return describer.web_page(name, schema_type="CollectionPage"), [(name, self.request.path)]
        home = describer.web_page(settings.SITE_NAME, schema_type="WebSite")
        home["publisher"] = {"@id": describer.publisher()["@id"]}
        return home, []

    def page_description(self, context) -> dict:
        describer = Describer(self.request)
        main, trail = self.describe(describer, context)
        alternates = [link["code"] for link in context.get("hreflang_links", []) if link["code"] != "x-default"]
        return {
            "structured_data": graph(describer.publisher(), main, describer.breadcrumbs(trail) if trail else None),
            "open_graph": open_graph(
                main, language=describer.language, alternates=alternates, site_name=settings.SITE_NAME
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(language_links(self.request, self.language_object()))
        preview = getattr(self.request, "preview", None)
        if preview is not None:
            # Nothing on a preview may be advertised or indexed; switching language stays in the preview.
            context.update(is_preview=True, hreflang_links=[], canonical_url="")
            for entry in context["language_switcher"]:
                entry["url"] = preview.language_urls.get(entry["code"], entry["url"])
            if preview.single_language:
                context["language_switcher"] = []
        context.update(self.page_description(context))
        return context


class TranslatedSlugMixin:
    """Find an object by its slug in any language, and send readers to the page-language URL."""

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        preview = getattr(self.request, "preview", None)
        if preview is not None and isinstance(preview.object, queryset.model):
            obj = queryset.get(pk=preview.object.pk)
            show_preview_of(obj, preview)
            return obj
        slug = self.kwargs["slug"]
        candidates = list(queryset.with_slug(slug)[:4])
        if not candidates:
            raise Http404
        own_slug = field_in(queryset.model, "slug", get_language())
        return next((c for c in candidates if getattr(c, own_slug) == slug), candidates[0])

    def redirect_to_canonical(self):
        """A redirect when the object lives at another URL in this language, else None."""
        url = self.object.get_absolute_url()
        if url == self.request.path or getattr(self.request, "preview", None) is not None:
            return None
        query = self.request.META.get("QUERY_STRING", "")
        return redirect(f"{url}?{query}" if query else url, permanent=True)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.redirect_to_canonical() or self.render_page(request, *args, **kwargs)

    def render_page(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicDetailView(TranslatedSlugMixin, PublicPageMixin, DetailView):
    """The page of one published object; a preview sees the object it previews, published or not."""

    def get_queryset(self):
        preview = getattr(self.request, "preview", None)
        if preview is not None and isinstance(preview.object, self.model):
            return self.model.objects.filter(pk=preview.object.pk)
        return self.model.objects.published()

    def render_page(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(object=self.object))


class EntityDetailView(PublicDetailView):
    """The page of a place, an organization, a person or an event, with its coverage
    (`templates/articles/includes/coverage.html`)."""

    # The article list's filter for the object, where the page links to all the articles about it.
    coverage_filter = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = self.coverage()
        if self.coverage_filter:
            context["coverage_url"] = f"{reverse('articles:list')}?{self.coverage_filter}={self.object.pk}"
        return context

    def coverage(self) -> list[int]:
        """The ids of the newest articles about the object: their cards are kept rendered, and
        only those missing from the cache read their articles."""
        keys.note(keys.list_key("article", via=self.object))
        articles = self.object.articles.published().newest_first()
        return list(articles.values_list("pk", flat=True)[:COVERAGE_SIZE])
