"""Renditions (newsroom/uploads/renditions.py): the sizes, crops and formats each layout gets, made
from real files as cameras, agencies and designers send them, with nothing of the original's
metadata but the credit and rights we write; and the `<picture>` that offers them."""

import io
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from newsroom.uploads.renditions import (
    SPECS,
    crop_box,
    encode,
    name_of,
    picture_html,
    plan,
    rendition_xmp,
    source_facts,
)
from tests.quality.conftest import vnu_jar  # noqa: F401
from tests.uploads.images import (
    CREDITS,
    PERSONAL,
    adobe_rgb_profile,
    cmyk_profile,
    metadata_of,
    photo_like,
    with_metadata,
)

ROOT = Path(__file__).resolve().parents[2]
OPENED = {"AVIF": "AVIF", "WEBP": "WEBP", "JPEG": "JPEG", "PNG": "PNG"}


def saved(image: Image.Image, image_format="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def made(data: bytes, planned=None, xmp=None) -> dict[str, bytes]:
    facts = source_facts(data)
    planned = planned if planned is not None else plan(facts.width, facts.height, has_alpha=facts.has_alpha)
    return {name_of(p): output for p, output in encode(data, planned, xmp=xmp)}


def test_each_spec_makes_its_widths_in_its_formats_and_every_file_is_what_its_name_says():
    renditions = made(saved(photo_like((2400, 1600)), quality=90))

    assert set(renditions) == {
        "thumb-240x160.webp",
        *(
            f"lead-{size}.{ending}"
            for size in ("480x320", "800x533", "1200x800", "1600x1067")
            for ending in ("avif", "webp", "jpg")
        ),
        *(f"card-{size}.{ending}" for size in ("400x267", "800x533", "1200x800") for ending in ("avif", "webp", "jpg")),
        "social-1200x630.jpg",
        *(
            f"square-{size}.{ending}"
            for size in ("160x160", "320x320", "640x640")
            for ending in ("avif", "webp", "jpg")
        ),
    }
    for name, data in renditions.items():
        size, ending = name.split("-")[1].split(".")
        image = opened(data)
        assert image.format == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}[ending], name
        assert image.size == tuple(int(side) for side in size.split("x")), name
        assert image.mode == "RGB", name
    # A photo's bytes: AVIF smallest, then WebP, then JPEG.
    assert len(renditions["lead-1200x800.avif"]) < len(renditions["lead-1200x800.webp"])
    assert len(renditions["lead-1200x800.webp"]) < len(renditions["lead-1200x800.jpg"])


def test_no_rendition_is_larger_than_its_crop_and_a_narrow_image_gets_one_at_its_own_width():
    planned = plan(700, 300)

    widths = {spec: sorted({p.width for p in planned if p.spec == spec}) for spec in SPECS}
    # lead: 480 fits, 800 not; card: its 3:2 crop is 450 wide; square: 300; social: 571 × 300.
    assert widths == {"thumb": [240], "lead": [480], "card": [400], "social": [571], "square": [160]}
    assert {name_of(p) for p in planned if p.spec == "social"} == {"social-571x300.jpg"}
    tiny = plan(100, 80)
    assert {name_of(p) for p in tiny if p.format != "AVIF" and p.format != "WEBP"} == {
        "lead-100x80.jpg",
        "card-100x67.jpg",
        "social-100x52.jpg",
        "square-80x80.jpg",
    }
    for p in planned + tiny:
        assert p.width <= p.box[2] - p.box[0] + 1e-9 and p.height <= p.box[3] - p.box[1] + 1e-9, p
    # Made, each file has the size planned: nothing was scaled up.
    for name, data in made(saved(photo_like((700, 300)))).items():
        assert f"{opened(data).width}x{opened(data).height}" in name


def dotted(size, dot, radius=14) -> bytes:
    """A grey picture with a red dot at `dot`: what the editor marked as the picture's point."""
    image = Image.new("RGB", size, (128, 128, 128))
    x, y = dot
    ImageDraw.Draw(image).ellipse((x - radius, y - radius, x + radius, y + radius), fill=(230, 0, 0))
    return saved(image, quality=95)


