"""The image's admin form: an upload checked and cleaned by the uploads' field (kept across a
refused form), refused when the library already holds the same file, and its blank fields filled
from what the file says of itself (newsroom/uploads/reading.py) — never over what the editor typed.

"Read the file's details" (`READ_FILE`) posts the form to fill it and show it again without
saving: the form is then "not valid" with no error (`is_valid`), so the admin shows it again with
the file kept (uploads/kept.py) and the filled fields noted."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.translations.admin.base import SAME_FIELD, TranslatableAdminForm
from newsroom.translations.models import LANGUAGE_CODES
from newsroom.uploads.reading import C2PA, FileMetadata, FromFile, filled_from_file

from .models import LICENCE_URLS, DigitalSourceType, Image

READ_FILE = "_read_file"
# Fields the file may fill that are the same in every language (the translated ones are named per language).
FILLED_AS_THEY_ARE = (
    "creator",
    "copyright_notice",
    "copyright_holder",
    "title",
    "keywords",
    "source",
    "licence_url",
    "acquire_licence_url",
    "usage_terms",
    "digital_source_type",
)
# How far a manifest's signature was checked, by c2pa's validation state.
SIGNATURE_STATES = {
    "Trusted": _("signature checked, signer trusted"),
    "Valid": _("signature checked, signer unknown"),
    "Invalid": _("the file was changed after it was signed"),
}
UNREADABLE = {
    "xmp": _("The file’s XMP metadata could not be read, so it was removed; its other metadata was read."),
    "c2pa": _(
        "The file’s Content Credentials could not be read, so they tell nothing here about how the image was "
        "made: set the image origin yourself."
    ),
    "c2pa-remote": _(
        "The file’s Content Credentials are kept on another server, which this site does not contact: set the "
        "image origin yourself."
    ),
}


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
        # The admin's URL widget says "Currently: <link>" over a value, also one the file filled in
        # on a form not yet saved.
        widgets = {
            "licence_url": forms.URLInput(attrs={"class": "vURLField"}),
            "acquire_licence_url": forms.URLInput(attrs={"class": "vURLField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields and self.instance.pk is None:
            self.fields["file"].help_text = _(
                "Saving fills the blank fields from what the file says of itself (credit, caption, creator, "
                "rights); “Read the file’s details”, after the Save buttons, fills them without saving, for you to "
                "check first."
            )
        # A caption or alt text is a sentence or two: shown whole, not in a name-sized box.
        for name, field in self.fields.items():
            if name.rpartition("_")[0] in ("caption", "alt"):
                field.widget.attrs["class"] = "vTextField image-sentence"
        # The fields the new file filled in, and what the file could not tell: said after the save.
        self.filled_from_file: list[str] = []
        self.notes_from_file: list[str] = []
        if "file" in self.fields and self.reads_file_only():
            field = self.fields["file"]
            field.error_messages = {
                **field.error_messages,
                "required": _("Choose a file first: its details are read from it."),
            }

    def is_valid(self) -> bool:
        # "Read the file's details" shows the filled form again, saving nothing.
        return super().is_valid() and not self.reads_file_only()

    def reads_file_only(self) -> bool:
        return READ_FILE in self.data

    def full_clean(self):
        super().full_clean()
        if self.reads_file_only() and self.is_bound:
            # Only the file is checked when its details are read: the alt text the editor has not
            # typed yet is asked for at the save, not now.
            for name in [name for name in self._errors if name != "file"]:
                del self._errors[name]

    def reads_a_kept_file(self) -> bool:
        return getattr(self.cleaned_data.get("file"), "kept", None) is not None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or getattr(upload, "image_facts", None) is None:
            return upload  # unchanged: the stored file, or one kept from the attempt before
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
        return upload

    def _post_clean(self):
        super()._post_clean()
        file = self.instance.file
        if file and not file._committed and not self.errors:
            # Measured here, from the upload: the admin's form stores the file as the last step of
            # its validation (uploads.forms.StoresUploadsWhenValid), after which the model's save
            # would find it stored and, in a bucket, would have to fetch it back to measure it.
            self.instance.measure()

    def clean(self):
        # Before the edit-conflict check, so that what the file filled in counts as this user's change.
        self.fill_from_file(self.cleaned_data)
        return super().clean()

    def fill_from_file(self, cleaned) -> None:
        """The blank credit, captions, rights, search words and origin filled from a newly uploaded
        file; a note under each field says so, should the form come back, and `filled_from_file`
        lists them for the message after a save."""
        metadata = getattr(cleaned.get("file"), "file_metadata", None)
        if metadata is None:
            return
        language = cleaned.get("original_language") or self.instance.original_language
        marked = (cleaned.get(SAME_FIELD) or self.instance.same_in_every_language or "").split()
        names = {
            f"{name}_{code}": build_localized_fieldname(name, code)
            for name in ("credit", "caption")
            for code in LANGUAGE_CODES
            # A text marked the same in every language is copied from the original's on saving.
            if code == language or name not in marked
        }
        names.update({name: name for name in FILLED_AS_THEY_ARE})
        names = {key: name for key, name in names.items() if name in self.fields and name in cleaned}
        current = {key: cleaned[name] for key, name in names.items()}
        self.notes_from_file = [str(UNREADABLE[problem]) for problem in metadata.unreadable]
        for key, found in filled_from_file(metadata, current, original_language=language).items():
            name = names[key]
            if key == "digital_source_type":
                value = found.value if found.value in DigitalSourceType.values else ""
                note = origin_note(metadata, found)
                if not value:
                    self.notes_from_file.append(unknown_type(found.value))
            else:
                value, note = fitted(found, self.fields[name].max_length)
            if value:
                self.fill(name, value, note)
        if metadata.unknown_source_type:
            self.notes_from_file.append(unknown_type(metadata.unknown_source_type))
        # A Creative Commons licence named by its address is that licence.
        licence = {url: code for code, url in LICENCE_URLS.items()}.get(cleaned.get("licence_url"))
        if licence and "licence" in self.fields and not cleaned.get("licence"):
            self.fill("licence", licence, _("From the licence address in the file: check it."))
        if self.notes_from_file:
            self.note_under("file", format_html_join(" ", "{}", ((note,) for note in self.notes_from_file)))

    def fill(self, name: str, value, note) -> None:
        self.cleaned_data[name] = value
        self.filled_from_file.append(name)
        self.note_under(name, note, value)

    def names_of(self, fields) -> list[str]:
        """The fields as the form lists them, by their names: "caption (German)"."""
        names = []
        for name in (name for name in self.fields if name in fields):
            field = Image._meta.get_field(name)
            language = getattr(field, "language", None)
            base = str(getattr(field, "translated_field", field).verbose_name)
            names.append(f"{base} ({get_language_info(language)['name_translated']})" if language else base)
        return names

    def note_under(self, name: str, note, value=None) -> None:
        """A note under the field for the form should it come back, and the value it shows then."""
        field = self.fields[name]
        field.help_text = format_html('<strong class="from-file">{}</strong> {}', note, field.help_text)
        self[name].help_text = field.help_text  # the bound field, made while cleaning, copied it
        if value is not None:
            if not getattr(self.data, "_mutable", True):
                self.data = self.data.copy()  # a request's QueryDict
            self.data[self.add_prefix(name)] = value


def fitted(found: FromFile, limit: int | None) -> tuple[str, str]:
    """The file's text as the field takes it (cut at a word when longer), and the note that says so."""
    if limit is None or len(found.value) <= limit:
        return found.value, _("From the file (%(where)s): check it.") % {"where": found.block}
    cut = found.value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return cut, _("From the file (%(where)s), shortened to fit: check it.") % {"where": found.block}


def origin_note(metadata: FileMetadata, found: FromFile) -> str:
    if found.source == C2PA:
        return _("From the file’s Content Credentials (“%(type)s”; %(signature)s): check it.") % {
            "type": found.value,
            "signature": SIGNATURE_STATES.get(metadata.content_credentials, metadata.content_credentials),
        }
    return _("From the file (XMP: “%(type)s”): check it.") % {"type": found.value}


def unknown_type(code: str) -> str:
    return _(
        "The file declares a digital source type this site does not know (“%(type)s”): set the image origin yourself."
    ) % {"type": code}
