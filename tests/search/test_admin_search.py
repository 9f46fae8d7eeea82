"""Editors search the admin's article, organization, person and place lists as readers search the
site: stems, compounds, accents, phrases and -word, in every language, drafts included."""

import re

import pytest

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, EditorFactory, OrganizationFactory, PersonFactory, PlaceFactory
from tests.pages import logged_in, parse

# tests/search/conftest.py: skipped on SQLite, failed there in CI.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]

ARTICLES = "/admin/articles/article/"
ORGANIZATIONS = "/admin/organizations/organization/"
PEOPLE = "/admin/people/person/"
PLACES = "/admin/places/place/"
# What the search boxes get from editors who paste, mistype or try the query syntax.
BAD_INPUT = [
    "!!!",
    "& | ! ( ) : * <-> <2>",
    "'",
    '"',
    '"unclosed phrase',
    "-",
    "--x",
    "der die das und",
    "the and of",
    "%_\\",
    "Zulieferer " * 400,
    "٣",
    "99999999999999999999999",
    "Werk\x00",  # PostgreSQL refuses NUL in text; the change list says the search was not valid
]
# Each list's autocomplete, from a field of the article form that offers it.
AUTOCOMPLETES = {
    ARTICLES: "related_articles",
    ORGANIZATIONS: "organizations",
    PEOPLE: "people",
    PLACES: "places",
}


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


@pytest.fixture
def articles(django_capture_on_commit_callbacks):
    # The documents are built when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "plants": ArticleFactory(
                headline_en="Nissan's plant in Aguascalientes doubles its output",
                headline_de="Nissans Werk in Aguascalientes verdoppelt die Produktion",
                standfirst_en="Two shifts are added.",
                standfirst_de="Zwei Schichten kommen hinzu.",
            ),
            "suppliers": ArticleFactory(
                headline_en="Automotive suppliers move to Querétaro",
                headline_de="Automobilzulieferer ziehen nach Querétaro",
                standfirst_en="Tax breaks and an airport draw them.",
                standfirst_de="Steuervorteile und ein Flughafen ziehen sie an.",
            ),
            "aerospace": ArticleFactory(
                headline_en="Aerospace hub in Chihuahua trains engineers",
                headline_de="Luft- und Raumfahrtindustrie in Chihuahua bildet Ingenieure aus",
                standfirst_en="Safran and Honeywell hire locally.",
                standfirst_de="Safran und Honeywell stellen vor Ort ein.",
            ),
            "draft": ArticleFactory(
                status=Article.Status.DRAFT,
                published_at=None,
                headline_en="Lithium deposits in Sonora draw miners",
                headline_de="Lithiumvorkommen in Sonora locken Bergbaufirmen",
                standfirst_en="A state company takes charge.",
                standfirst_de="Ein Staatsunternehmen übernimmt.",
            ),
        }


def listed(client, url: str, text: str) -> list[int]:
    """The ids of the objects the change list shows for the search `text`, in its order."""
    response = client.get(url, {"q": text})
    assert response.status_code == 200, f"{url}?q={text!r} answered {response.status_code}"
    change_link = re.compile(rf"^{re.escape(url)}(\d+)/change/")
    tables = parse(response).find_all("table", id="result_list")
    links = [link["href"] for table in tables for link in table.find_all("a", href=True)]
    return [int(match[1]) for href in links if (match := change_link.match(href))]


def found(client, url: str, text: str) -> set[int]:
    return set(listed(client, url, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Werke", {"plants"}),  # German stem: Werk
        ("plants", {"plants"}),  # English stem: plant
        ("Zulieferer", {"suppliers"}),  # a part of the compound Automobilzulieferer
        ("Luftfahrt", {"aerospace"}),  # Luft- und Raumfahrtindustrie
        ("Queretaro", {"suppliers"}),  # without its accent
        ("Lithiumvorkommen", {"draft"}),  # a draft, by its German headline
        ('"move to Querétaro"', {"suppliers"}),  # a phrase
        ('"Querétaro to move"', set()),  # the same words in another order are no phrase
        ("Aguascalientes -Nissan", set()),  # -word leaves out
        ("Chihuahua OR Sonora", {"aerospace", "draft"}),
    ],
)
def test_the_article_list_finds_articles_as_the_site_search_does(editor, articles, text, expected):
    assert found(editor, ARTICLES, text) == {articles[name].pk for name in expected}


