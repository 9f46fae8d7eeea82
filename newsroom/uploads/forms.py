"""The form field of every image upload: checked, cleaned of personal metadata, kept when the form is refused."""

import base64
import io
import logging
from pathlib import PurePath

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.uploads.rules import MULTI_PICTURE_ENDING, ImageFacts, accepted_formats, inspect_image

from . import kept as kept_uploads
from .metadata import REWRITABLE_FORMATS, UnreadableMetadata, removable_fields, without_personal_metadata
from .reading import read_metadata

THUMBNAIL_SIZE = (240, 160)
logger = logging.getLogger(__name__)


def storage_failed() -> ValidationError:
    return ValidationError(
        _(
            "The image could not be stored: the media storage did not answer, or refused it. Nothing was saved. "
            "Save again in a few minutes; if this keeps happening, tell the site's administrators."
        ),
        code="storage",
    )


class KeptReference(str):
    """What the widget read from a form that names a kept upload and chose no new file."""


class KeptImageInput(AdminFileWidget):
    """The admin's file input, plus the image kept from a refused attempt: its thumbnail, its name,
    a signed reference to it and a box to drop it."""

    template_name = "uploads/kept_image_input.html"

    class Media:
        css = {"all": ["uploads/kept_upload.css"]}

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.owner = None  # the user whose uploads this form may keep and use
        self.kept_token = None  # the reference posted with the form
        self.offered = None  # what the form offers again when it comes back: an upload or a KeptUpload

    @staticmethod
    def kept_name(name):
        return f"{name}-kept"

    @staticmethod
    def forget_name(name):
        return f"{name}-forget"

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        self.kept_token = None if data.get(self.forget_name(name)) else (data.get(self.kept_name(name)) or None)
        if value is None and self.kept_token:
            return KeptReference(self.kept_token)  # nothing new chosen, nothing cleared: the kept file
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            kept=self.kept_for_form(), kept_name=self.kept_name(name), forget_name=self.forget_name(name)
        )
        return context

    def kept_for_form(self) -> dict | None:
        """The upload to offer again, kept now if it is new: the form is being shown again, so it was refused."""
        offered = self.offered
        if offered is None or self.owner is None:
            return None
        try:
            if not isinstance(offered, kept_uploads.KeptUpload):
                offered = self.offered = kept_uploads.keep(offered, offered.image_facts, self.owner)
            with offered.open() as file:
                thumbnail, width, height = thumbnail_of(file)
        except Exception:  # a storage that is away (disk, cloud): the form still comes back, and says so
            logger.warning("Could not keep an upload for a refused form", exc_info=True)
            return {"lost": True}
        return {"name": offered.name, "token": offered.token, "thumbnail": thumbnail, "width": width, "height": height}


def thumbnail_of(file) -> tuple[str, int, int]:
    """A small WebP of the image as a data: URL (the kept file itself has no address), and its size."""
    # Pillow is loaded by the first upload, not by every worker (newsroom/uploads/rules.py, accepted_formats).
    from PIL import Image, ImageOps

    with Image.open(file) as image:
        image.draft("RGB", THUMBNAIL_SIZE)  # a JPEG is decoded at a fraction of its size
        small = ImageOps.exif_transpose(image)
        small.thumbnail(THUMBNAIL_SIZE)
        if small.mode not in ("RGB", "RGBA"):
            small = small.convert("RGBA" if small.has_transparency_data else "RGB")
        buffer = io.BytesIO()
        small.save(buffer, "WEBP", quality=80)
    return f"data:image/webp;base64,{base64.b64encode(buffer.getvalue()).decode()}", small.width, small.height


class ImageUploadField(forms.ImageField):
    """Every image upload of the admin (newsroom/uploads/admin.py gives it the user)."""

    widget = KeptImageInput

    def __init__(self, *, owner=None, **kwargs):
        super().__init__(**kwargs)
        self.widget.owner = owner

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            media_types = [media_type for _name, media_type, _endings in accepted_formats().values()]
            # A camera's .mpo is a JPEG to us, but not to the file chooser (newsroom/uploads/rules.py).
            attrs["accept"] = ",".join([*media_types, MULTI_PICTURE_ENDING])
        return attrs

    def to_python(self, data):
        if isinstance(data, KeptReference):
            try:
                return kept_uploads.recall(data, self.widget.owner).open()
            except OSError:  # a storage that is away (disk, bucket)
                logger.error("Could not read a kept upload", exc_info=True)
                raise storage_failed() from None
        upload = forms.FileField.to_python(self, data)  # Django's checks of a file, not its Pillow check
        if upload is None:
            return None
        return cleaned_upload(upload, inspect_image(upload))

    def clean(self, data, initial=None):
        try:
            value = super().clean(data, initial)
        except ValidationError:
            # A new file refused: the one kept from the attempt before, if any, is still on offer.
            self.widget.offered = self.still_kept()
            raise
        # Offered again should the form be refused for another reason: a kept file as it is, a new
        # upload kept only then (most saves pass, and need no copy).
        is_upload = getattr(value, "image_facts", None) is not None
        self.widget.offered = getattr(value, "kept", None) or (value if is_upload else None)
        return value

    def still_kept(self):
        if not self.widget.kept_token:
            return None
        try:
            return kept_uploads.recall(self.widget.kept_token, self.widget.owner)
        except (ValidationError, OSError):
            return None


def cleaned_upload(upload, facts: ImageFacts):
    """The upload as it will be stored: without personal metadata, named for what it is; what the
    file said of itself before that (credit, caption, how it was made) as its `file_metadata`."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        # Read first: cleaning drops the C2PA manifest, where a generator may say what it made.
        metadata = read_metadata(data)
        if facts.format in REWRITABLE_FORMATS:
            cleaned = without_personal_metadata(data, facts.format)
        elif removable_fields(data):
            raise ValidationError(
                _(
                    "This %(kind)s image carries metadata (such as where it was taken, or camera serial numbers) "
                    "that cannot be removed from %(kind)s files here. Export it without metadata, or as JPEG, "
                    "and upload that."
                ),
                code="metadata",
                params={"kind": facts.name},
            )
        else:
            cleaned = data
    except UnreadableMetadata:
        raise ValidationError(
            _(
                "The image's metadata is damaged, so personal data in it cannot be removed. Export the image "
                "again and upload that."
            ),
            code="metadata",
        ) from None
    # Without an ending, or a camera's .mpo stored as the JPEG of its first picture: the right one.
    path = PurePath(upload.name)
    name = upload.name if path.suffix.lower() in facts.endings else f"{path.stem}{facts.endings[0]}"
    if cleaned is data and name == upload.name:
        result = upload
    else:
        result = SimpleUploadedFile(name, cleaned, content_type=facts.media_type)
    # What the file is, not what the browser said: a bucket serves it with this type.
    result.content_type = facts.media_type
    result.image_facts = facts
    result.file_metadata = metadata
    return result


class StoresUploadsWhenValid:
    """A model form that stores its new files as the last step of a validation that passed, rather
    than in the save that follows: a storage that fails (a full disk, a bucket that is down) is then
    an error on the file's field, with everything the user typed kept, not a server error.

    As in Django's own save, a file stored for a form whose inlines are then refused stays unused."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        for field in self.instance._meta.concrete_fields:
            file = getattr(self.instance, field.attname) if isinstance(field, models.FileField) else None
            if not file or file._committed:
                continue
            try:
                file.save(file.name, file.file, save=False)  # what FileField.pre_save would do
            except OSError:  # a storage that is away (disk, bucket)
                logger.error("Could not store the upload %s", file.name, exc_info=True)
                self.add_error(field.name, storage_failed())
