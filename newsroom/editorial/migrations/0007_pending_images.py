"""Waiting changes to a live article's lead image become an image of the library (issue 18).

A change held the old fields by name (`lead_image` as a stored path, `lead_image_alt_de` …). Each
change touching them now names an Image instead (`image_id`): one of the new file, or a copy of
the live image, with the waiting texts over the live ones, so the live article keeps its image
until an editor publishes the change. A change that removed the image removes it.
"""

from django.db import migrations

from newsroom.images.moving import (
    LANGUAGE_CODES,
    ORIGINS,
    TEXTS,
    content_type,
    give_translation_states,
    new_image,
)

OLD = "lead_image"


def move_pending_images(apps, schema_editor):
    PendingChange = apps.get_model("editorial", "PendingChange")
    Article = apps.get_model("articles", "Article")
    Translation = apps.get_model("translations", "Translation")
    article_type = content_type(apps, "articles", "article")
    for pending in PendingChange.objects.all():
        fields = pending.data.get("fields", {})
        touched = {key for key in fields if key.startswith(OLD) and not key.startswith(f"{OLD}_caption")}
        captions = {key for key in fields if key.startswith(f"{OLD}_caption")}
        article = Article.objects.filter(pk=pending.article_id).select_related("image").first()
        if article is None or not touched and not (captions and article.image_id):
            continue
        live = article.image
        name = fields[OLD] if OLD in fields else (live.file.name if live else "")
        rest = {key: value for key, value in fields.items() if key not in touched}
        if not name:
            # The change removes the image, or there is none: a caption waits as the article's own.
            rest["image_id"] = None
        else:
            rest = {key: value for key, value in rest.items() if key not in captions}

            def waiting(field, code):
                key = f"{OLD}_{field}_{code}"
                return (fields[key] if key in fields else getattr(live, f"{field}_{code}", "")) or ""

            new_file = OLD in fields or live is None
            origin = fields.get(f"{OLD}_origin")
            image = new_image(
                apps,
                name=name,
                original_language=article.original_language,
                texts={f"{field}_{code}": waiting(field, code) for field in TEXTS for code in LANGUAGE_CODES},
                same=live.same_in_every_language if live else "",
                width=fields.get(f"{OLD}_width") if new_file else live.width,
                height=fields.get(f"{OLD}_height") if new_file else live.height,
                digital_source_type=ORIGINS.get(origin, "") if origin else getattr(live, "digital_source_type", ""),
                uploaded_by_id=pending.saved_by_id,
            )
            rows = Translation.objects.filter(content_type=article_type, object_id=article.pk)
            give_translation_states(apps, image, {row.language: row for row in rows}, {})
            rest["image_id"] = image.pk
        pending.data = {**pending.data, "fields": rest}
        pending.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_images"),
        ("editorial", "0006_transition_from_scheduled"),
        ("images", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_pending_images, migrations.RunPython.noop)]
