"""The home page looks composed whatever the editors flagged as lead stories — none, one, two, three
or more — and on a new newsroom's first day, on a wide screen and on a phone."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.whole_site import image_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)
HEADLINES = [
    "Tachi-S creates 700 jobs in Aguascalientes",
    (
        "Aguascalientes signs an alliance with the Nagoya Chamber of Commerce, whose 17,000 member companies "
        "are offered a JICA scheme that brings at least twenty local firms into Japanese supply chains"
    ),
    "Toyota to invest US$912 million in hybrid production at five US plants",
    "Querétaro's aerospace cluster counts 68 companies after the Bajío Alliance's second year",
    "The Interurban Train in four numbers",
    "Jalisco's automotive cluster grows to 24 members",
    "Why Japanese suppliers keep putting down roots in Aguascalientes",
]


def lead_row_fill(page) -> float:
    """How much of the lead row's width its cards cover, from the left edge of the first to the
    right edge of the last (1.0: the whole width)."""
    return page.evaluate(
        """() => {
            const row = document.querySelector('.lead .cards');
            const cards = [...row.children].map(card => card.getBoundingClientRect());
            const left = Math.min(...cards.map(box => box.left));
            const right = Math.max(...cards.map(box => box.right));
            return (right - left) / row.getBoundingClientRect().width;
        }"""
    )


def overflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture
def newsroom(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sections = [SectionFactory(name_en=name) for name in ("Automotive", "Aerospace", "Energy")]
    now = timezone.now()
    for number, headline in enumerate(HEADLINES):
        ArticleFactory(
            headline_en=headline,
            section=sections[number % 3],
            image=ImageFactory(file=image_file(f"picture-{number}.jpg"), alt_en="A plant in Aguascalientes")
            if number % 2 == 0
            else None,
            published_at=now - datetime.timedelta(hours=number + 1),
        )
    return Article.objects.order_by("-published_at")


@pytest.mark.parametrize("flagged", [0, 1, 2, 3, 5])
def test_the_lead_row_fills_the_page_whatever_the_editors_flagged(live_server, page, screenshot, newsroom, flagged):
    # The editors flag older stories: the newest is not always the lead.
    newsroom.filter(pk__in=[article.pk for article in newsroom[2 : 2 + flagged]]).update(is_featured=True)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/en/")
        screenshot(f"home-{flagged}-lead-stories-{width}")
        assert lead_row_fill(page) > 0.95, f"{flagged} lead stories at {width} px"
        assert not overflows(page)
        shown = page.locator(".lead .card__headline").all_inner_texts()
        expected = [a.headline_en for a in newsroom.filter(is_featured=True)][:3] or [newsroom[0].headline_en]
        assert shown == expected


def test_a_new_newsroom_on_its_first_day_welcomes_readers(live_server, page, screenshot):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/de/")
        screenshot(f"home-empty-{width}")
        welcome = page.get_by_role("region", name="Unsere ersten Artikel sind in Arbeit")
        assert welcome.is_visible()
        assert welcome.get_by_role("link", name="Unseren Newsletter abonnieren").is_visible()
        assert not overflows(page)
