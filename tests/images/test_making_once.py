"""Renditions are made once, stored, and found again: by the worker after a save, or on the first
request through the making view; never twice by two makers at once, and a killed maker's claim is
taken over. The sweep deletes what no page links any more and what readers may no longer see."""

import datetime
import io
import threading
import time

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone
from PIL import Image as Picture

from newsroom.images import renditions
from newsroom.images.models import Image, Rendition
from newsroom.images.tasks import sweep_renditions
from newsroom.uploads import renditions as pipeline
from newsroom.worker.testing import run_tasks
from tests.factories import ArticleFactory, ImageFactory
from tests.pages import get_page

pytestmark = pytest.mark.django_db

MEDIA = "/media/renditions/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo(size=(2400, 1600), colour=(30, 90, 160)) -> ContentFile:
    buffer = io.BytesIO()
    Picture.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name="plant.jpg")


def stored(image: Image, name: str, key: str | None = None) -> bool:
    return storages["renditions"].exists(renditions.path_of(key or image.renditions_key, name))


def making_url(image: Image, name: str) -> str:
    return f"/images/r/{image.pk}/{image.renditions_key}/{name}"


def test_the_worker_makes_each_specs_renditions_in_their_sizes_and_formats_and_the_image_is_ready():
    image = ImageFactory(file=photo(), credit_en="Photo: Cuartoscuro", creator="Ana Ruiz")
    assert not image.renditions_ready

    assert run_tasks() == 1

    image.refresh_from_db()
    assert image.renditions_ready
    names = sorted(Rendition.objects.filter(image=image, made_at__isnull=False).values_list("name", flat=True))
    assert names == sorted(
        [
            "thumb-240x160.webp",
            *(f"lead-{w}x{h}.{e}" for w, h in ((480, 320), (800, 533), (1200, 800), (1600, 1067)) for e in EXTS),
            *(f"card-{w}x{h}.{e}" for w, h in ((400, 267), (800, 533), (1200, 800)) for e in EXTS),
            "social-1200x630.jpg",
            *(f"square-{w}x{w}.{e}" for w in (160, 320, 640) for e in EXTS),
        ]
    )
    for name in names:
        with storages["renditions"].open(renditions.path_of(image.renditions_key, name)) as file:
            data = file.read()
        picture = Picture.open(io.BytesIO(data))
        width, height = (int(n) for n in name.split("-")[1].split(".")[0].split("x"))
        assert picture.size == (width, height), name
        assert picture.format == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}[name.rsplit(".", 1)[1]]
        # Only our own XMP: the credit, nothing of the original's.
        assert b"Photo: Cuartoscuro" in data and b"Ana Ruiz" in data, name
    assert Rendition.objects.get(image=image, name="social-1200x630.jpg").size_bytes > 0


EXTS = ("avif", "webp", "jpg")


def test_a_saved_image_whose_focal_point_moves_gets_a_new_key_and_a_new_set():
    image = ImageFactory(file=photo())
    run_tasks()
    old_key = Image.objects.get(pk=image.pk).renditions_key

    image.focal_x = 80
    image.save()

    assert image.renditions_key != old_key and not image.renditions_ready
    assert run_tasks() == 1
    image.refresh_from_db()
    assert image.renditions_ready
    assert stored(image, "card-400x267.jpg") and stored(image, "card-400x267.jpg", key=old_key)


def test_a_text_change_keeps_the_key_and_enqueues_nothing():
    image = ImageFactory(file=photo())
    run_tasks()
    key = Image.objects.get(pk=image.pk).renditions_key

    image.caption_en = "Another caption"
    image.save()

    assert Image.objects.get(pk=image.pk).renditions_key == key
    assert run_tasks() == 0


