"""What an uploaded image says about itself: credit, creator, rights, caption, and how it was made.

Read from the file as uploaded, before it is cleaned (`forms.cleaned_upload`): cleaning drops the
C2PA manifest (containers.py), which is often the only place an AI generator says what it made.
The form field keeps the result on the cleaned upload (`upload.file_metadata`), and a form fills
its blank fields from it with `filled_from_file` — never over what the editor typed.

Where a field is in more than one block, XMP comes before IPTC-IIM before EXIF: the rule of IPTC's
and the Metadata Working Group's guidelines, since tools that write XMP keep it the most complete.
IIM and EXIF text without a declared character set is read as metadata.py reads a PNG's caption.

The digital source type (an IPTC code such as `trainedAlgorithmicMedia`) comes from XMP, else from
the C2PA manifest's actions (Content Credentials, read with the CAI's c2pa-python). A manifest's
signature is checked against the file; its signer is not checked against a trust list, so the
form's note says "signer unknown" unless c2pa calls it trusted. c2pa never fetches anything: a
manifest kept on another server (named in the file) is not followed.

libexiv2 and c2pa are loaded by the first upload, not by every process that serves pages; c2pa
(+8 MB) only by a file that carries a manifest or names one.
"""

import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from .containers import carries_content_credentials
from .metadata import in_utf8, opened

logger = logging.getLogger(__name__)

IPTC_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
# IPTC's Digital Source Type vocabulary (the codes c2pa's C2paDigitalSourceType enum has), with
# the retired codes a file may still carry.
DIGITAL_SOURCE_TYPES = frozenset(
    {
        "digitalCapture",
        "computationalCapture",
        "negativeFilm",
        "positiveFilm",
        "print",
        "humanEdits",
        "minorHumanEdits",
        "compositeCapture",
        "algorithmicallyEnhanced",
        "digitalCreation",
        "dataDrivenMedia",
        "trainedAlgorithmicMedia",
        "compositeWithTrainedAlgorithmicMedia",
        "compositeSynthetic",
        "algorithmicMedia",
        "screenCapture",
        "virtualRecording",
        "composite",
        "trainedAlgorithmicData",
        "softwareImage",
        "digitalArt",
    }
)
AI_SOURCE_TYPES = frozenset({"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"})
C2PA = "C2PA"  # where a digital source type came from when it was the manifest
# Cameras' own words in EXIF's ImageDescription, which describe nothing.
CAMERA_DEFAULTS = frozenset({"OLYMPUS DIGITAL CAMERA", "SONY DSC", "DIGITAL CAMERA", "DCIM"})
# Per field, the keys read in their order (XMP, then IIM, then EXIF).
KEYS = {
    "credit": ("Xmp.photoshop.Credit", "Iptc.Application2.Credit"),
    "creator": ("Xmp.dc.creator", "Iptc.Application2.Byline", "Exif.Image.Artist"),
    "copyright_notice": ("Xmp.dc.rights", "Iptc.Application2.Copyright", "Exif.Image.Copyright"),
    "copyright_holder": ("Xmp.plus.CopyrightOwner[1]/plus:CopyrightOwnerName",),
    "title": ("Xmp.photoshop.Headline", "Xmp.dc.title", "Iptc.Application2.Headline", "Iptc.Application2.ObjectName"),
    "source": ("Xmp.photoshop.Source", "Iptc.Application2.Source"),
    "licence_url": ("Xmp.xmpRights.WebStatement",),
    "acquire_licence_url": ("Xmp.plus.Licensor[1]/plus:LicensorURL",),
    "usage_terms": ("Xmp.xmpRights.UsageTerms",),
}
KEYWORDS = ("Xmp.dc.subject", "Iptc.Application2.Keywords")
CAPTIONS = ("Xmp.dc.description", "Iptc.Application2.Caption", "Exif.Image.ImageDescription")
DEFAULT_LANGUAGE = "x-default"
# The formats (as newsroom/images.py names them) a manifest is read from, by the media type libexiv2 gives.
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/avif": "AVIF"}


