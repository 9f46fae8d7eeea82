"""What an uploaded image must be, through the admin's own forms, with real files of each kind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import number_format
from PIL import Image, features

from newsroom.images.models import Image as LibraryImage
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from tests.factories import EditorFactory
from tests.pages import open_form, parse
from tests.uploads.images import (
    BROKEN_XMP,
    CREDITS,
    EXTENDED_GPS,
    PERSONAL,
    PLACE,
    SVG,
    animated,
    before_frame,
    c2pa_manifest,
    first_picture,
    huge_png,
    image_bytes,
    iptc_datasets,
    jpeg_scan,
    metadata_of,
    motion_photo_trailer,
    multi_picture,
    photo_bytes,
    photoshop_resources,
    photoshop_thumbnail,
    png_with_text_bomb,
    segment_of,
    with_extended_xmp,
    with_metadata,
    with_png_chunk,
    with_segment,
    with_webp_chunk,
    with_xmp_packet,
)

pytestmark = pytest.mark.django_db

IMAGE_ADD = "/admin/images/image/add/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory(username="editor"))
    return client


def add_image(client, name: str, data: bytes, alt: str = "Ana Pérez at her desk"):
    """Open the library's add form as an editor would, describe the image, choose the file, save."""
    _page, form = open_form(client, IMAGE_ADD, "image_form")
    form["alt_en"] = [alt]
    return client.post(IMAGE_ADD, {**form, "file": SimpleUploadedFile(name, data)})


def field_errors(response, field: str) -> list[str]:
    page = parse(response)
    return [item.text for item in page.find_all("ul", class_="errorlist", id=f"id_{field}_error")]


def refused_with(response, field="file") -> str:
    assert response.status_code == 200, f"the form was accepted ({response.status_code})"
    errors = field_errors(response, field)
    assert errors, "no error on the field"
    assert not LibraryImage.objects.exists()
    return " ".join(errors)


def stored(image: LibraryImage) -> bytes:
    with image.file.open("rb") as file:
        return file.read()


ACCEPTED = [
    ("agency-photo.jpg", lambda: photo_bytes(), "JPEG"),
    ("chart.png", lambda: image_bytes("PNG"), "PNG"),
    ("plant.webp", lambda: image_bytes("WEBP"), "WEBP"),
]
if features.check("avif"):
    ACCEPTED.append(("render.avif", lambda: image_bytes("AVIF"), "AVIF"))


@pytest.mark.parametrize(("name", "make", "image_format"), ACCEPTED, ids=[case[2] for case in ACCEPTED])
def test_each_accepted_format_is_stored_as_uploaded(editor_client, name, make, image_format):
    data = make()
    response = add_image(editor_client, name, data)
    assert response.status_code == 302, field_errors(response, "file")
    image_row = LibraryImage.objects.get()
    assert image_row.original_name == name
    assert stored(image_row) == data  # nothing to remove: the very bytes
    with Image.open(image_row.file.path) as image:
        assert image.format == image_format


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("scan.bmp", image_bytes("BMP"), "BMP files are not accepted. Accepted formats: JPEG, PNG, WebP"),
        ("scan.tif", image_bytes("TIFF"), "TIFF files are not accepted."),
        ("logo.gif", image_bytes("GIF"), "GIF images are not accepted: save a graphic as PNG, a photo as JPEG."),
        ("disguised.png", image_bytes("BMP"), "BMP files are not accepted."),
        ("logo.svg", SVG, "SVG drawings are not accepted: they can carry scripts."),
        ("logo.png", SVG, "SVG drawings are not accepted"),
        ("notes.jpg", b"Meeting notes, not a photo.\n" * 40, "This file is not an image we can read."),
        ("empty.jpg", b"", "The submitted file is empty."),
    ],
    ids=["bmp", "tiff", "gif", "bmp-named-png", "svg", "svg-named-png", "text", "zero-bytes"],
)
def test_files_of_other_kinds_are_refused_with_what_they_are_and_what_is_accepted(editor_client, name, data, expected):
    message = refused_with(add_image(editor_client, name, data))
    assert expected in message


def test_a_file_whose_name_says_another_format_is_refused_not_renamed(editor_client):
    message = refused_with(add_image(editor_client, "portrait.png", image_bytes("JPEG")))
    assert "The file's name ends in .png, but its content is JPEG. Rename it to end in .jpg" in message


