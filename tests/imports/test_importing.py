"""Importing ninjs documents: drafts for the desk, updated rather than duplicated, translations tied to
their originals, what they name matched or proposed, pictures only from trusted hosts — and bad
documents refused with a report naming the field, leaving nothing behind. The documents are made by
our own export from articles written for these tests, then changed the way an agency's would be."""

import copy
import io
import json

import pytest
from django.utils import translation
from PIL import Image
from reversion.models import Version

from newsroom.articles.models import Article, Author, Tag
from newsroom.editorial.models import PendingChange
from newsroom.imports import importing
from newsroom.imports.models import ImportRecord
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.syndication import ninjs
from tests.factories import (
    AuthorFactory,
    EditorFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PlaceFactory,
)

from .documents import AGENCY, agency_document
from .image_host import ImageHost

pytestmark = pytest.mark.django_db
ADMIN = ImportRecord.Source.ADMIN


@pytest.fixture
def editor():
    return EditorFactory(username="desk")


def imported(document, by, **options):
    return importing.import_document(json.dumps(document), by=by, source=ADMIN, **options)


def test_a_document_becomes_a_draft_with_what_it_names_matched_or_proposed(editor):
    document = agency_document()
    known = OrganizationFactory(name_en="nissan mexicana", name_de="Nissan Mexicana")

    result = imported(document, editor)

    assert result.outcome == "created"
    article = result.article
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    assert article.headline_en == "Nissan's Aguascalientes plant adds a third shift for the new Kicks"
    assert article.body_en == "<p>The plant's suppliers in Jesús María expect more orders.</p>"
    assert list(article.organizations.all()) == [known]  # matched by name, case aside
    (place,) = article.places.all()
    assert place.name_en == "Aguascalientes" and place.is_published is False  # proposed
    assert [b.author.display_name for b in article.bylines.all()] == ["Lucía Méndez"]
    fields = [note["field"] for note in result.report]
    assert "places[0]" in fields and "by" in fields
    assert not any(note["field"].startswith("organisations") for note in result.report)
    assert not Article.objects.published().exists()
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.comment.startswith("Imported from urn:agency:2026:nissan-third-shift")
    assert version.field_dict["organizations"] == [known.pk]


def test_the_same_document_again_changes_nothing_and_a_newer_version_updates_the_draft(editor):
    document = agency_document()
    first = imported(document, editor)

    again = imported(document, editor)
    newer = imported(
        document | {"version": "2", "headlines": [{"role": "main", "value": "Nissan adds a third shift in A2"}]},
        editor,
    )
    older = imported(document, editor)

    assert (again.outcome, newer.outcome, older.outcome) == ("unchanged", "updated", "unchanged")
    assert Article.objects.count() == 1
    article = Article.objects.get()
    assert article.pk == first.article.pk
    assert article.headline_en == "Nissan adds a third shift in A2"
    assert older.report[0]["field"] == "version"


