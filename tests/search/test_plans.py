"""How a search finds the newest matches (`searching.plan`): each way finds the same articles, a
walk that stops short says how far it read and the page offers the older articles, and snippets
are taken from where the words are. The texts are ours, written for these tests."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.search import searching
from newsroom.search.models import ArticleDocument
from newsroom.search.query import Typed, any_of, has_alternatives, typed_words
from tests.factories import ArticleFactory
from tests.pages import parse
from tests.search.results import found, marked, search, search_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]

HEADLINES = [
    "Solar park near Hermosillo feeds its first megawatts into the grid",
    "Wind farm in Oaxaca adds twelve turbines before the dry season",
    "Solar and wind tenders return after a pause of four years",
    "Monterrey steelworks signs a supply deal for solar power",
    "Solar wind: a new hybrid plant in Zacatecas mixes both",
    "Port of Manzanillo clears a record number of containers",
    "Querétaro's aerospace cluster trains its first wind-tunnel engineers",
    "Tariff talks on Mexican steel resume in Washington",
]


@pytest.fixture
def archive(on_commit):
    """One English article a day, the first headline newest."""
    with on_commit():
        return [
            ArticleFactory(
                headline_en=headline,
                body_en=f"<p>{headline}.</p>",
                headline_de="",
                body_de="",
                published_at=timezone.now() - datetime.timedelta(days=number + 1),
            )
            for number, headline in enumerate(HEADLINES)
        ]


@pytest.fixture
def fresh_statistics():
    """Each process keeps ANALYZE's statistics for minutes: a test reads them afresh and leaves none."""
    searching._statistics = searching.Statistics()
    yield
    searching._statistics = searching.Statistics()


def headlines(results) -> list[str]:
    by_id = Article.objects.in_bulk([hit.article_id for hit in results.hits])
    return [by_id[hit.article_id].headline_en for hit in results.hits]


@pytest.mark.parametrize("text", ["solar", '"solar wind"', "solar -wind", "steel or containers", "Querétaro"])
def test_every_way_of_finding_the_matches_finds_the_same_articles(archive, text):
    middle = archive[4].published_at
    ways = [
        searching.Plan(),
        searching.Plan("walk", examined=100),
        searching.Plan("window", since=middle),
        # A window newer than every match: all of them come from the older part.
        searching.Plan("window", since=timezone.now()),
    ]

    found_by = [headlines(searching.search_articles(text, "en", 1, how=way)) for way in ways]

    assert found_by[0], text
    assert all(sorted(each) == sorted(found_by[0]) for each in found_by), found_by


def test_a_walk_that_stops_short_says_how_far_it_read(archive):
    results = searching.search_articles("solar", "en", 1, how=searching.Plan("walk", examined=3))

    assert sorted(headlines(results)) == sorted([HEADLINES[0], HEADLINES[2]])
    assert results.examined == 3
    assert results.examined_until == archive[2].published_at


def test_a_walk_that_finds_enough_reads_no_further(archive, monkeypatch):
    monkeypatch.setattr(searching, "CANDIDATES", 2)

    results = searching.search_articles("solar", "en", 1, how=searching.Plan("walk", examined=5))

    assert results.capped and results.examined == 0 and results.examined_until is None


