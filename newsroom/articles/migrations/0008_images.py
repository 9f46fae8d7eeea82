"""Lead images and authors' photos become images of the library (issue 18), with nothing lost.

Per article with a lead image: an Image of the same stored file (no copy), with the article's alt
text, caption and credit in every language (a credit marked the same in every language stays so),
its origin as IPTC's digital source type, the article's original language, and its translation
states (newsroom/images/moving.py); the article's own caption ("caption in this article") is left
blank, so the page shows the image's. The fields get new names, not the old ones: old revisions
hold `lead_image` and `photo` with a file's path, which a restore would read as an image's id.
Waiting changes are moved by editorial's 0007.
"""

import django.db.models.deletion
from django.db import migrations, models

from newsroom.images.moving import (
    LANGUAGE_CODES,
    ORIGINS,
    TEXTS,
    content_type,
    give_translation_states,
    move_file_field,
    move_file_field_back,
    new_image,
)

# The article's old texts → the image's field.
RENAMED = {f"lead_image_{field}": field for field in TEXTS}


def move_lead_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Translation = apps.get_model("translations", "Translation")
    article_type = content_type(apps, "articles", "article")
    for article in Article.objects.exclude(lead_image="").exclude(lead_image__isnull=True).iterator():
        marked = (article.same_in_every_language or "").split()
        texts = {
            f"{field}_{code}": getattr(article, f"lead_image_{field}_{code}") or ""
            for field in TEXTS
            for code in LANGUAGE_CODES
        }
        image = new_image(
            apps,
            name=article.lead_image.name,
            original_language=article.original_language,
            texts=texts,
            same="credit" if "lead_image_credit" in marked else "",
            width=article.lead_image_width,
            height=article.lead_image_height,
            digital_source_type=ORIGINS.get(article.lead_image_origin, ""),
            uploaded_by_id=article.created_by_id,
        )
        rows = {
            row.language: row for row in Translation.objects.filter(content_type=article_type, object_id=article.pk)
        }
        give_translation_states(apps, image, rows, RENAMED)
        # The article's translations no longer hold the image's texts: they are the image's now.
        for row in rows.values():
            row.source = {
                key: ("" if key == "lead_image_caption" else text)
                for key, text in row.source.items()
                if key not in RENAMED or key == "lead_image_caption"
            }
            row.pending = {key: text for key, text in row.pending.items() if key not in RENAMED}
            row.machine_translated = {k: v for k, v in row.machine_translated.items() if k not in RENAMED}
            row.save(update_fields=["source", "pending", "machine_translated"])
        Article.objects.filter(pk=article.pk).update(
            image=image.pk,
            lead_image_caption="",
            **{f"lead_image_caption_{code}": "" for code in LANGUAGE_CODES},
            same_in_every_language=" ".join(name for name in marked if name != "lead_image_credit"),
        )


def move_lead_images_back(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    origins = {code: origin for origin, code in ORIGINS.items()}
    for article in Article.objects.exclude(image__isnull=True).select_related("image"):
        image = article.image
        Article.objects.filter(pk=article.pk).update(
            lead_image=image.file.name,
            lead_image_width=image.width,
            lead_image_height=image.height,
            lead_image_origin=origins.get(image.digital_source_type, "captured"),
            **{
                f"lead_image_{field}_{code}": getattr(article, f"lead_image_{field}_{code}") or getattr(image, f"{field}_{code}")
                if field == "caption"
                else getattr(image, f"{field}_{code}")
                for field in TEXTS
                for code in LANGUAGE_CODES
            },
        )


def move_portraits(apps, schema_editor):
    move_file_field(apps, "articles", "author", "photo", "portrait")


def move_portraits_back(apps, schema_editor):
    move_file_field_back(apps, "articles", "author", "photo", "portrait")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_same_in_every_language"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0001_initial"),
        ("translations", "0006_glossary_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="images.image",
                verbose_name="lead image",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="portrait",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="authors",
                to="images.image",
                verbose_name="portrait",
            ),
        ),
        migrations.RunPython(move_lead_images, move_lead_images_back),
        migrations.RunPython(move_portraits, move_portraits_back),
        migrations.RemoveField(model_name="article", name="lead_image"),
        migrations.RemoveField(model_name="article", name="lead_image_alt"),
        migrations.RemoveField(model_name="article", name="lead_image_alt_de"),
        migrations.RemoveField(model_name="article", name="lead_image_alt_en"),
        migrations.RemoveField(model_name="article", name="lead_image_credit"),
        migrations.RemoveField(model_name="article", name="lead_image_credit_de"),
        migrations.RemoveField(model_name="article", name="lead_image_credit_en"),
        migrations.RemoveField(model_name="article", name="lead_image_height"),
        migrations.RemoveField(model_name="article", name="lead_image_origin"),
        migrations.RemoveField(model_name="article", name="lead_image_width"),
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.AlterField(
            model_name="article",
            name="lead_image_caption",
            field=models.CharField(
                blank=True, help_text="Blank: the image's own caption.", max_length=300, verbose_name="caption in this article"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image_caption_de",
            field=models.CharField(
                blank=True,
                help_text="Blank: the image's own caption.",
                max_length=300,
                null=True,
                verbose_name="caption in this article",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image_caption_en",
            field=models.CharField(
                blank=True,
                help_text="Blank: the image's own caption.",
                max_length=300,
                null=True,
                verbose_name="caption in this article",
            ),
        ),
    ]