def test_a_file_without_an_ending_is_named_for_what_it_is(editor_client):
    response = add_image(editor_client, "portrait", image_bytes("JPEG"))
    assert response.status_code == 302
    assert LibraryImage.objects.get().original_name == "portrait.jpg"


def test_a_heic_photo_from_a_phone_gets_told_to_export_it_as_jpeg(editor_client):
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    message = refused_with(add_image(editor_client, "IMG_0042.HEIC", heic))
    assert "HEIC photos are not accepted: export the photo as JPEG" in message


@pytest.mark.parametrize("image_format", ["GIF", "WEBP", "PNG"])
def test_animated_images_are_refused(editor_client, image_format):
    name = {"GIF": "spinner.gif", "WEBP": "spinner.webp", "PNG": "spinner.png"}[image_format]
    message = refused_with(add_image(editor_client, name, animated(image_format)))
    if image_format == "GIF":
        assert "GIF images are not accepted" in message
    else:
        assert "Animated images are not accepted" in message


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [(8000, 8000, "64.0"), (11000, 8000, "88.0"), (20000, 20000, None)],
    ids=["64-megapixels", "88-megapixels", "400-megapixel-bomb"],
)
def test_images_over_the_megapixel_limit_are_refused_before_they_are_decoded(editor_client, width, height, megapixels):
    data = huge_png(width, height)
    assert len(data) < 1_000_000  # a few kilobytes that would decode to hundreds of megabytes
    message = refused_with(add_image(editor_client, "bomb.png", data))
    if megapixels:
        assert (
            f"The image has {megapixels} megapixels ({width:,} × {height:,} pixels); at most 50 are accepted."
            in message
        )
    else:
        assert "The image has far more than 50 megapixels." in message


def test_a_photo_from_a_45_megapixel_press_camera_is_accepted(editor_client):
    image = Image.new("L", (8256, 5504), 128)  # Nikon Z 9
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    response = add_image(editor_client, "z9.jpg", buffer.getvalue())
    assert response.status_code == 302, field_errors(response, "file")


def test_a_file_over_the_byte_limit_is_refused_with_its_size_and_the_limit(editor_client, settings):
    settings.IMAGE_MAX_MEGABYTES = 1
    data = photo_bytes((1600, 1200), quality=95)
    assert len(data) > 1_000_000
    message = refused_with(add_image(editor_client, "big.jpg", data))
    shown = number_format(len(data) / 1_000_000, 1)  # megabytes of 10^6 bytes, as file managers count
    assert f"The file is {shown} MB; at most 1.0 MB are accepted" in message


def test_an_agency_photo_of_15_megabytes_is_accepted(editor_client):
    data = photo_bytes((6000, 4000), quality=92)
    assert len(data) > 12 * 1024 * 1024
    response = add_image(editor_client, "AFP_2026_0415.jpg", data)
    assert response.status_code == 302, field_errors(response, "file")


TRUNCATED = ["JPEG", "PNG", "WEBP"] + (["AVIF"] if features.check("avif") else [])


