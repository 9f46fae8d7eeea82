"""Sitemaps: every public page once per language readers get it in, and a Google News sitemap.

Each URL carries the same hreflang alternates as the page itself (`public_pages.language_links`):
the languages the object is readable in, and x-default for its original language's URL. Django's own
x-default would be the default language's URL, so it is left off and ours added.

A page holds up to 10,000 URLs with their alternates (5 MB). Django's view reversed each address in
each language, in an instance per object, and its template engine rendered every value: 0.8 s of CPU
a page at 100,000 articles; written as below, 57 ms (the articles' pages hold 1,000: see
`ArticleSitemap`). Here an object is a row of the
columns its addresses need, each language's address is reversed once and completed with the slugs,
and the XML is written as Django's templates (`sitemap.xml`, and ours for Google News) wrote it,
byte for byte.
"""

import datetime
import time
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import BigIntegerField, ExpressionWrapper, F, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from newsroom.articles.models import Article, Author, Correction, LiveUpdate, Section, Series, Tag
from newsroom.events.models import Event
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys, tagged
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.reversing import SLUG
from newsroom.translations.models import LANGUAGE_CODES, field_in, is_readable

# Google News reads articles of the last two days, at most 1,000 URLs per sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000
INDEX_CACHE_KEY = "block:sitemap-index"
SLUG_MARK = "sitemap-slug"


class TranslatedSitemap(Sitemap):
    """A sitemap of items each listed once per language it is shown in, with its alternates."""

    # URLs per page (see above). The protocol allows 50,000, but such a page with its alternates is
    # ~18 MB; the index lists as many pages as it takes.
    limit = 10_000
    # The number of items, where already known: the index counts every sitemap in one query.
    size = None
    # The <urlset>'s namespaces besides the sitemap's and xhtml's, and its elements' indentation.
    namespaces = ""
    indent = ""

    def get_languages_for_item(self, item) -> list[str]:
        raise NotImplementedError

    def x_default_language(self, item) -> str:
        raise NotImplementedError

    def location(self, item, language: str) -> str:
        raise NotImplementedError

    def objects_per_page(self) -> int:
        # At most `limit` URLs on a page, when every object is in every language.
        return self.limit // len(LANGUAGE_CODES)

    @property
    def paginator(self):
        """Pages of items, not of (item, language) pairs: Django's pairs load every object for any page."""
        if self.size is not None:
            # Only the number of pages is asked for (by the index): no need to build the query.
            paginator = Paginator([], self.objects_per_page())
            paginator.count = self.size
            return paginator
        return Paginator(self.items(), self.objects_per_page())

    def urlset(self, page, origin: str) -> str:
        """One page of the sitemap as XML; `latest_lastmod` set as Django's sitemaps set it, for
        the Last-Modified header. `origin` is the scheme and host the URLs begin with."""
        origin = escape(origin)
        zone = timezone.get_current_timezone()
        elements = []
        lastmods = []
        items = self.page_items(self.paginator.page(page))
        self.note_shown(items)
        for item in items:
            lastmod = self.lastmod(item) if hasattr(self, "lastmod") else None
            lastmods.append(lastmod)
            # As the template's `date:"Y-m-d"` wrote it, in the current time zone.
            lastmod = f"<lastmod>{lastmod.astimezone(zone).date().isoformat()}</lastmod>" if lastmod else ""
            languages = self.get_languages_for_item(item)
            locations = {code: origin + self.location(item, code) for code in languages}
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{location}"/>'
                for code, location in [*locations.items(), ("x-default", locations[self.x_default_language(item)])]
            )
            elements.extend(self.url_element(item, code, locations[code], lastmod, links) for code in languages)
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
            f"{self.namespaces}>\n{self.indent}{''.join(elements)}\n</urlset>\n"
        )

    def page_items(self, page) -> list:
        return list(page.object_list)

    def note_shown(self, items) -> None:
        """Note the keys of what a page shows, for the page cache (see `newsroom.pagecache.keys`)."""

    def url_element(self, item, language: str, location: str, lastmod: str, links: str) -> str:
        """One <url>: `lastmod` and `links` are its <lastmod> and alternates, as XML."""
        return f"<url><loc>{location}</loc>{lastmod}{links}</url>"


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

    def location(self, item, language):
        with override(language):
            return escape(reverse(item))

    def get_languages_for_item(self, item):
        return list(LANGUAGE_CODES)

    def x_default_language(self, item) -> str:
        return settings.LANGUAGE_CODE