@dataclass
class FileMetadata:
    """What the file says, "" where it says nothing; `sources` names the key each value came from."""

    credit: str = ""
    creator: str = ""
    copyright_notice: str = ""
    copyright_holder: str = ""
    title: str = ""
    keywords: list[str] = field(default_factory=list)
    source: str = ""
    licence_url: str = ""
    acquire_licence_url: str = ""
    usage_terms: str = ""
    # Per language as the file tags it ("en", "de"; `x-default` when it names none).
    captions: dict[str, str] = field(default_factory=dict)
    digital_source_type: str = ""  # an IPTC code we know, else ""
    unknown_source_type: str = ""  # a declared type that is not one of IPTC's codes, as it came
    # The manifest's validation state when the type came from one: "Valid", "Trusted" or "Invalid".
    content_credentials: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    # What could not be read: "xmp" (a packet libexiv2 cannot parse), "c2pa" (a manifest c2pa
    # cannot read), "c2pa-remote" (a manifest kept on another server, not fetched).
    unreadable: list[str] = field(default_factory=list)

    def captions_in(self, original_language: str) -> dict[str, str]:
        """Captions by language code, the one in no language (`x-default`, IIM's, EXIF's) taken
        as the original language's unless the file has that language's own."""
        captions = {language: text for language, text in self.captions.items() if language != DEFAULT_LANGUAGE}
        if DEFAULT_LANGUAGE in self.captions:
            captions.setdefault(original_language, self.captions[DEFAULT_LANGUAGE])
        return captions


@dataclass(frozen=True)
class FromFile:
    value: str
    source: str  # the metadata key, or C2PA

    @property
    def block(self) -> str:
        """The metadata block it came from: "XMP", "IPTC", "EXIF", "PNG" or "C2PA"."""
        return {"Xmp": "XMP", "Iptc": "IPTC", "Exif": "EXIF", "Png": "PNG"}.get(
            self.source.partition(".")[0], self.source
        )


def read_metadata(data: bytes) -> FileMetadata:
    """What the file says of itself (see the module docstring). Raises UnreadableMetadata when
    libexiv2 cannot read it at all; a damaged XMP packet or C2PA manifest is noted in `unreadable`."""
    image = opened(data)
    media_type = image.mimeType()
    image_format = FORMATS.get(media_type, "")
    found = FileMetadata()
    fields = _fields(image)
    if image.xmpPacket() and image.xmpData().empty():
        found.unreadable.append("xmp")
    for name, keys in KEYS.items():
        for key in keys:
            if value := _one_text(fields.get(key)):
                setattr(found, name, value)
                found.sources[name] = key
                break
    for key in KEYWORDS:
        if words := [word for word in _texts(fields.get(key)) if word]:
            found.keywords, found.sources["keywords"] = words, key
            break
    found.captions, found.sources["captions"] = _captions(fields, image, image_format)
    if not found.captions:
        del found.sources["captions"]
    declared = _one_text(fields.get("Xmp.iptcExt.DigitalSourceType"))
    if declared:
        found.sources["digital_source_type"] = "Xmp.iptcExt.DigitalSourceType"
    elif image_format and (carries_content_credentials(data, image_format) or "Xmp.dcterms.provenance" in fields):
        # A manifest in the file, or the address of one elsewhere: otherwise c2pa is never loaded.
        declared = _declared_in_manifest(data, media_type, found)
    if declared:
        code = _code(declared)
        if code in DIGITAL_SOURCE_TYPES:
            found.digital_source_type = code
        else:
            found.unknown_source_type = declared
    return found


def _fields(image) -> dict[str, list]:
    """Every value by key, as text; an XMP array as a list of texts, a lang-alt as a dict by
    language. A key can repeat (IIM's keywords and bylines)."""
    # libexiv2 is loaded by the first upload, not by every worker (see the module's docstring).
    import exiv2

    arrays = (exiv2.TypeId.xmpBag, exiv2.TypeId.xmpSeq, exiv2.TypeId.xmpAlt)
    fields: dict[str, list] = {}
    for datum in image.xmpData():
        value = datum.value()
        if value.typeId() == exiv2.TypeId.langAlt:
            text = dict(value.items())
        elif value.typeId() in arrays:
            text = [value.toString(item) for item in range(value.count())]
        else:
            text = value.toString()
        fields.setdefault(datum.key(), []).append(text)
    for block in (image.iptcData(), image.exifData()):
        for datum in block:
            fields.setdefault(datum.key(), []).append(in_utf8(datum.toString()))
    return fields


def _texts(values: list | None) -> list[str]:
    """The texts of one key's values: each item of an XMP array, a lang-alt's default."""
    texts = []
    for value in values or []:
        if isinstance(value, dict):
            texts.append(value.get(DEFAULT_LANGUAGE) or next(iter(value.values()), ""))
        elif isinstance(value, list):
            texts.extend(value)
        else:
            texts.append(value)
    # EXIF's copyright can hold the photographer's and the editor's, separated by a NUL.
    return [" ".join(text.split("\x00")[0].split()) for text in texts]


def _one_text(values: list | None) -> str:
    return ", ".join(text for text in _texts(values) if text)


