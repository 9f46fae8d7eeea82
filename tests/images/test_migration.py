"""The migrations of issue 18 move every lead image, portrait and logo into the library with
nothing lost: run with Django's MigrationExecutor from the state before them, on rows made there."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone, translation

from newsroom.articles.models import Article, Section
from newsroom.editorial.models import PendingChange
from newsroom.images.models import Image, renditions_key
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.translations.models import Translation

BEFORE = [
    ("articles", "0007_same_in_every_language"),
    ("editorial", "0006_transition_from_scheduled"),
    ("people", "0004_same_in_every_language"),
    ("organizations", "0004_same_in_every_language"),
    ("events", "0004_same_in_every_language"),
    ("images", None),
]
RELEASED_AT = timezone.now() - datetime.timedelta(days=3)


def old_rows(apps):
    """What an archive holds before the migration, made with its models as they were then."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Section = apps.get_model("articles", "Section")
    OldArticle = apps.get_model("articles", "Article")
    OldTranslation = apps.get_model("translations", "Translation")
    article_type, _created = ContentType.objects.get_or_create(app_label="articles", model="article")
    section = Section.objects.create(
        name="Automotive", name_en="Automotive", name_de="Automobil", slug_en="automotive", slug_de="automobil"
    )
    published = timezone.now() - datetime.timedelta(days=2)

    def article(slug, **fields):
        return OldArticle.objects.create(
            section=section,
            status="published",
            published_at=published,
            slug_en=slug,
            slug_de=f"{slug}-de",
            headline_en=f"Headline {slug}",
            headline_de=f"Schlagzeile {slug}",
            body_en="<p>Text.</p>",
            body_de="<p>Text.</p>",
            **fields,
        )

    released = article(
        "tachi-s-seats",
        lead_image="articles/2026/11/tachi-s.jpg",
        lead_image_width=640,
        lead_image_height=427,
        lead_image_alt_en="Seats on a line at the Tachi-S plant",
        lead_image_alt_de="Sitze am Band im Werk von Tachi-S",
        lead_image_caption_en="Tachi-S has made seats here for 28 years.",
        lead_image_caption_de="Tachi-S fertigt hier seit 28 Jahren Sitze.",
        lead_image_credit_en="Photo: Cuartoscuro",
        lead_image_credit_de="Photo: Cuartoscuro",
        lead_image_origin="edited_with_ai",
        same_in_every_language="lead_image_credit",
        released_languages="|de|",
        readable_in="|en||de|",
    )
    OldTranslation.objects.create(
        content_type=article_type,
        object_id=released.pk,
        language="de",
        state="complete",
        state_changed_at=RELEASED_AT,
        released_at=RELEASED_AT,
        source={"headline": "Headline tachi-s-seats", "lead_image_alt": "Seats on a line at the Tachi-S plant"},
        pending={"headline": "Schlagzeile, neu", "lead_image_alt": "Sitze am Montageband von Tachi-S"},
    )
    unreleased = article(
        "nagoya-alliance",
        lead_image="articles/2026/11/nagoya.png",
        lead_image_width=800,
        lead_image_height=600,
        lead_image_alt_en="An AI-made skyline of Nagoya",
        lead_image_alt_de="Eine mit KI erzeugte Skyline von Nagoya",
        lead_image_caption_en="The chamber has 17,000 members.",
        lead_image_credit_en="Newsroom graphics desk",
        lead_image_origin="generated_by_ai",
        readable_in="|en|",
    )
    OldTranslation.objects.create(
        content_type=article_type, object_id=unreleased.pk, language="de", state="in_progress"
    )
    waiting = article(
        "el-insurgente",
        lead_image="articles/2026/11/train.jpg",
        lead_image_width=800,
        lead_image_height=600,
        lead_image_alt_en="The train at Toluca",
        lead_image_caption_en="El Insurgente at Toluca.",
        lead_image_credit_en="Photo: SICT",
        readable_in="|en|",
    )
    OldTranslation.objects.create(content_type=article_type, object_id=waiting.pk, language="de", state="missing")
    apps.get_model("editorial", "PendingChange").objects.create(
        article=waiting,
        data={
            "fields": {
                "headline_en": "El Insurgente reaches Mexico City",
                "lead_image": "articles/2026/12/observatorio.jpg",
                "lead_image_width": 1200,
                "lead_image_height": 800,
                "lead_image_alt_en": "The train arriving at Observatorio",
            },
            "m2m": {},
            "parts": {},
        },
    )
    retitled = article(
        "jalisco-cluster",
        lead_image="articles/2026/11/cluster.jpg",
        lead_image_width=800,
        lead_image_height=600,
        lead_image_alt_en="Carmen Hernández at the cluster's office",
        lead_image_caption_en="Carmen Hernández leads the cluster.",
        readable_in="|en|",
    )
    apps.get_model("editorial", "PendingChange").objects.create(
        article=retitled,
        data={"fields": {"lead_image_caption_en": "The cluster was founded in 2017."}, "m2m": {}, "parts": {}},
    )
    person = apps.get_model("people", "Person").objects.create(
        name="Carmen Hernández", slug="carmen-hernandez", photo="people/2026/carmen.jpg", readable_in="|en|"
    )
    organization = apps.get_model("organizations", "Organization").objects.create(
        name_en="JICA", slug_en="jica", kind="agency", logo="organizations/2026/jica.png", readable_in="|en|"
    )
    return {
        "released": released.pk,
        "unreleased": unreleased.pk,
        "waiting": waiting.pk,
        "retitled": retitled.pk,
        "person": person.pk,
        "organization": organization.pk,
    }


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    """Migrated once for the module (moving the schema back and forth takes half a minute); each test
    reads the result inside its own transaction, and the rows go when the module is done."""
    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        try:
            # The translations' and content types' tables as they are then, beside the apps moved back.
            nodes = [node for node in BEFORE if node[1]] + [("translations", "0006_glossary_names")]
            old = old_rows(MigrationExecutor(connection).loader.project_state(nodes).apps)
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            yield old
        finally:
            # Every later test needs the schema of today, and none of these rows.
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            for model in (PendingChange, Article, Person, Organization, Image, Section, Translation):
                model.objects.all().delete()