@pytest.mark.parametrize("image_format", TRUNCATED)
def test_a_truncated_image_is_refused_as_damaged(editor_client, image_format):
    data = photo_bytes((800, 600), image_format=image_format)
    name = {"JPEG": "cut.jpg", "PNG": "cut.png", "WEBP": "cut.webp", "AVIF": "cut.avif"}[image_format]
    message = refused_with(add_image(editor_client, name, data[: len(data) * 2 // 3]))
    assert "The image is damaged or incomplete (perhaps its upload was cut off). Upload it again." in message


def test_a_png_whose_text_unpacks_to_64_megabytes_is_refused(editor_client):
    message = refused_with(add_image(editor_client, "chart.png", png_with_text_bomb()))
    assert "This file is not an image we can read." in message


def test_messages_are_in_the_users_language(editor_client):
    editor_client.cookies["django_language"] = "de"
    message = refused_with(add_image(editor_client, "scan.bmp", image_bytes("BMP")))
    assert "BMP-Dateien werden nicht angenommen. Angenommene Formate: JPEG, PNG, WebP" in message


# Personal metadata


def test_gps_serial_numbers_owner_names_and_maker_notes_are_removed_and_credits_kept(editor_client):
    original = with_metadata(
        photo_bytes(),
        {**CREDITS, **PERSONAL},
        comment="Shot from my flat, Calle Hidalgo 5",
        thumbnail=image_bytes("JPEG", (160, 100), "red"),
    )
    response = add_image(editor_client, "cuartoscuro.jpg", original)
    assert response.status_code == 302, field_errors(response, "file")
    kept = stored(LibraryImage.objects.get())
    fields = metadata_of(kept)
    for key, value in CREDITS.items():
        assert value in fields[key], key
    assert not [key for key in fields if "GPS" in key or "Serial" in key or "Owner" in key]
    assert not [key for key in fields if key.startswith(("Exif.Canon", "Exif.MakerNote", "Exif.Thumbnail"))]
    assert "Exif.Photo.MakerNote" not in fields and "Iptc.Application2.Contact" not in fields
    assert "Exif.Image.HostComputer" not in fields and "comment" not in fields
    assert jpeg_scan(kept) == jpeg_scan(original)  # the pixels as uploaded, not re-encoded


def test_gps_in_adobes_extended_xmp_is_removed_too(editor_client):
    original = with_extended_xmp(with_metadata(photo_bytes(), CREDITS), EXTENDED_GPS)
    response = add_image(editor_client, "lightroom-export.jpg", original)
    assert response.status_code == 302, field_errors(response, "file")
    kept = stored(LibraryImage.objects.get())
    assert b"GPSLatitude" not in kept and b"xmp/extension" not in kept
    assert metadata_of(kept)["Iptc.Application2.Credit"] == "Cuartoscuro"
    assert jpeg_scan(kept) == jpeg_scan(original)


def stored_after_upload(client, name: str, data: bytes) -> bytes:
    response = add_image(client, name, data)
    assert response.status_code == 302, field_errors(response, "file")
    return stored(LibraryImage.objects.get())


def test_a_motion_photos_video_after_the_jpegs_end_goes_with_the_place_it_was_filmed(editor_client):
    photo = with_metadata(photo_bytes(), CREDITS)
    kept = stored_after_upload(editor_client, "20260415_093012.jpg", photo + motion_photo_trailer())
    assert PLACE not in kept and b"MotionPhoto_Data" not in kept and b"SEFT" not in kept
    assert metadata_of(kept)["Iptc.Application2.Credit"] == "Cuartoscuro"
    assert jpeg_scan(kept) == jpeg_scan(photo)  # the same pixels, and nothing after their end


@pytest.mark.parametrize(
    ("marker", "payload"),
    [
        (0xE4, b"QTI Debug\x00gps=20.5867,-100.3897;owner=Ana P\xc3\xa9rez;device=SM-S928B"),
        (0xEB, c2pa_manifest()),
    ],
    ids=["APP4-vendor", "APP11-C2PA"],
)
def test_segments_of_a_jpeg_not_on_the_list_go_with_the_place_they_carry(editor_client, marker, payload):
    photo = with_metadata(photo_bytes(), CREDITS)
    kept = stored_after_upload(editor_client, "cuartoscuro.jpg", with_segment(photo, marker, payload))
    assert b"20.5867" not in kept and b"20,35.2N" not in kept
    assert bytes((0xFF, marker)) + payload[:2] not in kept
    fields = metadata_of(kept)
    assert fields["Iptc.Application2.Credit"] == "Cuartoscuro" and fields["Exif.Image.Artist"] == "Ana Pérez"
    assert jpeg_scan(kept) == jpeg_scan(photo)


def test_a_second_exif_and_xmp_segment_which_libexiv2_does_not_read_go_too(editor_client):
    photo = with_metadata(photo_bytes(), CREDITS)
    camera = with_metadata(image_bytes("JPEG"), PERSONAL)
    second = segment_of(camera, 0xE1, b"Exif\x00\x00") + segment_of(camera, 0xE1, b"http://ns.adobe.com/xap/1.0/")
    kept = stored_after_upload(editor_client, "re-edited-on-the-phone.jpg", before_frame(photo, second))
    fields = metadata_of(kept)
    assert fields["Exif.Image.Artist"] == "Ana Pérez" and fields["Xmp.dc.creator"] == "Ana Pérez"
    assert b"20,35.2N" not in kept and b"3012345" not in kept  # XMP's GPS, the serial number in both
    assert kept.count(b"Exif\x00\x00") == 1 and kept.count(b"http://ns.adobe.com/xap/1.0/\x00") == 1
    assert jpeg_scan(kept) == jpeg_scan(photo)


def test_photoshops_thumbnail_of_the_uncropped_photo_goes_and_its_iptc_credits_stay(editor_client):
    uncropped = image_bytes("JPEG", (160, 100), "red")
    iptc = iptc_datasets({(1, 90): b"\x1b%G", (2, 80): "Ana Pérez".encode(), (2, 110): b"Cuartoscuro"})
    photo = photo_bytes()
    original = with_segment(photo, 0xED, photoshop_resources({0x0404: iptc, 0x040C: photoshop_thumbnail(uncropped)}))
    kept = stored_after_upload(editor_client, "cropped-in-photoshop.jpg", original)
    assert uncropped not in kept and b"8BIM\x04\x0c" not in kept
    fields = metadata_of(kept)
    assert fields["Iptc.Application2.Byline"] == "Ana Pérez" and fields["Iptc.Application2.Credit"] == "Cuartoscuro"
    assert jpeg_scan(kept) == jpeg_scan(photo)


@pytest.mark.parametrize(("image_format", "name"), [("JPEG", "caption-tool.jpg"), ("PNG", "caption-tool.png")])
def test_an_xmp_packet_too_broken_to_read_goes_with_the_place_in_it(editor_client, image_format, name):
    credits = {key: value for key, value in CREDITS.items() if not key.startswith("Xmp.")}
    image = with_metadata(photo_bytes() if image_format == "JPEG" else image_bytes("PNG"), credits)
    kept = stored_after_upload(editor_client, name, with_xmp_packet(image, BROKEN_XMP))
    assert b"GPSLatitude" not in kept and b"20,35.2N" not in kept
    assert metadata_of(kept)["Exif.Image.Copyright"] == "Cuartoscuro 2026"
    if image_format == "JPEG":
        assert metadata_of(kept)["Iptc.Application2.Credit"] == "Cuartoscuro"
        assert jpeg_scan(kept) == jpeg_scan(image)


def test_a_png_loses_chunks_not_on_the_list_and_what_a_cropping_tool_left_after_its_end(editor_client):
    png = with_metadata(image_bytes("PNG"), CREDITS)
    # An unknown chunk with the place, then, as Google's Markup and Windows' Snipping Tool left them
    # (aCropalypse), the rest of the uncropped screenshot after the end.
    original = with_png_chunk(png, b"loCa", b"Calle Hidalgo 5, " + PLACE) + b"\x00" * 64 + b"IDAT" + PLACE
    kept = stored_after_upload(editor_client, "chart.png", original)
    assert PLACE not in kept and b"loCa" not in kept
    assert kept.endswith(b"IEND\xaeB`\x82")
    assert metadata_of(kept)["Iptc.Application2.Credit"] == "Cuartoscuro"
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()


def test_a_webp_loses_chunks_not_on_the_list_and_what_follows_its_end(editor_client):
    webp = with_metadata(image_bytes("WEBP"), CREDITS)
    original = with_webp_chunk(webp, b"LOCA", b"Calle Hidalgo 5, " + PLACE) + b"trailer " + PLACE
    kept = stored_after_upload(editor_client, "plant.webp", original)
    assert PLACE not in kept and b"LOCA" not in kept
    assert int.from_bytes(kept[4:8], "little") == len(kept) - 8  # the RIFF size, what it holds
    assert metadata_of(kept)["Xmp.photoshop.Credit"] == "Cuartoscuro"
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(webp)) as before:
        assert image.tobytes() == before.tobytes()


@pytest.mark.parametrize(
    ("name", "stored_as"),
    [("DSCF0042.JPG", "DSCF0042.JPG"), ("DSCF0042.MPO", "DSCF0042.jpg"), ("DSCF0042", "DSCF0042.jpg")],
    ids=["named-jpg", "named-mpo", "no-ending"],
)
def test_a_cameras_multi_picture_jpeg_is_stored_as_its_first_picture(editor_client, name, stored_as):
    camera = Image.open(io.BytesIO(with_metadata(image_bytes("JPEG"), {**CREDITS, **PERSONAL})))
    original = multi_picture(camera.getexif().tobytes())
    response = add_image(editor_client, name, original)
    assert response.status_code == 302, field_errors(response, "file")
    image_row = LibraryImage.objects.get()
    assert image_row.original_name == stored_as
    kept = stored(image_row)
    with Image.open(io.BytesIO(kept)) as image:
        assert (image.format, getattr(image, "n_frames", 1), image.size) == ("JPEG", 1, (1200, 800))
    assert jpeg_scan(kept) == jpeg_scan(first_picture(original))  # the first picture's pixels, no second one
    assert b"MPF\x00" not in kept
    fields = metadata_of(kept)
    assert fields["Exif.Image.Copyright"] == "Cuartoscuro 2026"  # the first picture's credit kept
    assert not [key for key in fields if "GPS" in key or "Serial" in key]


@pytest.mark.parametrize(("image_format", "name"), [("PNG", "chart.png"), ("WEBP", "plant.webp")])
def test_png_and_webp_lose_their_gps_too(editor_client, image_format, name):
    original = with_metadata(image_bytes(image_format), {**CREDITS, **PERSONAL})
    response = add_image(editor_client, name, original)
    assert response.status_code == 302, field_errors(response, "file")
    kept = stored(LibraryImage.objects.get())
    fields = metadata_of(kept)
    assert fields["Exif.Image.Copyright"] == CREDITS["Exif.Image.Copyright"]
    assert fields["Xmp.photoshop.Credit"] == "Cuartoscuro"
    assert not [key for key in fields if "GPS" in key or "Serial" in key or "Owner" in key]
    with Image.open(stored_path()) as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()


def stored_path():
    return LibraryImage.objects.get().file.path


def test_png_text_chunks_other_than_credits_and_caption_are_removed(editor_client):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ana Pérez")
    info.add_text("Copyright", "Cuartoscuro")
    info.add_text("Description", "Línea de ensamble en Querétaro")  # Latin-1, as a tEXt chunk holds it
    info.add_text("Comment", "Shot from my flat, Calle Hidalgo 5")
    info.add_itxt("Software", "Photoshop on ana-macbook")
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "teal").save(buffer, "PNG", pnginfo=info)
    response = add_image(editor_client, "chart.png", buffer.getvalue())
    assert response.status_code == 302, field_errors(response, "file")
    with Image.open(stored_path()) as image:
        assert image.text == {
            "Author": "Ana Pérez",
            "Copyright": "Cuartoscuro",
            "Description": "Línea de ensamble en Querétaro",
        }


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow reads no AVIF")
def test_an_avif_carrying_gps_is_refused_since_it_cannot_be_cleaned(editor_client):
    source = Image.open(io.BytesIO(with_metadata(image_bytes("JPEG"), PERSONAL)))
    buffer = io.BytesIO()
    source.save(buffer, "AVIF", exif=source.getexif().tobytes())
    message = refused_with(add_image(editor_client, "render.avif", buffer.getvalue()))
    assert "This AVIF image carries metadata (such as where it was taken" in message


@pytest.mark.parametrize(
    ("url", "form_id", "field", "typed", "model"),
    [
        ("/admin/people/person/add/", "person_form", "portrait", {"name": "Carmen Hernández"}, Person),
        (
            "/admin/organizations/organization/add/",
            "organization_form",
            "logo_image",
            {"name_en": "Querétaro Aerospace Cluster", "kind": "cluster"},
            Organization,
        ),
    ],
    ids=["person-portrait", "organization-logo"],
)
def test_every_image_comes_through_the_library_and_its_rules(editor_client, url, form_id, field, typed, model):
    page, form = open_form(editor_client, url, form_id)
    # No file input of their own: one upload form, with one set of rules, for every picture.
    assert not page.find_all("input", type="file")
    photo = with_metadata(image_bytes("JPEG"), {**CREDITS, **PERSONAL})
    assert add_image(editor_client, "portrait.jpg", photo).status_code == 302
    image = LibraryImage.objects.get()
    form.update({name: [value] for name, value in typed.items()})
    response = editor_client.post(url, {**form, field: [str(image.pk)]})
    assert response.status_code == 302, field_errors(response, field)
    assert getattr(model.objects.get(), field) == image
    fields = metadata_of(stored(image))
    assert fields["Iptc.Application2.Credit"] == "Cuartoscuro"
    assert not [key for key in fields if "GPS" in key]
