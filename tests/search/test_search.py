"""The search page as readers use it on PostgreSQL, in both editions: what a query finds, in which
order, and what the page says about input it cannot search. The texts are ours, written for these
tests. Refusals that do not depend on the database are in test_page.py."""

import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Byline, Correction
from newsroom.translations.workflow import translate_and_release
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    InterviewExchangeFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
)
from tests.pages import get_page, link_href, parse
from tests.search.results import found, search, search_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgresql")]


def english_article(headline: str, standfirst: str = "", body: str = "", **fields) -> Article:
    """An article written in English and not translated; its body repeats the headline unless given."""
    return ArticleFactory(
        headline_en=headline,
        standfirst_en=standfirst,
        body_en=body or f"<p>{headline}.</p>",
        headline_de="",
        standfirst_de="",
        body_de="",
        **fields,
    )


def german_article(headline: str, standfirst: str = "", body: str = "", **fields) -> Article:
    """An article written in German and not translated; its body repeats the headline unless given."""
    return ArticleFactory(
        original_language="de",
        headline_de=headline,
        standfirst_de=standfirst,
        body_de=body or f"<p>{headline}.</p>",
        headline_en="",
        standfirst_en="",
        body_en="",
        **fields,
    )


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


# Stemming


def test_an_english_plural_finds_the_singular(client, on_commit):
    with on_commit():
        english_article("Volkswagen adds a paint shop to its Puebla plant")
        english_article("Peso strengthens against the dollar")

    page = search(client, "en", "plants")

    assert found(page) == ["Volkswagen adds a paint shop to its Puebla plant"]


def test_a_german_plural_finds_the_singular(client, on_commit):
    with on_commit():
        german_article("Nissan schließt sein ältestes Werk in Cuernavaca")
        german_article("Der Peso legt gegenüber dem Dollar zu")

    page = search(client, "de", "Werke")

    assert found(page) == ["Nissan schließt sein ältestes Werk in Cuernavaca"]


# German compounds


def test_a_german_word_finds_the_compounds_that_contain_it(client, on_commit, compounds):
    with on_commit():
        german_article("Japanische Automobilzulieferer siedeln sich in Guanajuato an")
        german_article("Coahuila baut eine neue Umgehungsstraße")

    page = search(client, "de", "Zulieferer")

    assert found(page) == ["Japanische Automobilzulieferer siedeln sich in Guanajuato an"]


def test_a_german_compound_finds_its_parts_written_apart(client, on_commit, compounds):
    with on_commit():
        german_article("Die Luft- und Raumfahrtindustrie in Querétaro wächst zweistellig")
        german_article("Querétaro eröffnet ein Rechenzentrum")

    page = search(client, "de", "Luftfahrt")

    assert found(page) == ["Die Luft- und Raumfahrtindustrie in Querétaro wächst zweistellig"]


def test_a_german_compound_finds_the_same_words_in_a_phrase_and_in_another_compound(client, on_commit, compounds):
    with on_commit():
        german_article("Zulieferer der Automobilindustrie suchen Fachkräfte in Saltillo")
        german_article("Japanische Automobilzulieferer siedeln sich in Guanajuato an")
        german_article("Zulieferer für Haushaltsgeräte zieht es nach Nuevo León")

    page = search(client, "de", "Automobilzulieferer")

    assert sorted(found(page)) == [
        "Japanische Automobilzulieferer siedeln sich in Guanajuato an",
        "Zulieferer der Automobilindustrie suchen Fachkräfte in Saltillo",
    ]


# Accents


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    ("written", "typed"),
    [("Querétaro", "Queretaro"), ("Queretaro", "Querétaro")],
    ids=["accent-written", "accent-typed"],
)
def test_accents_do_not_matter(client, on_commit, language, written, typed):
    with on_commit():
        if language == "en":
            wanted = english_article(f"Safran opens a second engine shop in {written}")
            english_article("Safran opens an engine shop in Chihuahua")
        else:
            wanted = german_article(f"Safran eröffnet eine zweite Triebwerkswerkstatt in {written}")
            german_article("Safran eröffnet eine Triebwerkswerkstatt in Chihuahua")

    page = search(client, language, typed)

    assert found(page) == [getattr(wanted, f"headline_{language}")]