def test_a_newer_version_of_a_published_article_waits_for_an_editor(editor):
    document = agency_document()
    article = imported(document, editor).article
    Article.objects.filter(pk=article.pk).publish()

    result = imported(
        document | {"version": "2", "headlines": [{"role": "main", "value": "Nissan adds a third shift in A2"}]},
        editor,
    )

    assert result.outcome == "updated"
    live = Article.objects.get(pk=article.pk)
    assert live.headline_en == "Nissan's Aguascalientes plant adds a third shift for the new Kicks"
    waiting = PendingChange.objects.get(article=live)
    assert waiting.data["fields"]["headline_en"] == "Nissan adds a third shift in A2"


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_a_translation_of_an_imported_document_becomes_its_translation_not_a_second_article(editor, version):
    english = agency_document()
    german = copy.deepcopy(english) | {
        "uri": "urn:agency:2026:nissan-third-shift:de",
        "language": "de",
        "headlines": [{"role": "main", "value": "Nissan führt im Werk Aguascalientes eine dritte Schicht ein"}],
        "descriptions": [{"role": "summary", "value": "Der Komplex A2 stellt bis Februar 600 Beschäftigte ein."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Die Zulieferer rechnen mit mehr.</p>"}],
    }
    if version == "3.1":
        english, german = ninjs.to_v3(english), ninjs.to_v3(german)
    article = imported(english, editor).article

    result = imported(german, editor)

    assert result.outcome == "translated"
    assert Article.objects.count() == 1
    article = Article.objects.get(pk=article.pk)
    assert article.headline_de == "Nissan führt im Werk Aguascalientes eine dritte Schicht ein"
    assert article.headline_en == "Nissan's Aguascalientes plant adds a third shift for the new Kicks"
    translation = article.translation_in("de")
    assert translation.state == "complete" and not translation.is_released
    assert translation.state_changed_by == editor


def test_an_interview_keeps_its_questions_and_answers(editor):
    exchange = InterviewExchangeFactory(
        question_en="What does the cluster need most?",
        answer_en="Suppliers who meet the rules of origin.\n\nAnd engineers.",
    )
    document = ninjs.document(Article.objects.get(pk=exchange.article_id), "en", AGENCY)
    Article.objects.all().delete()

    article = imported(document, editor).article

    (row,) = article.exchanges.all()
    assert article.kind == Article.Kind.INTERVIEW
    assert row.question_en == "What does the cluster need most?"
    assert row.answer_en == "Suppliers who meet the rules of origin.\n\nAnd engineers."
    assert "interview" not in article.body_en


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"language": "fr"}, "language", "not a language of this site"),
        ({"language": None}, "language", ""),
        ({"versioncreated": "yesterday"}, "versioncreated", "date-time"),
        ({"type": "picture"}, "type", "Only text items"),
        ({"pubstatus": "canceled"}, "pubstatus", "canceled"),
        ({"headlines": []}, "headlines", "no headline"),
        (
            {"bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Hi</p><script>steal()</script>"}]},
            "bodies[0].value",
            "<script>",
        ),
        (
            {"bodies": [{"role": "main", "contenttype": "text/html", "value": '<p><img src="x" onerror="a()"></p>'}]},
            "bodies[0].value",
            "onerror",
        ),
        (
            {"bodies": [{"role": "main", "contenttype": "text/html", "value": '<a href=" java\tscript:go()">x</a>'}]},
            "bodies[0].value",
            "javascript:",
        ),
        (
            {"bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>" + "Maquila " * 25_001 + "</p>"}]},
            "bodies[0].value",
            "at most 200000",
        ),
        ({"standard": {"name": "ninjs", "version": "1.5"}}, "standard.version", "cannot be read"),
    ],
)
def test_a_bad_document_is_refused_with_a_report_naming_the_field_and_leaves_nothing(editor, change, field, words):
    document = {key: value for key, value in (agency_document() | change).items() if value is not None}

    result = imported(document, editor)

    assert result.outcome == "refused"
    assert result.article is None
    assert any(note["field"] == field and words in note["message"] for note in result.report), result.report
    assert Article.objects.count() == 0
    assert Organization.objects.count() == Place.objects.count() == Author.objects.count() == 0
    record = ImportRecord.objects.get()
    assert record.outcome == "refused" and record.source_uri == "urn:agency:2026:nissan-third-shift"


def test_what_is_not_json_or_too_large_is_refused_before_it_is_read(editor, settings):
    settings.IMPORT_MAX_DOCUMENT_BYTES = 1000

    broken = importing.import_document(b'{"uri": ', by=editor, source=ADMIN)
    large = importing.import_document(json.dumps(agency_document() | {"ednote": "x" * 2000}), by=editor, source=ADMIN)
    listed = importing.import_document(b"[1, 2]", by=editor, source=ADMIN)

    assert [r.outcome for r in (broken, large, listed)] == ["refused"] * 3
    assert broken.report[0]["message"].startswith("This is not JSON")
    assert "at most 1000" in large.report[0]["message"]
    assert listed.report[0]["message"] == "A ninjs document is a JSON object."
    assert Article.objects.count() == 0


def test_a_document_from_this_site_finds_its_entities_by_their_pages(editor, settings):
    settings.SITE_URL = "https://news.example.com"
    document = agency_document()
    place = PlaceFactory(name_en="Villa de Reyes", name_de="Villa de Reyes")
    document["places"] = [
        {"name": "Villa de Reyes, S.L.P.", "rel": "about", "uri": "https://news.example.com" + place.url_in("de")}
    ]

    article = imported(document, editor).article

    assert list(article.places.all()) == [place]


def test_an_unknown_event_is_reported_not_made(editor):
    document = agency_document() | {"events": [{"name": "Industrial Transformation Mexico 2027", "rel": "about"}]}

    result = imported(document, editor)

    assert result.article.events.count() == 0
    assert any(note["field"] == "events[0]" for note in result.report)


