"""An editor's lead image survives a refused save and reaches readers with its AI label — in Chromium."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from newsroom.articles.models import Article
from newsroom.roles import EDITOR, role
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


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def serve_media(page, live_server, media_root):
    """In production the web server in front serves /media/; here the browser reads the files directly."""

    def fulfil(route):
        path = media_root / route.request.url.split("/media/", 1)[1]
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    page.route(f"{live_server.url}/media/**", fulfil)


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


def pick_section(page, name):
    page.locator("#id_section + .select2").click()
    page.locator(".select2-search__field").last.fill(name)
    page.locator(".select2-results__option", has_text=name).first.click()


def publish_without_review(page, live_server, image_file):
    """An editor writes an AI-reported article with a generated illustration and tries to publish it."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline_en", HEADLINE)
    page.locator("#tab_id_body_en").get_by_role("textbox").fill("The plant will employ 600 people.")
    pick_section(page, "Aerospace")
    page.select_option("#id_status", "published")
    page.set_input_files("#id_lead_image", str(image_file))
    page.fill("#id_lead_image_alt_en", "An illustration of a turbine blade on a machining bench")
    page.select_option("#id_lead_image_origin", "generated_by_ai")
    page.check("#id_is_reported_by_ai")
    page.click("input[name=_save]")
    page.locator(".errornote").wait_for()


def test_an_image_chosen_before_a_refused_save_is_kept_and_published_with_its_label(
    live_server, page, screenshot, media_root, tmp_path
):
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    serve_media(page, live_server, media_root)
    publish_without_review(page, live_server, illustration(tmp_path / "leap-turbine-blade-illustration.jpg"))

    # Refused: nobody confirmed the review. The image is still there, with its name and a thumbnail.
    assert "A person must review" in page.locator("#id__human_review_error").inner_text()
    kept = page.locator(".kept-upload")
    assert "leap-turbine-blade-illustration.jpg" in kept.inner_text()
    assert "kept from your last attempt" in kept.inner_text()
    assert kept.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("#id_lead_image_origin").input_value() == "generated_by_ai"
    kept.scroll_into_view_if_needed()
    screenshot("kept-upload-after-refusal")
    page.set_viewport_size({"width": 375, "height": 800})
    kept.scroll_into_view_if_needed()
    screenshot("kept-upload-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The editor confirms the review and saves, without choosing the file again.
    page.check("#id__human_review")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    article = Article.objects.get()
    assert article.lead_image.name.endswith("leap-turbine-blade-illustration.jpg")
    assert article.is_published and article.is_image_generated_by_ai

    # Readers get the image and its label.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{article.url_in('en')}")
    figure_image = page.locator(".article__image img")
    assert figure_image.evaluate("img => img.complete && img.naturalWidth === 1600")
    assert page.get_by_role("link", name="Image generated by AI").count() >= 1
    screenshot("article-with-kept-image")


def test_a_cameras_multi_picture_photo_is_kept_and_published_as_its_first_picture(
    live_server, page, screenshot, media_root, tmp_path
):
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    serve_media(page, live_server, media_root)
    publish_without_review(page, live_server, multi_picture_photo(tmp_path / "DSCF0042.MPO"))

    kept = page.locator(".kept-upload")
    assert "DSCF0042.jpg" in kept.inner_text()
    assert kept.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert ".mpo" in page.locator("#id_lead_image").get_attribute("accept").split(",")
    kept.scroll_into_view_if_needed()
    screenshot("kept-multi-picture-upload")
    page.check("#id__human_review")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    article = Article.objects.get()
    assert article.lead_image.name.endswith("/DSCF0042.jpg")
    with Image.open(article.lead_image.path) as stored:
        assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{article.url_in('en')}")
    assert page.locator(".article__image img").evaluate("img => img.complete && img.naturalWidth === 1600")


def test_the_form_showing_a_kept_image_has_no_accessibility_violation(live_server, page, media_root, tmp_path):
    if not AXE_JS.exists():
        message = f"axe-core is missing ({AXE_JS}): run `npm ci`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    UserFactory(username="ines").groups.add(role(EDITOR))
    publish_without_review(page, live_server, illustration(tmp_path / "blade.jpg"))
    assert page.locator("fieldset:has(.kept-upload)").count() == 1  # the "Lead image" fieldset, checked below
    page.add_script_tag(content=AXE_JS.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document.querySelector('fieldset:has(.kept-upload)'), {runOnly: tags}))"
        ".violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
        AXE_TAGS,
    )
    assert violations == []
