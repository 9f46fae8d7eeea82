import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, Byline
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
from tests.pages import get_page, link_href, url_in
from tests.queries import count_queries, count_warm_queries

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]


def headline_in(article, language):
    return getattr(article, f"headline_{language}")


def card_headlines(page):
    return page.texts("h3", class_="card__headline")


# Every page type, in both languages


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_shows_the_article_in_the_page_language(client, language):
    article = ArticleFactory(
        headline_en="Nissan doubles output",
        headline_de="Nissan verdoppelt die Produktion",
        standfirst_en="A second shift starts in May.",
        standfirst_de="Im Mai beginnt eine zweite Schicht.",
        body_en="<p>The plant hires 700 workers.</p>",
        body_de="<p>Das Werk stellt 700 Leute ein.</p>",
        authors=[AuthorFactory(display_name="Ana Ruiz")],
    )

    page = get_page(client, article.url_in(language))

    assert page.find("html")["lang"] == language
    expected = {
        "en": ("Nissan doubles output", "A second shift starts in May.", "The plant hires 700 workers."),
        "de": (
            "Nissan verdoppelt die Produktion",
            "Im Mai beginnt eine zweite Schicht.",
            "Das Werk stellt 700 Leute ein.",
        ),
    }[language]
    assert page.find("h1").text == expected[0]
    assert page.find("p", class_="standfirst").text == expected[1]
    assert expected[2] in page.find("div", class_="article__body").text
    assert "Ana Ruiz" in page.find("p", class_="byline").text
    assert page.find("title").text.startswith(expected[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interview_shows_its_questions_and_answers_in_the_page_language(client, language):
    interviewee = PersonFactory(name="Carmen Hernández", position_en="Director", position_de="Direktorin")
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=interviewee)
    InterviewExchangeFactory(article=interview, order=1, question_en="Second?", question_de="Zweitens?")
    InterviewExchangeFactory(article=interview, order=0, question_en="First?", question_de="Erstens?")

    page = get_page(client, interview.url_in(language))

    interview_list = page.find("dl", class_="interview")
    questions = {"en": ["First?", "Second?"], "de": ["Erstens?", "Zweitens?"]}[language]
    assert interview_list.texts("dt") == questions
    answer = {"en": "Suppliers who meet the rules of origin.", "de": "Zulieferer, die die Ursprungsregeln erfüllen."}
    assert interview_list.texts("dd") == [answer[language]] * 2
    position = {"en": "Director", "de": "Direktorin"}[language]
    assert page.find("p", class_="interviewee").text == f"Carmen Hernández, {position}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interview_links_the_interviewee_and_their_organization(client, language):
    cluster = OrganizationFactory(name_en="Jalisco Automotive Cluster", name_de="Automobilcluster Jalisco")
    interviewee = PersonFactory(
        name="Carmen Hernández", position_en="Director General", position_de="Generaldirektorin", organization=cluster
    )
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=interviewee)

    line = get_page(client, interview.url_in(language)).find("p", class_="interviewee")

    name = {"en": "Jalisco Automotive Cluster", "de": "Automobilcluster Jalisco"}[language]
    assert [(link.text, link["href"]) for link in line.find_all("a")] == [
        ("Carmen Hernández", interviewee.url_in(language)),
        (name, cluster.url_in(language)),
    ]
    position = {"en": "Director General", "de": "Generaldirektorin"}[language]
    assert line.text == f"Carmen Hernández, {position}, {name}"


def test_an_interviewees_organization_taken_down_is_named_without_a_link(client):
    cluster = OrganizationFactory(name_en="Jalisco Automotive Cluster", is_published=False)
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=PersonFactory(organization=cluster))

    line = get_page(client, interview.url_in("en")).find("p", class_="interviewee")

    assert line.text.endswith(", Jalisco Automotive Cluster")
    assert [link["href"] for link in line.find_all("a")] == [interview.interviewee.url_in("en")]


NOT_IN_GERMAN = {"position_de": "", "name_de": "", "description_de": "", "slug_de": ""}


