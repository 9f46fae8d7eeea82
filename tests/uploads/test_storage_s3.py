"""Media in an S3-compatible bucket: a real S3 server (moto's, on a spare port) with the README's policy,
reached by the site through boto3 and by readers over plain HTTP; and the same bucket stopped."""

import json
import os
import subprocess
import sys
from pathlib import Path

import extruct
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from newsroom.articles.models import Article
from newsroom.images.models import Image
from newsroom.images.templatetags.pictures import rendition_url
from newsroom.syndication import ninjs
from tests.factories import ArticleFactory, EditorFactory, ImageFactory
from tests.pages import form_data, get_page, open_form, parse
from tests.uploads.images import image_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ADD_URL = "/admin/images/image/add/"
CAPTION = "Hyundai Mobis doubles its Nuevo León plant for electric-car modules"
RENDITION_CACHE_CONTROL = "public, max-age=2592000, immutable"


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory(username="ines"))
    return client


def typed_image(client, **changes) -> dict[str, list[str]]:
    """The library's add form as an editor fills it, before choosing the file."""
    _page, data = open_form(client, ADD_URL, "image_form")
    data.update(
        caption_en=[CAPTION],
        alt_en=["Workers fitting a battery module on an assembly line"],
        credit_en=["Photo: Hyundai Mobis"],
    )
    data.update({name: [value] for name, value in changes.items()})
    return data


def field_errors(page, field: str) -> str:
    return " ".join(item.text for item in page.find_all("ul", class_="errorlist", id=f"id_{field}_error"))


def article_with_image(name="assembly-line.jpg") -> Article:
    """An article with a library image whose renditions are made (as a worker leaves them): pages
    link them in the bucket, at MEDIA_URL (tests/images/test_renditions_s3.py makes them)."""
    image = ImageFactory(file=ContentFile(image_bytes("JPEG"), name=name))
    Image.objects.filter(pk=image.pk).update(renditions_ready=True)
    return ArticleFactory(image=Image.objects.get(pk=image.pk))


def test_an_editors_upload_goes_into_the_bucket_as_what_it_is_and_readers_cannot_fetch_the_original(s3, editor_client):
    photo = image_bytes("JPEG", (1200, 800))
    data = typed_image(editor_client)
    # The browser's word for the type is not taken: the bucket would serve the file with it.
    upload = SimpleUploadedFile("assembly-line.jpg", photo, content_type="text/html")
    response = editor_client.post(ADD_URL, {**data, "file": upload})
    assert response.status_code == 302, field_errors(parse(response), "file")

    image = Image.objects.get()
    assert image.file.name.startswith("images/originals/")
    assert (image.width, image.height, image.original_name) == (1200, 800, "assembly-line.jpg")
    stored = s3.object(image.file.name)
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == "private, no-store"
    with image.file.open("rb") as file:
        assert file.read() == photo

    assert image.file.url == s3.media_url + image.file.name
    status, _headers, _body = s3.fetch(image.file.url)
    assert status == 403  # the bucket's policy: originals are not public


def test_a_second_upload_of_the_same_name_is_stored_beside_the_first(s3):
    first = default_storage.save("articles/2026/12/plant.jpg", ContentFile(image_bytes("JPEG", color="red")))
    second = default_storage.save("articles/2026/12/plant.jpg", ContentFile(image_bytes("JPEG", color="blue")))
    assert first == "articles/2026/12/plant.jpg"
    assert second != first and second.startswith("articles/2026/12/plant_")
    assert sorted(s3.keys()) == sorted([first, second])


def test_a_rendition_is_public_with_its_type_and_a_long_cache_and_is_made_again_under_its_own_name(s3):
    renditions = storages["renditions"]
    name = "renditions/3f/3f9c2e71d0a4b8e65c17/card-400x267.webp"
    assert renditions.save(name, ContentFile(image_bytes("WEBP", (400, 267), color="red"))) == name

    status, headers, body = s3.fetch(renditions.url(name))
    assert status == 200
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == RENDITION_CACHE_CONTROL
    assert body == image_bytes("WEBP", (400, 267), color="red")

    # Made again (a worker that died after storing it): the same name, the new bytes.
    assert renditions.save(name, ContentFile(image_bytes("WEBP", (400, 267), color="blue"))) == name
    assert s3.fetch(renditions.url(name))[2] == image_bytes("WEBP", (400, 267), color="blue")
    assert s3.keys() == [name]


