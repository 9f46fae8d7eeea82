"""A reader's Chromium loads an article's picture from the bucket (moto's S3 on a spare port) under the
site's Content-Security-Policy, and only what the bucket's policy makes public."""

import copy
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def picture(image_format: str) -> bytes:
    image = Image.new("RGB", (800, 533), "#16324f")
    draw = ImageDraw.Draw(image)
    for step in range(0, 800, 40):
        draw.line([(step, 533), (400, 60)], fill="#f0a500", width=4)
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def article_showing():
    """An article whose lead image is in the bucket (the original, private); its renditions are
    made by the making view on the browser's first request, or by the worker (`run_tasks`)."""
    image = ImageFactory(
        file=ContentFile(picture("JPEG"), name="lines.jpg"), alt_en="Orange lines converging on a dark blue ground"
    )
    return ArticleFactory(image=image)


def read_as_a_reader(page, url: str) -> tuple[int, list[str]]:
    """The lead image's naturalWidth once the page has loaded, and the policy violations Chromium reported."""
    refused = []

    def note(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    page.goto(url, wait_until="load")
    width = page.locator("figure img").evaluate("image => image.complete && image.naturalWidth")
    return width, refused


def loaded_from(page) -> str:
    return page.locator("figure img").evaluate("image => image.currentSrc")


def test_a_rendition_in_the_bucket_loads_under_the_sites_policy(live_server, s3, page, screenshot):
    article = article_showing()
    run_tasks()
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert page.locator("figure img").get_attribute("src").startswith(s3.media_url)
    assert loaded_from(page).startswith(f"{s3.media_url}renditions/")
    assert width > 0
    assert refused == []
    screenshot("article-picture-from-the-bucket")


def test_a_rendition_nobody_made_is_made_on_the_browsers_request_and_loads_from_the_bucket(live_server, s3, page):
    article = article_showing()
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert page.locator("figure img").get_attribute("src").startswith("/images/r/")
    assert loaded_from(page).startswith(f"{live_server.url}/images/r/")  # redirected from there to the bucket
    assert width > 0
    assert refused == []
    assert any(key.startswith("renditions/") for key in s3.keys())


def test_without_the_buckets_origin_in_the_policy_chromium_refuses_the_picture(live_server, s3, page, settings):
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"].remove(s3.endpoint_url)
    settings.CONTENT_SECURITY_POLICY = policy
    article = article_showing()
    run_tasks()
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert width == 0
    assert any("img-src" in message for message in refused)


def test_the_original_in_the_bucket_is_not_shown_to_readers(live_server, s3, page):
    article = article_showing()
    assert s3.fetch(f"{s3.media_url}{article.image.file.name}")[0] == 403  # the policy: renditions only
    page.goto(f"{live_server.url}{article.url_in('en')}", wait_until="load")
    # (JSON-LD and OpenGraph still name it: they switch to the `social` rendition with the picture rights.)
    assert article.image.file.name not in page.locator("figure").inner_html()
    assert loaded_from(page).startswith(f"{live_server.url}/images/r/")