# The body, and the order of the results


def test_a_word_only_in_the_body_finds_the_article(client, on_commit):
    with on_commit():
        english_article(
            "Sonora's new mine starts shipping",
            body="<p>The first trucks of lithium clay left the Bacadéhuachi site on Monday.</p>",
        )
        english_article("Sonora's solar park reaches full output")

    page = search(client, "en", "lithium")

    assert found(page) == ["Sonora's new mine starts shipping"]


def test_a_match_in_the_headline_ranks_above_a_match_only_in_the_body_of_the_same_age(client, on_commit):
    published_at = ago(days=2)
    with on_commit():
        english_article(
            "Zacatecas miners expect a better year",
            body="<p>Output of silver rose by a tenth, and copper prices helped too.</p>",
            published_at=published_at,
        )
        english_article(
            "Copper prices lift Zacatecas miners",
            body="<p>Output of silver rose by a tenth, and the state's miners expect a better year.</p>",
            published_at=published_at,
        )

    page = search(client, "en", "copper")

    assert found(page) == ["Copper prices lift Zacatecas miners", "Zacatecas miners expect a better year"]


def test_among_equal_matches_the_newer_article_comes_first(client, on_commit):
    with on_commit():
        english_article("Copper output rises in Sonora", published_at=ago(days=30))
        english_article("Copper output rises in Zacatecas", published_at=ago(days=1))
        english_article("Copper output rises in Chihuahua", published_at=ago(days=10))

    page = search(client, "en", "copper")

    assert found(page) == [
        "Copper output rises in Zacatecas",
        "Copper output rises in Chihuahua",
        "Copper output rises in Sonora",
    ]


# Phrases and exclusion


def test_words_in_quotes_are_found_only_as_a_phrase(client, on_commit):
    with on_commit():
        english_article("Nuevo León bets on electric vehicles", published_at=ago(days=1))
        english_article("Electric grid limits the growth of commercial vehicles", published_at=ago(days=2))

    together = search(client, "en", "electric vehicles")
    as_a_phrase = search(client, "en", '"electric vehicles"')

    assert found(together) == [
        "Nuevo León bets on electric vehicles",
        "Electric grid limits the growth of commercial vehicles",
    ]
    assert found(as_a_phrase) == ["Nuevo León bets on electric vehicles"]


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_word_after_a_minus_leaves_out_the_articles_with_it(client, on_commit, language):
    with on_commit():
        english_article("Nissan raises output in Aguascalientes", published_at=ago(days=1))
        english_article("Nissan cuts a shift in Cuernavaca", published_at=ago(days=2))

    page = search(client, language, "Nissan -Aguascalientes")

    assert found(page) == ["Nissan cuts a shift in Cuernavaca"]


# Did you mean


def test_a_misspelled_word_gets_a_link_to_the_word_the_site_knows(client, on_commit):
    with on_commit():
        english_article("Aguascalientes draws a second supplier park")

    page = search(client, "en", "Aguascalintes")

    assert found(page) == []
    suggestion = page.find("p", class_="search-suggestion").find("a")
    assert suggestion.text == "Aguascalientes"
    assert suggestion["href"] == "?q=Aguascalientes"


def test_following_the_suggestion_finds_the_article(client, on_commit):
    with on_commit():
        english_article("Aguascalientes draws a second supplier park")
    page = search(client, "en", "Aguascalintes")

    suggested = get_page(client, search_url("en") + page.find("p", class_="search-suggestion").find("a")["href"])

    assert found(suggested) == ["Aguascalientes draws a second supplier park"]
    assert not suggested.find_all("p", class_="search-suggestion")


def test_a_misspelled_german_word_gets_a_link_to_the_word_the_site_knows(client, on_commit):
    with on_commit():
        german_article("Japanische Zulieferer siedeln sich in Guanajuato an")

    page = search(client, "de", "Zulieferr Guanajuato")

    suggestion = page.find("p", class_="search-suggestion").find("a")
    assert suggestion.text == "Zulieferer Guanajuato"


