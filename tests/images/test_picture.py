"""The `<picture>` every page shows a library image with: a source per modern format, the sizes a
layout needs, width and height (no layout shift), lazy below the fold, and the alt text's language."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from PIL import Image as Picture

from newsroom.images.models import Image
from newsroom.uploads.renditions import SPECS
from newsroom.worker.testing import run_tasks
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.pages import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo(size=(2400, 1600), mode="RGB", colour=(30, 90, 160)) -> ContentFile:
    buffer = io.BytesIO()
    Picture.new(mode, size, colour).save(buffer, "PNG" if "A" in mode else "JPEG")
    return ContentFile(buffer.getvalue(), name="logo.png" if "A" in mode else "plant.jpg")


def picture(image, arguments: str = "") -> BeautifulSoup:
    html = Template("{% load pictures %}{% picture image " + arguments + " %}").render(Context({"image": image}))
    return BeautifulSoup(html, "html.parser")


def ready(image: Image) -> Image:
    run_tasks()
    return Image.objects.get(pk=image.pk)


def srcset(element) -> list[tuple[str, str]]:
    return [tuple(part.strip().rsplit(" ", 1)) for part in element["srcset"].split(",")]


def test_a_card_offers_avif_and_webp_sources_and_a_jpeg_in_three_widths_cut_to_three_by_two():
    image = ready(ImageFactory(file=photo(), alt_en="Seats on the line"))
    base = f"/media/renditions/{image.renditions_key[:2]}/{image.renditions_key}/"

    shown = picture(image, '"card" css_class="card__image"')

    avif, webp = shown.find_all("source")
    assert (avif["type"], webp["type"]) == ("image/avif", "image/webp")
    assert srcset(avif) == [(f"{base}card-{w}x{h}.avif", f"{w}w") for w, h in ((400, 267), (800, 533), (1200, 800))]
    assert srcset(webp) == [(f"{base}card-{w}x{h}.webp", f"{w}w") for w, h in ((400, 267), (800, 533), (1200, 800))]
    img = shown.find("img")
    assert srcset(img) == [(f"{base}card-{w}x{h}.jpg", f"{w}w") for w, h in ((400, 267), (800, 533), (1200, 800))]
    assert img["src"] == f"{base}card-1200x800.jpg"
    assert avif["sizes"] == webp["sizes"] == img["sizes"] == SPECS["card"].sizes
    assert (img["width"], img["height"]) == ("1200", "800")
    assert (img["alt"], img["class"], img["loading"], img["decoding"]) == (
        "Seats on the line",
        ["card__image"],
        "lazy",
        "async",
    )
    assert not img.has_attr("fetchpriority") and not img.has_attr("lang")


def test_the_lead_keeps_the_photos_own_ratio_and_an_eager_one_is_asked_for_first():
    image = ready(ImageFactory(file=photo((3000, 2000))))

    img = picture(image, '"lead" loading="eager"').find("img")

    assert [w for _url, w in srcset(img)] == ["480w", "800w", "1200w", "1600w"]
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert (img["loading"], img["fetchpriority"]) == ("eager", "high")
    assert img["sizes"] == "(min-width: 48rem) 46rem, calc(100vw - 2rem)"


def test_a_small_image_is_never_made_larger():
    image = ImageFactory(file=photo((500, 300)))

    img = picture(image, '"lead"').find("img")

    assert [w for _url, w in srcset(img)] == ["480w"]
    assert [w for _url, w in srcset(picture(image, '"square"').find("img"))] == ["160w"]
    # Narrower than the smallest width: one rendition at its own.
    tiny = picture(ImageFactory(file=photo((120, 90))), '"lead"').find("img")
    assert [w for _url, w in srcset(tiny)] == ["120w"]
    assert (tiny["width"], tiny["height"]) == ("120", "90")


def test_a_logo_with_transparency_falls_back_to_png_in_a_square():
    image = ready(ImageFactory(file=photo((800, 800), mode="RGBA", colour=(200, 0, 0, 0))))

    shown = picture(image, '"square" alt=""')

    assert [s["type"] for s in shown.find_all("source")] == ["image/avif", "image/webp"]
    img = shown.find("img")
    assert img["src"].endswith("square-640x640.png") and img["alt"] == ""
    assert img["sizes"] == "10rem"


def test_an_alt_text_shown_in_its_original_language_is_marked_with_it():
    image = ImageFactory(file=photo(), alt_en="Seats on the line", alt_de="", released_translations=False)

    with translation.override("de"):
        img = picture(image, '"card"').find("img")

    assert (img["alt"], img["lang"]) == ("Seats on the line", "en")


def test_a_template_may_give_its_own_sizes():
    image = ImageFactory(file=photo())

    img = picture(image, '"card" sizes="6rem"').find("img")

    assert img["sizes"] == "6rem"


def test_an_unknown_spec_is_a_template_error():
    with pytest.raises(Exception, match="Unknown picture spec"):
        picture(ImageFactory(), '"poster"')


def test_pages_show_pictures_where_they_show_an_image_each_in_its_spec():
    article = ArticleFactory(image=ImageFactory(file=photo()), is_featured=True)
    related = ArticleFactory.create_batch(2, image=ImageFactory(file=photo(colour=(10, 200, 10))))
    article.related_articles.set(related)
    person = PersonFactory(portrait=ImageFactory(file=photo((900, 900))))
    author = AuthorFactory(portrait=ImageFactory(file=photo((900, 1200))))
    organization = OrganizationFactory(logo_image=ImageFactory(file=photo((600, 600))))
    event = EventFactory(image=ImageFactory(file=photo(colour=(90, 90, 9))))
    client = Client()

    page = get_page(client, article.url_in("en"))
    lead = page.find("figure", class_="article__image").find("img")
    assert "/lead-1600x1067.jpg" in lead["src"] and lead["fetchpriority"] == "high"
    teasers = page.find("section", class_="related").find_all("img")
    assert len(teasers) == 2
    assert all("/card-" in img["src"] and img["loading"] == "lazy" and img["sizes"] == "6rem" for img in teasers)

    home = get_page(client, "/en/")
    first = home.find("img", class_="card__image")
    assert "/card-1200x800.jpg" in first["src"] and first["loading"] == "eager" and first["fetchpriority"] == "high"

    for obj in (person, author, organization):
        img = get_page(client, obj.get_absolute_url()).find("img", class_="profile__photo")
        assert "/square-" in img["src"] and img["alt"] == ""
        assert img["width"] == img["height"]
    event_img = get_page(client, event.get_absolute_url()).find("figure").find("img")
    assert "/lead-" in event_img["src"] and event_img["loading"] == "lazy"


def test_the_librarys_list_shows_each_image_by_its_thumb_rendition(client):
    image = ImageFactory(file=photo())
    client.force_login(EditorFactory())

    thumbnail = get_page(client, "/admin/images/image/").find("img", class_="image-thumbnail")

    assert thumbnail["src"] == f"/images/r/{image.pk}/{image.renditions_key}/thumb-240x160.webp"
    assert (thumbnail["width"], thumbnail["height"]) == ("240", "160")
    assert image.file.url not in thumbnail["src"]
