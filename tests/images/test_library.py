"""The image library: when readers may see an image, who uses it, how pages show it, and what
translators are asked for."""

import datetime
import html
import io

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image as Picture

from newsroom.articles.models import Article
from newsroom.images.models import Image
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    TranslatorFactory,
    jpeg_bytes,
)
from tests.pages import get_page, open_form

pytestmark = pytest.mark.django_db

# Noon in Mexico City on 10 December 2026: the newsroom's day is the 10th.
NOON = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 10)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@given(last_days=st.lists(st.one_of(st.none(), st.integers(-30, 30)), min_size=1, max_size=6))
@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_shown_and_is_shown_at_agree_for_any_last_day(last_days):
    Image.objects.all().delete()
    images = [ImageFactory(licence_last_day=None if n is None else days(n)) for n in last_days]

    shown = set(Image.objects.shown(at=NOON).values_list("pk", flat=True))

    assert shown == {image.pk for image in images if image.is_shown_at(NOON)}
    assert shown == {image.pk for n, image in zip(last_days, images, strict=True) if n is None or n >= 0}


def test_an_image_is_shown_through_its_last_day_in_the_newsrooms_time_zone(settings):
    image = ImageFactory(licence_last_day=TODAY)
    late_evening = datetime.datetime(2026, 12, 11, 5, 59, tzinfo=datetime.UTC)  # 23:59 in Mexico City
    next_morning = datetime.datetime(2026, 12, 11, 6, 0, tzinfo=datetime.UTC)

    assert image.is_shown_at(late_evening) and Image.objects.shown(at=late_evening).exists()
    assert not image.is_shown_at(next_morning) and not Image.objects.shown(at=next_morning).exists()


def test_licences_ending_within_a_week_and_those_ended():
    ending = ImageFactory(licence_last_day=days(7))
    later = ImageFactory(licence_last_day=days(8))
    ended = ImageFactory(licence_last_day=days(-1))
    ImageFactory(licence_last_day=None)

    assert list(Image.objects.licence_ending(at=NOON)) == [ending]
    assert list(Image.objects.licence_ended(at=NOON)) == [ended]
    assert later not in Image.objects.licence_ending(at=NOON)


def test_an_image_is_in_use_when_anything_points_at_it_and_counts_its_uses():
    lead, portrait, logo, idle = ImageFactory(), ImageFactory(), ImageFactory(), ImageFactory()
    ArticleFactory(image=lead)
    ArticleFactory(image=lead)
    AuthorFactory(portrait=portrait)
    OrganizationFactory(logo_image=logo)

    assert set(Image.objects.in_use()) == {lead, portrait, logo}
    assert list(Image.objects.unused()) == [idle]
    assert {image.pk: image.uses for image in Image.objects.with_use_counts()} == {
        lead.pk: 2,
        portrait.pk: 1,
        logo.pk: 1,
        idle.pk: 0,
    }


def test_the_file_is_measured_as_displayed_and_named_for_its_content():
    # A phone's portrait photo: stored 600 wide and 400 high, turned a quarter (EXIF orientation 6).
    picture = Picture.new("RGB", (600, 400), "teal")
    exif = picture.getexif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="IMG_4410.jpg"))

    assert (image.width, image.height, image.format) == (400, 600, "JPEG")
    assert image.original_name == "IMG_4410.jpg"
    assert image.file.name.endswith(f"/{image.file_sha256[:20]}.jpg")
    assert image.size_bytes == len(buffer.getvalue())


@time_machine.travel(NOON, tick=False)
def test_an_article_whose_image_licence_ended_shows_no_image_on_its_page_cards_or_json_ld(client):
    image = ImageFactory(licence_last_day=days(-1), caption_en="The seat plant")
    article = ArticleFactory(image=image, headline_en="Tachi-S adds a shift", is_featured=True)

    page = soup(client, article.url_in("en"))
    home = soup(Client(), "/en/")

    assert page.find("figure", class_="article__image") is None
    assert "The seat plant" not in str(page)
    for shown in (page, home):
        assert image.file.url not in str(shown)
        assert image.renditions_key not in str(shown)
    assert Article.objects.with_shown_image().get(pk=article.pk).shown_image is None


