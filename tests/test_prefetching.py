"""prefetch_together() gives what prefetch_related gives — the same objects in the same order and slice,
every column's value of the same type — in one query, and refuses a queryset whose objects would not
come back that way. SQLite by default; CI runs the same tests on PostgreSQL (DATABASE_URL)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils import timezone, translation

from newsroom.articles.models import Article, Correction, InterviewExchange, Tag
from newsroom.editorial.models import HumanReview
from newsroom.events.models import Event
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.prefetching import prefetch_together
from newsroom.translations.models import Translation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    ImageFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def linked_site() -> dict:
    """An AI-assisted interview and everything the detail pages fetch together, each with every field
    filled in both languages, and beside them objects readers may not see."""
    now = timezone.now()
    editor = UserFactory(username="lucia.mendez")
    state = PlaceFactory(
        name_en="Aguascalientes",
        name_de="Aguascalientes",
        description_en="Home of Nissan's two plants and of Jatco.",
        description_de="Standort der beiden Nissan-Werke und von Jatco.",
    )
    # Coordinates: decimals, which come back through JSON as floats.
    city = PlaceFactory(
        name_en="Querétaro",
        name_de="Querétaro",
        kind=Place.Kind.CITY,
        parent=state,
        latitude=Decimal("20.58880"),
        longitude=Decimal("-100.38990"),
    )
    toluca = PlaceFactory(name_en="Toluca Valley", name_de="Tal von Toluca", kind=Place.Kind.CITY, parent=state)
    PlaceFactory(name_en="Unpublished district", parent=state, is_published=False)
    chamber = OrganizationFactory(
        name_en="Nagoya Chamber of Commerce and Industry",
        name_de="Industrie- und Handelskammer Nagoya",
        kind=Organization.Kind.CHAMBER,
    )
    cluster = OrganizationFactory(
        name_en="Querétaro Aerocluster",
        name_de="Luftfahrtcluster Querétaro",
        short_name_en="Aerocluster QRO",
        short_name_de="Luftfahrtcluster QRO",
        website="https://aerocluster.example.mx/",
        logo_image=ImageFactory(),
        parent=chamber,
    )
    supplier = OrganizationFactory(name_en="Stamptek", name_de="Stamptek", kind=Organization.Kind.COMPANY)
    hidden = OrganizationFactory(name_en="Unannounced supplier", is_published=False)
    cluster.member_of.add(chamber, hidden)
    supplier.member_of.add(cluster)
    hidden.member_of.add(cluster)
    cluster.places.add(state, city)
    supplier.places.add(state)
    hidden.places.add(state)
    carmen = PersonFactory(
        name="Carmen Hernández",
        organization=cluster,
        portrait=ImageFactory(),
        bio_en="Has led the cluster since it was founded in 2017.",
        bio_de="Leitet den Cluster seit seiner Gründung 2017.",
    )
    esau = PersonFactory(name="Esaú Garza de Vega", organization=None, position_de="")
    PersonFactory(name="Unnamed source", organization=cluster, is_published=False)
    forum = EventFactory(
        title_en="Forum on the Strategic Agenda of the Automotive Sector",
        title_de="Forum zur strategischen Agenda der Automobilzulieferindustrie",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 45, 30),
        time_zone="America/Mexico_City",
        status=Event.Status.POSTPONED,
        website="https://forum.example.mx/",
    )
    fair = EventFactory(title_en="Aerospace fair", title_de="Luftfahrtmesse")
    cancelled = EventFactory(title_en="Cancelled visit", is_published=False)
    forum.places.add(state, toluca)
    forum.organizers.add(cluster, supplier, hidden)
    forum.participants.add(chamber, supplier)
    forum.people.add(carmen, esau)
    article = ArticleFactory(
        kind=Article.Kind.INTERVIEW,
        is_reported_by_ai=True,
        headline_en="Carmen Hernández: building Jalisco's supplier base one contract at a time",
        headline_de="Carmen Hernández: Jaliscos Zuliefererbasis entsteht Vertrag um Vertrag",
    )
    article.organizations.add(cluster, supplier, hidden)
    article.people.add(carmen, esau)
    article.places.add(city, state)
    article.events.add(forum, fair, cancelled)
    article.tags.add(TagFactory(name_en="Rules of Origin", name_de="Ursprungsregeln"), TagFactory(name_en="Aerospace"))
    for order, question in enumerate(["What does the cluster need most?", "Who joins next?"]):
        InterviewExchangeFactory(article=article, order=order, question_en=question)
    Correction.objects.create(
        article=article,
        text_en="An earlier version gave the wrong founding year.",
        text_de="In einer früheren Fassung stand ein falsches Gründungsjahr.",
        published_at=now - datetime.timedelta(hours=5, microseconds=123456),
        created_by=editor,
    )
    Correction.objects.create(
        article=article,
        kind=Correction.Kind.UPDATE,
        text_en="Adds the cluster's new members.",
        published_at=now - datetime.timedelta(hours=1),
        is_significant=False,
    )
    Correction.objects.create(article=article, text_en="Not yet shown.", published_at=now + datetime.timedelta(days=1))
    HumanReview.objects.create(article=article, reviewed_by=editor, reviewer_name="Lucía Méndez")
    HumanReview.objects.create(
        article=article, reviewed_by=None, reviewer_name="", reviewed_at=now - datetime.timedelta(days=1)
    )
    return {"article": article, "organization": cluster, "event": forum, "place": state}


# What each detail page fetches together (newsroom/*/views.py).
RELATIONS = {
    "article": lambda article: {
        "organizations": Organization.objects.published(),
        "people": Person.objects.published(),
        "places": Place.objects.published(),
        "events": Event.objects.published(),
        "tags": Tag.objects.all(),
        "corrections": Correction.objects.filter(published_at__lte=timezone.now()),
        "exchanges": InterviewExchange.objects.all(),
        "human_reviews": HumanReview.objects.all()[:1],
    },
    "organization": lambda organization: {
        "places": Place.objects.published(),
        "member_of": Organization.objects.published(),
        "members": Organization.objects.published(),
        "people": Person.objects.published(),
    },
    "event": lambda event: {
        "places": Place.objects.published(),
        "organizers": Organization.objects.published(),
        "participants": Organization.objects.published(),
        "people": Person.objects.published(),
    },
    "place": lambda place: {
        "children": Place.objects.published(),
        "organizations": Organization.objects.published()[:20],
    },
}


def as_read(objects) -> list:
    """Each object's class, database and every column's value and type as loaded, before a descriptor
    (an image field's) wraps it."""
    return [
        (
            type(obj),
            obj._state.db,
            obj._state.adding,
            {
                field.attname: (vars(obj)[field.attname], type(vars(obj)[field.attname]))
                for field in obj._meta.concrete_fields
            },
        )
        for obj in objects
    ]


def prefetched_by_django(instance, name: str, queryset) -> list:
    fresh = type(instance).objects.get(pk=instance.pk)
    prefetch_related_objects([fresh], Prefetch(name, queryset, to_attr="found_by_django"))
    return fresh.found_by_django


def prefetched_together(instance, django_assert_num_queries, **querysets) -> dict[str, list]:
    fresh = type(instance).objects.get(pk=instance.pk)
    with django_assert_num_queries(1):
        prefetch_together(fresh, **querysets)
    with django_assert_num_queries(0):
        return {name: list(getattr(fresh, name).all()) for name in querysets}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("page", list(RELATIONS))
def test_what_a_detail_page_fetches_together_is_what_prefetch_related_gives_column_for_column(
    page, language, django_assert_num_queries
):
    owner = linked_site()[page]
    with translation.override(language):
        querysets = RELATIONS[page](owner)
        expected = {name: as_read(prefetched_by_django(owner, name, qs)) for name, qs in querysets.items()}
        found = prefetched_together(owner, django_assert_num_queries, **querysets)

    assert {name: as_read(objects) for name, objects in found.items()} == expected
    assert all(expected.values()), "every relation has objects to compare"


def test_the_querysets_order_and_slice_are_kept(django_assert_num_queries):
    article = linked_site()["article"]
    article.organizations.add(*OrganizationFactory.create_batch(4))
    querysets = {
        "organizations": Organization.objects.order_by("-name_de")[1:4],
        "people": Person.objects.order_by("-name")[1:],
        "corrections": Correction.objects.order_by("-published_at")[:2],
        "events": Event.objects.order_by("-title_en"),
    }

    found = prefetched_together(article, django_assert_num_queries, **querysets)

    expected = {name: prefetched_by_django(article, name, qs) for name, qs in querysets.items()}
    assert found == expected
    assert [len(objects) for objects in found.values()] == [3, 1, 2, 3]


def test_a_relations_own_sliced_queryset_gives_its_first_objects(django_assert_num_queries):
    article = linked_site()["article"]

    found = prefetched_together(article, django_assert_num_queries, human_reviews=article.human_reviews.all()[:1])

    assert found == {"human_reviews": [HumanReview.objects.filter(article=article).latest()]}


def test_the_relations_answer_without_a_query_and_each_part_knows_its_article(django_assert_num_queries):
    article = Article.objects.get(pk=linked_site()["article"].pk)

    with django_assert_num_queries(1):
        prefetch_together(
            article,
            corrections=Correction.objects.all(),
            exchanges=InterviewExchange.objects.all(),
            tags=Tag.objects.none(),
            people=Person.objects.filter(name="Nobody of that name"),
        )

    with django_assert_num_queries(0):
        parts = [*article.corrections.all(), *article.exchanges.all()]
        assert len(parts) == 5
        assert all(part.article is article for part in parts)
        assert list(article.tags.all()) == []
        assert list(article.people.all()) == []


def test_nothing_to_fetch_asks_nothing(django_assert_num_queries):
    article = Article.objects.get(pk=linked_site()["article"].pk)

    with django_assert_num_queries(0):
        prefetch_together(article, tags=Tag.objects.none())
        prefetch_together(article)
        assert list(article.tags.all()) == []


REFUSED = {
    "select_related()": lambda: Person.objects.select_related("organization"),
    "prefetch_related()": lambda: Person.objects.prefetch_related("events"),
    "only() or defer()": lambda: Person.objects.only("name"),
    "annotate() or extra()": lambda: Person.objects.annotate(events_count=Count("events")),
    "values() or values_list()": lambda: Person.objects.values_list("name"),
    "distinct()": lambda: Person.objects.distinct(),
    "union(), intersection() or difference()": lambda: Person.objects.filter(is_published=True).union(
        Person.objects.filter(organization=None)
    ),
}


@pytest.mark.parametrize("ignored", list(REFUSED))
def test_a_queryset_asking_more_than_its_rows_is_refused_before_any_query(ignored, django_assert_num_queries):
    organization = linked_site()["organization"]

    with django_assert_num_queries(0), pytest.raises(ValueError, match=rf"people: .*{re.escape(ignored)}"):
        prefetch_together(organization, places=Place.objects.all(), people=REFUSED[ignored]())


def test_article_cards_are_refused_rather_than_fetched_without_their_sections_or_with_their_bodies():
    organization = linked_site()["organization"]

    with pytest.raises(ValueError, match=r"articles: .*select_related\(\), only\(\) or defer\(\)"):
        prefetch_together(organization, articles=Article.objects.published().for_cards())


def test_a_model_with_a_field_json_would_change_is_refused():
    article = linked_site()["article"]

    with pytest.raises(ValueError, match=r"translations: .*Translation\.source \(JSONField\)"):
        prefetch_together(article, translations=Translation.objects.all())


def test_a_queryset_of_another_model_than_the_relations_is_refused():
    article = linked_site()["article"]

    with pytest.raises(ValueError, match="tags: a queryset of Tag is needed, not of Organization"):
        prefetch_together(article, tags=Organization.objects.all())