def test_a_word_the_site_knows_gets_no_suggestion(client, on_commit):
    with on_commit():
        english_article("Aguascalientes draws a second supplier park")

    page = search(client, "en", "Aguascalientes")

    assert not page.find_all("p", class_="search-suggestion")


# Names of organizations and people


def entity_links(page) -> list[str]:
    return [item.find("a").text for item in page.find_all("li", class_="search-entity")]


def test_a_query_naming_an_organization_shows_its_card_above_the_articles(client, on_commit):
    with on_commit():
        nemak = OrganizationFactory(name_en="Nemak", name_de="Nemak", short_name_en="", short_name_de="")
        english_article("Aluminium parts maker doubles its Monterrey foundry").organizations.add(nemak)

    response = client.get(search_url("en", q="Nemak"))

    page = parse(response)
    assert entity_links(page) == ["Nemak"]
    assert found(page) == ["Aluminium parts maker doubles its Monterrey foundry"]
    html = response.content.decode()
    assert html.index('class="search-entities"') < html.index('class="search-results"')


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_organizations_card_bears_its_name_in_the_readers_language(client, on_commit, language):
    with on_commit():
        OrganizationFactory(
            name_en="Mexican Automotive Industry Association",
            name_de="Mexikanischer Verband der Automobilindustrie",
            short_name_en="AMIA",
            short_name_de="AMIA",
        )

    page = search(client, language, "AMIA")

    expected = {
        "en": "Mexican Automotive Industry Association",
        "de": "Mexikanischer Verband der Automobilindustrie",
    }
    assert entity_links(page) == [expected[language]]


def test_a_person_is_named_by_their_family_name(client, on_commit):
    with on_commit():
        person = PersonFactory(name="Marcelo Ebrard")
        english_article("Economy ministry courts chipmakers").people.add(person)

    page = search(client, "en", "Ebrard")

    assert entity_links(page) == ["Marcelo Ebrard"]
    assert found(page) == ["Economy ministry courts chipmakers"]


def test_a_person_is_named_without_accents_or_capitals(client, on_commit):
    with on_commit():
        PersonFactory(name="Carmen Hernández")

    page = search(client, "en", "hernandez")

    assert entity_links(page) == ["Carmen Hernández"]


def test_a_query_naming_a_place_shows_its_card(client, on_commit):
    with on_commit():
        PlaceFactory(name_en="Nuevo León", name_de="Nuevo León")

    page = search(client, "en", "Nuevo Leon")

    assert entity_links(page) == ["Nuevo León"]
    assert page.find("li", class_="search-entity").find("span", class_="search-entity__kind").text == "Place"


def test_an_organization_taken_off_the_site_gets_no_card(client, on_commit):
    with on_commit():
        OrganizationFactory(name_en="Nemak", name_de="Nemak", is_published=False)

    page = search(client, "en", "Nemak")

    assert entity_links(page) == []


def test_the_answers_of_an_interview_are_found(client, on_commit):
    with on_commit():
        exchange = InterviewExchangeFactory(
            article__headline_en="View from the top: the cluster's director",
            article__headline_de="Blick von oben: die Direktorin des Clusters",
            question_en="Where will the next plants go?",
            question_de="Wohin gehen die nächsten Werke?",
            answer_en="Mostly to the Bajío, where the gas pipelines already reach.",
            answer_de="Vor allem in den Bajío, wo die Gasleitungen schon hinreichen.",
        )

    assert found(search(client, "en", "pipelines")) == [exchange.article.headline_en]
    assert found(search(client, "de", "Gasleitung")) == [exchange.article.headline_de]


def test_the_names_of_an_articles_tags_and_places_are_found(client, on_commit):
    with on_commit():
        article = english_article("A second supplier park opens")
        article.tags.add(TagFactory(name_en="Nearshoring", name_de="Nearshoring"))
        article.places.add(PlaceFactory(name_en="San Luis Potosí", name_de="San Luis Potosí"))
        english_article("A third supplier park is planned")

    assert found(search(client, "en", "nearshoring")) == ["A second supplier park opens"]
    assert found(search(client, "en", "Potosi")) == ["A second supplier park opens"]


