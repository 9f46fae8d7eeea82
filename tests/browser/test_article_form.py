"""The article form as an editor sees it in Chromium: long names readable in the autocomplete
fields, and no missing-glyph boxes in the rich-text toolbar."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import ArticleFactory, EditorFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINISTRY = "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung"


def open_as_editor(page, live_server, url):
    client = Client()
    client.force_login(EditorFactory(username="ines"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]  # fmt: skip
    )
    page.goto(f"{live_server.url}{url}")


@pytest.mark.parametrize("width", [1280, 375])
def test_long_organization_names_wrap_inside_their_autocomplete_chips(live_server, page, width):
    article = ArticleFactory()
    article.organizations.set(
        [
            OrganizationFactory(name_en=MINISTRY, name_de=MINISTRY, short_name="BMZ"),
            OrganizationFactory(name_en="Clúster Automotriz de Querétaro, A.C.", name_de="Automobilcluster Querétaro"),
        ]
    )
    page.set_viewport_size({"width": width, "height": 900})
    open_as_editor(page, live_server, f"/admin/articles/article/{article.pk}/change/")
    field = page.locator(".field-organizations .select2-container")
    field.scroll_into_view_if_needed()

    chips = page.evaluate(
        """() => {
            const box = document.querySelector(".field-organizations .select2-container").getBoundingClientRect();
            return [...document.querySelectorAll(".field-organizations .select2-selection__choice")].map((chip) => {
                const rect = chip.getBoundingClientRect();
                return {text: chip.innerText, clipped: chip.scrollWidth > chip.clientWidth + 1,
                        inside: rect.left >= box.left - 1 && rect.right <= box.right + 1 && rect.right <= innerWidth};
            });
        }"""
    )
    page.locator(".field-organizations").screenshot(path=str(screenshot_path(f"article-form-organizations-{width}")))

    assert [MINISTRY in chip["text"] for chip in chips] == [True, False]
    assert all(not chip["clipped"] and chip["inside"] for chip in chips), chips


def test_the_rich_text_toolbar_draws_its_menu_marker_without_a_glyph_debians_fonts_lack(live_server, page):
    article = ArticleFactory()
    open_as_editor(page, live_server, f"/admin/articles/article/{article.pk}/change/")
    menubar = page.locator(".prose-menubar").first
    menubar.wait_for()
    menubar.screenshot(path=str(screenshot_path("article-form-toolbar")))

    generated = page.evaluate(
        """() => [...document.querySelectorAll(".prose-menubar *")].flatMap((element) =>
            ["::before", "::after"].map((pseudo) => getComputedStyle(element, pseudo).content)
        ).filter((content) => content !== "none" && content !== "normal" && content !== '""')"""
    )
    # ⏷ (U+23F7), the package's marker, is in none of Debian's default fonts: Chromium drew a box.
    assert generated == []
    marker = page.evaluate(
        """() => {
            const style = getComputedStyle(document.querySelector(".prose-menubar__selected"), "::after");
            return parseFloat(style.borderTopWidth) + parseFloat(style.width || 0);
        }"""
    )
    assert marker >= 4


def screenshot_path(name):
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
