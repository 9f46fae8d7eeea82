"""Sitemaps: every public page once per language readers get it in, and a Google News sitemap.

Each URL carries the same hreflang alternates as the page itself (`translations.views.language_links`):
the languages the object is readable in, and x-default for its original language's URL. Django's own
x-default would be the default language's URL, so it is left off and ours added.
"""

import datetime
import time

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.blocks import BLOCK_SECONDS
from newsroom.articles.models import Article, Author, Correction, Section, Series, Tag
from newsroom.events.models import Event
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys, tagged
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES, TextIn, field_in

# Google News reads articles of the last two days, at most 1,000 URLs per sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000
INDEX_CACHE_KEY = "block:sitemap-index"


class LanguageVersionsPaginator(Paginator):
    """Pages of objects, each object listed once per language it is shown in.

    Django pages the (object, language) pairs, which loads every object for any page; paging the
    objects loads only the page's own.
    """

    def __init__(self, sitemap, object_list, per_page):
        super().__init__(object_list, per_page)
        self.sitemap = sitemap

    def page(self, number):
        page = super().page(number)
        page.object_list = [
            (item, code) for item in page.object_list for code in self.sitemap.get_languages_for_item(item)
        ]
        return page


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    # URLs per page. The protocol allows 50,000, but such a page with its alternates is ~18 MB and
    # takes Django seconds to write; the index lists as many pages as it takes.
    limit = 10_000
    # The number of items, where already known: the index counts every sitemap in one query.
    size = None

    def get_languages_for_item(self, item):
        return item.readable_languages

    def x_default_language(self, item) -> str:
        return item.original_language

    def objects_per_page(self) -> int:
        # At most `limit` URLs on a page, when every object is in every language.
        return self.limit // len(LANGUAGE_CODES)

    @property
    def paginator(self):
        if self.size is not None:
            # Only the number of pages is asked for (by the index): no need to build the query.
            paginator = LanguageVersionsPaginator(self, [], self.objects_per_page())
            paginator.count = self.size
            return paginator
        return LanguageVersionsPaginator(self, self.items(), self.objects_per_page())

    def location(self, item):
        # Django asks for each URL once for itself and once as an alternate of each other language.
        urls = item.__dict__.setdefault("sitemap_urls", {})
        language = get_language()
        if language not in urls:
            urls[language] = item.get_absolute_url()
        return urls[language]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            item, _language = url["item"]
            default = self.x_default_language(item)
            location = next(a["location"] for a in url["alternates"] if a["lang_code"] == default)
            url["alternates"].append({"location": location, "lang_code": "x-default"})
        return urls


class StaticPagesSitemap(TranslatedSitemap):
    """Pages that are no object's own, in every language; x-default as their pages say: the default language."""

    def items(self):
        return [
            "home",
            "articles:list",
            "events:list",
            "articles:corrections",
            "articles:ai-labels",
            "newsletter:subscribe",
        ]

    def location(self, item):
        return reverse(item)

    def get_languages_for_item(self, item):
        return list(LANGUAGE_CODES)

    def x_default_language(self, item) -> str:
        return settings.LANGUAGE_CODE


class ObjectSitemap(TranslatedSitemap):
    """Objects readers may see, loaded with no more than their URLs need."""

    model = None
    ordering = ("pk",)

    def public(self):
        return self.model.objects.published()

    def loaded_fields(self) -> set[str]:
        return {"original_language", "readable_in", *(field_in(self.model, "slug", code) for code in LANGUAGE_CODES)}

    def items(self):
        # Which objects are listed follows their publication, and for some, their articles'.
        keys.note(keys.list_key(self.model), keys.list_key("article"))
        return self.public().only(*self.loaded_fields()).order_by(*self.ordering)


class ArticleSitemap(ObjectSitemap):
    model = Article
    ordering = ("-published_at", "-pk")

    def loaded_fields(self):
        return super().loaded_fields() | {"published_at"}

    def items(self):
        keys.note(keys.list_key("correction"))  # the lastmod of a corrected article
        corrected = Correction.objects.filter(
            article=OuterRef("pk"), is_significant=True, published_at__lte=timezone.now()
        )
        latest = corrected.order_by("-published_at").values("published_at")[:1]
        return super().items().annotate(corrected_at=Subquery(latest))

    def lastmod(self, article):
        """The publish time, or that of the latest significant correction or update.

        Not `updated_at`: any save touches it, also one that changes nothing readers see.
        """
        return max(article.published_at, article.corrected_at or article.published_at)

    # Where already known: the index asks for it with the sizes of all sitemaps.
    known_latest_lastmod = None

    def get_latest_lastmod(self):
        if self.known_latest_lastmod is not None:
            return self.known_latest_lastmod
        return max(filter(None, in_one_query(*self.latest_changes())), default=None)

    def latest_changes(self):
        """The latest publish time and the latest significant correction's, one row each."""
        return [
            Article.objects.published().order_by("-published_at").values("published_at")[:1],
            Correction.objects.visible()
            .filter(is_significant=True)
            .order_by("-published_at")
            .values("published_at")[:1],
        ]


