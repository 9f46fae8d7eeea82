"""The demo's content is data: TOML files the command reads, whose times are counted from the
moment it runs, and whose mistakes are named (file and key), not a traceback."""

import io
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.demo import reading
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A copy of the demo's content files, which the command then reads."""
    directory = tmp_path / "content"
    shutil.copytree(reading.CONTENT_DIR, directory)
    monkeypatch.setattr(reading, "CONTENT_DIR", directory)
    return directory


def edit(path, old: str, new: str):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_is_what_its_content_files_say(content):
    edit(
        content / "articles.toml", 'headline.en = "El Insurgente now runs', 'headline.en = "Edited: El Insurgente runs'
    )

    load_demo()

    article = Article.objects.get(slug_en="el-insurgente-runs-full-length-toluca-mexico-city")
    assert article.headline_en == "Edited: El Insurgente runs the full 57.7 km from Toluca to Mexico City"
    assert article.body_en.startswith("<p>The Mexico–Toluca Interurban Train, known as El Insurgente, opened")
    assert "\n" not in article.body_en and "</p><p>" in article.body_en


def test_publication_times_are_counted_from_the_hour_the_demo_is_loaded():
    before = timezone.now().replace(minute=0, second=0, microsecond=0)
    load_demo()
    after = timezone.now().replace(minute=0, second=0, microsecond=0)

    # "20 hours ago" and "1 day 2 hours ago" in articles.toml.
    latest = Article.objects.get(slug_en="el-insurgente-runs-full-length-toluca-mexico-city")
    earlier = Article.objects.get(slug_en="what-to-watch-aguascalientes-automotive-agenda")
    assert latest.published_at in {before - timedelta(hours=20), after - timedelta(hours=20)}
    assert earlier.published_at in {before - timedelta(days=1, hours=2), after - timedelta(days=1, hours=2)}


def test_the_demos_embargoes_hold_from_the_hour_it_is_loaded_with_the_sources_terms():
    before = timezone.now().replace(minute=0, second=0, microsecond=0)
    load_demo()
    after = timezone.now().replace(minute=0, second=0, microsecond=0)

    # `embargo = "in 18 hours"` on a published article, `"in 7 days"` on a draft.
    published = Article.objects.get(slug_en="jalisco-automotive-exports-third-quarter-inegi")
    draft = Article.objects.get(slug_en="jica-first-aguascalientes-firms-japanese-supply-chains")
    assert published.embargo_until in {before + timedelta(hours=18), after + timedelta(hours=18)}
    assert published.published_at == published.embargo_until and published.status == Article.Status.PUBLISHED
    assert published.embargo_conditions.startswith("INEGI, quarterly release of exports by state: embargoed until")
    assert draft.embargo_until in {before + timedelta(days=7), after + timedelta(days=7)}
    assert list(Article.objects.embargoed().order_by("embargo_until")) == [published, draft]
    assert not Article.objects.published().filter(pk__in=[published.pk, draft.pk]).exists()


@pytest.mark.parametrize(
    ("file", "old", "new", "named"),
    [
        ("places.toml", 'slug = "japan"', 'slug = "japan', ["places.toml", "line 27"]),
        ("places.toml", 'kind = "country"', 'knd = "country"', ["places.toml", "[[places]] #1 'mexico'", "'knd'"]),
        ("places.toml", 'name.en = "Mexico"\n', "", ["places.toml", "[[places]] #1 'mexico', name", "'en'"]),
        (
            "places.toml",
            'parent = "mexico"',
            'parent = "mexiko"',
            ["places.toml", "'aguascalientes', parent", "'mexiko'"],
        ),
        ("articles.toml", '"20 hours ago"', '"20 hours before"', ["articles.toml", "published", "20 hours before"]),
    ],
    ids=["not TOML", "unknown key", "missing key", "unknown slug", "not a time"],
)
def test_a_mistake_in_a_content_file_is_an_error_naming_the_file_and_the_key(content, file, old, new, named):
    edit(content / file, old, new)

    with pytest.raises(CommandError) as error:
        load_demo()

    assert str(content / file) in str(error.value)
    for words in named:
        assert words in str(error.value)
    assert not Place.objects.exists()


def test_the_demos_identifiers_and_coordinates_pass_the_forms_checks():
    load_demo()

    for entity in [*Place.objects.all(), *Organization.objects.all(), *Person.objects.all()]:
        # The editor's checks, field by field and together (both coordinates, a ticker's exchange).
        entity.clean_fields(exclude=["logo_image", "portrait"])
        entity.clean()
    assert all(place.has_coordinates for place in Place.objects.all())
    toyota = Organization.objects.get(slug_en="toyota")
    assert (toyota.wikidata, toyota.lei, toyota.ticker, toyota.exchange) == (
        "Q53268",
        "5493006W3QUS5LMH6R84",
        "7203",
        "XTKS",
    )