def shows_red(data: bytes) -> bool:
    image = opened(data).convert("RGB")
    return any(r > 150 and g < 90 and b < 90 for r, g, b in image.get_flattened_data())


def test_every_crop_keeps_the_focal_point_in_the_picture():
    width, height = 2000, 800
    photo = dotted((width, height), (int(width * 0.8), int(height * 0.2)))
    planned = plan(width, height, 80, 20)

    for p in planned:
        left, top, right, bottom = p.box
        assert left <= width * 0.8 <= right and top <= height * 0.2 <= bottom, name_of(p)
    renditions = made(photo, planned)
    assert all(shows_red(data) for data in renditions.values()), [n for n, d in renditions.items() if not shows_red(d)]
    # Centred, the square crop (600–1400 px across) would lose the dot at 1600.
    centred = made(photo, [p for p in plan(width, height) if name_of(p) == "square-640x640.jpg"])
    assert not shows_red(centred["square-640x640.jpg"])


def test_a_phone_photo_turned_by_its_exif_orientation_comes_out_upright():
    stored = Image.new("RGB", (600, 400), (40, 90, 160))
    ImageDraw.Draw(stored).rectangle((0, 0, 59, 59), fill=(230, 0, 0))  # the sensor's top left
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: the sensor's top left at the top right
    photo = saved(stored, exif=exif, quality=95)

    facts = source_facts(photo)
    assert (facts.width, facts.height) == (400, 600)
    renditions = made(photo)
    lead = opened(renditions["lead-400x600.jpg"])
    assert lead.size == (400, 600)
    assert lead.getpixel((390, 10))[0] > 200 and lead.getpixel((10, 10))[0] < 100
    assert opened(renditions["thumb-240x360.webp"]).size == (240, 360)
    with pytest.raises(ValueError, match="planned for"):
        list(encode(photo, plan(600, 400)))


def flat_colour_of(data: bytes) -> tuple[int, int, int]:
    image = opened(data).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


def near(colour, expected, tolerance=6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_an_adobe_rgb_photo_comes_out_in_srgb_without_a_profile():
    # Adobe RGB (50, 150, 100) is sRGB (0, 151, 97): through XYZ by both spaces' matrices and curves.
    photo = saved(Image.new("RGB", (900, 600), (50, 150, 100)), quality=95, icc_profile=adobe_rgb_profile())

    for name, data in made(photo).items():
        assert near(flat_colour_of(data), (0, 151, 97)), (name, flat_colour_of(data))
        assert not opened(data).info.get("icc_profile"), name


def test_a_cmyk_jpeg_for_print_comes_out_in_srgb_through_its_profile_or_without_one():
    cyan_ink = Image.new("CMYK", (900, 600), (255, 0, 0, 0))
    # Through the profile: its cyan ink, CIELAB (55, −37, −50), is sRGB (0, 151, 218).
    with_profile = made(saved(cyan_ink, quality=95, icc_profile=cmyk_profile()))
    # Without a profile, the inks are taken for RGB's complements: cyan.
    without = made(saved(cyan_ink, quality=95))

    for name, data in with_profile.items():
        assert opened(data).mode in ("RGB", "RGBA") and not opened(data).info.get("icc_profile"), name
        assert near(flat_colour_of(data), (0, 151, 218)), (name, flat_colour_of(data))
    for name, data in without.items():
        assert near(flat_colour_of(data), (0, 255, 255)), (name, flat_colour_of(data))


def logo(opaque=False) -> bytes:
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 255 if opaque else 0))
    ImageDraw.Draw(image).ellipse((200, 200, 600, 600), fill=(0, 90, 160, 255))
    return saved(image, "PNG")