class ObjectSitemap(TranslatedSitemap):
    """Objects readers may see, as rows of the columns their addresses need (a page holds 5,000:
    as model instances they took 76 ms to load)."""

    model = None
    ordering = ("pk",)

    def public(self):
        return self.model.objects.published()

    def columns(self) -> list[str]:
        return ["pk", "original_language", "readable_in", *self.slug_columns().values()]

    def slug_columns(self) -> dict[str, str]:
        return {code: field_in(self.model, "slug", code) for code in LANGUAGE_CODES}

    def items(self):
        # Which objects are listed follows their publication, and for some, their articles'.
        keys.note(keys.list_key(self.model), keys.list_key("article"))
        return self.rows(self.public())

    def rows(self, objects):
        """`objects` in the sitemap's order, as rows of the columns their URLs need."""
        # Plain rows: modeltranslation's values() rebuilds each row to fall back between languages.
        return objects.order_by(*self.ordering).raw_values(*self.columns())

    def page_extent(self):
        """For `index_facts`: what the paginator counts, the number of objects listed."""
        return Counted(self.items())

    def page_items(self, page):
        """The page's rows, found by their ids first, which the index alone gives: asked for the
        rows at once, PostgreSQL read and sorted the whole table for a page far from the first
        (the 20th of the articles: 280 ms)."""
        start = (page.number - 1) * page.paginator.per_page
        ids = self.public().order_by(*self.ordering).values("pk")[start : start + page.paginator.per_page]
        return list(self.rows(self.model._default_manager.filter(pk__in=ids)))

    def note_shown(self, items):
        # Each object's key, as a model instance loaded notes it (see pagecache.invalidation).
        name = self.model._meta.model_name
        keys.note(*(f"{name}-{item['pk']}" for item in items))

    def urlset(self, page, origin):
        self.addresses = self.addresses_around_slugs()
        return super().urlset(page, origin)

    def addresses_around_slugs(self) -> dict[str, tuple[str, str, str]]:
        """Each language's address of an object, as the model's `get_absolute_url` gives it, split
        around the slug (and the slug's column): reversed once, not once per object."""
        addresses = {}
        for code, column in self.slug_columns().items():
            sample = self.model(original_language=code, **{column: SLUG_MARK})
            with override(code):
                before, _mark, after = sample.get_absolute_url().partition(SLUG_MARK)
            addresses[code] = escape(before), column, escape(after)
        return addresses

    def get_languages_for_item(self, item):
        original, readable_in = item["original_language"], item["readable_in"]
        return [code for code in LANGUAGE_CODES if is_readable(code, original, readable_in)]

    def x_default_language(self, item) -> str:
        return item["original_language"]

    def location(self, item, language):
        before, column, after = self.addresses[language]
        slug = item[column]
        if not SLUG.fullmatch(slug or ""):
            raise NoReverseMatch(f"{self.model.__name__} {item['pk']} has no address in {language}: slug {slug!r}")
        return before + slug + after