pytestmark = pytest.mark.django_db


def test_each_lead_image_becomes_an_image_of_the_same_file_with_its_texts_in_both_languages(migrated):
    article = Article.objects.get(pk=migrated["released"])
    image = article.image

    assert image.file.name == "articles/2026/11/tachi-s.jpg"
    assert image.original_name == "tachi-s.jpg"
    assert (image.width, image.height) == (640, 427)
    assert (image.alt_en, image.alt_de) == ("Seats on a line at the Tachi-S plant", "Sitze am Band im Werk von Tachi-S")
    assert image.caption_en == "Tachi-S has made seats here for 28 years."
    assert image.caption_de == "Tachi-S fertigt hier seit 28 Jahren Sitze."
    assert (image.credit_en, image.credit_de) == ("Photo: Cuartoscuro", "Photo: Cuartoscuro")
    assert image.marked_same() == ["credit"]
    assert image.digital_source_type == "compositeWithTrainedAlgorithmicMedia"
    assert image.original_language == "en"
    assert image.file_sha256 == ""
    # The article's own caption is blank: its page shows the image's.
    assert (article.lead_image_caption_en, article.lead_image_caption_de) == ("", "")
    assert "lead_image_credit" not in article.same_in_every_language


def test_each_origin_becomes_its_digital_source_type(migrated):
    generated = Article.objects.get(pk=migrated["unreleased"]).image
    captured = Article.objects.get(pk=migrated["waiting"]).image

    assert generated.digital_source_type == "trainedAlgorithmicMedia" and generated.is_generated_by_ai
    assert captured.digital_source_type == "" and not captured.is_generated_by_ai


