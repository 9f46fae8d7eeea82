""" "You may like" under an article: hand-picked first, then what shares the most with it, newer
first among equals, only what readers can read in the page's language, each once, at a fixed cost."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SectionFactory,
    TagFactory,
)
from tests.pages import get_page
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - datetime.timedelta(days=days)


def suggested(client, article, language="en") -> list[str]:
    page = get_page(client, article.url_in(language))
    related = page.find("section", class_="related")
    if related is None:
        return []
    return [link.text for link in related.find_all("a") if "/articles/" in link["href"] or "/artikel/" in link["href"]]


@pytest.fixture
def topic():
    """An article about an organization, a person, an event and two tags, in a section."""
    section = SectionFactory()
    organization, person, event = OrganizationFactory(), PersonFactory(), EventFactory()
    tags = TagFactory.create_batch(2)
    article = ArticleFactory(section=section, headline_en="Nissan opens a plant", published_at=days_ago(0.1))
    article.organizations.add(organization)
    article.people.add(person)
    article.events.add(event)
    article.tags.add(*tags)
    return {
        "article": article,
        "section": section,
        "organization": organization,
        "person": person,
        "event": event,
        "tags": tags,
    }


def sharing(
    topic, headline, *, days, organization=False, person=False, event=False, tags=0, same_section=False, **kwargs
):
    article = ArticleFactory(
        headline_en=headline,
        published_at=days_ago(days),
        section=topic["section"] if same_section else SectionFactory(),
        **kwargs,
    )
    if organization:
        article.organizations.add(topic["organization"])
    if person:
        article.people.add(topic["person"])
    if event:
        article.events.add(topic["event"])
    article.tags.add(*topic["tags"][:tags])
    return article


def test_hand_picked_first_then_the_most_shared_then_newer_among_equals(client, topic):
    article = topic["article"]
    picked = sharing(topic, "Picked by the editor", days=300)
    sharing(topic, "Same section only", days=2, same_section=True)
    sharing(topic, "One tag, older", days=20, tags=1)
    sharing(topic, "One tag, newer", days=3, tags=1)
    sharing(topic, "Organization and person", days=40, organization=True, person=True)
    sharing(topic, "Nothing in common", days=1)
    article.related_articles.add(picked)

    assert suggested(client, article) == [
        "Picked by the editor",
        "Organization and person",
        "One tag, newer",
        "One tag, older",
    ]


def test_the_section_fills_up_when_nothing_else_is_shared(client, topic):
    sharing(topic, "Same section, recent", days=2, same_section=True)
    sharing(topic, "Same section, long ago", days=400, same_section=True)
    sharing(topic, "Other section", days=1)

    assert suggested(client, topic["article"]) == ["Same section, recent", "Same section, long ago"]


def test_only_articles_readers_can_read_in_the_page_language(client, topic):
    sharing(topic, "Translated", days=2, organization=True)
    sharing(topic, "English only", days=1, organization=True, headline_de="", standfirst_de="", body_de="")
    sharing(
        topic, "Not yet released", days=1.5, organization=True, released_translations=False, headline_de="Noch nicht"
    )

    assert suggested(client, topic["article"], "en") == ["English only", "Not yet released", "Translated"]
    german = suggested(client, topic["article"], "de")
    assert len(german) == 1
    assert Article.objects.get(headline_en="Translated").headline_de in german


def test_never_the_article_itself_a_draft_a_scheduled_one_or_the_same_one_twice(client, topic):
    article = topic["article"]
    both = sharing(topic, "Picked and sharing", days=2, organization=True, person=True, tags=2)
    draft = sharing(topic, "Draft", days=1, organization=True, status=Article.Status.DRAFT)
    scheduled = sharing(topic, "Scheduled", days=-1, organization=True)
    article.related_articles.add(both, draft, scheduled, article)

    assert suggested(client, article) == ["Picked and sharing"]


def test_at_most_four(client, topic):
    for number in range(6):
        sharing(topic, f"Sharing {number}", days=number + 1, tags=1)

    assert suggested(client, topic["article"]) == [f"Sharing {number}" for number in range(4)]


def test_the_ranking_costs_the_same_queries_whatever_the_archive(client, topic):
    sharing(topic, "One", days=1, tags=1)
    few = count_queries(client, topic["article"].url_in("en"))
    for number in range(15):
        sharing(topic, f"More {number}", days=number + 2, tags=2, organization=number % 2 == 0, same_section=True)

    assert count_queries(client, topic["article"].url_in("en")) == few