def test_the_article_page_links_its_image_at_media_url_and_its_policy_allows_the_bucket(s3, client):
    article = article_with_image()
    response = client.get(article.url_in("en"))
    assert response.status_code == 200
    image = parse(response).find("figure").find("img")
    assert image["src"].startswith(f"{s3.media_url}renditions/{article.image.renditions_key[:2]}/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert s3.endpoint_url in policy["img-src"].split()


def test_machines_get_the_images_address_in_the_bucket_too(s3, client):
    article = article_with_image()
    address = rendition_url(article.image, "social")
    assert address.startswith(f"{s3.media_url}renditions/") and address.endswith(".jpg")
    response = client.get(article.url_in("en"))
    data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"], uniform=True)
    news = next(node for node in data["json-ld"][0]["@graph"] if node["@type"] == "NewsArticle")
    assert news["image"]["url"] == address
    assert parse(response).find("meta", property="og:image")["content"] == address
    associations = ninjs.document(article, "en", "https://news.example.com")["associations"]
    picture = next(association for association in associations if association["name"] == "leadimage")
    assert picture["renditions"][0]["href"] == address


def test_with_the_bucket_down_the_form_says_so_and_keeps_what_the_editor_typed(s3, editor_client):
    data = typed_image(editor_client)
    s3.stop()
    response = editor_client.post(ADD_URL, {**data, "file": SimpleUploadedFile("line.jpg", image_bytes("JPEG"))})

    assert response.status_code == 200
    page = parse(response)
    assert "The image could not be stored: the media storage did not answer, or refused it." in field_errors(
        page, "file"
    )
    # Nor could it be kept for the next attempt: the form says to choose it again.
    assert "could not be kept for the next attempt" in page.find(class_="kept-upload--lost").text
    assert page.find("input", id="id_caption_en")["value"] == CAPTION
    assert page.find("input", id="id_credit_en")["value"] == "Photo: Hyundai Mobis"
    assert not Image.objects.exists()


def test_with_the_bucket_down_the_form_says_so_in_german(s3, editor_client):
    data = typed_image(editor_client)
    editor_client.cookies["django_language"] = "de"
    s3.stop()
    response = editor_client.post(ADD_URL, {**data, "file": SimpleUploadedFile("line.jpg", image_bytes("JPEG"))})
    assert response.status_code == 200
    assert "Das Bild konnte nicht gespeichert werden" in field_errors(parse(response), "file")


def test_an_image_kept_in_the_bucket_across_a_refused_save_is_stored_as_the_librarys(s3, editor_client):
    photo = image_bytes("PNG", (900, 600))
    data = typed_image(editor_client, alt_en="")
    refused = parse(editor_client.post(ADD_URL, {**data, "file": SimpleUploadedFile("chart.png", photo)}))
    [kept] = [key for key in s3.keys() if key.startswith("kept-uploads/")]
    assert s3.fetch(f"{s3.media_url}{kept}")[0] == 403  # an editor's work in progress: not public

    again = {**form_data(refused, "image_form"), "alt_en": ["A bar chart of exports"]}
    assert editor_client.post(ADD_URL, again).status_code == 302
    image = Image.objects.get()
    assert s3.object(image.file.name)["ContentType"] == "image/png"
    with image.file.open("rb") as file:
        assert file.read() == photo


def test_with_the_bucket_down_an_image_kept_from_a_refused_save_is_a_form_error(s3, editor_client):
    data = typed_image(editor_client, alt_en="")
    refused = parse(editor_client.post(ADD_URL, {**data, "file": SimpleUploadedFile("line.jpg", image_bytes("JPEG"))}))
    assert "Describe the image" in field_errors(refused, "alt_en")
    assert refused.find(class_="kept-upload").find("strong").text == "line.jpg"  # kept in the bucket

    again = {**form_data(refused, "image_form"), "alt_en": ["An assembly line"]}
    s3.stop()
    response = editor_client.post(ADD_URL, again)
    assert response.status_code == 200
    assert "The image could not be stored" in field_errors(parse(response), "file")
    assert not Image.objects.exists()


def test_with_the_bucket_down_readers_still_get_pages_with_their_images(s3, client):
    article = article_with_image()
    s3.stop()
    for url in (article.url_in("en"), "/en/"):  # the article's page, and the home page's lead story
        page = get_page(client, url)
        assert [img["src"] for img in page.find_all("img") if img["src"].startswith(f"{s3.media_url}renditions/")], url
    get_page(client, article.section.get_absolute_url())


def run_settings(environment: dict[str, str], script: str) -> dict:
    """What `script` prints (JSON, last line) in a new process whose settings come from `environment`."""
    setup = "import json, sys, django; django.setup(); from django.conf import settings; "
    done = subprocess.run(
        [sys.executable, "-c", setup + script],
        cwd=ROOT,
        env={
            **{name: value for name, value in os.environ.items() if not name.startswith(("S3_", "MEDIA_"))},
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "SECRET_KEY": "t" * 50,
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


DESCRIBE = (
    "print(json.dumps({'storages': {alias: settings.STORAGES[alias] for alias in ('default', 'renditions')}, "
    "'media_url': settings.MEDIA_URL, 'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
)


def test_without_a_bucket_media_stay_on_the_file_system(tmp_path):
    found = run_settings({"MEDIA_ROOT": str(tmp_path)}, DESCRIBE)
    assert found["storages"] == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"allow_overwrite": True}},
    }
    assert found["media_url"] == "/media/"
    assert found["img_src"] == ["'self'", "data:"]