@pytest.mark.parametrize(
    ("german", "interview_texts", "interviewee_texts", "position"),
    [
        ("the interview", {}, NOT_IN_GERMAN, ("Director General", "en")),
        ("the interviewee", {"standfirst_de": "", "body_de": ""}, {}, ("Generaldirektorin", "de")),
    ],
)
def test_the_interviewee_line_is_marked_in_the_language_of_each_object_in_it(
    client, german, interview_texts, interviewee_texts, position
):
    """A German interview may name a person and an organization not translated yet, and the other way round."""
    cluster = OrganizationFactory(
        name_en="Jalisco Automotive Cluster", **{k: v for k, v in interviewee_texts.items() if k != "position_de"}
    )
    positions = {"position_en": "Director General", "position_de": "Generaldirektorin"}
    positions.update({k: v for k, v in interviewee_texts.items() if k == "position_de"})
    interviewee = PersonFactory(organization=cluster, **positions)
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, interviewee=interviewee, **interview_texts)
    InterviewExchangeFactory(article=interview, **{f"{k}_de": "" for k in ("question", "answer") if interview_texts})

    page = get_page(client, interview.url_in("de"))

    line = page.find("p", class_="interviewee")
    shown_position = line.find("span")
    assert (shown_position.text, shown_position.language) == position
    assert line.find_all("a")[1].language == position[1]
    assert page.find("dl", class_="interview").language == ("de" if german == "the interview" else "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_list_shows_published_articles_newest_first_in_the_page_language(client, language):
    older = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=2))
    newer = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))

    page = get_page(client, url_in(language, "articles:list"))

    assert page.find("html")["lang"] == language
    assert card_headlines(page) == [headline_in(newer, language), headline_in(older, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_section_page_shows_the_section_and_its_articles_in_the_page_language(client, language):
    section = SectionFactory(
        name_en="Aerospace", name_de="Luft- und Raumfahrt", description_en="Planes.", description_de="Flugzeuge."
    )
    SeriesFactory(section=section, name_en="Plant visits", name_de="Werksbesuche")
    inside = ArticleFactory(section=section)
    ArticleFactory()

    page = get_page(client, section.url_in(language))

    assert page.find("h1").text == {"en": "Aerospace", "de": "Luft- und Raumfahrt"}[language]
    assert page.find("p", class_="standfirst").text == {"en": "Planes.", "de": "Flugzeuge."}[language]
    series_name = {"en": "Plant visits", "de": "Werksbesuche"}[language]
    assert page.find("p", class_="series-links").find("a").text == series_name
    assert card_headlines(page) == [headline_in(inside, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_series_page_shows_the_series_and_its_articles_in_the_page_language(client, language):
    series = SeriesFactory(name_en="View from the Top", name_de="Blick von oben")
    inside = ArticleFactory(section=series.section, series=series)
    ArticleFactory(section=series.section)

    page = get_page(client, series.url_in(language))

    assert page.find("h1").text == {"en": "View from the Top", "de": "Blick von oben"}[language]
    assert card_headlines(page) == [headline_in(inside, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tag_page_shows_the_tag_and_its_articles_in_the_page_language(client, language):
    tag = TagFactory(name_en="Nearshoring", name_de="Produktionsverlagerung")
    tagged = ArticleFactory()
    tagged.tags.add(tag)
    ArticleFactory()

    page = get_page(client, tag.url_in(language))

    assert {"en": "Nearshoring", "de": "Produktionsverlagerung"}[language] in page.find("h1").text
    assert card_headlines(page) == [headline_in(tagged, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_author_page_shows_the_author_and_their_articles_in_the_page_language(client, language):
    author = AuthorFactory(display_name="Ana Ruiz", bio_en="Covers cars.", bio_de="Schreibt über Autos.")
    written = ArticleFactory(authors=[author])
    ArticleFactory(authors=[AuthorFactory()])

    page = get_page(client, author.url_in(language))

    assert page.find("h1").text == "Ana Ruiz"
    role = {"en": "Journalist and Industry Analyst", "de": "Journalist und Branchenanalyst"}[language]
    assert page.find("p", class_="profile__role").text == role
    assert (
        page.find("div", class_="profile__bio").text == {"en": "Covers cars.", "de": "Schreibt über Autos."}[language]
    )
    assert card_headlines(page) == [headline_in(written, language)]


# Links between languages


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_article_page_names_its_canonical_url_and_an_alternate_for_each_language(client, language):
    article = ArticleFactory()

    page = get_page(client, article.url_in(language))

    assert page.find("link", rel="canonical")["href"] == f"http://testserver{article.url_in(language)}"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": f"http://testserver{article.url_in('en')}",
        "de": f"http://testserver{article.url_in('de')}",
        "x-default": f"http://testserver{article.url_in('en')}",
    }
    assert article.url_in("de") != article.url_in("en")


@pytest.mark.parametrize(
    "factory", [SectionFactory, SeriesFactory, TagFactory, AuthorFactory], ids=["section", "series", "tag", "author"]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_section_series_tag_or_author_page_names_its_canonical_url_and_its_languages(client, factory, language):
    obj = factory()

    page = get_page(client, obj.url_in(language))

    assert page.find("html")["lang"] == language
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{obj.url_in(language)}"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": f"http://testserver{obj.url_in('en')}",
        "de": f"http://testserver{obj.url_in('de')}",
        "x-default": f"http://testserver{obj.url_in('en')}",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_list_names_its_canonical_url_and_both_languages(client, language):
    page = get_page(client, url_in(language, "articles:list"))

    assert page.find("link", rel="canonical")["href"] == f"http://testserver{url_in(language, 'articles:list')}"
    assert {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)} == {
        "en",
        "de",
        "x-default",
    }


def test_an_article_not_in_german_has_no_german_alternate(client):
    article = ArticleFactory(headline_de="Nur die Überschrift", standfirst_de="", body_de="")

    page = get_page(client, article.url_in("en"))

    hreflangs = [link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)]
    assert hreflangs == ["en", "x-default"]


def test_the_language_switcher_leads_to_the_same_article_in_german(client):
    article = ArticleFactory(headline_en="Twelve suppliers head to Japan", headline_de="Zwölf Zulieferer reisen")

    english = get_page(client, article.url_in("en"))
    switcher = english.find("nav", class_="language-switcher")
    german = get_page(client, link_href(switcher, hreflang="de"))

    assert german.find("html")["lang"] == "de"
    assert german.find("h1").text == "Zwölf Zulieferer reisen"
    back = get_page(client, link_href(german.find("nav", class_="language-switcher"), hreflang="en"))
    assert back.find("h1").text == "Twelve suppliers head to Japan"


def test_an_english_slug_under_de_redirects_permanently_to_the_german_slug(client):
    article = ArticleFactory(headline_en="Nissan doubles output", headline_de="Nissan verdoppelt")
    german_url = article.url_in("de")
    english_slug_under_de = german_url.replace(article.slug_de, article.slug_en)

    response = client.get(english_slug_under_de)

    assert response.status_code == 301
    assert response["Location"] == german_url


def test_an_untranslated_articles_german_url_leads_to_it_even_when_a_german_headline_elsewhere_is_the_same(client):
    untranslated = ArticleFactory(
        headline_en="Tesla Gigafactory Monterrey",
        headline_de="",
        standfirst_de="",
        body_de="",
        standfirst_en="Not yet.",
    )
    german = ArticleFactory(headline_en="Tesla builds in Nuevo León", headline_de="Tesla Gigafactory Monterrey")

    untranslated_page = get_page(client, untranslated.url_in("de"))
    german_page = get_page(client, german.url_in("de"))

    assert untranslated_page.find("h1").text == "Tesla Gigafactory Monterrey"
    assert untranslated_page.find("h1")["lang"] == "en"
    assert german_page.find("h1").text == "Tesla Gigafactory Monterrey"
    assert german_page.find("h1").get("lang") is None
    assert untranslated.url_in("de") != german.url_in("de")


def test_the_redirect_to_the_right_slug_keeps_the_query_string(client):
    article = ArticleFactory()
    english_slug_under_de = article.url_in("de").replace(article.slug_de, article.slug_en)

    response = client.get(f"{english_slug_under_de}?utm_source=newsletter")

    assert response.status_code == 301
    assert response["Location"] == f"{article.url_in('de')}?utm_source=newsletter"


def test_a_section_found_by_its_other_language_slug_redirects_to_its_own(client):
    section = SectionFactory(name_en="Energy", name_de="Energie")

    response = client.get(section.url_in("de").replace(section.slug_de, section.slug_en))

    assert response.status_code == 301
    assert response["Location"] == section.url_in("de")


def test_an_unknown_slug_is_not_found(client):
    assert client.get(url_in("en", "articles:detail", slug="no-such-story")).status_code == 404


# What readers may not see

NOT_PUBLIC = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "unpublished": {"status": Article.Status.UNPUBLISHED},
    "scheduled": {"published_at": timezone.now() + datetime.timedelta(days=1)},
}


@pytest.mark.parametrize("state", NOT_PUBLIC.values(), ids=NOT_PUBLIC.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_anonymous_reader_gets_404_for_an_article_that_is_not_public(client, state, language):
    article = ArticleFactory(**state)

    assert client.get(article.url_in(language)).status_code == 404


@pytest.mark.parametrize("state", NOT_PUBLIC.values(), ids=NOT_PUBLIC.keys())
def test_an_article_that_is_not_public_is_on_no_list(client, state):
    hidden = ArticleFactory(headline_en="Hidden Jatco story", headline_de="Versteckte Jatco-Geschichte", **state)
    shown = ArticleFactory(section=hidden.section, headline_en="Shown story", headline_de="Sichtbare Geschichte")
    tag, organization, person, place, author = (
        TagFactory(),
        OrganizationFactory(),
        PersonFactory(),
        PlaceFactory(),
        AuthorFactory(),
    )
    event = EventFactory()
    for article in (hidden, shown):
        article.tags.add(tag)
        article.organizations.add(organization)
        article.people.add(person)
        article.places.add(place)
        article.events.add(event)
        Byline.objects.create(article=article, author=author)
    shown.related_articles.add(hidden)

    for language in LANGUAGES:
        for url in [
            url_in(language, "home"),
            url_in(language, "articles:list"),
            hidden.section.url_in(language),
            tag.url_in(language),
            author.url_in(language),
            organization.url_in(language),
            person.url_in(language),
            place.url_in(language),
            event.url_in(language),
            shown.url_in(language),
        ]:
            text = get_page(client, url).text
            assert "Jatco" not in text, url
            if url != shown.url_in(language):
                assert headline_in(shown, language) in text, url


# Filters narrow the list


def link(relation, factory, param):
    def setup(wanted):
        obj = factory()
        getattr(wanted, relation).add(obj)
        return {param: obj.pk}

    return setup


def in_another_section(wanted):
    wanted.section = SectionFactory()
    wanted.save()
    return {"section": wanted.section.pk}


def as_analysis(wanted):
    wanted.kind = Article.Kind.ANALYSIS
    wanted.save()
    return {"kind": "analysis"}


def written_by(wanted):
    author = AuthorFactory()
    Byline.objects.create(article=wanted, author=author)
    return {"author": author.pk}


def in_march(wanted):
    wanted.published_at = timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 30))
    wanted.save()
    return {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def from_march_on(wanted):
    wanted.published_at = timezone.make_aware(datetime.datetime(2026, 3, 1, 0, 5))
    wanted.save()
    return {"date_from": "2026-03-01", "date_to": "2026-03-02"}


def series_of(wanted):
    series = SeriesFactory(section=wanted.section)
    wanted.series = series
    wanted.save()
    return {"series": series.pk}


FILTERS = {
    "section": in_another_section,
    "kind": as_analysis,
    "organization": link("organizations", OrganizationFactory, "organization"),
    "person": link("people", PersonFactory, "person"),
    "place": link("places", PlaceFactory, "place"),
    "event": link("events", EventFactory, "event"),
    "tag": link("tags", TagFactory, "tag"),
    "series": series_of,
    "author": written_by,
    "date range": in_march,
    "date range start": from_march_on,
}


@pytest.mark.parametrize("setup", FILTERS.values(), ids=FILTERS.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filter_narrows_the_article_list(client, setup, language):
    wanted = ArticleFactory()
    others = [
        ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2026, 2, 28, 23, 55))),
        ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 0, 0))),
        ArticleFactory(standfirst_en="Safran grows."),
    ]
    params = setup(wanted)

    unfiltered = get_page(client, url_in(language, "articles:list"))
    filtered = get_page(client, f"{url_in(language, 'articles:list')}?{urlencode(params)}")

    assert len(card_headlines(unfiltered)) == 1 + len(others)
    wanted.refresh_from_db()
    assert card_headlines(filtered) == [headline_in(wanted, language)]