def test_a_word_in_many_articles_finds_them_all(editor, articles, monkeypatch):
    monkeypatch.setattr("newsroom.search.admin.FEW_MATCHES", 1)

    assert found(editor, ARTICLES, "Aguascalientes OR Querétaro") == {articles["plants"].pk, articles["suppliers"].pk}


def test_the_article_list_finds_an_article_by_its_id(editor, articles):
    assert found(editor, ARTICLES, str(articles["draft"].pk)) == {articles["draft"].pk}


def test_the_article_list_keeps_its_own_order_newest_first_not_by_relevance(editor, articles):
    newest_first = sorted(
        (articles[name] for name in ("plants", "suppliers", "aerospace")),
        key=lambda article: (article.published_at, article.pk),
        reverse=True,
    )

    assert listed(editor, ARTICLES, "Aguascalientes OR Querétaro OR Chihuahua") == [a.pk for a in newest_first]


def test_an_autocomplete_of_articles_still_finds_the_first_letters_of_a_headline(editor, articles):
    response = editor.get(
        "/admin/autocomplete/",
        {"term": "Lithiumvork", "app_label": "articles", "model_name": "article", "field_name": "related_articles"},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(articles["draft"].pk)]


def test_the_organization_list_finds_an_organization_by_its_name_without_accents(editor):
    cluster = OrganizationFactory(
        name_en="Querétaro Aerospace Cluster", name_de="Luftfahrtcluster Querétaro", short_name_en="CAQ"
    )
    other = OrganizationFactory(name_en="Chihuahua Aerospace Cluster", name_de="Luftfahrtcluster Chihuahua")

    assert found(editor, ORGANIZATIONS, "Queretaro") == {cluster.pk}
    assert found(editor, ORGANIZATIONS, "queretaro aero") == {cluster.pk}  # part of a word, as typed
    assert found(editor, ORGANIZATIONS, "Luftfahrt") == {cluster.pk, other.pk}  # a part of a German compound


def test_the_organization_list_finds_an_organization_by_its_german_description(editor):
    cluster = OrganizationFactory(name_en="Bajío Cluster", description_de="Ein Verbund von Automobilzulieferern.")
    OrganizationFactory(name_en="Yucatán Chamber", description_de="Eine Handelskammer.")

    assert found(editor, ORGANIZATIONS, "Zulieferer") == {cluster.pk}


def test_the_person_list_finds_a_person_by_family_name_without_accents(editor):
    governor = PersonFactory(name="Mauricio Kuri González", position_en="Governor", position_de="Gouverneur")
    PersonFactory(name="Claudia Sheinbaum", position_en="President", position_de="Präsidentin")

    assert found(editor, PEOPLE, "Gonzalez") == {governor.pk}
    assert found(editor, PEOPLE, "Gouverneure") == {governor.pk}  # the German position, stemmed


def test_the_place_list_finds_a_place_by_its_german_name(editor):
    capital = PlaceFactory(name_en="Mexico City", name_de="Mexiko-Stadt")
    PlaceFactory(name_en="Monterrey", name_de="Monterrey")

    assert found(editor, PLACES, "Mexiko-Stadt") == {capital.pk}
    assert found(editor, PLACES, "Mexiko") == {capital.pk}


@pytest.mark.parametrize("url", [ARTICLES, ORGANIZATIONS, PEOPLE, PLACES])
def test_a_search_takes_a_bounded_number_of_queries(editor, articles, url, django_assert_max_num_queries):
    OrganizationFactory.create_batch(3)
    PersonFactory.create_batch(3)
    PlaceFactory.create_batch(3)
    editor.get(url, {"q": "Zulieferer"})  # the session and the user, once

    with django_assert_max_num_queries(12):
        editor.get(url, {"q": "Zulieferer Querétaro"})


@pytest.mark.parametrize("url", [ARTICLES, ORGANIZATIONS, PEOPLE, PLACES])
def test_any_input_in_a_search_box_is_answered_without_an_error(editor, articles, url):
    for text in BAD_INPUT:
        assert editor.get(url, {"q": text}).status_code == 200, text
        field = {"app_label": "articles", "model_name": "article", "field_name": AUTOCOMPLETES[url]}
        assert editor.get("/admin/autocomplete/", {"term": text, **field}).status_code == 200, text


def test_only_stop_words_find_nothing_rather_than_everything(editor, articles):
    assert found(editor, ARTICLES, "der die das und") == set()