class SectionSitemap(ObjectSitemap):
    model = Section

    def public(self):
        return Section.objects.all()


class WithArticlesSitemap(ObjectSitemap):
    """Those with published articles: a page listing nothing is not worth a crawler's visit."""

    article_field = ""

    def public(self):
        articles = Article.objects.published().filter(**{self.article_field: OuterRef("pk")})
        return self.model.objects.filter(Exists(articles))


class SeriesSitemap(WithArticlesSitemap):
    model = Series
    article_field = "series"


class TagSitemap(WithArticlesSitemap):
    model = Tag
    article_field = "tags"


class AuthorSitemap(WithArticlesSitemap):
    model = Author
    article_field = "authors"


class OrganizationSitemap(ObjectSitemap):
    model = Organization


class PersonSitemap(ObjectSitemap):
    model = Person


class PlaceSitemap(ObjectSitemap):
    model = Place


class EventSitemap(ObjectSitemap):
    model = Event


class NewsSitemap(ArticleSitemap):
    """Articles of the last two days for Google News, newest first, one URL per language version."""

    def loaded_fields(self):
        return super().loaded_fields() | {build_localized_fieldname("headline", code) for code in LANGUAGE_CODES}

    def items(self):
        recent = super().items().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        articles, urls = [], 0
        for article in recent[:NEWS_LIMIT]:
            urls += len(article.readable_languages)
            if urls > NEWS_LIMIT:
                break
            articles.append(article)
        if articles:
            # The page changes when its oldest article leaves the window, with nobody saving anything.
            keys.ends_at((min(article.published_at for article in articles) + NEWS_WINDOW).timestamp())
        return articles

    def objects_per_page(self):
        return NEWS_LIMIT  # one page: items() holds no more URLs than that

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            article, language = url["item"]
            url.update(language=language, title=TextIn(article, language).headline, published_at=article.published_at)
        return urls


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "series": SeriesSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "organizations": OrganizationSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
    "events": EventSitemap,
}


def index(request):
    """The sitemap index: Django's, with the sizes of the sitemaps and the articles' latest change
    asked in one query, and kept in the shared cache until an object joins or leaves a sitemap."""
    sitemaps = {name: sitemap() for name, sitemap in SITEMAPS.items()}
    sizes, latest = index_facts(
        {name: sitemap for name, sitemap in sitemaps.items() if isinstance(sitemap, ObjectSitemap)}
    )
    for name, size in sizes.items():
        sitemaps[name].size = size
    sitemaps["articles"].known_latest_lastmod = latest
    return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap")


def index_facts(counted: dict[str, "ObjectSitemap"]) -> tuple[dict[str, int], datetime.datetime | None]:
    """The number of objects of each sitemap of `counted` and the articles' latest lastmod, kept
    with the keys of the collections counted until one of them changes or the next scheduled
    article or correction is due (which nothing invalidates)."""
    found = tagged.get(INDEX_CACHE_KEY)
    if found is not tagged.MISSING and found[0][1] > time.time():
        (facts, _ends_at), shown = found
        keys.note(*shown)
        return facts
    began = time.time()
    with keys.collecting() as shown:
        counts = [Counted(sitemap.items()) for sitemap in counted.values()]
        due = [
            Article.objects.scheduled().order_by("published_at").values("published_at")[:1],
            Correction.objects.filter(published_at__gt=timezone.now())
            .order_by("published_at")
            .values("published_at")[:1],
        ]
        *sizes, published, corrected, next_article, next_correction = in_one_query(
            *counts, *counted["articles"].latest_changes(), *due
        )
    facts = dict(zip(counted, sizes, strict=True)), max(filter(None, [published, corrected]), default=None)
    # The entry's end is checked when it is read, to the second: the cache's own expiry is coarser.
    ends_at = min([began + BLOCK_SECONDS, *(at.timestamp() for at in [next_article, next_correction] if at)])
    tagged.set(INDEX_CACHE_KEY, (facts, ends_at), shown, ends_at - began + 1, began=began)
    return facts


class Counted:
    """For `in_one_query`: the number of rows of a queryset."""

    def __init__(self, queryset):
        self.queryset = queryset


def in_one_query(*parts) -> list:
    """The answer to each part, in one query: for `Counted(queryset)` its number of rows, for a
    queryset of one column and at most one row its value (None without a row)."""
    selected, params = [], []
    for number, part in enumerate(parts):
        if isinstance(part, Counted):
            sql, part_params = part.queryset.order_by().values("pk").query.sql_with_params()
            # Django's own SQL, its parameters apart.
            selected.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")  # noqa: S608
        else:
            sql, part_params = part.query.sql_with_params()
            selected.append(f"({sql})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selected)}", params)  # noqa: S608 - as above
        return list(cursor.fetchone())
