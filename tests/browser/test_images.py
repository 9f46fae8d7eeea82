"""An editor picks a lead image from the library on the article form, adds one through the "+" popup
and sets an image's focal point by clicking on it — in Chromium, under the admin's
Content-Security-Policy, in German, on a desk and on a phone."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image as Picture
from PIL import ImageDraw

from newsroom.articles.models import Article
from newsroom.images.models import Image
from tests.browser.media import serve_media
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTION = (
    "Beschäftigte der Zulieferfirma Tachi-S montieren im Werk von Aguascalientes Sitzgestelle für die "
    "Kompaktwagen, die Nissan ab dem kommenden Frühjahr in Mexiko für den nordamerikanischen Markt baut"
)
ALT = "Arbeiterinnen in blauen Overalls schweißen an einer Fertigungsstraße Metallrahmen zusammen"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def refused(page):
    """The policy violations Chromium reports on the page (the site allows no inline script)."""
    messages = []
    page.on("console", lambda message: "Content Security Policy" in message.text and messages.append(message.text))
    return messages


def photo(colour: str, size=(1200, 800)) -> bytes:
    """A picture with a bright disc off its centre: what a focal point would be set on."""
    picture = Picture.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((size[0] * 0.7, size[1] * 0.2, size[0] * 0.9, size[1] * 0.5), fill="#f0a500")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_editor_picks_an_image_adds_one_through_the_popup_and_sets_a_focal_point(
    live_server, page, screenshot, refused, media_root, tmp_path
):
    UserFactory(username="ines", is_superuser=True)
    SectionFactory(name_en="Automotive", name_de="Autoindustrie")
    seats = ImageFactory(
        file=ContentFile(photo("#16324f"), name="tachi-s-werk.jpg"),
        caption_de=CAPTION,
        alt_de=ALT,
        credit_de="Foto: Cuartoscuro / Hugo Ortuño",
        licence="agency",
    )
    ArticleFactory(image=seats)
    port = ContentFile(photo("#4f1632"), name="hafen.jpg")
    ImageFactory(file=port, caption_de="Containerkräne im Hafen von Manzanillo")
    serve_media(page, live_server, media_root)
    log_in(page, live_server)

    # The picker: typing a German word of the caption lists the image with its thumbnail and credit.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_image + .select2").click()
    page.locator(".select2-search__field").last.fill("Sitzgestelle")
    result = page.locator(".image-picker-result", has_text="Tachi-S")
    result.wait_for()
    thumbnail = result.locator("img.image-picker-result__thumbnail")
    # Made by the making view on this first request: waited for (decode), not read at once.
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert "Foto: Cuartoscuro / Hugo Ortuño" in result.inner_text()
    assert "einmal verwendet" in result.inner_text()
    screenshot("image-picker-results")
    result.click()

    panel = page.locator(".image-picker-chosen")
    assert page.locator("#id_image").input_value() == str(seats.pk)
    assert panel.is_visible()
    assert "Foto: Cuartoscuro / Hugo Ortuño" in panel.inner_text()
    assert panel.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    panel.scroll_into_view_if_needed()
    assert no_sideways_scroll(page)
    screenshot("image-picker-chosen")

    # "+": the library's add form in a popup; saving it puts the new image in the field.
    with page.expect_popup() as opened:
        page.click("#add_id_image")
    popup = opened.value
    popup.wait_for_load_state()
    popup.set_input_files("#id_file", str(write(tmp_path / "silao-halle.jpg", photo("#1f4f16"))))
    popup.select_option("#id_original_language", "de")
    popup.locator("#id_caption_de").fill("Die neue Montagehalle von General Motors in Silao, von Süden gesehen")
    popup.locator("#id_alt_de").fill("Eine langgestreckte weiße Halle hinter einem Parkplatz")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    added = Image.objects.get(caption_de__startswith="Die neue Montagehalle")
    assert page.locator("#id_image").input_value() == str(added.pk)
    assert "Montagehalle" in page.locator("#id_image + .select2").inner_text()
    assert "Montagehalle" in panel.inner_text()
    change = panel.locator("a.image-picker-chosen__change")
    assert change.get_attribute("href") == f"/admin/images/image/{added.pk}/change/"

    # The article saved with it.
    page.select_option("#id_original_language", "de")
    page.locator("#id_headline_de").fill("General Motors eröffnet in Silao eine zweite Montagehalle")
    page.locator("#tab_id_body_de").get_by_role("textbox").fill("Die Halle beschäftigt 900 Menschen.")
    page.locator("#id_section + .select2").click()
    page.locator(".select2-search__field").last.fill("Auto")
    page.locator(".select2-results__option", has_text="Autoindustrie").first.click()
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert Article.objects.get(headline_de__startswith="General Motors").image == added

    # The focal point: a click on the bright disc, three-quarters across and a third down.
    page.goto(f"{live_server.url}/admin/images/image/{seats.pk}/change/")
    picture = page.locator(".focal-point__picture img")
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.35)
    assert (page.input_value("#id_focal_x"), page.input_value("#id_focal_y")) == ("80", "35")
    square = page.locator(".focal-crop--square img")
    assert square.evaluate("img => getComputedStyle(img).objectPosition") == "100% 50%"
    screenshot("image-focal-point")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/images/image/$"))
    seats.refresh_from_db()
    assert (seats.focal_x, seats.focal_y) == (80, 35)

    # Where it is used, and the phone: nothing wider than the screen.
    page.goto(f"{live_server.url}/admin/images/image/{seats.pk}/change/")
    assert page.locator(".where-used a").count() == 1
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    screenshot("image-form-phone")
    page.goto(f"{live_server.url}/admin/articles/article/{Article.objects.get(image=seats).pk}/change/")
    page.locator(".image-picker-chosen").scroll_into_view_if_needed()
    assert no_sideways_scroll(page)
    screenshot("image-picker-chosen-phone")
    page.locator("#id_image + .select2").click()
    page.locator(".select2-search__field").last.fill("Hafen")
    page.locator(".image-picker-result", has_text="Manzanillo").wait_for()
    assert no_sideways_scroll(page)
    screenshot("image-picker-results-phone")

    assert refused == []


def write(path, content: bytes):
    path.write_bytes(content)
    return path
