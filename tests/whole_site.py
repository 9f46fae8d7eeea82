"""A whole small site — every kind of object a reader meets, linked as editors link them — and
every address a reader or a reader's software visits on it, for tests that go through them all."""

import datetime
import zlib
from dataclasses import dataclass
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from newsroom import sitemaps
from newsroom.articles.models import Article, Author, Correction, Section, Series, Tag
from newsroom.editorial.models import HumanReview
from newsroom.events.models import Event
from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.popularity.models import ReadCount
from newsroom.search import documents
from newsroom.translations.models import LANGUAGE_CODES
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, InterviewExchangeFactory, PersonFactory
from tests.pages import url_in

# Texts of every translated field a reader can meet, as a newsroom writes them, per language.
TEXTS = {
    "en": {
        "region": "Bajío Lowlands",
        "place": "Toluca Valley",
        "place_description": "The western end of the Interurban Train.",
        "organization": "Querétaro Aerocluster",
        "short_name": "Aerocluster QRO",
        "organization_description": "Aerospace firms of the state, working as one.",
        "position": "Director General",
        "person_bio": "Has led the cluster since it was founded in 2017.",
        "job_title": "Journalist and Industry Analyst",
        "author_bio": "Covers the supplier networks of the Bajío.",
        "section": "Supplier Development",
        "section_description": "How local firms enter global supply chains.",
        "series": "Plant Visits",
        "series_description": "Inside the factories of the region.",
        "tag": "Rules of Origin",
        "event": "Forum on the Strategic Agenda of the Automotive Sector",
        "event_description": "Suppliers meet the state government in Aguascalientes.",
        "past_event": "Kick-off of the first programme for local firms",
        "headline": (
            "Twelve Aguascalientes suppliers finish two weeks of training in Hiroshima and Yokohama and come "
            "home with orders from Nissan, Jatco and Tachi-S for the next model year"
        ),
        "standfirst": "The programme, backed by JICA, ran from 1 to 16 February.",
        "body": "Each firm sent two engineers to the plants of its Japanese customers.",
        "alt": "Engineers inspect a stamped door panel",
        "caption": "The press line at the Stamptek plant",
        "credit": "Photo by: Cuartoscuro",
        "correction": "An earlier version gave the wrong number of suppliers.",
        "interview": "Carmen Hernández: building Jalisco's supplier base one contract at a time",
        "interview_standfirst": "The cluster's director on what twenty-four members need.",
        "interview_body": "The cluster was founded in 2017.",
        "question": "What does the cluster need most?",
        "answer": "Suppliers who reach the regional value content.",
    },
    "de": {
        "region": "Bajío-Tiefland",
        "place": "Tal von Toluca",
        "place_description": "Das westliche Ende des Interurban-Zugs.",
        "organization": "Luftfahrtcluster Querétaro",
        "short_name": "Luftfahrtcluster QRO",
        "organization_description": "Luftfahrtunternehmen des Bundesstaats, die gemeinsam auftreten.",
        "position": "Generaldirektorin",
        "person_bio": "Leitet den Cluster seit seiner Gründung 2017.",
        "job_title": "Journalistin und Branchenanalystin",
        "author_bio": "Berichtet über die Zulieferernetze des Bajío.",
        "section": "Zuliefererentwicklung",
        "section_description": "Wie lokale Firmen in globale Lieferketten kommen.",
        "series": "Werksbesuche",
        "series_description": "In den Fabriken der Region.",
        "tag": "Ursprungsregeln",
        "event": "Forum zur strategischen Agenda der Automobilzulieferindustrie",
        "event_description": "Zulieferer treffen die Landesregierung in Aguascalientes.",
        "past_event": "Auftakt des ersten Programms für lokale Firmen",
        "headline": (
            "Zwölf Zulieferer aus Aguascalientes beenden zwei Wochen Schulung in Hiroshima und Yokohama und "
            "bringen Aufträge von Nissan, Jatco und Tachi-S für das nächste Modelljahr mit"
        ),
        "standfirst": "Das von der JICA unterstützte Programm lief vom 1. bis 16. Februar.",
        "body": "Jede Firma schickte zwei Ingenieure in die Werke ihrer japanischen Kunden.",
        "alt": "Ingenieure prüfen ein gestanztes Türblech",
        "caption": "Die Pressenstraße im Werk von Stamptek",
        "credit": "Foto: Cuartoscuro",
        "correction": "In einer früheren Fassung stand eine falsche Zahl der Zulieferer.",
        "interview": "Carmen Hernández: Jaliscos Zuliefererbasis entsteht Vertrag um Vertrag",
        "interview_standfirst": "Die Direktorin des Clusters über das, was vierundzwanzig Mitglieder brauchen.",
        "interview_body": "Der Cluster wurde 2017 gegründet.",
        "question": "Was braucht der Cluster am meisten?",
        "answer": "Zulieferer, die den regionalen Wertanteil erreichen.",
    },
}


