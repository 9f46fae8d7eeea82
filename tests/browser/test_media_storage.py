"""A reader's Chromium loads an article's picture from the bucket (moto's S3 on a spare port) under the
site's Content-Security-Policy, and only what the bucket's policy makes public."""

import copy
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image, ImageDraw

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


def article_showing(name: str, storage_alias: str):
    """An article whose lead image is the file `name` of that storage (a rendition, or an original)."""
    stored = storages[storage_alias].save(name, ContentFile(picture("JPEG")))
    image = ImageFactory(alt_en="Orange lines converging on a dark blue ground")
    image.file.name = stored
    image.save()
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


def test_a_rendition_in_the_bucket_loads_under_the_sites_policy(live_server, s3, page, screenshot):
    article = article_showing("renditions/7c/7c41d2e0a9b85f36e1d2/lead-800x533.jpg", "renditions")
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert page.locator("figure img").get_attribute("src").startswith(s3.media_url)
    assert width == 800
    assert refused == []
    screenshot("article-picture-from-the-bucket")


def test_without_the_buckets_origin_in_the_policy_chromium_refuses_the_picture(live_server, s3, page, settings):
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"].remove(s3.endpoint_url)
    settings.CONTENT_SECURITY_POLICY = policy
    article = article_showing("renditions/7c/7c41d2e0a9b85f36e1d2/lead-800x533.jpg", "renditions")
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert width == 0
    assert any("img-src" in message for message in refused)


def test_an_original_in_the_bucket_is_not_shown_to_readers(live_server, s3, page):
    article = article_showing("articles/2026/12/converging-lines.jpg", "default")
    width, refused = read_as_a_reader(page, f"{live_server.url}{article.url_in('en')}")
    assert width == 0  # 403: the bucket's policy makes renditions public, nothing else
    assert refused == []