def test_a_logos_transparency_is_kept_in_webp_avif_and_a_png_fallback_and_flattened_on_white_for_social():
    renditions = made(logo())

    assert source_facts(logo()).has_alpha
    assert "square-640x640.png" in renditions and "square-640x640.jpg" not in renditions
    for name in ("square-640x640.png", "square-640x640.webp", "square-640x640.avif", "thumb-240x240.webp"):
        image = opened(renditions[name])
        assert image.mode == "RGBA", name
        assert image.getpixel((5, 5))[3] <= 5, name  # the corner: see-through
        assert near(image.getpixel((image.width // 2, image.height // 2)), (0, 90, 160, 255)), name
    social = opened(renditions["social-800x420.jpg"])
    assert social.mode == "RGB" and near(social.getpixel((5, 5)), (255, 255, 255))
    # A PNG whose alpha channel is opaque everywhere is a photo: JPEG.
    assert not source_facts(logo(opaque=True)).has_alpha
    assert "square-640x640.jpg" in made(logo(opaque=True))


XMP_KEYS = {
    "Xmp.dc.creator": "Ana Pérez",
    "Xmp.dc.rights": 'lang="x-default" © 2026 Cuartoscuro & "Partners" <AP>',
    "Xmp.photoshop.Credit": "Cuartoscuro / AP",
    "Xmp.xmpRights.WebStatement": "https://creativecommons.org/licenses/by/4.0/",
    "Xmp.plus.Licensor": 'type="Seq"',
    "Xmp.plus.Licensor[1]": 'type="Struct"',
    "Xmp.plus.Licensor[1]/plus:LicensorURL": "https://cuartoscuro.example/licensing?photo=1&size=l",
    "Xmp.iptcExt.DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
}


def our_xmp() -> bytes:
    return rendition_xmp(
        credit="Cuartoscuro / AP",
        creator="Ana Pérez",
        copyright_notice='© 2026 Cuartoscuro & "Partners" <AP>',
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        licensor_url="https://cuartoscuro.example/licensing?photo=1&size=l",
        digital_source_type="trainedAlgorithmicMedia",
    )


def test_renditions_carry_no_gps_exif_iptc_or_profile_of_the_original_only_our_xmp():
    original = with_metadata(saved(photo_like((900, 600)), quality=90), {**CREDITS, **PERSONAL})
    assert "Exif.GPSInfo.GPSLatitude" in metadata_of(original)  # what there is to lose
    logo_with_text = with_metadata(logo(), {"Xmp.exif.GPSLatitude": "20,35.2N", "Exif.Image.Artist": "Ana"})
    xmp = our_xmp()

    outputs = {**made(original, xmp=xmp), **{f"logo {n}": d for n, d in made(logo_with_text, xmp=xmp).items()}}
    assert {name.rsplit(".", 1)[-1] for name in outputs} == {"avif", "webp", "jpg", "png"}
    for name, data in outputs.items():
        assert metadata_of(data) == XMP_KEYS, name
        info = opened(data).info
        assert info.get("xmp") in (xmp, xmp.decode()), name
        assert not info.get("exif") and not info.get("icc_profile"), name
        assert b"Canon" not in data and b"3012345" not in data, name
    # Without credit or rights, a rendition carries no metadata at all.
    assert rendition_xmp() is None
    for name, data in made(original).items():
        assert metadata_of(data) == {}, name


def test_the_digital_source_type_may_be_given_as_iptcs_whole_uri():
    uri = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    packet = rendition_xmp(digital_source_type=uri)

    (data,) = (output for _p, output in encode(saved(photo_like((300, 200))), plan(300, 200)[:1], xmp=packet))
    assert metadata_of(data) == {"Xmp.iptcExt.DigitalSourceType": uri}


@given(
    width=st.integers(1, 12_000),
    height=st.integers(1, 12_000),
    ratio=st.fractions(min_value=Fraction(1, 5), max_value=5).filter(lambda r: r > 0),
    focal_x=st.integers(0, 100),
    focal_y=st.integers(0, 100),
)
def test_a_crop_is_the_largest_box_of_its_ratio_inside_the_image_around_the_focal_point(
    width, height, ratio, focal_x, focal_y
):
    left, top, right, bottom = crop_box(width, height, ratio, focal_x, focal_y)

    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert (right - left) / (bottom - top) == pytest.approx(float(ratio), rel=1e-9)
    assert right - left == width or bottom - top == height
    assert left <= width * focal_x / 100 <= right and top <= height * focal_y / 100 <= bottom
    # Where no edge is in the way, the focal point is the crop's centre.
    if width * focal_x / 100 - (right - left) / 2 > 0 and width * focal_x / 100 + (right - left) / 2 < width:
        assert (left + right) / 2 == pytest.approx(width * focal_x / 100)


def lead_pictures(alt, **options):
    planned = [p for p in plan(3000, 2000) if p.spec == "lead"]
    return picture_html([(p, f"/media/renditions/ab/abcdef/{name_of(p)}") for p in planned], alt=alt, **options)


def test_the_picture_offers_avif_and_webp_sources_and_a_jpeg_image_with_its_size():
    html = lead_pictures("Assembly line at the Querétaro plant")

    picture = BeautifulSoup(html, "html.parser").picture
    avif, webp = picture.find_all("source")
    sizes = SPECS["lead"].sizes
    base = "/media/renditions/ab/abcdef/lead"
    assert avif["type"] == "image/avif" and webp["type"] == "image/webp"
    assert avif["srcset"] == f"{base}-480x320.avif 480w, {base}-800x533.avif 800w, " + (
        f"{base}-1200x800.avif 1200w, {base}-1600x1067.avif 1600w"
    )
    assert webp["srcset"].endswith(f"{base}-1600x1067.webp 1600w") and avif["sizes"] == webp["sizes"] == sizes
    image = picture.img
    assert image["src"] == f"{base}-1600x1067.jpg" and image["srcset"].startswith(f"{base}-480x320.jpg 480w, ")
    assert (image["width"], image["height"], image["sizes"]) == ("1600", "1067", sizes)
    assert (image["loading"], image["decoding"]) == ("lazy", "async")
    assert "fetchpriority" not in image.attrs and "lang" not in image.attrs


def test_the_lead_picture_loads_at_once_and_an_alt_text_is_escaped_and_marked_with_its_language():
    html = lead_pictures(
        'Tere Jiménez & "JICA" <script>alert(1)</script>', loading="eager", fetchpriority="high", lang="es"
    )

    assert "<script>" not in html and "&amp; &quot;JICA&quot; &lt;script&gt;" in html
    image = BeautifulSoup(html, "html.parser").img
    assert image["alt"] == 'Tere Jiménez & "JICA" <script>alert(1)</script>'
    assert (image["loading"], image["fetchpriority"], image["lang"]) == ("eager", "high", "es")


def test_a_logo_falls_back_to_png_a_thumbnail_is_webp_alone_and_a_decorative_picture_has_an_empty_alt():
    logo_planned = [p for p in plan(800, 800, has_alpha=True) if p.spec == "square"]
    thumb_planned = [p for p in plan(800, 800) if p.spec == "thumb"]

    logo_html = BeautifulSoup(picture_html([(p, f"/m/{name_of(p)}") for p in logo_planned], alt=""), "html.parser")
    thumb_html = BeautifulSoup(picture_html([(p, f"/m/{name_of(p)}") for p in thumb_planned], alt="x"), "html.parser")
    assert logo_html.img["src"] == "/m/square-640x640.png" and logo_html.img["alt"] == ""
    assert [s["type"] for s in logo_html.find_all("source")] == ["image/avif", "image/webp"]
    assert logo_html.img["sizes"] == "10rem"
    assert thumb_html.find_all("source") == [] and thumb_html.img["srcset"] == "/m/thumb-240x240.webp 240w"
    assert thumb_html.img["sizes"] == "240px"


def test_every_picture_is_valid_html(vnu_jar, tmp_path):  # noqa: F811
    pictures = [
        lead_pictures("Planta <Querétaro> & Co"),
        lead_pictures("Ein Werk", loading="eager", fetchpriority="high", lang="de"),
        *(
            picture_html([(p, f"/m/{name_of(p)}") for p in plan(800, 800, has_alpha=True) if p.spec == spec], alt="")
            for spec in SPECS
        ),
    ]
    page = tmp_path / "pictures.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pictures</title></head><body>'
        + "\n".join(pictures)
        + "</body></html>"
    )
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m["message"] for m in messages] == []
    # The checker does find a fault: an <img> with `srcset` … w but no `sizes`.
    page.write_text(page.read_text().replace(' sizes="10rem"', "", 1))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stderr or result.stdout)["messages"] != []


def test_planning_and_markup_load_no_pillow():
    script = (
        "import sys; from newsroom.uploads import renditions as r; "
        "r.picture_html([(p, '/m/' + p.name) for p in r.plan(4000, 3000, 30, 70)], alt='x'); "
        "print('PIL' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