def image_file(name: str = "press-line.jpg"):
    from PIL import Image

    # A colour of its own per name: the library refuses the same file twice.
    shade = zlib.crc32(name.encode()) % 200
    buffer = BytesIO()
    Image.new("RGB", (1200, 675), (shade, 30, 120)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@dataclass
class Site:
    region: Place
    place: Place
    organization: Organization
    person: Person
    author: Author
    section: Section
    series: Series
    tag: Tag
    event: Event
    past_event: Event
    article: Article
    interview: Article
    image: Image

    @property
    def translatable_objects(self) -> list:
        return [getattr(self, name) for name in self.__dataclass_fields__]


def build_site(original: str, texts: dict[str, str], other=lambda key: "") -> Site:
    """Every kind of object readers meet, written in `original` with `texts`; the other language's
    fields hold `other(key)` (by default nothing: not translated) and its slugs are made from that.
    Needs MEDIA_ROOT set aside (the lead image is stored)."""
    (second,) = [code for code in LANGUAGE_CODES if code != original]

    def localized(**keys) -> dict:
        values = {}
        for field, key in keys.items():
            values[f"{field}_{original}"] = texts[key]
            values[f"{field}_{second}"] = other(key)
        return values

    def fields(slug: str = "", **keys) -> dict:
        values = {"original_language": original, "released_translations": False, **localized(**keys)}
        if slug:
            values[f"slug_{second}"] = slugify(other(slug))
        return values

    def create(model, **values):
        values.pop("released_translations")
        return model.objects.create(**values)

    today = timezone.localdate()
    region = create(Place, kind=Place.Kind.STATE, **fields("region", name="region"))
    place = create(
        Place, kind=Place.Kind.CITY, parent=region, **fields("place", name="place", description="place_description")
    )
    organization = create(
        Organization,
        kind=Organization.Kind.CLUSTER,
        **fields("organization", name="organization", short_name="short_name", description="organization_description"),
    )
    organization.places.add(place)
    person = PersonFactory(
        name="Carmen Hernández", organization=organization, **fields(position="position", bio="person_bio")
    )
    author = AuthorFactory(display_name="Ana Ruiz", **fields(job_title="job_title", bio="author_bio"))
    section = create(Section, **fields("section", name="section", description="section_description"))
    series = create(Series, section=section, **fields("series", name="series", description="series_description"))
    tag = create(Tag, **fields("tag", name="tag"))
    event = create(
        Event,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=11),
        **fields("event", title="event", description="event_description"),
    )
    event.places.add(place)
    event.organizers.add(organization)
    event.people.add(person)
    past_event = create(
        Event,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=30),
        **fields("past_event", title="past_event"),
    )
    past_event.places.add(place)
    past_event.organizers.add(organization)

    hours_ago = lambda hours: timezone.now() - datetime.timedelta(hours=hours)  # noqa: E731
    image = ImageFactory(file=image_file(), **fields(alt="alt", caption="caption", credit="credit"))
    article = ArticleFactory(
        section=section,
        series=series,
        dateline=place,
        authors=[author],
        is_featured=True,
        is_reported_by_ai=True,
        fact_checked_by=author,
        fact_checked_at=hours_ago(3),
        image=image,
        published_at=hours_ago(2),
        **fields("headline", headline="headline", standfirst="standfirst"),
        **{f"body_{original}": f"<p>{texts['body']}</p>", f"body_{second}": paragraph(other("body"))},
    )
    article.organizations.add(organization)
    article.people.add(person)
    article.places.add(place)
    article.events.add(event, past_event)
    article.tags.add(tag)
    HumanReview.objects.create(article=article, reviewer_name="Ana Ruiz", reviewed_at=hours_ago(2))
    Correction.objects.create(article=article, published_at=hours_ago(1), **localized(text="correction"))
    interview = ArticleFactory(
        kind=Article.Kind.INTERVIEW,
        section=section,
        series=series,
        interviewee=person,
        authors=[author],
        published_at=hours_ago(3),
        **fields("interview", headline="interview", standfirst="interview_standfirst"),
        **{
            f"body_{original}": f"<p>{texts['interview_body']}</p>",
            f"body_{second}": paragraph(other("interview_body")),
        },
    )
    interview.organizations.add(organization)
    interview.people.add(person)
    interview.tags.add(tag)
    InterviewExchangeFactory(article=interview, **localized(question="question", answer="answer"))
    article.related_articles.add(interview)
    # Read today in both languages: both are in "Most popular".
    for code in LANGUAGE_CODES:
        ReadCount.objects.create(article=article, language=code, day=today, count=40)
        ReadCount.objects.create(article=interview, language=code, day=today, count=30)
    # Built now: the receivers build them when the transaction commits, which a test's may never do.
    documents.rebuild([article.pk, interview.pk])
    return Site(
        region, place, organization, person, author, section, series, tag, event, past_event, article, interview, image
    )


