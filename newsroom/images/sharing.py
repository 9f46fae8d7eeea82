"""The one rendition of an image that machines are given — OpenGraph and Twitter cards, JSON-LD,
ninjs, feeds — with its size, computed from the image's row (no file, no query)."""

from dataclasses import dataclass

from newsroom.uploads.renditions import plan

from .templatetags.pictures import rendition_url


@dataclass(frozen=True)
class SharedPicture:
    """The `social` rendition of an image (1200 × 630 JPEG, or smaller for a smaller image): what
    social networks, search engines, partners and feed readers are given. `url` is relative to the
    site unless MEDIA_URL names another host."""

    url: str
    width: int | None
    height: int | None
    media_type: str = "image/jpeg"


def shared_picture(image) -> SharedPicture | None:
    """None where there is no image, or readers may not see it (its licence ended)."""
    url = rendition_url(image, "social") if image is not None else ""
    if not url:
        return None
    if not (image.width and image.height):
        return SharedPicture(url, None, None)
    social = next(p for p in plan(image.width, image.height, image.focal_x, image.focal_y) if p.spec == "social")
    return SharedPicture(url, social.width, social.height, social.media_type)
