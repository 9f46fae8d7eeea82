import time
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from newsroom.listing import FilteredListView
from newsroom.pagecache import keys, tagged
from newsroom.public_pages import PublicDetailView, PublicPageMixin, TranslatedSlugMixin, show_preview_of

from . import blocks
from .blocks import load_links_and_parts
from .filters import ArticleFilter, CorrectionFilter
from .models import Article, Author, Correction, Section, Series, Tag


class ArticleListView(PublicPageMixin, FilteredListView):
    template_name = "articles/article_list.html"
    filterset_class = ArticleFilter
    page_name = _("Articles")

    def get_queryset(self):
        keys.note(*self.lists_shown())
        return Article.objects.published().for_cards()

    def paginate(self, queryset):
        """The page's ids and times first; then only the articles whose card is not in the cache."""
        page = super().paginate(queryset.select_related(None).only("pk", "published_at"))
        ids = [article.pk for article in page.items]
        missing = blocks.uncached_cards([(ids, {"with_standfirst": True}, False)], get_language())
        loaded = Article.objects.for_cards().in_bulk(missing)
        page.items = [loaded.get(pk, pk) for pk in ids]
        return page

    def lists_shown(self) -> list[str]:
        return [keys.list_key("article")]

    def get(self, request, *args, **kwargs):
        if "q" in request.GET:
            # Searching has its own page (newsroom.search): links and bookmarks of the old list search land there.
            params = request.GET.copy()
            params.update(self.scope_params())
            return redirect(f"{reverse('search:results')}?{params.urlencode()}")
        return super().get(request, *args, **kwargs)

    def scope_params(self) -> dict:
        return {}