def paragraph(text: str) -> str:
    return f"<p>{text}</p>" if text else ""


def reader_pages(site: Site, language: str) -> dict[str, str]:
    """Every public HTML page type showing the site's objects, in `language`: name → URL."""
    article_list = url_in(language, "articles:list")
    return {
        "home": url_in(language, "home"),
        "articles": article_list,
        "search": f"{url_in(language, 'search:results')}?q=Aguascalientes",
        "articles in a section": f"{article_list}?section={site.section.pk}",
        "events": url_in(language, "events:list"),
        "events in a place": f"{url_in(language, 'events:list')}?place={site.place.pk}",
        "past events": url_in(language, "events:past"),
        "corrections": url_in(language, "articles:corrections"),
        "article": site.article.url_in(language),
        "interview": site.interview.url_in(language),
        "section": site.section.url_in(language),
        "series": site.series.url_in(language),
        "tag": site.tag.url_in(language),
        "author": site.author.url_in(language),
        "organization": site.organization.url_in(language),
        "person": site.person.url_in(language),
        "place": site.place.url_in(language),
        "region": site.region.url_in(language),
        "event": site.event.url_in(language),
        "past event": site.past_event.url_in(language),
    }


def machine_documents(site: Site, language: str) -> dict[str, str]:
    """Every feed, calendar and sitemap about the site's objects, for readers of `language`."""
    documents = {}
    for kind in ("rss", "atom"):
        documents[f"{kind} feed"] = url_in(language, f"articles:feed-{kind}")
        for scope in ("section", "series", "organization"):
            obj = getattr(site, scope)
            documents[f"{scope} {kind} feed"] = url_in(language, f"articles:{scope}-{kind}", slug=obj.slug_in(language))
        documents[f"author {kind} feed"] = url_in(language, f"articles:author-{kind}", slug=site.author.slug)
    documents.update(
        {
            "calendar": url_in(language, "events:calendar"),
            "organization calendar": url_in(
                language, "events:organization-calendar", slug=site.organization.slug_in(language)
            ),
            "event calendar": url_in(language, "events:detail-calendar", slug=site.event.slug_in(language)),
        }
    )
    if language == LANGUAGE_CODES[0]:
        # Sitemaps are the same for every language.
        documents["sitemap index"] = "/sitemap.xml"
        documents.update({f"{name} sitemap": f"/sitemap-{name}.xml" for name in sitemaps.SITEMAPS})
        documents["news sitemap"] = "/news-sitemap.xml"
    return documents