class ArticleSitemap(ObjectSitemap):
    """Pages of ranges of ids from the lowest listed (page 1: the lowest id and the 499 after it),
    not of positions in a list: a page found by its position made PostgreSQL count through the
    rows before it, 7 ms at the 150th page of 100,000 articles and ~70 ms deep in a million, on
    every page a crawler reads. A range is one scan of the primary key at any depth, so pages can
    be small: 1,000 URLs (Yoast's size; WordPress's own sitemaps hold 2,000), ~8 ms of CPU each,
    against 57 for 10,000. A page holds fewer where ids went to drafts, and none where all did; the
    index counts pages over the span from the lowest id listed to the highest."""

    model = Article
    ordering = ("-published_at", "-pk")
    limit = 1_000

    def page_extent(self):
        """What the paginator counts: the span of ids listed (its number of pages is the ranges')."""
        return Span(self.items())

    @property
    def paginator(self):
        if self.size is None:
            self.size = in_one_query(self.page_extent())[0] or 0
        return super().paginator

    def page_items(self, page):
        per_page = page.paginator.per_page
        # The lowest id listed, asked inside the same query.
        first = Subquery(self.public().order_by("pk").values("pk")[:1])
        start = ExpressionWrapper(first + (page.number - 1) * per_page, output_field=BigIntegerField())
        end = ExpressionWrapper(first + page.number * per_page, output_field=BigIntegerField())
        return list(self.rows(self.public().filter(pk__gte=start, pk__lt=end)))

    def columns(self):
        return [*super().columns(), "published_at", "corrected_at", "newest_update_at"]

    def items(self):
        keys.note(keys.list_key("correction"))  # the lastmod of a corrected article
        keys.note(keys.list_key("liveupdate"))  # and of a live article
        return super().items()

    def rows(self, objects):
        corrected = Correction.objects.shown().filter(article=OuterRef("pk"), is_significant=True)
        latest = corrected.order_by("-published_at").values("published_at")[:1]
        # In the same query, one step down the updates' (article, newest) index for each row.
        newest = LiveUpdate.objects.filter(article=OuterRef("pk")).order_by("-posted_at", "-id").values("posted_at")[:1]
        return super().rows(objects.annotate(corrected_at=Subquery(latest), newest_update_at=Subquery(newest)))

    def lastmod(self, article):
        """The publish time, or that of the latest significant correction or live update.

        Not `updated_at`: any save touches it, also one that changes nothing readers see.
        """
        published = article["published_at"]
        return max(published, article["corrected_at"] or published, article["newest_update_at"] or published)

    # Where already known: the index asks for it with the sizes of all sitemaps.
    known_latest_lastmod = None

    def get_latest_lastmod(self):
        if self.known_latest_lastmod is not None:
            return self.known_latest_lastmod
        return max(filter(None, map(utc_aware, in_one_query(*self.latest_changes()))), default=None)

    def latest_changes(self):
        """The latest publish time, the latest significant correction's and live update's, one row each."""
        return [
            LiveUpdate.objects.filter(article__in=Article.objects.published())
            .order_by("-posted_at")
            .values("posted_at")[:1],
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
        # Each object's first article, looked up for each: as EXISTS, PostgreSQL hashed the bylines
        # of every published article for each author (950 ms at a million articles, 0.2 ms so).
        first = Subquery(articles.order_by().values("pk")[:1])
        return self.model.objects.alias(first_article=first).filter(first_article__isnull=False)


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

    namespaces = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    indent = "  "

    def columns(self):
        return [*super().columns(), *(build_localized_fieldname("headline", code) for code in LANGUAGE_CODES)]

    def items(self):
        recent = super().items().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        articles, urls = [], 0
        for article in recent[:NEWS_LIMIT]:
            urls += len(self.get_languages_for_item(article))
            if urls > NEWS_LIMIT:
                break
            articles.append(article)
        if articles:
            # The page changes when its oldest article leaves the window, with nobody saving anything.
            keys.ends_at((min(article["published_at"] for article in articles) + NEWS_WINDOW).timestamp())
        return articles

    def objects_per_page(self):
        return NEWS_LIMIT  # one page: items() holds no more URLs than that

    # A list of the window's articles, not ranges of ids.
    paginator = TranslatedSitemap.paginator
    limit = TranslatedSitemap.limit

    def page_items(self, page):
        return list(page.object_list)

    def url_element(self, article, language, location, lastmod, links):
        title = article[build_localized_fieldname("headline", language)] or ""
        published_at = timezone.localtime(article["published_at"]).isoformat()
        # `{% spaceless %}` left out the whitespace between tags, as of a title of nothing else.
        title = escape(title) if title.strip() else ""
        return (
            f"<url><loc>{location}</loc><news:news><news:publication><news:name>{escape(settings.SITE_NAME)}</news:name>"
            f"<news:language>{language}</news:language></news:publication>"
            f"<news:publication_date>{published_at}</news:publication_date><news:title>{title}</news:title>"
            f"</news:news>{links}</url>"
        )


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


@x_robots_tag
def sitemap(request, sitemaps, section=None):
    """One page of a sitemap: Django's view, with the XML written by the sitemap itself (`urlset`)."""
    if section is None:
        (sitemap_class,) = sitemaps.values()
    elif section in sitemaps:
        sitemap_class = sitemaps[section]
    else:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = sitemap_class()
    if isinstance(site, ObjectSitemap) and section is not None:
        # Its size as the index knows it (kept until an object joins or leaves a sitemap): counting
        # the published articles cost a page 10 ms of PostgreSQL at 100,000, ~100 at a million.
        counted = {name: cls() for name, cls in sitemaps.items() if issubclass(cls, ObjectSitemap)}
        site.size = index_facts(counted)[0][section]
    origin = f"{site.get_protocol(request.scheme)}://{get_current_site(request).domain}"
    try:
        xml = site.urlset(request.GET.get("p", 1), origin)
    except EmptyPage as error:
        raise Http404(f"Page {request.GET.get('p')} empty") from error
    except PageNotAnInteger as error:
        raise Http404(f"No page {request.GET.get('p')!r}") from error
    latest = getattr(site, "latest_lastmod", None)
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return HttpResponse(xml, content_type="application/xml", headers=headers)


@x_robots_tag
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
    xml, headers = index_xml(request, sitemaps)
    return HttpResponse(xml, content_type="application/xml", headers=headers)


def index_xml(request, sitemaps: dict) -> tuple[str, dict | None]:
    """What Django's index view and its `sitemap_index.xml` make of `sitemaps` (the XML and its
    Last-Modified), written without the template: at a million articles the index lists ~2,000
    pages, which the template engine took 40 ms to write."""
    domain = get_current_site(request).domain
    entries = []
    latest, all_have_lastmod = None, True
    for section, site in sitemaps.items():
        protocol = request.scheme if site.protocol is None else site.protocol
        location = escape(f"{protocol}://{domain}{reverse('sitemap', kwargs={'section': section})}")
        lastmod = site.get_latest_lastmod()
        if lastmod is None:
            all_have_lastmod = False
        elif all_have_lastmod:
            latest = lastmod if latest is None else max(latest, lastmod)
        shown = (
            timezone.localtime(lastmod)
            if isinstance(lastmod, datetime.datetime) and timezone.is_aware(lastmod)
            else lastmod
        )
        lastmod_xml = f"<lastmod>{shown.isoformat()}</lastmod>" if lastmod else ""
        entries.append(f"<sitemap><loc>{location}</loc>{lastmod_xml}</sitemap>")
        entries.extend(
            f"<sitemap><loc>{location}?p={page}</loc>{lastmod_xml}</sitemap>"
            for page in range(2, site.paginator.num_pages + 1)
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}\n</sitemapindex>\n"
    )
    headers = {"Last-Modified": http_date(latest.timestamp())} if all_have_lastmod and latest else None
    return xml, headers


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
        counts = [sitemap.page_extent() for sitemap in counted.values()]
        due = [
            Article.objects.scheduled().order_by("published_at").values("published_at")[:1],
            Correction.objects.still_to_come().order_by("published_at").values("published_at")[:1],
        ]
        changes = counted["articles"].latest_changes()
        answers = list(map(utc_aware, in_one_query(*counts, *changes, *due)))
        sizes, latest = answers[: len(counts)], answers[len(counts) : len(counts) + len(changes)]
        next_article, next_correction = answers[-2:]
    facts = (
        dict(zip(counted, (size or 0 for size in sizes), strict=True)),
        max(filter(None, latest), default=None),
    )
    # The entry's end is checked when it is read, to the second: the cache's own expiry is coarser.
    ends_at = min([began + tagged.BLOCK_SECONDS, *(at.timestamp() for at in [next_article, next_correction] if at)])
    tagged.set(INDEX_CACHE_KEY, (facts, ends_at), shown, ends_at - began + 1, began=began)
    return facts


def utc_aware(value):
    """A time read by a raw query: SQLite's come naive, in UTC (the template then showed it without
    its offset, and `timestamp()` read it as local time); anything else as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


class Span:
    """For `in_one_query`: the span of a queryset's ids, from the lowest to the highest (0 for none)."""

    def __init__(self, queryset):
        self.queryset = queryset


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
        elif isinstance(part, Span):
            sql, part_params = part.queryset.order_by().values(span_id=F("pk")).query.sql_with_params()
            spanned = f"SELECT COALESCE(MAX(span_id) - MIN(span_id) + 1, 0) FROM ({sql}) AS spanned_{number}"  # noqa: S608
            selected.append(f"({spanned})")
        else:
            sql, part_params = part.query.sql_with_params()
            selected.append(f"({sql})")
        params.extend(part_params)
    # On the router's choice, as the querysets themselves would be read (a read replica for readers).
    first = parts[0].queryset if isinstance(parts[0], Counted | Span) else parts[0]
    with connections[first.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selected)}", params)  # noqa: S608 - as above
        return list(cursor.fetchone())
