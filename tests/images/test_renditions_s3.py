"""Renditions in an S3-compatible bucket (moto's server, with the README's policy): made by the
worker or the making view into the bucket, public with their type and a month's Cache-Control, and
linked by pages at MEDIA_URL + name, which pages compute without asking the bucket."""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image as Picture

from newsroom.images import renditions
from newsroom.images.models import Image
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, ImageFactory
from tests.pages import get_page

pytestmark = pytest.mark.django_db

RENDITION_CACHE_CONTROL = "public, max-age=2592000, immutable"
TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg"}


def photo(size=(1200, 800)) -> ContentFile:
    buffer = io.BytesIO()
    Picture.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="plant.jpg")


def test_the_worker_puts_every_rendition_in_the_bucket_public_with_its_type_and_a_long_cache(s3):
    image = ImageFactory(file=photo())
    assert s3.keys() == [image.file.name]  # the original, private

    run_tasks()

    image = Image.objects.get(pk=image.pk)
    assert image.renditions_ready
    names = [planned.name for planned in renditions.planned(image)]
    expected = sorted(renditions.path_of(image.renditions_key, name) for name in names)
    assert sorted(key for key in s3.keys() if key.startswith("renditions/")) == expected
    for name in names:
        status, headers, body = s3.fetch(s3.media_url + renditions.path_of(image.renditions_key, name))
        assert status == 200, name
        assert headers["Content-Type"] == TYPES[name.rsplit(".", 1)[1]]
        assert headers["Cache-Control"] == RENDITION_CACHE_CONTROL
        assert Picture.open(io.BytesIO(body)).size == tuple(int(n) for n in name.split("-")[1].split(".")[0].split("x"))
    assert s3.fetch(s3.media_url + image.file.name)[0] == 403


def test_pages_link_the_renditions_at_media_url_and_the_making_view_redirects_there(s3):
    article = ArticleFactory(image=ImageFactory(file=photo()))
    image = article.image
    client = Client()

    before = get_page(client, article.url_in("en")).find("figure", class_="article__image").find("img")
    response = client.get(before["src"])
    assert response.status_code == 302
    assert response["Location"] == f"{s3.media_url}{renditions.path_of(image.renditions_key, 'lead-1200x800.jpg')}"
    assert s3.fetch(response["Location"])[0] == 200

    run_tasks()

    after = get_page(client, article.url_in("en")).find("figure", class_="article__image")
    for url in [after.find("img")["src"]] + [
        part.strip().split(" ")[0] for source in after.find_all("source") for part in source["srcset"].split(",")
    ]:
        assert url.startswith(f"{s3.media_url}renditions/{image.renditions_key[:2]}/{image.renditions_key}/")
        assert s3.fetch(url)[0] == 200


def test_with_the_bucket_down_pages_still_name_their_renditions(s3):
    article = ArticleFactory(image=ImageFactory(file=photo()))
    run_tasks()
    s3.stop()

    img = get_page(Client(), article.url_in("en")).find("figure", class_="article__image").find("img")

    assert img["src"].startswith(s3.media_url + "renditions/")