def test_a_new_tag_is_made_and_a_known_author_is_kept(editor):
    document = agency_document()
    author = AuthorFactory(display_name="Lucía Méndez")
    document["subjects"].append({"name": "nearshoring", "rel": "tag", "uri": AGENCY + "/en/tags/nearshoring/"})

    article = imported(document, editor).article

    assert [t.name_en for t in article.tags.all()] == ["nearshoring"]
    assert Tag.objects.count() == 1
    assert [b.author for b in article.bylines.all()] == [author]


def jpeg_with_gps() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (300, 200), "orange")
    exif = image.getexif()
    exif[0x8825] = {2: (21.0, 52.0, 48.0), 1: "N"}  # GPSInfo: where the photographer stood
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def image_server(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "kicks.jpg").write_bytes(jpeg_with_gps())
    server = ImageHost(tmp_path / "served").start()
    yield server
    server.stop()


def with_picture(document: dict, href: str) -> dict:
    return document | {
        "associations": [
            {
                "name": "leadimage",
                "type": "picture",
                "uri": "urn:agency:picture:1",
                "by": "Agencia / Pedro Sol",
                "descriptions": [
                    {"role": "caption", "value": "The A2 line"},
                    {"role": "alt", "value": "Workers on the line"},
                ],
                "renditions": [{"name": "original", "href": href}],
            }
        ]
    }


def test_the_lead_image_comes_from_an_allowed_host_without_its_gps_position(editor, settings, image_server):
    settings.IMPORT_IMAGE_HOSTS = settings.IMPORT_IMAGE_PRIVATE_HOSTS = [image_server.host]
    document = with_picture(agency_document(), image_server.url("kicks.jpg"))

    article = imported(document, editor).article
    again = imported(document | {"version": "2"}, editor)

    image = article.image
    assert image.file and image.width == 300
    assert image.credit_en == "Agencia / Pedro Sol"
    assert image.alt_en == "Workers on the line"
    assert image.uploaded_by == editor
    with image.file.open() as stored, Image.open(stored) as picture:
        assert 0x8825 not in picture.getexif()
    assert again.outcome == "updated"
    assert image_server.requests == ["/kicks.jpg"]  # the same picture is not fetched twice


def test_a_lead_image_elsewhere_is_not_fetched_and_the_article_is_made_without_it(editor, settings, image_server):
    settings.IMPORT_IMAGE_HOSTS = ["images.agency.example"]
    document = with_picture(agency_document(), image_server.url("kicks.jpg"))

    result = imported(document, editor)

    assert result.outcome == "created"
    assert result.article.image is None
    assert image_server.requests == []
    assert any("not fetched" in note["message"] for note in result.report)


def test_an_image_server_that_is_down_or_failing_costs_the_image_not_the_article(editor, settings, image_server):
    settings.IMPORT_IMAGE_HOSTS = settings.IMPORT_IMAGE_PRIVATE_HOSTS = [image_server.host]
    image_server.failing = True
    document = agency_document()
    failing = imported(with_picture(document, image_server.url("kicks.jpg")), editor)
    image_server.stop()
    down = imported(with_picture(document | {"uri": "urn:agency:2"}, image_server.url("kicks.jpg")), editor)

    assert failing.outcome == down.outcome == "created"
    assert any("HTTP 503" in note["message"] for note in failing.report)
    assert any("connection refused" in note["message"] for note in down.report)


def test_a_failure_halfway_leaves_no_article_no_proposal_and_no_image_file(editor, settings, image_server, monkeypatch):
    settings.IMPORT_IMAGE_HOSTS = settings.IMPORT_IMAGE_PRIVATE_HOSTS = [image_server.host]
    document = with_picture(agency_document(), image_server.url("kicks.jpg"))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing, "_fill_corrections", broken)

    with pytest.raises(RuntimeError):
        imported(document, editor)

    assert Article.objects.count() == Place.objects.count() == Person.objects.count() == 0
    stored = (
        list((settings.MEDIA_ROOT / "articles").rglob("*.jpg")) if (settings.MEDIA_ROOT / "articles").exists() else []
    )
    assert stored == []


def test_the_report_is_read_in_the_readers_language_whatever_language_the_sender_asked_in(editor):
    with translation.override("de"):
        result = imported(agency_document() | {"language": "fr"}, editor)
        said_to_the_agency = result.report[0]["message"]

    record = ImportRecord.objects.get()
    assert said_to_the_agency == "„fr“ ist keine Sprache dieser Website; sie hat en, de."
    with translation.override("en"):
        assert record.notes()[0]["message"] == "“fr” is not a language of this site; it has en, de."