def test_the_making_view_makes_the_rendition_asked_for_and_redirects_to_it():
    image = ImageFactory(file=photo())

    response = Client().get(making_url(image, "card-800x533.avif"))

    assert response.status_code == 302
    assert response["Location"] == f"{MEDIA}{image.renditions_key[:2]}/{image.renditions_key}/card-800x533.avif"
    assert "no-store" in response["Cache-Control"]
    assert stored(image, "card-800x533.avif")
    picture = Picture.open(storages["renditions"].open(renditions.path_of(image.renditions_key, "card-800x533.avif")))
    assert (picture.format, picture.size) == ("AVIF", (800, 533))
    # Only what was asked for; the set is the worker's.
    assert list(Rendition.objects.values_list("name", flat=True)) == ["card-800x533.avif"]
    assert not Image.objects.get(pk=image.pk).renditions_ready

    # Asked again: the stored one, not made again.
    made_at = Rendition.objects.get().made_at
    assert Client().get(making_url(image, "card-800x533.avif")).status_code == 302
    assert Rendition.objects.get().made_at == made_at


def test_the_making_view_finds_nothing_for_another_key_or_a_name_the_image_has_not():
    image = ImageFactory(file=photo())
    client = Client()

    assert client.get(f"/images/r/{image.pk}/{'0' * 20}/card-800x533.avif").status_code == 404
    assert client.get(making_url(image, "card-801x534.avif")).status_code == 404
    assert client.get(making_url(image, "card-800x533.gif")).status_code == 404
    assert client.get(f"/images/r/{image.pk + 1}/{image.renditions_key}/card-800x533.avif").status_code == 404
    assert not Rendition.objects.exists()


def test_the_making_view_says_gone_once_the_images_licence_ended():
    image = ImageFactory(file=photo(), licence_last_day=timezone.localdate() - datetime.timedelta(days=1))

    response = Client().get(making_url(image, "card-400x267.jpg"))

    assert response.status_code == 410
    assert not Rendition.objects.exists()


def test_the_making_view_is_never_kept_by_the_page_cache():
    image = ImageFactory(file=photo())
    url = making_url(image, "thumb-240x160.webp")
    Client().get(url)
    storages["renditions"].delete(renditions.path_of(image.renditions_key, "thumb-240x160.webp"))
    Rendition.objects.all().delete()

    assert Client().get(url).status_code == 302
    assert stored(image, "thumb-240x160.webp")


@pytest.fixture
def slow_encoder(monkeypatch):
    """Each rendition takes half a second to encode; counts how many are encoded, and says when the
    first encoding began."""
    calls = []
    began = threading.Event()
    real = pipeline.saved

    def slowly(*args, **kwargs):
        calls.append(args[1].name)
        began.set()
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "saved", slowly)
    return calls, began


def in_threads(*works) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(work):
        try:
            work()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_a_rendition_once_and_both_are_redirected_to_it(slow_encoder):
    calls, began = slow_encoder
    image = ImageFactory(file=photo())
    url = making_url(image, "lead-1600x1067.avif")
    responses = []

    def first():
        responses.append(Client().get(url))

    def second():
        # While the first request encodes: the claim is held, the file not stored yet.
        assert began.wait(10)
        responses.append(Client().get(url))

    assert in_threads(first, second) == []

    assert calls == ["lead-1600x1067.avif"]
    assert [r.status_code for r in responses] == [302, 302]
    assert (
        responses[0]["Location"]
        == responses[1]["Location"]
        == f"{MEDIA}{renditions.path_of(image.renditions_key, 'lead-1600x1067.avif')[11:]}"
    )
    assert Rendition.objects.get().made_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_worker_and_a_request_at_once_make_each_rendition_once(slow_encoder, monkeypatch):
    calls, began = slow_encoder
    image = ImageFactory(file=photo((800, 600)))
    planned = len(renditions.planned(image))
    responses = []

    def request():
        assert began.wait(10)
        responses.append(Client().get(making_url(image, "square-160x160.webp")))

    assert in_threads(run_tasks, request) == []

    assert sorted(calls) == sorted(p.name for p in renditions.planned(image))
    assert len(calls) == planned
    assert responses[0].status_code == 302
    assert Image.objects.get(pk=image.pk).renditions_ready


