"""Articles as ninjs documents, checked against the IPTC's own JSON Schemas (2.2 and 3.1, shipped in
newsroom/syndication/schemas/): what a partner's system receives, in each language, tied to its
translations. The texts are ours, written for these tests."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image as Picture

from newsroom.articles.models import Article, Correction
from newsroom.ids import stable_uri
from newsroom.images.models import Image, Licence
from newsroom.syndication import export, ninjs, validation
from newsroom.translations.workflow import translate_and_release
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    ImageFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SeriesFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
BASE = "https://news.example.com"


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Picture.new("RGB", (120, 80), "navy").save(buffer, "JPEG")
    return SimpleUploadedFile("plant.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(
        headline_en="BMW's San Luis Potosí plant starts building its electric Neue Klasse",
        standfirst_en="The plant adds 1,000 jobs and a battery assembly hall by 2027.",
        body_en=(
            "<p>Production began on Monday in Villa de Reyes.</p><p>Suppliers from Querétaro deliver the seats.</p>"
        ),
        headline_de="",
        standfirst_de="",
        body_de="",
        is_reported_by_ai=True,
        image=ImageFactory(
            file=jpeg(),
            alt_en="The new assembly hall seen from the access road",
            caption_en="The Neue Klasse hall in Villa de Reyes",
            credit_en="Newsroom / Ana Ruiz",
            copyright_holder="Newsroom",
            copyright_notice="© 2026 Newsroom",
            usage_terms="Editorial use only",
            licence=Licence.CC_BY,
            alt_de="",
            caption_de="",
            credit_de="",
        ),
    )
    article.organizations.add(OrganizationFactory(name_en="BMW Group", name_de="BMW Group"))
    article.people.add(PersonFactory(name="Oliver Zipse"))
    article.places.add(PlaceFactory(name_en="San Luis Potosí", name_de="San Luis Potosí"))
    article.tags.add(TagFactory(name_en="electromobility", name_de="Elektromobilität"))
    article.bylines.create(author=AuthorFactory(display_name="Ana Ruiz"), order=0)
    return Article.objects.get(pk=article.pk)


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_an_article_is_a_valid_ninjs_document_in_both_versions(article, version):
    item = ninjs.document(article, "en", BASE)
    if version == "3.1":
        item = ninjs.to_v3(item)

    assert validation.errors(item, version) == []


def associated(item: dict, name: str) -> dict:
    (found,) = [association for association in item.get("associations", []) if association["name"] == name]
    return found


def test_the_document_says_what_a_partner_needs(article):
    item = ninjs.document(article, "en", BASE)

    assert item["uri"] == stable_uri("article", article.pk, "en")
    assert item["language"] == "en"
    assert item["headlines"] == [{"role": "main", "value": article.headline_en}]
    assert item["descriptions"][0] == {"role": "summary", "value": article.standfirst_en}
    assert "Suppliers from Querétaro" in item["bodies"][0]["value"]
    assert item["bodies"][0]["wordcount"] == 13
    assert item["by"] == "Ana Ruiz"
    assert [o["name"] for o in item["organisations"]] == ["BMW Group"]
    assert [p["name"] for p in item["people"]] == ["Oliver Zipse"]
    assert item["places"][0]["uri"].startswith(BASE + "/en/")
    assert {s["rel"] for s in item["subjects"]} == {"section", "tag"}
    assert item["digitalsourcetype"]["uri"].endswith("/trainedAlgorithmicMedia")
    image = associated(item, "leadimage")
    assert image["by"] == "Newsroom / Ana Ruiz"
    assert {"role": "alt", "value": "The new assembly hall seen from the access road"} in image["descriptions"]
    # The social rendition (1.91:1) of a 120 × 80 picture, no wider than the picture; then the
    # picture in its own framing, each width as JPEG (one here: the picture is narrower than 480).
    assert image["renditions"] == [
        {
            "name": "social",
            "href": image["renditions"][0]["href"],
            "contenttype": "image/jpeg",
            "width": 120,
            "height": 63,
        },
        {
            "name": "lead-120",
            "href": image["renditions"][1]["href"],
            "contenttype": "image/jpeg",
            "width": 120,
            "height": 80,
        },
    ]
    assert image["renditions"][1]["href"].endswith("/lead-120x80.jpg")
    assert image["renditions"][0]["href"].startswith(BASE + "/")
    assert image["copyrightholder"] == "Newsroom"
    assert image["copyrightnotice"] == "© 2026 Newsroom"
    assert image["usageterms"] == "Editorial use only"
    assert image["rightsinfo"] == {"linkedrights": "https://creativecommons.org/licenses/by/4.0/"}
    assert {"role": "caption", "value": "The Neue Klasse hall in Villa de Reyes"} in image["descriptions"]


def test_the_pictures_rights_keep_their_names_in_ninjs_3(article):
    image = associated(ninjs.to_v3(ninjs.document(article, "en", BASE)), "leadimage")

    assert image["copyrightHolder"] == "Newsroom" and image["usageTerms"] == "Editorial use only"
    assert image["rightsInfo"] == {"linkedRights": "https://creativecommons.org/licenses/by/4.0/"}
    assert image["renditions"][0]["contentType"] == "image/jpeg"


def test_a_translation_and_its_original_name_each_other(article, django_capture_on_commit_callbacks):
    article.headline_de = "BMW baut in San Luis Potosí die elektrische Neue Klasse"
    article.standfirst_de = "Das Werk schafft 1.000 Stellen und eine Batteriemontage bis 2027."
    article.body_de = "<p>Die Produktion begann am Montag in Villa de Reyes.</p>"
    article.save()
    image = article.image
    image.alt_de = "Die neue Montagehalle, von der Zufahrt aus gesehen"
    image.caption_de = "Die Halle der Neuen Klasse in Villa de Reyes"
    image.credit_de = "Newsroom / Ana Ruiz"
    image.save()
    with django_capture_on_commit_callbacks(execute=True):
        translate_and_release(image, "de", by=None)
        translate_and_release(article, "de", by=None)
    article = Article.objects.get(pk=article.pk)

    english, german = ninjs.document(article, "en", BASE), ninjs.document(article, "de", BASE)

    assert german["headlines"][0]["value"] == "BMW baut in San Luis Potosí die elektrische Neue Klasse"
    assert german["altids"][0] == english["altids"][0] == {"role": "work", "value": stable_uri("article", article.pk)}
    assert associated(english, "translation-de")["uri"] == german["uri"]
    assert associated(german, "translation-of")["uri"] == english["uri"]
    assert associated(german, "translation-of")["language"] == "en"
    assert {"role": "alt", "value": "Die neue Montagehalle, von der Zufahrt aus gesehen"} in associated(
        german, "leadimage"
    )["descriptions"]
    assert validation.errors(german, "2.2") == []
    assert validation.errors(ninjs.to_v3(german), "3.1") == []


def test_no_document_in_a_language_the_article_is_not_readable_in(article):
    with pytest.raises(ValueError):
        ninjs.document(article, "de", BASE)


def test_a_shown_correction_is_in_the_document_and_one_still_to_come_is_not(article):
    Correction.objects.create(article=article, text_en="An earlier version gave 2026 for the hall.")
    Correction.objects.create(
        article=article, text_en="Not yet.", published_at=timezone.now() + datetime.timedelta(days=1)
    )

    item = ninjs.document(Article.objects.get(pk=article.pk), "en", BASE)

    notes = [d["value"] for d in item["descriptions"] if d["role"] == "correction"]
    assert notes == ["An earlier version gave 2026 for the hall."]
    assert validation.errors(item, "2.2") == []


def test_the_schemas_refuse_what_is_not_ninjs(article):
    item = ninjs.document(article, "en", BASE)

    assert validation.errors({**item, "uri": "not a uri"}, "2.2")
    assert validation.errors({**item, "versioncreated": "yesterday"}, "2.2")
    assert validation.errors({**item, "newsroom_extra": 1}, "2.2")
    assert validation.errors(item, "3.1"), "a 2.2 document is not 3.1 (versionCreated, altIds…)"


def test_an_interview_carries_its_questions_and_answers_and_links_are_absolute(settings):
    interview = ArticleFactory(
        kind=Article.Kind.INTERVIEW,
        headline_en="“We build where the suppliers are”",
        body_en='<p>Read our <a href="/en/articles/">earlier reports</a> on the Bajío.</p>',
        headline_de="",
        body_de="",
        dateline=PlaceFactory(name_en="Celaya", name_de="Celaya"),
        series=SeriesFactory(),
    )
    interview.events.add(EventFactory())
    InterviewExchangeFactory(
        article=interview, question_en="Why Celaya?", answer_en="Because of the rail link.\n\nAnd the people.", order=1
    )

    item = ninjs.document(Article.objects.get(pk=interview.pk), "en", BASE)

    body = item["bodies"][0]["value"]
    assert f'href="{BASE}/en/articles/"' in body
    assert '<dl class="interview"><dt>Why Celaya?</dt><dd><p>Because of the rail link.</p>' in body
    assert item["located"] == "Celaya"
    assert {s["rel"] for s in item["subjects"]} == {"section", "series"}
    assert len(item["events"]) == 1
    assert validation.errors(item, "2.2") == []
    assert validation.errors(ninjs.to_v3(item), "3.1") == []


def test_how_the_article_was_made_is_a_trust_indicator_pointing_to_the_labels_page(article):
    item = ninjs.document(article, "en", BASE)

    assert [indicator["title"] for indicator in item["trustindicators"]] == ["Reported by AI"]
    assert item["trustindicators"][0]["href"] == BASE + "/en/ai-labels/"


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_a_taken_down_article_is_a_canceled_stub_without_its_text(article, version):
    item = ninjs.stub(article, "en")
    if version == "3.1":
        item = ninjs.to_v3(item)

    assert validation.errors(item, version) == []
    assert item["pubstatus" if version == "2.2" else "pubStatus"] == "canceled"
    assert "headlines" not in item and "bodies" not in item


def test_the_archive_is_exported_as_json_lines_of_valid_documents_in_one_language(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    english = [
        ArticleFactory(headline_en=f"Article {n} about Guanajuato", headline_de="", body_de="", standfirst_de="")
        for n in range(3)
    ]
    both = ArticleFactory(
        headline_en="Toyota expands in Apaseo el Grande", headline_de="Toyota wächst in Apaseo el Grande"
    )
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="A draft")
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1), headline_en="Scheduled")
    output = tmp_path / "en.jsonl"

    call_command("export_ninjs", language="en", output=str(output), base_url=BASE, stderr=io.StringIO())
    german = io.StringIO()
    call_command("export_ninjs", language="de", ninjs_version="3.1", base_url=BASE, stdout=german, stderr=io.StringIO())

    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert {item["uri"] for item in lines} == {stable_uri("article", a.pk, "en") for a in [*english, both]}
    assert all(validation.errors(item, "2.2") == [] for item in lines)
    assert [item["versionCreated"] for item in map(json.loads, german.getvalue().splitlines())]
    (only,) = [json.loads(line) for line in german.getvalue().splitlines()]
    assert only["uri"] == stable_uri("article", both.pk, "de")
    assert validation.errors(only, "3.1") == []


def test_the_export_refuses_to_run_without_the_sites_address(settings):
    settings.SITE_URL = ""

    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("export_ninjs", language="en", stdout=io.StringIO())


def test_a_correction_not_translated_yet_is_marked_as_the_originals_language(article):
    article.headline_de, article.standfirst_de = "BMW baut die Neue Klasse", "Das Werk schafft Stellen."
    article.body_de = "<p>Die Produktion begann.</p>"
    article.save()
    translate_and_release(article, "de", by=None)
    Correction.objects.create(article=article, text_en="An earlier version gave a wrong figure.")

    item = ninjs.document(Article.objects.get(pk=article.pk), "de", BASE)

    (note,) = [d for d in item["descriptions"] if d["role"] == "correction"]
    assert note == {
        "role": "correction",
        "contenttype": "text/html",
        "value": '<p lang="en">An earlier version gave a wrong figure.</p>',
    }
    assert validation.errors(item, "2.2") == []


def test_a_body_is_sanitized_again_on_the_way_out(article):
    Article.objects.filter(pk=article.pk).update(body_en='<p onclick="steal()">Hello<script>alert(1)</script></p>')

    body = ninjs.document(Article.objects.get(pk=article.pk), "en", BASE)["bodies"][0]["value"]

    assert "script" not in body and "onclick" not in body and "Hello" in body


def test_an_image_without_stored_sizes_still_makes_a_valid_document(article):
    Image.objects.filter(pk=article.image_id).update(width=None, height=None)

    item = ninjs.document(Article.objects.get(pk=article.pk), "en", BASE)

    assert validation.errors(item, "2.2") == [] and validation.errors(ninjs.to_v3(item), "3.1") == []


def test_the_export_reads_batch_after_batch_through_equal_publish_times(monkeypatch):
    monkeypatch.setattr(export, "BATCH", 2)
    same_time = timezone.now() - datetime.timedelta(hours=2)
    made = [
        ArticleFactory(published_at=same_time if n < 4 else same_time - datetime.timedelta(minutes=n)) for n in range(7)
    ]

    uris = [item["uri"] for item in export.documents("en", BASE)]

    assert sorted(uris) == sorted(stable_uri("article", a.pk, "en") for a in made)
    assert len(uris) == len(set(uris))


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_entities_with_identifiers_are_named_by_them_and_the_document_stays_valid(article, version):
    bmw = article.organizations.get()
    bmw.wikidata, bmw.lei, bmw.ticker, bmw.exchange = "Q26678", "YEH5ZCD6E441RHVHD759", "BMW", "XETR"
    bmw.save()
    place = article.places.get()
    place.latitude, place.longitude = Decimal("22.15650"), Decimal("-100.98550")
    place.save()

    item = ninjs.document(Article.objects.get(pk=article.pk), "en", BASE)
    if version == "3.1":
        item = ninjs.to_v3(item)

    assert validation.errors(item, version) == []
    (organisation,) = item["organisations"]
    assert organisation["uri"] == "http://www.wikidata.org/entity/Q26678"
    symbol = "ticker" if version == "2.2" else "symbol"
    assert organisation["symbols"] == [{symbol: "BMW", "exchange": "XETR"}]
    (where,) = item["places"]
    assert where["uri"].startswith(BASE + "/en/")
    assert where["geojson" if version == "2.2" else "geoJSON"] == {"type": "Point", "coordinates": [-100.9855, 22.1565]}
