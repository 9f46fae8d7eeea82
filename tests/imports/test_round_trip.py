"""The round trip: an article and its German translation exported as ninjs, imported into an empty
database by `import_ninjs`, reviewed and published by an editor as an agency's copy would be — and
the /en/ and /de/ pages read the same as the originals. The lead image travels through a real
image server, as it would come from an agency's."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image as Picture

from newsroom.articles.models import Article, Author, Section, Tag
from newsroom.editorial import workflow
from newsroom.images import renditions
from newsroom.images.models import Image
from newsroom.imports.models import ImportRecord
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.syndication import export
from newsroom.translations.workflow import release, translate_and_release
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
)

from .image_host import ImageHost

pytestmark = pytest.mark.django_db
SOURCE = "https://source.example"
HEADLINE = (
    "BMW's plant in San Luis Potosí starts series production of the electric Neue Klasse, with 1,000 new jobs "
    "and a battery hall that suppliers from Querétaro and Guanajuato will feed"
)
BODY = "".join(
    f"<p>Paragraph {n}: the Villa de Reyes plant works with suppliers in the Bajío; "
    "the state's governor spoke of <strong>the largest investment</strong> since 2019, "
    '<a href="https://www.bmwgroup.com/">said BMW Group</a>.</p>'
    for n in range(1, 40)
)


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Picture.new("RGB", (640, 360), "darkgreen").save(buffer, "JPEG")
    return SimpleUploadedFile("neue-klasse.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def agency(tmp_path, settings):
    """The exporting site's media, served as an agency's image server serves its pictures."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    host = ImageHost(tmp_path / "source-media")
    (tmp_path / "source-media").mkdir()
    host.start()
    settings.IMPORT_IMAGE_HOSTS = [host.host]
    settings.IMPORT_IMAGE_PRIVATE_HOSTS = [host.host]
    yield host
    host.stop()


def the_original():
    article = ArticleFactory(
        headline_en=HEADLINE,
        headline_de=(
            "BMW startet in San Luis Potosí die Serienfertigung der elektrischen Neuen Klasse – mit 1.000 neuen "
            "Arbeitsplätzen und einer Batteriehalle für Zulieferer aus Querétaro"
        ),
        standfirst_en="The Automobilzulieferer-Netzwerk of the Bajío gains its biggest customer.",
        standfirst_de="Das Automobilzulieferer-Netzwerk des Bajío gewinnt seinen größten Kunden.",
        body_en=BODY,
        body_de=BODY.replace("Paragraph", "Absatz").replace("the largest investment", "die größte Investition"),
        image=ImageFactory(
            file=jpeg(),
            alt_en="The new assembly hall seen from the access road",
            alt_de="Die neue Montagehalle, von der Zufahrt aus gesehen",
            caption_en="The Neue Klasse hall in Villa de Reyes",
            caption_de="Die Halle der Neuen Klasse in Villa de Reyes",
            credit_en="Newsroom / Ana Ruiz",
            credit_de="Newsroom / Ana Ruiz",
        ),
        section=SectionFactory(name_en="Automotive", name_de="Automobil"),
        released_translations=False,
    )
    # A ninjs byline is a name: an author's profile (job title, photo, biography) is the author page's,
    # which the importing site fills in (the report asks for it).
    article.bylines.create(author=AuthorFactory(display_name="Ana Ruiz", job_title_en="", job_title_de=""), order=0)
    article.organizations.add(OrganizationFactory(name_en="BMW Group", name_de="BMW Group"))
    article.people.add(PersonFactory(name="Oliver Zipse"))
    article.places.add(PlaceFactory(name_en="San Luis Potosí", name_de="San Luis Potosí"))
    article.tags.add(TagFactory(name_en="electromobility", name_de="Elektromobilität"))
    translate_and_release(article, "de", by=None)
    return Article.objects.get(pk=article.pk)


def page(client, url: str) -> str:
    """The article as a reader reads it: the page's <main>, without what names the database
    rows (ids, image file names) — the same story on another site has other ones."""
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL)
    assert found, url
    shown = found[0]
    shown = re.sub(r'\s(src|srcset|href|data-[a-z-]+|id|for|aria-[a-z]+)="[^"]*"', "", shown)
    return re.sub(r"\s+", " ", shown)


def empty_the_database():
    Article.objects.all().delete()
    for model in (Author, Tag, Organization, Person, Place, Section, Image):
        model.objects.all().delete()


def test_an_exported_article_and_its_translation_imported_into_an_empty_database_read_the_same(
    client, agency, tmp_path, settings, django_capture_on_commit_callbacks
):
    original = the_original()
    # As the exporting site's worker leaves it: the picture's renditions made, which the documents name.
    renditions.make_all(original.image)
    before = {language: page(client, original.url_in(language)) for language in ("en", "de")}
    files = []
    for language in ("en", "de"):
        path = tmp_path / f"archive-{language}.jsonl"
        with open(path, "w", encoding="utf-8") as stream:
            export.write_lines(stream, language, SOURCE)
        files.append(path)
    # The agency serves the pictures at the addresses the documents name.
    original.image.refresh_from_db()
    widest = max((p for p in renditions.of_spec(original.image, "lead") if p.format == "JPEG"), key=lambda p: p.width)
    exported_image = renditions.path_of(original.image.renditions_key, widest.name)
    served = tmp_path / "source-media"
    documents = [line for path in files for line in path.read_text().splitlines()]
    assert len(documents) == 2
    documents = [line.replace(f"{SOURCE}/media/", agency.url("")) for line in documents]
    (tmp_path / "incoming").mkdir()
    for number, line in enumerate(documents):
        (tmp_path / "incoming" / f"{number}.json").write_text(line, encoding="utf-8")
    settings.MEDIA_ROOT = tmp_path / "our-media"
    assert (served / exported_image).exists()
    empty_the_database()
    editor = EditorFactory(username="desk")

    # German first, as a folder's order may have it: the originals are imported first all the same.
    output = io.StringIO()
    # As from a shell: the page requests above left German active in this thread.
    with translation.override("en"):
        call_command("import_ninjs", str(tmp_path / "incoming"), "--user", "desk", stdout=output)

    (article,) = Article.objects.all()
    assert article.status == Article.Status.DRAFT
    assert [r.outcome for r in ImportRecord.objects.order_by("pk")] == ["created", "translated"]
    assert article.headline_en == HEADLINE
    assert article.translation_in("de").state == "complete"
    assert not article.translation_in("de").is_released
    assert Organization.objects.get().is_published is False  # proposed, for the editor to check
    assert "proposed" in output.getvalue()
    assert agency.requests == [f"/{exported_image}"]

    # The editor reviews: publishes what was proposed, and the article at the time the document says
    # it was first published (an archive's, not today's), and releases the translation.
    for model in (Organization, Person, Place):
        model.objects.all().publish()
    Article.objects.filter(pk=article.pk).update(published_at=original.published_at)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(Article.objects.filter(pk=article.pk), by=editor)
        release(Article.objects.get(pk=article.pk).translation_in("de"), by=editor)
        for obj in (*Tag.objects.all(), *Section.objects.all(), *Image.objects.all()):
            release(obj.translation_in("de"), by=editor)
    article = Article.objects.get(pk=article.pk)

    after = {language: page(client, article.url_in(language)) for language in ("en", "de")}
    assert article.url_in("en") == original.url_in("en")
    assert article.url_in("de") == original.url_in("de")
    assert after["en"] == before["en"]
    assert after["de"] == before["de"]