def test_a_claim_a_killed_maker_left_is_taken_over_after_a_minute(monkeypatch):
    monkeypatch.setattr(renditions, "WAIT_SECONDS", 0.3)
    image = ImageFactory(file=photo())
    url = making_url(image, "card-400x267.webp")
    now = timezone.now()
    Rendition.objects.create(image=image, key=image.renditions_key, name="card-400x267.webp", claimed_at=now)

    with time_machine.travel(now + datetime.timedelta(seconds=30), tick=False):
        response = Client().get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert not stored(image, "card-400x267.webp")

    with time_machine.travel(now + datetime.timedelta(seconds=61), tick=False):
        assert Client().get(url).status_code == 302
    assert stored(image, "card-400x267.webp")
    assert Rendition.objects.get().made_at is not None


def test_a_maker_that_fails_frees_its_claims_for_the_next(monkeypatch):
    image = ImageFactory(file=photo())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "saved", broken)
    with pytest.raises(OSError):
        renditions.make_all(image)
    assert not Rendition.objects.exists()

    monkeypatch.undo()
    assert renditions.make_all(image) == len(renditions.planned(image))


def test_a_page_links_the_making_view_until_the_worker_made_the_set_then_the_stored_files():
    article = ArticleFactory(image=ImageFactory(file=photo()))
    image = article.image

    before = get_page(Client(), article.url_in("en")).find("figure", class_="article__image")
    assert before.find("img")["src"] == making_url(image, "lead-1600x1067.jpg")

    run_tasks()

    after = get_page(Client(), article.url_in("en")).find("figure", class_="article__image")
    assert after.find("img")["src"] == f"{MEDIA}{image.renditions_key[:2]}/{image.renditions_key}/lead-1600x1067.jpg"
    assert all(source["srcset"].startswith(MEDIA) for source in after.find_all("source"))


def test_the_sweep_deletes_an_old_keys_files_and_an_ended_licences_and_an_extended_licence_brings_them_back():
    image = ImageFactory(file=photo((900, 600)))
    run_tasks()
    old_key = Image.objects.get(pk=image.pk).renditions_key
    image.focal_y = 10
    image.save()
    run_tasks()

    sweep_renditions.call()

    assert not stored(image, "card-400x267.jpg", key=old_key)
    assert not Rendition.objects.filter(key=old_key).exists()
    assert stored(image, "card-400x267.jpg")

    image.licence_last_day = timezone.localdate() - datetime.timedelta(days=1)
    image.save()
    sweep_renditions.call()

    assert not Rendition.objects.exists()
    assert not stored(image, "card-400x267.jpg")
    assert not Image.objects.get(pk=image.pk).renditions_ready

    image.licence_last_day = timezone.localdate() + datetime.timedelta(days=30)
    image.save()
    sweep_renditions.call()
    assert run_tasks() == 1  # the sweep enqueued the set on the worker's queue "images"

    assert stored(image, "card-400x267.jpg")
    assert Image.objects.get(pk=image.pk).renditions_ready


def test_make_renditions_makes_the_sets_not_ready_and_with_all_what_the_storage_lost():
    first, second = ImageFactory(file=photo()), ImageFactory(file=photo(colour=(200, 10, 10)))
    out = io.StringIO()

    call_command("make_renditions", stdout=out)

    assert "2 images looked at" in out.getvalue()
    assert all(image.renditions_ready for image in Image.objects.all())
    # A restore without the renditions (backups leave them out).
    storages["renditions"].delete(renditions.path_of(first.renditions_key, "lead-800x533.webp"))

    call_command("make_renditions", "--image", str(second.pk), stdout=io.StringIO())
    assert not stored(first, "lead-800x533.webp")
    call_command("make_renditions", "--all", stdout=out)
    assert stored(first, "lead-800x533.webp")
    assert "1 renditions made" in out.getvalue().splitlines()[-1]


def test_the_making_view_finds_nothing_when_the_original_is_gone_from_the_storage():
    image = ImageFactory(file=photo())
    image.file.storage.delete(image.file.name)

    assert Client().get(making_url(image, "card-400x267.jpg")).status_code == 404
    assert not Rendition.objects.exists()
