"""The image's admin form: an upload checked and cleaned by the uploads' field (kept across a
refused form), refused when the library already holds the same file, and a place (`prefill`) for
what the file's own metadata says, filled into the fields the editor left blank."""

import hashlib

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.translations.admin.base import TranslatableAdminForm

from .models import Image


def sha256_of(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class ImageForm(TranslatableAdminForm):
    class Meta:
        model = Image
        fields = "__all__"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or getattr(upload, "image_facts", None) is None:
            return upload  # unchanged: the stored file
        # The bytes as they will be stored (the upload field removed personal metadata).
        digest = sha256_of(upload)
        same = Image.objects.filter(file_sha256=digest).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The library already has this file."),
                    reverse("admin:images_image_change", args=[same.pk]),
                    _("Use “%(image)s”") % {"image": same},
                ),
                code="duplicate",
            )
        self.prefill(upload)
        return upload

    def prefill(self, upload) -> None:
        """Fill blank fields from what the file says of itself (credit, creator, caption…); never
        what the editor typed. Nothing is read yet: the metadata reader comes here (it needs the bytes
        as uploaded, before `uploads.forms.cleaned_upload` removes what it reads)."""
