"""The newsroom's roles as groups (defined in `newsroom.roles`), and a translation state for every
object that exists already."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from newsroom import roles

# Translated fields per model, without slugs (made from the translated names).
TRANSLATED = {
    ("articles", "section"): ("name", "description"),
    ("articles", "series"): ("name", "description"),
    ("articles", "tag"): ("name",),
    ("articles", "author"): ("job_title", "bio"),
    ("articles", "article"): (
        "headline",
        "standfirst",
        "body",
        "lead_image_alt",
        "lead_image_caption",
        "lead_image_credit",
    ),
    ("organizations", "organization"): ("name", "short_name", "description"),
    ("people", "person"): ("position", "bio"),
    ("places", "place"): ("name", "description"),
    ("events", "event"): ("title", "description"),
}


def record_translation_states(apps, schema_editor):
    """Existing complete translations stay visible to readers: they count as complete and released."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Translation = apps.get_model("translations", "Translation")
    languages = [code for code, _name in settings.LANGUAGES]
    now = timezone.now()
    for (app_label, model_name), fields in TRANSLATED.items():
        model = apps.get_model(app_label, model_name)
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        rows = []
        for obj in model.objects.all():
            released = []
            original = obj.original_language
            texts = {code: {name: getattr(obj, f"{name}_{code}") or "" for name in fields} for code in languages}
            if model_name == "article":
                for part in obj.exchanges.all():
                    for name in ("question", "answer"):
                        for code in languages:
                            texts[code][f"exchanges.{part.pk}.{name}"] = getattr(part, f"{name}_{code}") or ""
            for code in languages:
                if code == original:
                    continue
                needed = [key for key, text in texts[original].items() if text]
                done = all(texts[code][key] for key in needed)
                started = any(texts[code].values())
                state = "complete" if done and started else "in_progress" if started else "missing"
                rows.append(
                    Translation(
                        content_type=content_type,
                        object_id=obj.pk,
                        language=code,
                        state=state,
                        state_changed_at=now,
                        source=texts[original] if state == "complete" else {},
                        released_at=now if state == "complete" else None,
                        published_at=getattr(obj, "published_at", None),
                    )
                )
                if state == "complete":
                    released.append(code)
            if released:
                model.objects.filter(pk=obj.pk).update(released_languages="".join(f"|{code}|" for code in released))
        Translation.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0001_initial"),
        ("articles", "0003_released_languages"),
        ("events", "0002_released_languages"),
        ("organizations", "0002_released_languages"),
        ("people", "0002_released_languages"),
        ("places", "0002_released_languages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(roles.migrate_roles, migrations.RunPython.noop),
        migrations.RunPython(record_translation_states, migrations.RunPython.noop),
    ]