@time_machine.travel(NOON, tick=False)
def test_an_image_on_its_last_day_is_shown_with_caption_and_credit(client):
    image = ImageFactory(licence_last_day=TODAY, caption_en="The seat plant", credit_en="Photo: Cuartoscuro")
    article = ArticleFactory(image=image)

    figure = soup(client, article.url_in("en")).find("figure", class_="article__image")

    assert figure.img["src"] == f"/images/r/{image.pk}/{image.renditions_key}/lead-64x48.jpg"
    assert "The seat plant" in figure.figcaption.text
    assert figure.find("span", class_="credit").text == "Photo: Cuartoscuro"


def test_the_articles_own_caption_replaces_the_images_on_its_page(client):
    image = ImageFactory(caption_en="Seats on the line")
    article = ArticleFactory(image=image, lead_image_caption_en="The plant added a shift in May")

    figure = soup(client, article.url_in("en")).find("figure", class_="article__image")

    assert "The plant added a shift in May" in figure.figcaption.text
    assert "Seats on the line" not in figure.figcaption.text


def test_a_change_to_an_image_reaches_the_cached_article_page(client):
    image = ImageFactory(caption_en="Before")
    article = ArticleFactory(image=image)
    assert "Before" in client.get(article.url_in("en")).content.decode()

    image.caption_en = "After"
    image.save()

    assert "After" in client.get(article.url_in("en")).content.decode()


def test_the_picture_tag_gives_the_image_with_its_size_alt_and_loading_and_nothing_once_its_licence_ended():
    image = ImageFactory(alt_en="Workers on the line")
    template = Template(
        '{% load pictures %}{% picture image "lead" loading="eager" %}|{% rendition_url image "social" %}'
    )

    shown, url = template.render(Context({"image": image})).split("|")
    img = BeautifulSoup(shown, "html.parser").img

    # Not made yet (no worker ran): the making view's addresses; never the original's.
    assert img["src"] == f"/images/r/{image.pk}/{image.renditions_key}/lead-64x48.jpg"
    assert url == f"/images/r/{image.pk}/{image.renditions_key}/social-64x34.jpg"
    assert (img["width"], img["height"], img["alt"], img["loading"]) == ("64", "48", "Workers on the line", "eager")
    assert img["fetchpriority"] == "high"
    Image.objects.filter(pk=image.pk).update(licence_last_day=timezone.localdate() - datetime.timedelta(days=1))
    assert (
        Template('{% load pictures %}{% picture image "lead" %}')
        .render(Context({"image": Image.objects.get(pk=image.pk)}))
        .strip()
        == ""
    )


def test_a_portrait_and_a_logo_show_on_their_pages(client):
    person = PersonFactory(portrait=ImageFactory())
    organization = OrganizationFactory(logo_image=ImageFactory())

    for obj, image in ((person, person.portrait), (organization, organization.logo_image)):
        shown = soup(client, obj.get_absolute_url()).find("img", class_="profile__photo")
        assert shown["src"] == f"/images/r/{image.pk}/{image.renditions_key}/square-48x48.jpg"
        assert shown["alt"] == ""


def test_an_images_texts_wait_for_translators_only_once_something_uses_it():
    used = ImageFactory(caption_en="Used photo", caption_de="", alt_de="", credit_de="", released_translations=False)
    ArticleFactory(image=used)
    ImageFactory(caption_en="Library photo", caption_de="", alt_de="", credit_de="", released_translations=False)
    translator = Client()
    translator.force_login(TranslatorFactory(username="tomas"))

    page = get_page(translator, "/admin/translations/translation/short-items/de/")

    assert "Used photo" in page.text
    assert "Library photo" not in page.text


def test_a_new_image_added_from_the_articles_form_goes_back_to_it(client):
    client.force_login(EditorFactory(username="ines"))
    url = "/admin/images/image/add/?_to_field=id&_popup=1"
    _page, data = open_form(client, url, "image_form")
    data.update(alt_en=["Workers on the line"], _popup=["1"], _to_field=["id"])
    picture = SimpleUploadedFile("line.jpg", jpeg_bytes(number=3))

    response = client.post(url, {**data, "file": picture})

    image = Image.objects.get()
    assert response.status_code == 200
    assert "popup_response" in response.content.decode()
    assert f'"value": "{image.pk}"' in html.unescape(response.content.decode())