# A query in the other language


def test_a_german_reader_finds_an_article_only_in_english_by_an_english_word(client, on_commit):
    with on_commit():
        english_article("Ford retools its Cuautitlán plant for electric pickups")

    page = search(client, "de", "pickups")

    assert found(page) == ["Ford retools its Cuautitlán plant for electric pickups"]
    assert page.find("h3", class_="card__headline")["lang"] == "en"


def test_a_german_reader_finds_a_translated_article_by_its_german_text_with_its_german_card(client, on_commit):
    with on_commit():
        ArticleFactory(
            headline_en="Mexican steelmakers brace for new tariffs",
            headline_de="Mexikanische Stahlhersteller rechnen mit neuen Zöllen",
        )

    page = search(client, "de", "Stahlhersteller")

    assert found(page) == ["Mexikanische Stahlhersteller rechnen mit neuen Zöllen"]
    assert "lang" not in page.find("h3", class_="card__headline").attrs


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_translated_article_matched_in_both_languages_is_found_once(client, on_commit, language):
    with on_commit():
        article = ArticleFactory(
            headline_en="Ternium's Pesquería mill starts its new line",
            headline_de="Terniums Werk in Pesquería nimmt die neue Linie in Betrieb",
        )

    page = search(client, language, "Pesquería")

    assert found(page) == [getattr(article, f"headline_{language}")]


# What readers may not see yet


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(days=3)},
    ],
    ids=["draft", "in-review", "unpublished", "scheduled"],
)
def test_an_article_readers_may_not_see_is_never_found(client, on_commit, language, fields):
    with on_commit():
        ArticleFactory(
            headline_en="Hermosillo wins a battery plant",
            headline_de="Hermosillo bekommt eine Batteriefabrik",
            **fields,
        )
        published = ArticleFactory(
            headline_en="Hermosillo's Ford plant turns twenty", headline_de="Fords Werk in Hermosillo wird zwanzig"
        )

    page = search(client, language, "Hermosillo")

    assert found(page) == [getattr(published, f"headline_{language}")]


def test_the_text_of_a_german_translation_not_released_is_not_found(client, on_commit):
    with on_commit():
        ArticleFactory(
            headline_en="Hermosillo wins a battery plant",
            headline_de="Hermosillo bekommt eine Batteriefabrik",
            body_en="<p>The cells will go to pickups assembled in Sonora.</p>",
            body_de="<p>Die Zellen gehen an Pick-ups, die in Sonora montiert werden.</p>",
            released_translations=False,
        )

    by_german_word = search(client, "de", "Batteriefabrik")
    by_english_word = search(client, "de", "battery")

    assert found(by_german_word) == []
    # German readers get the English original meanwhile, and find it.
    assert found(by_english_word) == ["Hermosillo wins a battery plant"]


# The search follows the articles' changes


def test_a_new_headline_is_found_after_the_save_and_the_old_one_no_longer(client, on_commit):
    with on_commit():
        article = english_article("Kia doubles output in Nuevo León", body="<p>The plant hires 400 people.</p>")
    with on_commit():
        article.headline_en = "Kia adds a third shift in Pesquería"
        article.save()

    assert found(search(client, "en", "Pesquería")) == ["Kia adds a third shift in Pesquería"]
    assert found(search(client, "en", "doubles")) == []


def test_an_organizations_new_name_finds_the_articles_naming_it(client, on_commit):
    with on_commit():
        organization = OrganizationFactory(name_en="Altos Hornos", name_de="Altos Hornos", short_name_en="")
        english_article("Steel mill in Monclova seeks a buyer").organizations.add(organization)
    with on_commit():
        organization.name_en = organization.name_de = "Monclova Steelworks"
        organization.save()

    assert found(search(client, "en", "Steelworks")) == ["Steel mill in Monclova seeks a buyer"]
    assert found(search(client, "en", "Hornos")) == []


