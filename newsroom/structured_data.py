"""What a page says about itself to machines: schema.org JSON-LD, OpenGraph and Twitter cards.

Every public page gets one JSON-LD graph — the publisher, the page's own thing (a NewsArticle, an
Event, an Organization, a Person, a Place, or a web page) and its breadcrumb trail — and the
OpenGraph tags are read off that same thing, so the two never disagree. Texts are those the page
shows: the page's language where the object is readable in it, else its original.
"""

from html import unescape

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from newsroom.identifiers import ticker_symbol
from newsroom.images.sharing import shared_picture

SCHEMA = "https://schema.org"
OPEN_GRAPH_LOCALES = {"en": "en_US", "de": "de_DE"}
EVENT_STATUS = {
    "scheduled": f"{SCHEMA}/EventScheduled",
    "postponed": f"{SCHEMA}/EventPostponed",
    "cancelled": f"{SCHEMA}/EventCancelled",
}

# How many of a live article's updates its structured data lists, newest first.
LIVE_BLOG_UPDATES = 50


class Describer:
    """Builds the nodes of one page's graph, with absolute URLs for the request's host."""

    def __init__(self, request):
        self.request = request
        self.language = get_language()

    def url(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def publisher(self) -> dict:
        return {
            "@type": "NewsMediaOrganization",
            "@id": self.url(reverse("home")) + "#publisher",
            "name": settings.SITE_NAME,
            "url": self.url(reverse("home")),
            "logo": {"@type": "ImageObject", "url": self.url(static("img/favicon.svg"))},
        }

    def reference(self, obj, schema_type: str) -> dict:
        """A short node naming a linked thing: its type, name and page."""
        return {"@type": schema_type, "name": str(obj), "url": self.url(obj.get_absolute_url())}

    def entity(self, obj, schema_type: str, name: str, description: str = "") -> dict:
        """The node of the thing a page is about: a reference that is also the node's identity."""
        node = self.reference(obj, schema_type)
        node.update({"@id": node["url"], "name": name})
        if description:
            node["description"] = description
        return node

    def identified(self, node: dict, obj) -> dict:
        """The node with what other databases know the thing by: `sameAs` their pages about it,
        `identifier` each id by its scheme (newsroom/identifiers.py)."""
        if same_as := obj.same_as():
            node["sameAs"] = same_as
        if known := obj.external_ids():
            node["identifier"] = [
                {"@type": "PropertyValue", "propertyID": each.name, "value": each.value, "url": each.url}
                for each in known
            ]
        return node

    def image(self, image, caption: str | None = None) -> dict | None:
        """An image of the library (newsroom/images) as an ImageObject of its `social` rendition,
        with its credit, copyright and licence (what Google Images reads for its credit and
        "Licensable" badge), or None where readers may not see it (its licence ended): the page
        shows it nowhere, nor does its metadata. `caption`: the page's, else the image's own."""
        picture = shared_picture(image)
        if picture is None:
            return None
        text = image.text
        node = {"@type": "ImageObject", "url": self.url(picture.url), "contentUrl": self.url(picture.url)}
        if picture.width and picture.height:
            node.update(width=picture.width, height=picture.height)
        node["encodingFormat"] = picture.media_type
        holder_type = "Person" if image.copyright_holder and image.copyright_holder == image.creator else "Organization"
        node.update(
            {
                name: value
                for name, value in (
                    ("caption", caption or text.caption),
                    # The alt text, as the picture's description: what `og:image:alt` reads.
                    ("description", text.alt),
                    ("creditText", text.credit),
                    ("copyrightNotice", image.copyright_notice),
                    (
                        "copyrightHolder",
                        image.copyright_holder and {"@type": holder_type, "name": image.copyright_holder},
                    ),
                    ("creator", image.creator and {"@type": "Person", "name": image.creator}),
                    # A URL only, as schema.org and Google ask; the licence's name is on that page.
                    ("license", image.licence_url),
                    ("acquireLicensePage", image.acquire_licence_url),
                    ("digitalSourceType", image.digital_source_type_uri),
                )
                if value
            }
        )
        return node

    def web_page(self, name: str, description: str = "", schema_type: str = "WebPage") -> dict:
        node = {
            "@type": schema_type,
            "@id": self.url(self.request.path),
            "url": self.url(self.request.path),
            "name": name,
            "inLanguage": self.language,
            "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": self.url(reverse("home"))},
        }
        if description:
            node["description"] = description
        return node

    def breadcrumbs(self, trail) -> dict:
        """`trail`: the objects above this page, then this page, as (name, path) pairs."""
        home = (gettext("Home"), reverse("home"))
        return {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": self.url(path)}
                for position, (name, path) in enumerate([home, *trail], start=1)
            ],
        }

    def news_article(self, article, *, updated_at, corrections) -> dict:
        text = article.text
        language = text.language
        url = self.url(article.url_in(language))
        node = {
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            # Whole: Google dropped its 110-character limit, and a headline cut mid-word misleads.
            "headline": text.headline,
            "inLanguage": language,
            "datePublished": w3c_time(article.published_at),
            "dateModified": w3c_time(updated_at or article.published_at),
            "isAccessibleForFree": True,
            "publisher": {"@id": self.url(reverse("home")) + "#publisher"},
            "articleSection": str(article.section),
            "author": [self.author(author) for author in article.byline_authors()],
        }
        if text.standfirst:
            node["description"] = text.standfirst
        keywords = [str(tag) for tag in article.tags.all()]
        if keywords:
            node["keywords"] = keywords
        if image := article.shown_image:
            node["image"] = self.image(image, caption=article.lead_image_caption_in(text))
        # The language versions of one work: the original names its translations, each translation its original.
        if language == article.original_language:
            translations = [code for code in article.readable_languages if code != language]
            if translations:
                node["workTranslation"] = [
                    {"@type": "NewsArticle", "@id": self.url(article.url_in(code)), "inLanguage": code}
                    for code in translations
                ]
        else:
            node["translationOfWork"] = {
                "@type": "NewsArticle",
                "@id": self.url(article.url_in(article.original_language)),
                "inLanguage": article.original_language,
            }
        about = [self.reference(org, "Organization") for org in article.organizations.all()]
        if about:
            node["about"] = about
        mentions = [
            *(self.reference(person, "Person") for person in article.people.all()),
            *(self.reference(place, "Place") for place in article.places.all()),
            *(self.reference(event, "Event") for event in article.events.all()),
        ]
        if mentions:
            node["mentions"] = mentions
        if corrections:
            node["correction"] = [
                {"@type": "CorrectionComment", "text": text, "datePublished": w3c_time(correction.published_at)}
                for correction, text in corrections
            ]
        return node

    def live_blog(self, node: dict, article, items: list[dict], *, updated_at) -> dict:
        """The article's node as a `LiveBlogPosting`, each update a `BlogPosting` in `liveBlogUpdate`
        (in the language the page shows it in). A closed coverage keeps the type with its
        `coverageEndTime`: its updates stay the record of the event, which a NewsArticle has no
        property for, and the end time tells machines it is over."""
        url = node["url"]
        live = {**node, "@type": "LiveBlogPosting", "coverageStartTime": w3c_time(article.published_at)}
        if article.live_closed_at is not None:
            live["coverageEndTime"] = w3c_time(article.live_closed_at)
        # An edit of an older update changes the coverage as much as a new one.
        times = [updated_at or article.published_at]
        times += [moment for item in items for moment in (item["update"].posted_at, item["update"].updated_at)]
        live["dateModified"] = w3c_time(max(times))
        # The newest only: a day's coverage of hundreds would make every page view heavy.
        live["liveBlogUpdate"] = [self.live_update(item, url) for item in items[:LIVE_BLOG_UPDATES]]
        return live

    def live_update(self, item: dict, article_url: str) -> dict:
        update = item["update"]
        posting = {
            "@type": "BlogPosting",
            "@id": f"{article_url}#{update.anchor}",
            "url": f"{article_url}#{update.anchor}",
            "datePublished": w3c_time(update.posted_at),
            "articleBody": plain_text(item["body"]),
            "inLanguage": item["language"],
        }
        # A BlogPosting needs a headline: without one, its first words, as in the article's feed.
        posting["headline"] = item["headline"] or Truncator(posting["articleBody"]).words(12)
        if image := self.image(update.image):
            posting["image"] = image
        return posting

    def author(self, author) -> dict:
        node = self.reference(author, "Person")
        node["name"] = author.display_name
        if author.text.job_title:
            node["jobTitle"] = author.text.job_title
        return node

    def event(self, event) -> dict:
        text = event.text
        node = self.entity(event, "Event", text.title, text.description)
        node.update(
            inLanguage=text.language,
            startDate=event.start_date if event.is_all_day else event.starts_at,
            # A timed event without an end time ends on its last day.
            endDate=event.end_date if event.is_all_day else (event.ends_at or event.end_date),
            eventStatus=EVENT_STATUS[event.status],
            eventAttendanceMode=f"{SCHEMA}/OfflineEventAttendanceMode",
        )
        if image := self.image(event.image):
            node["image"] = image
        places = [self.reference(place, "Place") for place in event.places.all()]
        if places:
            node["location"] = places
        organizers = [self.reference(org, "Organization") for org in event.organizers.all()]
        if organizers:
            node["organizer"] = organizers
        if event.website:
            node["sameAs"] = event.website
        return node

    def organization(self, organization) -> dict:
        text = organization.text
        node = self.entity(organization, "Organization", text.name, text.description)
        if text.short_name:
            node["alternateName"] = text.short_name
        self.identified(node, organization)
        if organization.lei:
            node["leiCode"] = organization.lei
        if organization.ticker and organization.exchange:
            # tickerSymbol is a Corporation's: a listed company is one.
            node["@type"] = "Corporation"
            node["tickerSymbol"] = ticker_symbol(organization.ticker, organization.exchange)
        if logo := self.image(organization.logo_image):
            node["logo"] = logo
        if organization.parent_id and organization.parent.is_published:
            node["parentOrganization"] = self.reference(organization.parent, "Organization")
        places = [self.reference(place, "Place") for place in organization.places.all()]
        if places:
            node["location"] = places
        return node

    def person(self, person) -> dict:
        text = person.text
        node = self.entity(person, "Person", person.name, text.bio)
        if text.position:
            node["jobTitle"] = text.position
        self.identified(node, person)
        if portrait := self.image(person.portrait):
            node["image"] = portrait
        if person.organization_id and person.organization.is_published:
            node["worksFor"] = self.reference(person.organization, "Organization")
        return node

    def place(self, place) -> dict:
        text = place.text
        node = self.entity(place, "Place", text.name, text.description)
        self.identified(node, place)
        if place.has_coordinates:
            node["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
            }
        if place.parent_id and place.parent.is_published:
            node["containedInPlace"] = self.reference(place.parent, "Place")
        return node


