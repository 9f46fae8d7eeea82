"""An editor's image survives a refused save in the library, is picked as an article's lead image and
reaches readers with its AI label — in Chromium."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from newsroom.articles.models import Article
from newsroom.images.models import Image as LibraryImage
from newsroom.roles import EDITOR, role
from tests.browser.media import serve_media
from tests.factories import SectionFactory, UserFactory
from tests.uploads.images import multi_picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HEADLINE = (
    "Safran opens a second engine-parts plant in Querétaro, its largest outside France, and will machine "
    "turbine blades for the LEAP engine there from 2027"
)


@pytest.fixture
def context_options():
    # axe is injected as an inline script, which the admin's policy rightly refuses.
    return {"bypass_csp": True}


def illustration(path):
    image = Image.new("RGB", (1600, 900), "#16324f")
    draw = ImageDraw.Draw(image)
    for step in range(0, 1600, 80):
        draw.line([(step, 900), (800, 120)], fill="#f0a500", width=6)
    image.save(path, "JPEG", quality=88)
    return path


def multi_picture_photo(path):
    """What a 3D camera or a phone saves: the illustration, then a second picture after its end."""
    with Image.open(illustration(path.with_suffix(".jpg"))) as first:
        path.write_bytes(multi_picture(first=first))
    return path


def pick(page, field, text):
    """Choose in one of the admin's autocomplete fields (Select2) by typing."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def add_without_alt_text(page, live_server, image_file):
    """An editor adds an AI-made illustration to the library and saves before describing it."""
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/images/image/add/")
    page.set_input_files("#id_file", str(image_file))
    page.fill("#id_caption_en", "A turbine blade for the LEAP engine")
    page.select_option("#id_digital_source_type", "trainedAlgorithmicMedia")
    page.click("input[name=_save]")
    page.locator(".errornote").wait_for()


def publish_with_image(page, live_server, caption):
    """The article form, the image picked from the library by its caption."""
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline_en", HEADLINE)
    page.locator("#tab_id_body_en").get_by_role("textbox").fill("The plant will employ 600 people.")
    pick(page, "section", "Aerospace")
    page.select_option("#id_status", "published")
    pick(page, "image", caption)
    page.check("#id_is_reported_by_ai")
    page.check("#id__human_review")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    return Article.objects.get()


def test_an_image_chosen_before_a_refused_save_is_kept_picked_and_published_with_its_label(
    live_server, page, screenshot, media_root, tmp_path
):
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    serve_media(page, live_server, media_root)
    add_without_alt_text(page, live_server, illustration(tmp_path / "leap-turbine-blade-illustration.jpg"))

    # Refused: the image is not described. It is still there, with its name and a thumbnail.
    assert "Describe the image" in page.locator("#id_alt_en_error").inner_text()
    kept = page.locator(".kept-upload")
    assert "leap-turbine-blade-illustration.jpg" in kept.inner_text()
    assert "kept from your last attempt" in kept.inner_text()
    assert kept.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("#id_digital_source_type").input_value() == "trainedAlgorithmicMedia"
    kept.scroll_into_view_if_needed()
    screenshot("kept-upload-after-refusal")
    page.set_viewport_size({"width": 375, "height": 800})
    kept.scroll_into_view_if_needed()
    screenshot("kept-upload-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The editor describes it and saves, without choosing the file again.
    page.fill("#id_alt_en", "An illustration of a turbine blade on a machining bench")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/images/image/$"))
    image = LibraryImage.objects.get()
    assert image.original_name == "leap-turbine-blade-illustration.jpg"
    assert image.is_generated_by_ai

    article = publish_with_image(page, live_server, "A turbine blade")
    assert article.image == image
    assert article.is_published and article.is_image_generated_by_ai

    # Readers get the image and its label.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{article.url_in('en')}")
    figure_image = page.locator(".article__image img")
    # A rendition, made on this first request by the making view: waited for, then looked at.
    assert figure_image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert "/lead-" in figure_image.evaluate("img => img.currentSrc")  # the making view's, or the stored file's
    assert page.get_by_role("link", name="Image generated by AI").count() >= 1
    screenshot("article-with-kept-image")


def test_a_cameras_multi_picture_photo_is_kept_and_published_as_its_first_picture(
    live_server, page, screenshot, media_root, tmp_path
):
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    serve_media(page, live_server, media_root)
    add_without_alt_text(page, live_server, multi_picture_photo(tmp_path / "DSCF0042.MPO"))

    kept = page.locator(".kept-upload")
    assert "DSCF0042.jpg" in kept.inner_text()
    assert kept.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert ".mpo" in page.locator("#id_file").get_attribute("accept").split(",")
    kept.scroll_into_view_if_needed()
    screenshot("kept-multi-picture-upload")
    page.fill("#id_alt_en", "An illustration of a turbine blade")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/images/image/$"))
    image = LibraryImage.objects.get()
    assert image.original_name == "DSCF0042.jpg"
    with Image.open(image.file.path) as stored:
        assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)

    article = publish_with_image(page, live_server, "A turbine blade")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{article.url_in('en')}")
    shown = page.locator(".article__image img")
    assert shown.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert "/lead-" in shown.evaluate("img => img.currentSrc")


def test_the_form_showing_a_kept_image_has_no_accessibility_violation(live_server, page, media_root, tmp_path):
    if not AXE_JS.exists():
        message = f"axe-core is missing ({AXE_JS}): run `npm ci`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    add_without_alt_text(page, live_server, illustration(tmp_path / "blade.jpg"))
    assert page.locator("fieldset:has(.kept-upload)").count() == 1  # the file's fieldset, checked below
    page.add_script_tag(content=AXE_JS.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document.querySelector('fieldset:has(.kept-upload)'), {runOnly: tags}))"
        ".violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
        AXE_TAGS,
    )
    assert violations == []