class ScopedArticleListView(TranslatedSlugMixin, ArticleListView):
    """The articles of one section, series or tag, under that object's own page."""

    scope_model = None
    scope_field = ""
    scope_filter = ""  # the filter that would only repeat the scope, left out of the form

    def get_queryset(self):
        return super().get_queryset().filter(**{self.scope_field: self.object})

    def get_object(self, queryset=None):
        return super().get_object(self.scope_model.objects.all() if queryset is None else queryset)

    def lists_shown(self):
        return [keys.list_key("article", via=self.object)]

    def scope_params(self):
        return {self.scope_filter: str(self.get_object().pk)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["scope_filter"] = self.scope_filter
        return context


class SectionDetailView(ScopedArticleListView):
    template_name = "articles/section_detail.html"
    scope_model = Section
    scope_field = "section"
    scope_filter = "section"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series_list"] = list(self.object.series.all())
        return context


class SeriesDetailView(ScopedArticleListView):
    template_name = "articles/series_detail.html"
    scope_model = Series
    scope_field = "series"
    scope_filter = "series"

    def describe(self, describer, context):
        node, trail = super().describe(describer, context)
        return node, [(str(self.object.section), self.object.section.get_absolute_url()), *trail]

    def get_object(self, queryset=None):
        return super().get_object(Series.objects.select_related("section"))


class TagDetailView(ScopedArticleListView):
    template_name = "articles/tag_detail.html"
    scope_model = Tag
    scope_field = "tags"
    scope_filter = "tag"


class AuthorDetailView(ArticleListView):
    template_name = "articles/author_detail.html"

    def describe(self, describer, context):
        author = self.object
        person = describer.author(author)
        person["@id"] = person["url"]
        if author.text.bio:
            person["description"] = author.text.bio
        if portrait := describer.image(author.portrait):
            person["image"] = portrait
        page = describer.web_page(str(author), schema_type="ProfilePage")
        page["mainEntity"] = person
        return page, [(str(author), self.request.path)]

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(Author.objects.select_related("portrait"), slug=kwargs["slug"])
        preview = getattr(request, "preview", None)
        if preview is not None and preview.object == self.object:
            show_preview_of(self.object, preview)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(authors=self.object)

    def lists_shown(self):
        return [keys.list_key("article", via=self.object)]

    def scope_params(self):
        return {"author": str(get_object_or_404(Author, slug=self.kwargs["slug"]).pk)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


def share_links(url: str, title: str) -> list[tuple[str, str, str]]:
    """(name, label, address) for sharing an article: plain links, no third-party script or cookie."""
    return [
        ("email", _("Share by e-mail"), f"mailto:?{urlencode({'subject': title, 'body': url}, quote_via=quote)}"),
        (
            "linkedin",
            _("Share on LinkedIn"),
            f"https://www.linkedin.com/sharing/share-offsite/?{urlencode({'url': url})}",
        ),
        ("x", _("Share on X"), f"https://x.com/intent/post?{urlencode({'text': title, 'url': url})}"),
        ("whatsapp", _("Share on WhatsApp"), f"https://wa.me/?{urlencode({'text': f'{title} {url}'})}"),
    ]


def live_items(article: Article, language: str, limit: int | None = None) -> list[dict]:
    """A live article's updates as readers of `language` get them, newest first (the newest `limit`
    of them): each in that language where it is translated, else in its original (`language` says
    which)."""
    items = []
    for update in article.live_updates.all()[:limit]:
        headline, body, text_language = update.text_for(language)
        items.append({"update": update, "headline": headline, "body": body, "language": text_language})
    return items


class ArticleDetailView(PublicDetailView):
    model = Article
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def describe(self, describer, context):
        article = self.object
        language = article.text_language()
        corrections = [
            (correction, correction.text_for(language)[0])
            for correction in article.corrections.all()
            if correction.is_significant
        ]
        node = describer.news_article(article, updated_at=article.significantly_updated_at(), corrections=corrections)
        if article.is_live:
            node = describer.live_blog(
                node, article, context["live_updates"], updated_at=article.significantly_updated_at()
            )
        trail = [(str(article.section), article.section.get_absolute_url())]
        if article.series:
            trail.append((str(article.series), article.series.get_absolute_url()))
        return node, [*trail, (str(article), self.request.path)]

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # Its section, series, dateline, interviewee and fact-checker come with its links.
        # A preview may show changes inside a savepoint that is rolled back: never kept.
        load_links_and_parts(article, cached=getattr(self.request, "preview", None) is None)
        # Readers are told who reviewed a text written with AI (EU AI Act, Article 50(4)).
        article.latest_review = next(iter(article.human_reviews.all()), None) if article.is_reported_by_ai else None
        return article

    def get_context_data(self, **kwargs):
        language = self.object.text_language()
        if self.object.is_live:
            # The structured data (built by the base class) describes the same updates.
            kwargs.update(self.live_context(language))
        context = super().get_context_data(**kwargs)
        if self.object.kind == Article.Kind.INTERVIEW:
            context["exchanges"] = [exchange.text_in(language) for exchange in self.object.exchanges.all()]
        context["corrections"] = [
            {"correction": correction, "text_and_language": correction.text_for(language)}
            for correction in self.object.corrections.all()
        ]
        context["updated_at"] = self.object.significantly_updated_at()
        context["share_links"] = share_links(
            self.request.build_absolute_uri(self.object.url_in(language)), str(self.object)
        )
        return context

    def live_context(self, language: str) -> dict:
        items = live_items(self.object, language)
        cached = getattr(self.request, "preview", None) is None
        key_points = [item for item in items if item["update"].is_pinned]
        return {
            "live_updates": items,
            "rendered_updates": blocks.render_live_updates(items, get_language(), cached=cached),
            "rendered_key_points": blocks.render_live_updates(
                key_points, get_language(), cached=cached, in_key_points=True
            ),
            "live_poll_seconds": settings.LIVE_POLL_SECONDS,
        }


class LiveUpdatesView(ArticleDetailView):
    """The newest updates of a live article as an HTML fragment, which the open page polls
    (static/js/live-updates.js). Under the page's language and the article's keys, it is kept in
    the page cache and the CDN like the page, and a new update invalidates both: a poll is a cache
    hit between updates. Not a live article, or not one readers may see: 404."""

    template_name = "articles/live_updates_fragment.html"

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not article.is_live:
            raise Http404
        return article

    def redirect_to_canonical(self):
        url = reverse("articles:live-updates", kwargs={"slug": self.object.slug_in()})
        if url == self.request.path or getattr(self.request, "preview", None) is not None:
            return None
        return redirect(url, permanent=True)

    def get_context_data(self, **kwargs):
        # Only the updates: no language links, structured data or "You may like".
        language = self.object.text_language()
        items = live_items(self.object, language, settings.LIVE_FRAGMENT_SIZE + 1)
        newest = items[: settings.LIVE_FRAGMENT_SIZE]
        cached = getattr(self.request, "preview", None) is None
        return {
            "article": self.object,
            "rendered_updates": blocks.render_live_updates(newest, get_language(), cached=cached),
            "is_truncated": len(items) > settings.LIVE_FRAGMENT_SIZE,
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A piece of the article's page, not a page: search engines index the article.
        response["X-Robots-Tag"] = "noindex"
        return response


class AiLabelsView(PublicPageMixin, TemplateView):
    """What each provenance label on our articles means; every label links here."""

    template_name = "articles/ai_labels.html"
    page_name = _("How we label AI and fact-checking")


NOTE_TEMPLATE = "articles/includes/correction_note.html"


class CorrectionListView(PublicPageMixin, FilteredListView):
    """Every correction and update note readers can see, newest first."""

    template_name = "articles/correction_list.html"
    filterset_class = CorrectionFilter
    page_name = _("Corrections and updates")

    def get_queryset(self):
        keys.note(keys.list_key("correction"))
        return Correction.objects.visible()

    def render_to_response(self, context, **response_kwargs):
        context["notes"] = self.notes(context["page"].items)
        return super().render_to_response(context, **response_kwargs)

    def notes(self, corrections) -> list[str]:
        """Each note rendered, kept per note and language in the shared cache until its article
        (or the note, which is part of it) changes; the articles of the notes not kept are read in
        one go. Twenty notes' dates, labels and links cost ~3 ms of the page's ~9 rendered each time."""
        language = get_language()
        names = {correction.pk: f"note:correction-{correction.pk}:{language}" for correction in corrections}
        cached = getattr(self.request, "preview", None) is None
        found = tagged.get_many(names.values()) if cached else {}
        missing = {c.article_id for c in corrections if names[c.pk] not in found}
        articles = Article.objects.filter(pk__in=missing).for_cards().in_bulk() if missing else {}
        notes = []
        for correction in corrections:
            name = names[correction.pk]
            if name in found:
                note, shown = found[name]
                keys.note(*shown)
                notes.append(mark_safe(note))  # noqa: S308 - our template's HTML, kept
                continue
            correction.article = articles[correction.article_id]
            text, text_language = correction.text_for(correction.article.text_language())
            began = time.time()
            with keys.collecting() as shown:
                keys.note(keys.key(correction.article))
                note = render_to_string(
                    NOTE_TEMPLATE,
                    {"correction": correction, "text": text, "language": text_language, "t": correction.article.text},
                )
            if cached:
                tagged.set(name, note, shown, tagged.BLOCK_SECONDS, began=began)
            notes.append(mark_safe(note))  # noqa: S308 - our template's HTML
        return notes