# Words: the search page (newsroom.search), where the list's `?q=` leads


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_on_an_article_list_lead_to_the_search_page_with_the_other_filters(client, language):
    section = SectionFactory()

    response = client.get(f"{url_in(language, 'articles:list')}?section={section.pk}&q=safran")

    assert response.status_code == 302
    assert response["Location"] == f"{url_in(language, 'search:results')}?section={section.pk}&q=safran"


def test_words_on_a_section_page_search_that_section(client):
    section = SectionFactory()

    response = client.get(f"{section.url_in('en')}?q=safran")

    assert response.status_code == 302
    assert response["Location"] == f"{url_in('en', 'search:results')}?q=safran&section={section.pk}"


def test_a_german_word_finds_the_german_headline_on_the_german_search_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wanted = ArticleFactory(headline_de="Querétaro baut Flugzeugteile")
        ArticleFactory()

    page = get_page(client, f"{url_in('de', 'search:results')}?q=flugzeugteile")

    assert card_headlines(page) == [wanted.headline_de]


def test_every_word_searched_for_must_match(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wanted = ArticleFactory(standfirst_en="Safran opens a plant in Querétaro.")
        ArticleFactory(standfirst_en="Safran hires in Querétaro.")

    page = get_page(client, f"{url_in('en', 'search:results')}?q=safran+plant")

    assert card_headlines(page) == [wanted.headline_en]


def test_filters_combine_with_the_words(client, django_capture_on_commit_callbacks):
    section = SectionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        wanted = ArticleFactory(section=section, headline_en="Safran opens a plant")
        ArticleFactory(section=section, headline_en="Airbus opens a plant")
        ArticleFactory(headline_en="Safran elsewhere")

    page = get_page(client, f"{url_in('en', 'search:results')}?section={section.pk}&q=safran")

    assert card_headlines(page) == [wanted.headline_en]


def test_a_search_finding_nothing_says_so(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory()

    page = get_page(client, f"{url_in('en', 'search:results')}?q=zeppelin")

    assert card_headlines(page) == []
    assert page.find_all("p", class_="empty")


def test_the_search_form_keeps_what_the_reader_chose(client):
    section = SectionFactory()
    ArticleFactory(section=section)

    page = get_page(client, f"{url_in('en', 'search:results')}?section={section.pk}&q=Nissan")

    form = page.find("form", class_="filters")
    assert form.find("input", name="q")["value"] == "Nissan"
    assert form.find("select", name="section").find("option", selected=True)["value"] == str(section.pk)


# Whole headlines

# An agency headline whose key fact comes last, as they often do.
LONG_HEADLINES = {
    "en": (
        "Aguascalientes signs an alliance with the Nagoya Chamber of Commerce, whose 17,000 member companies "
        "are offered a JICA scheme that brings at least twenty local firms into Japanese supply chains"
    ),
    "de": (
        "Aguascalientes schließt eine Allianz mit der Handelskammer Nagoya: Ihren 17.000 Mitgliedern wird ein "
        "JICA-Programm angeboten, das mindestens zwanzig lokale Firmen in japanische Lieferketten bringt"
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_and_teaser_shows_the_whole_headline(client, language):
    from newsroom.popularity.models import ReadCount

    author, organization, person, place, tag = (
        AuthorFactory(),
        OrganizationFactory(),
        PersonFactory(),
        PlaceFactory(),
        TagFactory(),
    )
    event = EventFactory()
    long = ArticleFactory(
        headline_en=LONG_HEADLINES["en"], headline_de=LONG_HEADLINES["de"], authors=[author], is_featured=True
    )
    long.organizations.add(organization)
    long.people.add(person)
    long.places.add(place)
    long.events.add(event)
    long.tags.add(tag)
    other = ArticleFactory(section=long.section)
    other.related_articles.add(long)
    ReadCount.objects.create(article=long, language=language, day=timezone.localdate(), count=9)
    pages = {
        "home": url_in(language, "home"),
        "list": url_in(language, "articles:list"),
        "section": long.section.url_in(language),
        "tag": tag.url_in(language),
        "author": author.url_in(language),
        "organization": organization.url_in(language),
        "person": person.url_in(language),
        "place": place.url_in(language),
        "event": event.url_in(language),
        "another article": other.url_in(language),
    }
    headline = LONG_HEADLINES[language]

    for name, url in pages.items():
        shown = [text for text in card_headlines(get_page(client, url)) if text.startswith(headline[:40])]
        # The home page shows it as the lead story and in "Most popular"; an article under "You may
        # like" and "Most popular".
        assert shown and set(shown) == {headline}, f"{name}: {shown}"


def test_search_engines_and_social_cards_get_the_whole_headline(client):
    article = ArticleFactory(headline_en=LONG_HEADLINES["en"])

    page = get_page(client, article.url_in("en"))

    assert page.find("meta", property="og:title")["content"] == LONG_HEADLINES["en"]
    assert f'"headline": "{LONG_HEADLINES["en"]}"' in page.find("script", type="application/ld+json").raw_text


# Query counts


def covered_article(count: int, **kwargs):
    """An article with `count` of each thing it can link to, one interview exchange per count."""
    article = ArticleFactory(authors=AuthorFactory.create_batch(count), **kwargs)
    article.organizations.set(OrganizationFactory.create_batch(count))
    article.people.set(PersonFactory.create_batch(count))
    article.places.set(PlaceFactory.create_batch(count))
    article.events.set(EventFactory.create_batch(count))
    article.tags.set(TagFactory.create_batch(count))
    article.related_articles.set(
        [ArticleFactory(authors=[AuthorFactory()]) for _ in range(count - 1)]
        + [ArticleFactory(kind=Article.Kind.INTERVIEW)]
    )
    return article


def test_the_article_page_needs_two_queries_warm_and_ten_cold_however_much_it_shows(
    client, django_assert_max_num_queries
):
    from django.core.cache import cache

    article = ArticleFactory(authors=AuthorFactory.create_batch(3), dateline=PlaceFactory())
    article.organizations.set(OrganizationFactory.create_batch(5))
    article.people.set(PersonFactory.create_batch(5))
    article.places.set(PlaceFactory.create_batch(3))
    article.events.set(EventFactory.create_batch(3))
    article.tags.set(TagFactory.create_batch(5))
    article.related_articles.set(ArticleFactory.create_batch(4))

    for language in LANGUAGES:
        cache.clear()
        # From a cold cache: the article, its bylines, what it links to and its parts (one query),
        # its section, series and the like (one), the navigation, when scheduled changes are due,
        # the "Most popular" ranking, and for "You may like" what it draws from, its teasers and
        # when the next scheduled article is due.
        with django_assert_max_num_queries(10):
            page = get_page(client, article.url_in(language))
        assert len(page.find("section", class_="related").find_all("article")) == 4
        assert len(page.find("footer", class_="covered").find_all("a")) == 5 + 5 + 3 + 3 + 5
        # The second request keeps the blocks (the first gave their keys versions).
        get_page(client, article.url_in(language))
        # Warm: the article's row, and "Most popular"'s teasers.
        with django_assert_max_num_queries(2):
            page = get_page(client, article.url_in(language))
        assert len(page.find("section", class_="related").find_all("article")) == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_costs_the_same_queries_for_three_or_twelve_linked_things(client, language):
    few = covered_article(3)
    many = covered_article(12)

    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_interview_page_costs_the_same_queries_for_three_or_twelve_exchanges(client, language):
    few, many = ArticleFactory(kind=Article.Kind.INTERVIEW), ArticleFactory(kind=Article.Kind.INTERVIEW)
    InterviewExchangeFactory.create_batch(3, article=few)
    InterviewExchangeFactory.create_batch(12, article=many)

    # From a cold cache: the navigation, when scheduled changes are due, the "Most popular" ranking
    # and "You may like" are read once, then kept.
    assert count_queries(client, many.url_in(language)) == count_queries(client, few.url_in(language)) <= 11
    assert count_warm_queries(client, many.url_in(language)) == count_warm_queries(client, few.url_in(language)) <= 4


def list_pages(language, section, series, tag, author):
    return {
        "article list": url_in(language, "articles:list"),
        "section": section.url_in(language),
        "series": series.url_in(language),
        "tag": tag.url_in(language),
        "author": author.url_in(language),
    }


def fill_lists(count, section, series, tag, author):
    for index in range(count):
        article = ArticleFactory(
            section=section,
            series=series,
            authors=[author, AuthorFactory()],
            kind=Article.Kind.INTERVIEW if index % 2 else Article.Kind.NEWS,
        )
        article.tags.add(tag, TagFactory())


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_lists_need_at_most_ten_queries_and_no_more_for_more_articles(
    client, language, django_assert_max_num_queries
):
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    series = SeriesFactory(section=section)
    pages = list_pages(language, section, series, tag, author)
    fill_lists(3, section, series, tag, author)
    few = {name: count_queries(client, url) for name, url in pages.items()}

    fill_lists(9, section, series, tag, author)
    SeriesFactory.create_batch(9, section=section)
    many = {name: count_queries(client, url) for name, url in pages.items()}

    assert many == few
    for url in pages.values():
        with django_assert_max_num_queries(10):
            assert len(card_headlines(get_page(client, url))) == 12
