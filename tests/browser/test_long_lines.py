"""A 151-character headline and a long caption, translated in Chromium on a laptop and a phone: the
box shows the whole text as it is typed, not 45 characters of it."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import ARTIFACTS
from tests.factories import ArticleFactory, TranslatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/polish")
HEADLINE = (
    "Nissan Mexicana, JICA and the Clúster Automotriz de Aguascalientes agree a training plan for "
    "4,800 technicians in Querétaro and San Luis Potosí by 2029"
)
HEADLINE_DE = (
    "Nissan Mexicana, JICA und das Clúster Automotriz de Aguascalientes vereinbaren bis 2029 einen "
    "Ausbildungsplan für 4.800 Techniker in Querétaro und San Luis Potosí"
)
CAPTION = "The new cluster unites 68 aerospace companies from five states in the Bajío, from Querétaro to Jalisco."


def log_in(page, live_server):
    client = Client()
    client.force_login(TranslatorFactory(username="lena"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def shoot(page, name: str, locator=None):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path), **({} if locator else {"full_page": True}))
    shutil.copy(path, SHOTS / path.name)


def shows_all_of(box) -> bool:
    """The box's whole text is in view without scrolling it, and the box fits in the window."""
    return box.evaluate(
        """(box) => box.scrollHeight <= box.clientHeight + 1
            && box.getBoundingClientRect().right <= document.documentElement.clientWidth + 1"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_headline_and_caption_are_typed_into_boxes_that_show_all_of_them(live_server, page, width):
    article = ArticleFactory(
        headline_en=HEADLINE,
        headline_de="",
        lead_image_caption_en=CAPTION,
        lead_image_caption_de="",
        released_translations=False,
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/translate/de/")
    headline = page.get_by_role("textbox", name="Headline (German)")
    headline.fill(HEADLINE_DE)
    assert shows_all_of(headline)
    shoot(page, f"long-headline-{width}", page.locator(".side-by-side__table tbody tr").first)
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_role("textbox", name="Headline (German)").input_value() == HEADLINE_DE

    page.goto(f"{live_server.url}/admin/translations/translation/short-items/de/")
    caption = page.locator("textarea.short-items__input").first
    caption.fill(CAPTION.replace("The new cluster unites", "Der neue Cluster vereint"))
    assert shows_all_of(caption)
    shoot(page, f"long-caption-{width}")