def _captions(fields, image, image_format: str) -> tuple[dict[str, str], str]:
    for value in fields.get("Xmp.dc.description", []):
        if isinstance(value, dict):
            captions = {}
            for tag, text in value.items():
                language = tag if tag == DEFAULT_LANGUAGE else tag.partition("-")[0].lower()
                if text.strip():
                    captions.setdefault(language, text.strip())
            if captions:
                return captions, "Xmp.dc.description"
    for key in CAPTIONS[1:]:
        text = _one_text(fields.get(key))
        if text and text.upper() not in CAMERA_DEFAULTS:
            return {DEFAULT_LANGUAGE: text}, key
    # A PNG's Description chunk, which libexiv2 reads as the image's comment. (A JPEG's comment
    # is no caption: cameras and phones write theirs there, and cleaning drops it.)
    if image_format == "PNG" and (text := in_utf8(image.comment()).strip()):
        return {DEFAULT_LANGUAGE: text}, "Png.Description"
    return {}, ""


def _code(declared: str) -> str:
    """An IPTC code from a declared type: the URI's last part, or the code as written."""
    for prefix in (IPTC_SOURCE_TYPE, IPTC_SOURCE_TYPE.replace("http:", "https:")):
        if declared.startswith(prefix):
            return declared.removeprefix(prefix)
    return declared


def _declared_in_manifest(data: bytes, media_type: str, found: FileMetadata) -> str:
    """The digital source type the active C2PA manifest declares, or ""; sets the validation state."""
    # c2pa (+8 MB) is loaded only by an upload that may carry a manifest (see the module's docstring).
    import c2pa

    # Never fetch a manifest from the address a file names (nor a certificate's status): an
    # upload must not make the server call out.
    settings = c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}})
    try:
        with c2pa.Context(settings) as context, c2pa.Reader(media_type, io.BytesIO(data), context=context) as reader:
            store, state = json.loads(reader.json()), reader.get_validation_state()
    except c2pa.C2paError.ManifestNotFound:
        return ""
    except (c2pa.C2paError, ValueError) as error:
        # c2pa 0.38.1 raises a remote manifest it may not fetch as a plain C2paError, "Remote: …".
        remote = isinstance(error, c2pa.C2paError.RemoteManifest) or str(error).startswith("Remote")
        if not remote:
            logger.info("An uploaded image's C2PA manifest could not be read: %s", error)
        found.unreadable.append("c2pa-remote" if remote else "c2pa")
        return ""
    declared = _declared_by_actions(store.get("manifests", {}).get(store.get("active_manifest"), {}))
    if declared:
        found.content_credentials, found.sources["digital_source_type"] = state or "", C2PA
    return declared


def _declared_by_actions(manifest: dict) -> str:
    """The type the manifest's actions give the picture: the creating action's when AI made it;
    else, where any action (an edit, a placed element) brought AI in, "composite with AI"; else
    the creating action's, or the first that declares one."""
    actions = [
        action
        for assertion in manifest.get("assertions", [])
        if assertion.get("label") in ("c2pa.actions", "c2pa.actions.v2")
        for action in assertion.get("data", {}).get("actions", [])
        if isinstance(action, dict) and isinstance(action.get("digitalSourceType"), str)
    ]
    created = [action for action in actions if action.get("action") == "c2pa.created"]
    if created and _code(created[0]["digitalSourceType"]) in AI_SOURCE_TYPES:
        return created[0]["digitalSourceType"]
    if any(_code(action["digitalSourceType"]) in AI_SOURCE_TYPES for action in actions):
        return f"{IPTC_SOURCE_TYPE}compositeWithTrainedAlgorithmicMedia"
    return (created or actions)[0]["digitalSourceType"] if actions else ""


def filled_from_file(metadata: FileMetadata, current: dict[str, Any], *, original_language: str) -> dict[str, FromFile]:
    """The values the file gives for the blank fields of `current`, with where each came from.

    `current` holds a form's present values by these names, each only if the form has it:
    `credit`, `creator`, `copyright_notice`, `copyright_holder`, `title`, `keywords`, `source`,
    `licence_url`, `acquire_licence_url`, `usage_terms`, `digital_source_type` (an IPTC code,
    "" for none), and per language `caption_<code>` and `credit_<code>` (a credit line goes to the
    original language's). A field with anything in it is left as it is."""
    offered: dict[str, FromFile] = {}
    for name in (*KEYS, "keywords", "digital_source_type"):
        value = getattr(metadata, name)
        value = ", ".join(value) if isinstance(value, list) else value
        if value:
            offered[name] = FromFile(value, metadata.sources[name])
    if "credit" in offered:
        offered[f"credit_{original_language}"] = offered["credit"]
    for language, caption in metadata.captions_in(original_language).items():
        offered[f"caption_{language}"] = FromFile(caption, metadata.sources["captions"])
    return {
        name: found
        for name, found in offered.items()
        if name in current and (current[name] is None or not str(current[name]).strip())
    }