def test_an_organization_taken_off_the_site_no_longer_finds_the_articles_naming_it(client, on_commit):
    with on_commit():
        organization = OrganizationFactory(name_en="Altos Hornos", name_de="Altos Hornos", short_name_en="")
        english_article("Steel mill in Monclova seeks a buyer").organizations.add(organization)
    with on_commit():
        organization.is_published = False
        organization.save()

    assert found(search(client, "en", "Hornos")) == []


def test_a_correction_note_is_found(client, on_commit):
    with on_commit():
        article = english_article("Bajío logistics park opens")
    with on_commit():
        # Shown from before the test's transaction began: the rebuild runs inside it, where the
        # database's now() is the transaction's start (after a real commit it is later).
        Correction.objects.create(
            article=article,
            text_en="An earlier version misstated the size of the warehouse.",
            published_at=ago(hours=1),
        )

    assert found(search(client, "en", "misstated")) == ["Bajío logistics park opens"]


def test_a_released_translation_is_found_by_its_german_text(client, on_commit):
    with on_commit():
        article = ArticleFactory(
            headline_en="Hermosillo wins a battery plant",
            headline_de="Hermosillo bekommt eine Batteriefabrik",
            released_translations=False,
        )
    assert found(search(client, "de", "Batteriefabrik")) == []

    with on_commit():
        translate_and_release(article, "de", by=None)

    assert found(search(client, "de", "Batteriefabrik")) == ["Hermosillo bekommt eine Batteriefabrik"]


# Facets and filters


def facet_texts(page, heading: str) -> list[str]:
    facets = page.find("aside", class_="search-facets")
    titles = facets.find_all("h3")
    title = next(title for title in titles if title.text == heading)
    items = title.parent.children[title.parent.children.index(title) + 1 :]
    listing = next(item for item in items if not isinstance(item, str) and item.tag == "ul")
    return listing.texts("li")


def test_the_page_counts_the_matches_per_section_and_kind(client, on_commit):
    with on_commit():
        mining = SectionFactory(name_en="Mining", name_de="Bergbau")
        energy = SectionFactory(name_en="Energy", name_de="Energie")
        english_article("Copper output rises in Sonora", section=mining)
        english_article("Copper smelter expands in Cananea", section=mining, kind=Article.Kind.ANALYSIS)
        english_article("Copper cables for the new grid", section=energy)
        english_article("Gas pipeline reaches Yucatán", section=energy)

    page = search(client, "en", "copper")

    assert sorted(facet_texts(page, "Section")) == ["Energy (1)", "Mining (2)"]
    assert facet_texts(page, "Kind") == ["News (2)", "Analysis (1)"]


def test_a_section_filter_narrows_the_search(client, on_commit):
    with on_commit():
        mining = SectionFactory(name_en="Mining", name_de="Bergbau")
        energy = SectionFactory(name_en="Energy", name_de="Energie")
        english_article("Copper output rises in Sonora", section=mining)
        english_article("Copper cables for the new grid", section=energy)

    page = search(client, "en", "copper", section=energy.pk)

    assert found(page) == ["Copper cables for the new grid"]


def test_a_kind_filter_narrows_the_search(client, on_commit):
    with on_commit():
        english_article("Copper output rises in Sonora")
        english_article("Copper smelter expands in Cananea", kind=Article.Kind.ANALYSIS)

    page = search(client, "en", "copper", kind=Article.Kind.ANALYSIS)

    assert found(page) == ["Copper smelter expands in Cananea"]


def test_a_facet_links_to_the_search_narrowed_to_it(client, on_commit):
    with on_commit():
        mining = SectionFactory(name_en="Mining", name_de="Bergbau")
        energy = SectionFactory(name_en="Energy", name_de="Energie")
        english_article("Copper output rises in Sonora", section=mining)
        english_article("Copper cables for the new grid", section=energy)
    page = search(client, "en", "copper")

    link = page.find("aside", class_="search-facets").find("a", href=f"?q=copper&section={energy.pk}")
    narrowed = get_page(client, search_url("en") + link["href"])

    assert found(narrowed) == ["Copper cables for the new grid"]