def w3c_time(moment) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def plain_text(html: str) -> str:
    """Rich text as the words it holds, paragraphs on lines of their own."""
    return unescape(strip_tags(html.replace("</p>", "</p>\n"))).strip()


def graph(*nodes) -> dict:
    return {"@context": SCHEMA, "@graph": [node for node in nodes if node]}


def open_graph(main: dict, *, language: str, alternates, site_name: str) -> list[tuple[str, str]]:
    """OpenGraph and Twitter card tags, as (property or name, content), read off the page's main node."""
    subject = main.get("mainEntity", main)  # a profile page describes its person
    title = main.get("headline") or main.get("name") or site_name
    kind = {"NewsArticle": "article", "Person": "profile"}.get(subject.get("@type"), "website")
    tags = [
        ("og:site_name", site_name),
        ("og:type", kind),
        ("og:title", title),
        ("og:url", main.get("url", "")),
        ("og:locale", OPEN_GRAPH_LOCALES.get(language, language)),
        *(("og:locale:alternate", OPEN_GRAPH_LOCALES.get(code, code)) for code in alternates if code != language),
    ]
    description = subject.get("description", "")
    if description:
        tags.append(("og:description", description[:300]))
    image = subject.get("image") or subject.get("logo")
    if isinstance(image, dict):
        tags += [
            ("og:image", image["url"]),
            ("og:image:width", str(image.get("width", ""))),
            ("og:image:height", str(image.get("height", ""))),
            ("og:image:type", image.get("encodingFormat", "")),
            ("og:image:alt", image.get("description", "")),
        ]
    if kind == "article":
        tags.append(("article:published_time", main["datePublished"]))
        if main["dateModified"] != main["datePublished"]:
            tags.append(("article:modified_time", main["dateModified"]))
        tags.append(("article:section", main.get("articleSection", "")))
    tags += [
        ("twitter:card", "summary_large_image" if isinstance(image, dict) else "summary"),
        ("twitter:title", title),
    ]
    if description:
        tags.append(("twitter:description", description[:200]))
    if isinstance(image, dict):
        tags.append(("twitter:image:alt", image.get("description", "")[:420]))
    return [(name, value) for name, value in tags if value]
