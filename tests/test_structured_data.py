"""What pages say about themselves to machines, read the way search engines read it: JSON-LD
extracted with extruct, OpenGraph and Twitter tags from the page's head."""

import datetime

import extruct
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Byline
from newsroom.events.models import Event
from newsroom.images.models import DigitalSourceType, Image, Licence
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
)
from tests.pages import get_page

pytestmark = pytest.mark.django_db

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def graph_of(response) -> list[dict]:
    """Every JSON-LD node on the page, as extruct finds it."""
    assert response.status_code == 200
    data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)
    return [node for block in data["json-ld"] for node in block.get("@graph", [block])]


def node_of(response, schema_type: str) -> dict:
    (node,) = [node for node in graph_of(response) if node["@type"] == schema_type]
    return node


def meta_tags(url: str) -> dict[str, list[str]]:
    page = get_page(Client(), url)
    tags: dict[str, list[str]] = {}
    for meta in page.find_all("meta"):
        name = meta.get("property") or meta.get("name")
        if name and name.startswith(("og:", "twitter:", "article:")):
            tags.setdefault(name, []).append(meta["content"])
    return tags


def image_file():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (1200, 675), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile("plant.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def story(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    section = SectionFactory(name_en="Automotive", name_de="Automobil")
    series = SeriesFactory(section=section, name_en="View from the Top", name_de="Blick von oben")
    author = AuthorFactory(
        display_name="Ana Ruiz", job_title_en="Industry reporter", job_title_de="Industriereporterin"
    )
    organization = OrganizationFactory(name_en="Tachi-S", name_de="Tachi-S")
    person = PersonFactory(name="Carmen Hernández")
    place = PlaceFactory(name_en="Aguascalientes")
    event = EventFactory()
    article = ArticleFactory(
        section=section,
        series=series,
        headline_en="Tachi-S creates 700 jobs in Aguascalientes",
        headline_de="Tachi-S schafft 700 Stellen in Aguascalientes",
        standfirst_en="The seat maker expands its plant.",
        standfirst_de="Der Sitzhersteller erweitert sein Werk.",
        image=ImageFactory(
            file=image_file(),
            alt_en="A seat factory",
            alt_de="Eine Sitzfabrik",
            caption_en="The plant in 2026.",
            caption_de="Das Werk 2026.",
            credit_en="Photo: Cuartoscuro",
            credit_de="Foto: Cuartoscuro",
            digital_source_type=DigitalSourceType.EDITED_WITH_AI,
            creator="Ana Ruiz",
            copyright_holder="Cuartoscuro",
            copyright_notice="© 2026 Cuartoscuro",
            licence=Licence.CC_BY,
            acquire_licence_url="https://cuartoscuro.example/licensing",
        ),
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    Byline.objects.create(article=article, author=author, order=0)
    article.organizations.add(organization)
    article.people.add(person)
    article.places.add(place)
    article.events.add(event)
    article.tags.add(TagFactory(name_en="Jobs", name_de="Arbeitsplätze"))
    return article


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_article_is_a_news_article_with_its_authors_image_and_subjects(client, story, language):
    response = client.get(story.url_in(language))
    article = node_of(response, "NewsArticle")

    headline = {
        "en": "Tachi-S creates 700 jobs in Aguascalientes",
        "de": "Tachi-S schafft 700 Stellen in Aguascalientes",
    }
    assert article["headline"] == headline[language]
    assert article["inLanguage"] == language
    standfirst = {"en": "The seat maker expands its plant.", "de": "Der Sitzhersteller erweitert sein Werk."}
    assert article["description"] == standfirst[language]
    assert datetime.datetime.fromisoformat(article["datePublished"]) == story.published_at.replace(microsecond=0)
    assert article["dateModified"] == article["datePublished"]
    assert article["isAccessibleForFree"] is True
    (author,) = article["author"]
    assert author["@type"] == "Person"
    assert author["name"] == "Ana Ruiz"
    assert author["jobTitle"] == {"en": "Industry reporter", "de": "Industriereporterin"}[language]
    assert author["url"].endswith(story.byline_authors()[0].get_absolute_url())
    publisher = node_of(response, "NewsMediaOrganization")
    assert article["publisher"]["@id"] == publisher["@id"]
    assert publisher["name"]
    image = article["image"]
    assert image["url"].endswith(".jpg")
    assert image["creditText"] == {"en": "Photo: Cuartoscuro", "de": "Foto: Cuartoscuro"}[language]
    assert image["digitalSourceType"] == f"{IPTC}compositeWithTrainedAlgorithmicMedia"
    # The social rendition: 1.91:1, 1200 wide.
    assert (image["width"], image["height"]) == (1200, 630)
    assert image["contentUrl"] == image["url"]
    assert image["caption"] == {"en": "The plant in 2026.", "de": "Das Werk 2026."}[language]
    assert image["copyrightNotice"] == "© 2026 Cuartoscuro"
    assert image["copyrightHolder"] == {"@type": "Organization", "name": "Cuartoscuro"}
    assert image["creator"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["acquireLicensePage"] == "https://cuartoscuro.example/licensing"
    assert [node["name"] for node in article["about"]] == ["Tachi-S"]
    assert {node["@type"] for node in article["mentions"]} == {"Person", "Place", "Event"}
    assert all(node["url"].startswith(f"http://testserver/{language}/") for node in article["mentions"])


def test_language_versions_point_at_each_other(client, story):
    english = node_of(client.get(story.url_in("en")), "NewsArticle")
    german = node_of(client.get(story.url_in("de")), "NewsArticle")

    assert english["workTranslation"] == [{"@type": "NewsArticle", "@id": german["@id"], "inLanguage": "de"}]
    assert german["translationOfWork"] == {"@type": "NewsArticle", "@id": english["@id"], "inLanguage": "en"}
    assert "translationOfWork" not in english
    assert "workTranslation" not in german


def test_an_untranslated_article_claims_no_translation(client):
    article = ArticleFactory(headline_de="", standfirst_de="", body_de="")

    english = node_of(client.get(article.url_in("en")), "NewsArticle")
    shown_in_german = node_of(client.get(article.url_in("de")), "NewsArticle")

    assert "workTranslation" not in english
    # The German page shows the English original: that is what it says it is.
    assert shown_in_german["inLanguage"] == "en"
    assert shown_in_german["@id"] == english["@id"]
    assert "translationOfWork" not in shown_in_german


def test_a_generated_image_says_so_to_machines(client, story):
    Image.objects.filter(pk=story.image_id).update(digital_source_type=DigitalSourceType.GENERATED_BY_AI)

    article = node_of(client.get(story.url_in("en")), "NewsArticle")

    assert article["image"]["digitalSourceType"] == f"{IPTC}trainedAlgorithmicMedia"


def test_a_captured_image_has_no_source_type(client, story):
    Image.objects.filter(pk=story.image_id).update(digital_source_type=DigitalSourceType.MADE_BY_A_PERSON)

    article = node_of(client.get(story.url_in("en")), "NewsArticle")

    assert "digitalSourceType" not in article["image"]


def test_the_breadcrumbs_follow_section_and_series(client, story):
    trail = node_of(client.get(story.url_in("de")), "BreadcrumbList")["itemListElement"]

    assert [item["name"] for item in trail] == [
        "Startseite",
        "Automobil",
        "Blick von oben",
        "Tachi-S schafft 700 Stellen in Aguascalientes",
    ]
    assert [item["position"] for item in trail] == [1, 2, 3, 4]
    assert trail[1]["item"] == f"http://testserver{story.section.url_in('de')}"


def test_open_graph_and_twitter_tags_describe_the_article(story):
    tags = meta_tags(story.url_in("de"))

    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Tachi-S schafft 700 Stellen in Aguascalientes"]
    assert tags["og:description"] == ["Der Sitzhersteller erweitert sein Werk."]
    assert tags["og:url"] == [f"http://testserver{story.url_in('de')}"]
    assert tags["og:locale"] == ["de_DE"]
    assert tags["og:locale:alternate"] == ["en_US"]
    assert tags["og:image"][0].endswith(".jpg")
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:image:type"] == ["image/jpeg"]
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == ["Eine Sitzfabrik"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == tags["og:title"]
    assert "article:modified_time" not in tags
    assert tags["article:section"] == ["Automobil"]


def test_an_event_is_an_event_with_status_dates_and_places(client):
    place = PlaceFactory(name_en="Guadalajara")
    organizer = OrganizationFactory(name_en="Jalisco Automotive Cluster")
    event = EventFactory(
        title_en="Supplier day",
        title_de="Zulieferertag",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        time_zone="America/Mexico_City",
        status=Event.Status.POSTPONED,
    )
    event.places.add(place)
    event.organizers.add(organizer)

    node = node_of(client.get(event.url_in("de")), "Event")

    assert node["name"] == "Zulieferertag"
    assert node["eventStatus"] == "https://schema.org/EventPostponed"
    start = datetime.datetime.fromisoformat(node["startDate"])
    assert start.utcoffset() == datetime.timedelta(hours=-6)
    assert (start.hour, start.minute) == (9, 30)
    assert [p["name"] for p in node["location"]] == ["Guadalajara"]
    assert [o["name"] for o in node["organizer"]] == [organizer.name_de]


def test_a_timed_event_without_an_end_time_ends_on_its_last_day(client):
    event = EventFactory(
        start_date=datetime.date(2026, 12, 3), end_date=datetime.date(2026, 12, 4), start_time=datetime.time(10)
    )

    node = node_of(client.get(event.url_in("en")), "Event")

    assert node["endDate"] == "2026-12-04"


def test_an_all_day_event_gives_dates(client):
    event = EventFactory(start_date=datetime.date(2026, 12, 3), end_date=datetime.date(2026, 12, 4))

    node = node_of(client.get(event.url_in("en")), "Event")

    assert (node["startDate"], node["endDate"]) == ("2026-12-03", "2026-12-04")
    assert node["eventStatus"] == "https://schema.org/EventScheduled"


def test_entity_pages_describe_their_entity(client):
    parent = PlaceFactory(name_en="Mexico")
    place = PlaceFactory(name_en="Querétaro", parent=parent)
    organization = OrganizationFactory(short_name_en="JICA", short_name_de="JICA", website="https://www.jica.go.jp/")
    person = PersonFactory(name="Teresa Jiménez", organization=organization)

    org = node_of(client.get(organization.url_in("de")), "Organization")
    assert org["name"] == organization.name_de
    assert org["alternateName"] == "JICA"
    assert org["sameAs"] == ["https://www.jica.go.jp/"]
    assert org["description"] == "Ein Verbund von Automobilzulieferern."

    human = node_of(client.get(person.url_in("de")), "Person")
    assert (human["name"], human["jobTitle"]) == ("Teresa Jiménez", "Generaldirektorin")
    assert human["worksFor"]["name"] == organization.name_de

    where = node_of(client.get(place.url_in("en")), "Place")
    assert where["containedInPlace"]["name"] == "Mexico"
    trail = node_of(client.get(place.url_in("en")), "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail] == ["Home", "Mexico", "Querétaro"]


def test_an_author_page_is_a_profile_page(client, story):
    author = story.byline_authors()[0]

    page = node_of(client.get(author.url_in("en")), "ProfilePage")

    assert page["mainEntity"]["@type"] == "Person"
    assert page["mainEntity"]["name"] == "Ana Ruiz"
    assert page["mainEntity"]["jobTitle"] == "Industry reporter"
    assert meta_tags(author.url_in("en"))["og:type"] == ["profile"]


@pytest.mark.parametrize("path", ["/en/", "/de/", "/en/articles/", "/de/termine/", "/en/corrections/"])
def test_every_page_has_structured_data_and_open_graph(client, path):
    nodes = graph_of(client.get(path))

    assert {node["@type"] for node in nodes} & {"WebSite", "CollectionPage"}
    assert any(node["@type"] == "NewsMediaOrganization" for node in nodes)
    tags = meta_tags(path)
    assert tags["og:site_name"] and tags["og:title"] and tags["og:url"]
    assert tags["og:locale"] == [{"en": "en_US", "de": "de_DE"}[path[1:3]]]


def test_text_cannot_break_out_of_the_json_ld(client):
    article = ArticleFactory(headline_en="</script><script>alert(1)</script>")

    response = client.get(article.url_in("en"))

    assert b"</script><script>alert(1)" not in response.content
    assert node_of(response, "NewsArticle")["headline"] == "</script><script>alert(1)</script>"