@pytest.fixture
def small_archive_thresholds(monkeypatch, fresh_statistics):
    """The thresholds of a large archive brought down to these eight articles, with statistics:
    one match is enough, and a word in a tenth of the documents is common."""
    monkeypatch.setattr(searching, "CANDIDATES", 1)
    monkeypatch.setattr(searching, "RARE", 0)
    monkeypatch.setattr(searching, "COMMON_SHARE", 0.1)
    monkeypatch.setattr(searching, "WALK_MARGIN", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_articledocument")


def test_a_phrase_of_common_words_walks_the_newest_and_the_page_offers_the_older_articles(
    client, archive, small_archive_thresholds
):
    """ "solar" and "wind" are each in about half the documents: the newest are walked, as many
    as should hold one match of both (taken as independent); the phrase is rarer than that, and
    its one article is the fifth newest."""
    how = searching.plan('"solar wind"', "en", searching.read('"solar wind"'))
    assert how.strategy == "walk" and how.examined <= 4, how

    page = search(client, "en", '"solar wind"')

    assert HEADLINES[4] not in found(page)
    note = page.find("p", class_="search-results__older")
    assert note is not None, "the page does not say that older articles were not searched"
    assert f"the newest {how.examined} articles were searched" in " ".join(note.text.split())
    link = note.find("a")
    assert link.text.strip() == "Search the older articles"
    older = link["href"]
    oldest_read = timezone.localdate(archive[how.examined - 1].published_at)
    assert f"date_to={oldest_read:%Y-%m-%d}" in older
    older_page = parse(client.get(search_url("en") + older))
    assert HEADLINES[4] in found(older_page)


def test_the_older_articles_link_is_in_german_on_the_german_edition(client, archive, small_archive_thresholds):
    page = search(client, "de", '"solar wind"')

    note = page.find("p", class_="search-results__older")
    assert note is not None
    assert "neuesten" in note.text
    assert note.find("a").text.strip() == "Die älteren Artikel durchsuchen"


def test_a_phrase_is_marked_where_it_is_not_where_its_first_word_is_first(client, on_commit):
    filler = " ".join(["The state grid operator publishes its monthly figures on demand and reserves."] * 40)
    with on_commit():
        ArticleFactory(
            headline_en="Zacatecas gets a hybrid plant",
            body_en=f"<p>Solar panels cover the roofs of the old mine.</p><p>{filler}</p>"
            "<p>The operator calls the mix solar wind power.</p>",
            headline_de="",
            body_de="",
        )

    page = search(client, "en", '"solar wind"')

    assert marked(page) == ["solar", "wind"]


def test_a_word_deep_in_a_long_body_gets_its_snippet(client, on_commit):
    # About 3,000 words before it: the snippet is taken from where the word is, not the beginning.
    filler = " ".join(["Investment in the Bajío keeps growing with every new supplier park."] * 270)
    with on_commit():
        ArticleFactory(
            headline_en="A long report from the Bajío",
            body_en=f"<p>{filler}</p><p>Guanajuato's governor opened the Celaya logistics hub.</p>",
            headline_de="",
            body_de="",
        )

    page = search(client, "en", "Celaya")

    assert marked(page) == ["Celaya"]


def test_a_word_with_an_umlaut_is_found_in_the_snippet_when_typed_without(client, on_commit):
    filler = " ".join(["Die Zulieferer im Bajío melden volle Auftragsbücher."] * 60)
    with on_commit():
        ArticleFactory(
            original_language="de",
            headline_de="Ein langer Bericht aus Coahuila",
            body_de=f"<p>{filler}</p><p>Die Löhne in Saltillo steigen um zwölf Prozent.</p>",
            headline_en="",
            body_en="",
        )

    page = search(client, "de", "Lohne")

    assert marked(page) == ["Löhne"]


def test_a_draft_document_is_read_in_no_edition_until_it_is_published(on_commit):
    with on_commit():
        article = ArticleFactory(status="draft", published_at=None, headline_en="Draft about lithium", headline_de="")
    assert list(ArticleDocument.objects.filter(article=article).values_list("editions", flat=True)) == [""]

    with on_commit():
        article.status = "published"
        article.published_at = timezone.now() - datetime.timedelta(minutes=1)
        article.save()

    assert list(ArticleDocument.objects.filter(article=article).values_list("editions", flat=True)) == ["|en||de|"]


def test_the_words_are_read_as_the_search_reads_them():
    assert typed_words("„neue Werk“ or Zoll -Stahl") == [
        Typed("neue", False, 1),
        Typed("Werk", False, 1),
        Typed("Zoll"),
        Typed("Stahl", left_out=True),
    ]
    assert typed_words('"-steel" OR') == [Typed("steel", False, 1)]


def test_the_places_of_a_snippet_put_phrases_first_and_match_accents():
    typed = typed_words('"neue Werk" Löhne')
    forms = [("de:snippet", 1, ["neu"]), ("de:snippet", 2, ["werk"]), ("de:snippet", 3, ["lohn"])]

    places = searching.snippet_places(typed, forms)

    assert places[0].startswith(r"\m[nñ]")  # the phrase first
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT regexp_instr(%s, p, 1, 1, 0, 'i') FROM unnest(%s::text[]) p",
            ["Die neuen Werke und die Löhne", places],
        )
        positions = [row[0] for row in cursor.fetchall()]
    assert positions[0] == 5  # "neuen Werke"
    assert 25 in positions  # "Löhne", typed as its form "lohn"


def test_a_snippet_marks_the_words_its_body_has_when_another_is_only_in_the_headline(client, on_commit):
    with on_commit():
        ArticleFactory(
            headline_en="Lithium from Sonora for a new battery plant",
            body_en="<p>The plant will run on solar power from the desert around Hermosillo.</p>",
            headline_de="",
            body_de="",
        )

    page = search(client, "en", "solar lithium")

    assert marked(page) == ["solar"]


@pytest.mark.parametrize("few", [5000, 0], ids=["from the filtered articles", "asking each match"])
def test_a_filter_gives_the_same_matches_whether_it_leaves_few_articles_or_many(client, archive, monkeypatch, few):
    monkeypatch.setattr(searching, "FEW_FILTERED", few)
    kept = archive[2]
    kept.kind = "analysis"
    kept.save()

    page = search(client, "en", "solar", kind="analysis")

    assert found(page) == [HEADLINES[2]]


def test_words_in_quotes_and_numbers_are_read_as_the_search_reads_them():
    assert not has_alternatives('"rock or roll" solar')
    assert has_alternatives("rock or roll")
    assert typed_words("solar 2026") == [Typed("solar"), Typed("2026")]
    assert typed_words('-"gas park" solar') == [Typed("gas", True, 1), Typed("park", True, 1), Typed("solar")]
    assert any_of('"solar wind" lithium -gas') == 'lithium or "solar wind"'


def test_the_window_is_placed_within_the_filters_dates(archive, small_archive_thresholds, monkeypatch):
    """An uncommon word (as these thresholds make every word) searched in articles up to a date
    asks the index from a time before that date, not before the newest articles."""
    monkeypatch.setattr(searching, "COMMON_SHARE", 1.1)
    monkeypatch.setattr(searching, "WINDOW_MARGIN", 0.5)
    until = archive[4].published_at + datetime.timedelta(seconds=1)
    scope = searching.Scope(until=until)

    how = searching.plan("solar", "en", searching.read("solar"), scope)
    results = searching.search_articles("solar", "en", 1, scope, how=how)

    assert how.strategy == "window" and how.since < until, how
    assert headlines(results) == [HEADLINES[4]]