def test_a_released_german_stays_released_with_its_waiting_changes_on_the_image(migrated):
    article = Article.objects.get(pk=migrated["released"])
    image_de = article.image.translation_in("de")
    article_de = article.translation_in("de")

    assert image_de.state == Translation.State.COMPLETE
    assert image_de.released_at == RELEASED_AT
    assert image_de.source == {
        "caption": "Tachi-S has made seats here for 28 years.",
        "alt": "Seats on a line at the Tachi-S plant",
    }
    assert image_de.pending == {"alt": "Sitze am Montageband von Tachi-S"}
    assert article.image.is_readable_in("de") and article.image.released_languages == "|de|"
    assert article_de.pending == {"headline": "Schlagzeile, neu"}
    assert "lead_image_alt" not in article_de.source


def test_an_unreleased_german_stays_unreleased(migrated):
    image = Article.objects.get(pk=migrated["unreleased"]).image
    image_de = image.translation_in("de")

    # The German alt text is there, the caption and credit not: in progress, readers get English.
    assert image_de.state == Translation.State.IN_PROGRESS
    assert image_de.released_at is None
    assert not image.is_readable_in("de")


def test_a_waiting_new_image_becomes_an_image_the_change_names_and_the_live_article_keeps_its_own(migrated):
    article = Article.objects.get(pk=migrated["waiting"])
    fields = PendingChange.objects.get(article=article).data["fields"]
    waiting = Image.objects.get(pk=fields["image_id"])

    assert not any(key.startswith("lead_image") for key in fields)
    assert fields["headline_en"] == "El Insurgente reaches Mexico City"
    assert waiting.file.name == "articles/2026/12/observatorio.jpg"
    assert (waiting.width, waiting.height) == (1200, 800)
    assert waiting.alt_en == "The train arriving at Observatorio"
    # Texts the change did not touch are the live image's.
    assert (waiting.caption_en, waiting.credit_en) == ("El Insurgente at Toluca.", "Photo: SICT")
    assert article.image.file.name == "articles/2026/11/train.jpg"


def test_a_waiting_caption_becomes_a_copy_of_the_live_image_with_it(migrated):
    article = Article.objects.get(pk=migrated["retitled"])
    fields = PendingChange.objects.get(article=article).data["fields"]
    waiting = Image.objects.get(pk=fields["image_id"])

    assert waiting.pk != article.image_id
    assert waiting.file.name == article.image.file.name == "articles/2026/11/cluster.jpg"
    assert waiting.caption_en == "The cluster was founded in 2017."
    assert article.image.caption_en == "Carmen Hernández leads the cluster."


def test_portraits_and_logos_become_images_with_nothing_to_translate(migrated):
    portrait = Person.objects.get(pk=migrated["person"]).portrait
    logo = Organization.objects.get(pk=migrated["organization"]).logo_image

    assert portrait.file.name == "people/2026/carmen.jpg"
    assert logo.file.name == "organizations/2026/jica.png"
    assert portrait.is_readable_in("de") and portrait.translation_in("de").is_released


def test_pages_show_the_same_caption_credit_and_alt_in_both_languages(migrated):
    article = Article.objects.get(pk=migrated["released"])
    client = Client()
    for language, caption, alt in (
        ("en", "Tachi-S has made seats here for 28 years.", "Seats on a line at the Tachi-S plant"),
        ("de", "Tachi-S fertigt hier seit 28 Jahren Sitze.", "Sitze am Band im Werk von Tachi-S"),
    ):
        with translation.override(language):
            url = article.get_absolute_url()
        page = BeautifulSoup(client.get(url).content, "html.parser")
        figure = page.find("figure", class_="article__image")

        assert caption in figure.figcaption.text
        assert figure.find("span", class_="credit").text == "Photo: Cuartoscuro"
        assert figure.img["alt"] == alt
        # Its renditions' key given by the migration: pages link the making view until they are made.
        image = article.image
        assert (image.renditions_key, image.renditions_ready) == (renditions_key(image), False)
        assert figure.img["src"] == f"/images/r/{image.pk}/{image.renditions_key}/lead-480x320.jpg"
        assert (figure.img["width"], figure.img["height"]) == ("480", "320")
        assert "tachi-s.jpg" not in str(figure)