def linked(relation, factory, param):
    def setup(wanted):
        obj = factory()
        getattr(wanted, relation).add(obj)
        return {param: obj.pk}

    return setup


def as_analysis(wanted):
    Article.objects.filter(pk=wanted.pk).update(kind=Article.Kind.ANALYSIS)
    return {"kind": Article.Kind.ANALYSIS}


def in_march(wanted):
    Article.objects.filter(pk=wanted.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 30))
    )
    return {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def written_by(wanted):
    author = AuthorFactory()
    Byline.objects.create(article=wanted, author=author)
    return {"author": author.pk}


def in_a_series(wanted):
    series = SeriesFactory(section=wanted.section)
    Article.objects.filter(pk=wanted.pk).update(series=series)
    return {"series": series.pk}


FILTERS = {
    "kind": as_analysis,
    "date range": in_march,
    "author": written_by,
    "series": in_a_series,
    "organization": linked("organizations", OrganizationFactory, "organization"),
    "person": linked("people", PersonFactory, "person"),
    "place": linked("places", PlaceFactory, "place"),
    "event": linked("events", EventFactory, "event"),
    "tag": linked("tags", TagFactory, "tag"),
}


@pytest.mark.parametrize("setup", FILTERS.values(), ids=FILTERS.keys())
def test_every_filter_of_the_article_list_narrows_the_search(client, on_commit, setup):
    with on_commit():
        wanted = english_article("Copper smelter expands in Cananea", published_at=ago(days=3))
        english_article("Copper output rises in Sonora", published_at=ago(days=1))
        english_article("Gold output rises in Zacatecas", published_at=ago(days=2))
        params = setup(wanted)

    page = search(client, "en", "copper", **params)

    assert found(page) == ["Copper smelter expands in Cananea"]


def test_the_next_page_continues_the_ranking_and_leads_back(client, on_commit):
    with on_commit():
        for day in range(21):
            english_article(f"Copper output rises, report {day + 1}", published_at=ago(days=day + 1))
    first = search(client, "en", "copper")

    second = get_page(client, search_url("en") + link_href(first, rel="next"))

    assert found(first) == [f"Copper output rises, report {day}" for day in range(1, 21)]
    assert found(second) == ["Copper output rises, report 21"]
    assert link_href(second, rel="prev") == "?q=copper"
    assert not second.find_all("a", rel="next")


# Input that is not all words


@pytest.mark.parametrize(("language", "q"), [("en", "the"), ("en", "and of the"), ("de", "und der die"), ("de", "the")])
def test_a_query_of_stop_words_finds_nothing_and_says_so(client, on_commit, language, q):
    with on_commit():
        english_article("The state and the industry of the north")
        german_article("Der Staat und die Industrie des Nordens")

    page = search(client, language, q)

    assert found(page) == []
    assert page.find("p", class_="empty")


COPPER = "Copper output rises in Sonora"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("a & b | !c :* (", []),
        ("copper & !", [COPPER]),
        ("copper:*", [COPPER]),
        ("copper <-> ", [COPPER]),
        ("(copper", [COPPER]),
        ("'copper'", [COPPER]),
        ('"copper', [COPPER]),
        ("copper \\", [COPPER]),
        ("- copper", [COPPER]),
        ("copper -", [COPPER]),
        ("copper or", [COPPER]),
        ("copper or gold", [COPPER]),
        ("%copper%", [COPPER]),
        ("'; DROP TABLE articles_article; --", []),
    ],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_query_syntax_characters_are_read_as_text(client, on_commit, language, q, expected):
    with on_commit():
        english_article(COPPER)
        english_article("Gold prices lift Zacatecas", published_at=ago(days=1))

    page = search(client, language, q)

    assert [headline for headline in found(page) if headline == COPPER] == expected


