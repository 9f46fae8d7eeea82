"""Checks for uploaded images, beyond ImageField's "Pillow can open it"."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image(file):
    if getattr(file, "_committed", False):
        return  # already stored: checked when it was uploaded, and perhaps not at hand now
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 5 MB. Please upload a smaller file."), code="too_large")
    image = getattr(file, "image", None)  # set by ImageField's form field after Pillow opened the upload
    if image is None:
        return
    if image.format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="format")
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image has more than 40 megapixels."), code="too_many_pixels")