def test_with_a_bucket_the_settings_put_media_in_it_and_pages_name_its_origin(s3):
    found = run_settings(s3.environment(), DESCRIBE)
    default, renditions = found["storages"]["default"], found["storages"]["renditions"]
    assert default["BACKEND"] == renditions["BACKEND"] == "newsroom.uploads.storage.BucketStorage"
    assert default["OPTIONS"] == {
        "bucket_name": s3.bucket,
        "endpoint_url": s3.endpoint_url,
        "region_name": s3.REGION,
        "addressing_style": "path",
        "querystring_auth": False,
        "access_key": s3.ACCESS_KEY,
        "secret_key": s3.SECRET_KEY,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    assert renditions["OPTIONS"]["file_overwrite"] is True
    assert renditions["OPTIONS"]["object_parameters"] == {"CacheControl": RENDITION_CACHE_CONTROL}
    assert found["media_url"] == s3.media_url
    assert found["img_src"] == ["'self'", "data:", s3.endpoint_url]


def test_settings_from_the_environment_store_in_the_bucket_and_name_files_without_loading_boto3(s3):
    found = run_settings(
        s3.environment(),
        "from django.core.files.storage import default_storage, storages; "
        "from django.core.files.base import ContentFile; "
        "url = default_storage.url('articles/2026/12/Größe 1.jpg'); "
        "unloaded = 'boto3' not in sys.modules and 'botocore' not in sys.modules; "
        "name = storages['renditions'].save('renditions/ab/c/lead-480x320.jpg', ContentFile(b'jpeg bytes')); "
        "print(json.dumps({'url': url, 'unloaded': unloaded, 'name': name}))",
    )
    assert found["url"] == f"{s3.media_url}articles/2026/12/Gr%C3%B6%C3%9Fe%201.jpg"
    assert found["unloaded"]
    status, headers, body = s3.fetch(f"{s3.media_url}{found['name']}")
    assert (status, body, headers["Cache-Control"]) == (200, b"jpeg bytes", RENDITION_CACHE_CONTROL)


def test_boto3s_own_credentials_are_used_when_no_keys_are_given(s3):
    environment = s3.environment()
    environment["AWS_ACCESS_KEY_ID"] = environment.pop("S3_ACCESS_KEY_ID")
    environment["AWS_SECRET_ACCESS_KEY"] = environment.pop("S3_SECRET_ACCESS_KEY")
    found = run_settings(
        environment,
        "from django.core.files.storage import default_storage; from django.core.files.base import ContentFile; "
        "print(json.dumps({'options': settings.STORAGES['default']['OPTIONS'], "
        "'name': default_storage.save('articles/a.jpg', ContentFile(b'x'))}))",
    )
    assert "access_key" not in found["options"]
    assert s3.keys() == [found["name"]]


def test_a_bucket_with_a_media_url_on_this_site_is_a_configuration_error(s3):
    environment = {**s3.environment(), "MEDIA_URL": "/media/"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "t" * 50, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "uploads.E001" in done.stderr
    assert "MEDIA_URL is '/media/', but media are kept in a bucket (S3_BUCKET)" in done.stderr
