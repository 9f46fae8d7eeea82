"""How the migrations of issue 18 move the old image fields into the library: an article's lead image
with its texts and their translation states, an author's or person's photo, an organization's logo.
Nothing is lost: the stored file keeps its name (no copy), every language's text moves, and each
translation keeps its state, release and waiting changes.

Called by migrations with their historical models (`apps`), so it uses no model class of today's
code, only names; kept apart from the migrations that call it, since four apps move their fields.
"""

from pathlib import PurePath

from django.conf import settings
from django.utils import timezone

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
TEXTS = ("caption", "alt", "credit")
# The old `lead_image_origin` → IPTC's digital source type, as JSON-LD, feeds and ninjs named it.
ORIGINS = {
    "captured": "",
    "edited_with_ai": "compositeWithTrainedAlgorithmicMedia",
    "generated_by_ai": "trainedAlgorithmicMedia",
}
# Translation states (translations.Translation.State) the migrations write.
MISSING, IN_PROGRESS, COMPLETE, OUTDATED = "missing", "in_progress", "complete", "outdated"
READABLE_STATES = (COMPLETE, OUTDATED)


def marker(code: str) -> str:
    return f"|{code}|"


def content_type(apps, app_label: str, model: str):
    # Content types are made after migrating; a migration that needs one makes it.
    return apps.get_model("contenttypes", "ContentType").objects.get_or_create(app_label=app_label, model=model)[0]


def new_image(apps, *, name: str, original_language: str, texts=None, same: str = "", **fields):
    """An Image row for a file already stored under `name`; `texts`: column → text."""
    Image = apps.get_model("images", "Image")
    values = {f"{field}_{code}": "" for field in TEXTS for code in LANGUAGE_CODES}
    values.update(dict.fromkeys(TEXTS, ""))
    values.update(texts or {})
    for field in TEXTS:
        values[field] = values[f"{field}_{original_language}"] or ""
    return Image.objects.create(
        file=name,
        original_name=PurePath(name).name[:200],
        original_language=original_language,
        same_in_every_language=same,
        **values,
        **fields,
    )


def has_text(value) -> bool:
    return value not in (None, "")


def image_texts_in(image, code: str) -> dict[str, str]:
    """What a translator translates of the image in `code`: its texts, but those marked the same."""
    same = set((image.same_in_every_language or "").split())
    return {field: getattr(image, f"{field}_{code}") or "" for field in TEXTS if field not in same}


def is_complete_in(image, code: str) -> bool:
    if code == image.original_language:
        return True
    original = image_texts_in(image, image.original_language)
    translated = image_texts_in(image, code)
    return all(has_text(translated[field]) for field, text in original.items() if has_text(text))


def give_translation_states(apps, image, article_rows: dict, renamed: dict[str, str]) -> None:
    """The image's `Translation` rows, one per language but its original, from the article's row
    in that language (`article_rows`, language → row or None): complete, with the image's own
    original texts as its source, where every text the original has is filled or marked the same;
    released (when and by whom copied) where the article's was too; else in progress or missing.
    Keys of the article row's waiting and machine-translated texts named in `renamed` (old key →
    the image's field) move to the image's row."""
    Translation = apps.get_model("translations", "Translation")
    image_type = content_type(apps, "images", "image")
    now = timezone.now()
    released = []
    for code in LANGUAGE_CODES:
        if code == image.original_language:
            continue
        row = article_rows.get(code)
        complete = is_complete_in(image, code)
        begun = any(has_text(text) for text in image_texts_in(image, code).values())
        state = COMPLETE if complete else (IN_PROGRESS if begun else MISSING)
        is_released = complete and row is not None and row.released_at is not None
        Translation.objects.create(
            content_type=image_type,
            object_id=image.pk,
            language=code,
            state=state,
            state_changed_at=(row.state_changed_at if row is not None else None) or now,
            state_changed_by_id=row.state_changed_by_id if row is not None else None,
            source=image_texts_in(image, image.original_language) if complete else {},
            pending={renamed[key]: text for key, text in (row.pending if row else {}).items() if key in renamed},
            machine_translated={
                renamed[key]: provider
                for key, provider in (row.machine_translated if row else {}).items()
                if key in renamed
            },
            released_at=row.released_at if is_released else None,
            released_by_id=row.released_by_id if is_released else None,
        )
        if is_released:
            released.append(code)
    set_readers(apps, image, released)


def _renamed(values: dict, renamed: dict[str, str]) -> dict:
    return {renamed[key]: value for key, value in values.items() if key in renamed}


def release_everywhere(apps, image) -> None:
    """An image with no text to translate (a portrait, a logo): every language complete and
    released, as the workflow leaves an object with nothing to translate."""
    Translation = apps.get_model("translations", "Translation")
    image_type = content_type(apps, "images", "image")
    now = timezone.now()
    others = [code for code in LANGUAGE_CODES if code != image.original_language]
    for code in others:
        Translation.objects.create(
            content_type=image_type,
            object_id=image.pk,
            language=code,
            state=COMPLETE,
            state_changed_at=now,
            source={},
            released_at=now,
        )
    set_readers(apps, image, others)


def set_readers(apps, image, released: list[str]) -> None:
    """`released_languages` and `readable_in` by the model's rule: the original, and each released
    translation that fills every text the original fills."""
    Image = apps.get_model("images", "Image")
    readable = [
        code
        for code in LANGUAGE_CODES
        if code == image.original_language or (code in released and is_complete_in(image, code))
    ]
    Image.objects.filter(pk=image.pk).update(
        released_languages="".join(marker(code) for code in sorted(released)),
        readable_in="".join(marker(code) for code in readable),
    )


def move_file_field(apps, app_label: str, model_name: str, old: str, new: str) -> int:
    """Each object's image file (an author's photo, a person's photo, an organization's logo) as
    an image of the library, with nothing to translate; how many moved."""
    Model = apps.get_model(app_label, model_name)
    moved = 0
    for obj in Model.objects.exclude(**{old: ""}).exclude(**{f"{old}__isnull": True}).iterator():
        image = new_image(apps, name=getattr(obj, old).name, original_language=obj.original_language)
        release_everywhere(apps, image)
        Model.objects.filter(pk=obj.pk).update(**{new: image.pk})
        moved += 1
    return moved


def move_file_field_back(apps, app_label: str, model_name: str, old: str, new: str) -> None:
    Model = apps.get_model(app_label, model_name)
    for obj in Model.objects.exclude(**{f"{new}__isnull": True}).select_related(new):
        Model.objects.filter(pk=obj.pk).update(**{old: getattr(obj, new).file.name})