@pytest.mark.parametrize("q", ["-copper", "or or or", "copper\x00"])
def test_a_query_naming_nothing_to_find_is_refused(client, on_commit, q):
    with on_commit():
        english_article(COPPER)

    page = search(client, "en", q, status=400)

    assert page.find("div", class_="errors").texts("li")


def test_a_page_past_the_last_is_refused(client, on_commit):
    with on_commit():
        english_article(COPPER)

    page = search(client, "en", "copper", status=400, page=2)

    assert page.find("div", class_="errors").texts("li") == ["There is no page 2 of these results: they end on page 1."]


# Cost and safety of the page


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_search_page_with_results_and_a_named_organization_costs_at_most_five_queries(
    client, on_commit, django_assert_max_num_queries, language
):
    with on_commit():
        nemak = OrganizationFactory(name_en="Nemak", name_de="Nemak")
        for number in range(5):
            english_article(f"Nemak casts engine blocks, report {number}").organizations.add(nemak)
    url = search_url(language, q="Nemak")
    # As most readers get it (tests.queries.count_warm_queries): the cards and the navigation
    # cached by earlier requests; the first keeps nothing, the second keeps them.
    for _ in range(2):
        client.get(url)

    with django_assert_max_num_queries(5):
        response = client.get(url)

    assert response.status_code == 200
    page = parse(response)
    assert len(found(page)) == 5
    assert entity_links(page) == ["Nemak"]


def test_a_snippet_shows_the_bodys_text_escaped_with_the_matched_word_marked(client, on_commit):
    with on_commit():
        english_article(
            "Supplier portals get safer",
            body=(
                "<p>Procter &amp; Gamble's firmware now turns &lt;img src=x onerror=alert(1)&gt; "
                "into plain text in the forms that suppliers send.</p>"
            ),
        )

    response = client.get(search_url("en", q="firmware"))

    snippet = parse(response).find("p", class_="search-result__snippet")
    assert "Procter & Gamble's firmware now turns <img src=x onerror=alert(1)> into plain text" in snippet.text
    assert snippet.texts("mark") == ["firmware"]
    assert not snippet.find_all("img")
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()


def test_a_bodys_script_tag_written_as_text_never_becomes_one(client, on_commit):
    with on_commit():
        english_article(
            "Supplier portals get safer",
            body="<p>The new firmware strips &lt;script&gt; tags out of the forms that suppliers send.</p>",
        )

    response = client.get(search_url("en", q="firmware"))

    snippet = parse(response).find("p", class_="search-result__snippet")
    assert snippet.texts("mark") == ["firmware"]
    # Nor is it shown as text: PostgreSQL's parser reads "<script>" as markup, which ts_headline leaves out.
    assert not snippet.find_all("script")


def test_a_match_only_in_the_headline_shows_no_snippet(client, on_commit):
    with on_commit():
        english_article("Firmware update for supplier portals", body="<p>Suppliers send fewer forms by hand.</p>")

    page = search(client, "en", "firmware")

    assert found(page) == ["Firmware update for supplier portals"]
    assert not page.find_all("p", class_="search-result__snippet")


def test_a_german_reader_gets_the_snippet_of_the_german_text(client, on_commit):
    with on_commit():
        ArticleFactory(
            headline_en="Supplier portals get safer",
            headline_de="Lieferantenportale werden sicherer",
            body_en="<p>The new firmware checks every form that suppliers send.</p>",
            body_de="<p>Die neue Firmware prüft jedes Formular, das Zulieferer senden.</p>",
        )

    snippet = search(client, "de", "Formular").find("p", class_="search-result__snippet")

    assert "Firmware prüft jedes Formular, das Zulieferer senden" in snippet.text
    assert snippet.texts("mark") == ["Formular"]
    assert "lang" not in snippet.attrs


def test_a_snippet_in_the_original_language_is_marked_as_such(client, on_commit):
    with on_commit():
        english_article(
            "Supplier portals get safer",
            body="<p>The new firmware strips unsafe tags out of the forms that suppliers send.</p>",
        )

    page = search(client, "de", "firmware")

    assert page.find("p", class_="search-result__snippet")["lang"] == "en"
