"""Public lists: strict query parameters, and pages by cursor."""

import datetime

import pytest
from django.utils import timezone

from newsroom.listing import FilteredListView
from tests.factories import ArticleFactory, AuthorFactory, EventFactory, SectionFactory, SeriesFactory, TagFactory
from tests.pages import get_page, link_href, parse, url_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de"]
VALID_CURSOR = "2026-01-01T00:00:00%2B00:00~1"

BAD_ARTICLE_LIST_QUERIES = {
    "unknown parameter": "colour=red",
    "repeated parameter": "kind=news&kind=brief",
    "page number": "page=2",
    "garbage cursor": "after=garbage",
    "cursor without id": "after=2026-01-01T00:00:00",
    "cursor with an impossible date": "after=2026-02-30T00:00:00~1",
    "cursor past the last representable time": "after=9999-12-31T23:59:59-12:00~1",
    "cursor before the first representable time": "after=0001-01-01T00:00:00%2B14:00~1",
    "cursor at the end of time without a zone": "before=9999-12-31T23:59:59~1",
    "cursor with an enormous id": "after=2026-01-01T00:00:00~99999999999999999999999",
    "both cursors": f"after={VALID_CURSOR}&before={VALID_CURSOR}",
    "impossible date": "date_from=2026-13-45",
    "range ending before it starts": "date_from=2026-05-01&date_to=2026-04-01",
    "section that is not a number": "section=abc",
    "section that does not exist": "section=999999",
    "section beyond any id": "section=99999999999999999999999",
    "negative organization": "organization=-1",
    "unknown kind": "kind=opinion",
    "NUL byte": "kind=ne%00ws",
    "NUL byte in a name": "q%00=nissan",
    "very long value": "date_from=" + "9" * 5000,
    "very long name": "x" * 5000 + "=1",
}

# Words lead from a list to the search page (newsroom.search), which refuses them.
BAD_SEARCH_QUERIES = {
    "repeated words": "q=nissan&q=toyota",
    "NUL byte": "q=nis%00san",
    "very long value": "q=" + "x" * 5000,
}

BAD_EVENT_LIST_QUERIES = {
    "unknown parameter": "colour=red",
    "repeated parameter": "status=scheduled&status=cancelled",
    "page number": "page=2",
    "garbage cursor": "after=garbage",
    "cursor with an impossible date": "after=2026-02-30~1",
    "cursor beyond year 9999": "after=10000-01-01~1",
    "both cursors": "after=2026-01-01~1&before=2026-01-01~2",
    "impossible date": "date_from=2026-13-45",
    "range ending before it starts": "date_from=2026-05-01&date_to=2026-04-01",
    "place that is not a number": "place=abc",
    "place that does not exist": "place=999999",
    "negative organizer": "organizer=-1",
    "unknown status": "status=rumoured",
    "NUL byte": "status=%00",
    "very long value": "date_from=" + "9" * 5000,
}


def article_lists(language):
    series, tag, author = SeriesFactory(), TagFactory(), AuthorFactory()
    article = ArticleFactory(section=series.section, series=series, authors=[author])
    article.tags.add(tag)
    return {
        "article list": url_in(language, "articles:list"),
        "section": series.section.url_in(language),
        "series": series.url_in(language),
        "tag": tag.url_in(language),
        "author": author.url_in(language),
    }


def event_lists(language):
    EventFactory()
    return {"upcoming events": url_in(language, "events:list"), "past events": url_in(language, "events:past")}


def assert_refused_with_a_message(response, url):
    assert response.status_code == 400, f"{url} answered {response.status_code}"
    alert = parse(response).find(role="alert")
    messages = [message for message in alert.texts("li") if message]
    assert messages, f"{url} gave no message"
    return messages


# Bad input


@pytest.mark.parametrize("query", BAD_ARTICLE_LIST_QUERIES.values(), ids=BAD_ARTICLE_LIST_QUERIES.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_input_on_an_article_list_answers_400_with_a_message(client, language, query):
    for url in article_lists(language).values():
        response = client.get(f"{url}?{query}")
        assert_refused_with_a_message(response, url)


@pytest.mark.parametrize("query", BAD_SEARCH_QUERIES.values(), ids=BAD_SEARCH_QUERIES.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_words_on_an_article_list_are_refused_by_the_search_page_with_a_message(client, language, query):
    for url in article_lists(language).values():
        response = client.get(f"{url}?{query}", follow=True)
        assert response.redirect_chain[0][0].startswith(url_in(language, "search:results"))
        assert_refused_with_a_message(response, url)


@pytest.mark.parametrize("query", BAD_EVENT_LIST_QUERIES.values(), ids=BAD_EVENT_LIST_QUERIES.keys())
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_input_on_an_event_list_answers_400_with_a_message(client, language, query):
    for url in event_lists(language).values():
        response = client.get(f"{url}?{query}")
        assert_refused_with_a_message(response, url)


def test_the_message_names_the_parameter_that_was_wrong(client):
    url = url_in("en", "articles:list")

    unknown = assert_refused_with_a_message(client.get(f"{url}?colour=red"), url)
    repeated = assert_refused_with_a_message(client.get(f"{url}?kind=news&kind=brief"), url)

    assert "colour" in " ".join(unknown)
    assert "kind" in " ".join(repeated)


def test_markup_in_a_bad_parameter_is_shown_as_text(client):
    url = url_in("en", "articles:list")

    response = client.get(f"{url}?%3Cscript%3Ealert(1)%3C/script%3E=1")

    messages = assert_refused_with_a_message(response, url)
    assert "<script>" in messages[0]
    assert b"<script>" not in response.content


def test_every_problem_of_a_request_is_listed(client):
    url = url_in("en", "articles:list")

    messages = assert_refused_with_a_message(client.get(f"{url}?colour=red&size=xl"), url)

    assert len(messages) == 2


def test_a_refused_list_offers_the_way_back_to_the_unfiltered_list(client):
    url = url_in("de", "articles:list")

    alert = parse(client.get(f"{url}?page=2")).find(role="alert")

    assert alert.find("a")["href"] == url


@pytest.mark.parametrize("language", LANGUAGES)
def test_campaign_parameters_are_ignored(client, language):
    lists = {**article_lists(language), **event_lists(language)}

    for url in lists.values():
        response = client.get(f"{url}?utm_source=newsletter&utm_medium=email&utm_campaign=may")
        assert response.status_code == 200, url
        assert not parse(response).find_all(role="alert")


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_answered_not_crashed_on(client, query):
    article = ArticleFactory()
    EventFactory()

    articles = get_page(client, f"{url_in('en', 'articles:list')}?{query}")
    get_page(client, f"{url_in('en', 'events:list')}?{query}")

    shown = articles.texts("h3", class_="card__headline")
    assert shown == ([] if query == "date_from=9999-12-31" else [article.headline_en])


def test_an_empty_cursor_means_the_first_page(client):
    article = ArticleFactory()

    page = get_page(client, f"{url_in('en', 'articles:list')}?after=")

    assert page.texts("h3", class_="card__headline") == [article.headline_en]


# Pages by cursor


@pytest.fixture
def twenty_per_page(monkeypatch):
    monkeypatch.setattr(FilteredListView, "paginate_by", 20)


def headlines(page):
    return page.texts("h3", class_="card__headline")


def numbered_articles(count, **kwargs):
    now = timezone.now()
    return [
        ArticleFactory(
            headline_en=f"Story {number:02}",
            published_at=kwargs.get("published_at", now - datetime.timedelta(minutes=number)),
            **{key: value for key, value in kwargs.items() if key != "published_at"},
        )
        for number in range(count)
    ]


@pytest.mark.usefixtures("twenty_per_page")
def test_the_next_link_gives_the_rest_and_its_previous_link_returns_to_the_first_page(client):
    numbered_articles(25)
    url = url_in("en", "articles:list")

    first = get_page(client, url)
    second = get_page(client, url + link_href(first, rel="next"))
    back = get_page(client, url + link_href(second, rel="prev"))

    assert headlines(first) == [f"Story {number:02}" for number in range(20)]
    assert headlines(second) == [f"Story {number:02}" for number in range(20, 25)]
    assert headlines(back) == headlines(first)
    assert not first.find_all("a", rel="prev")
    assert not second.find_all("a", rel="next")
    assert not back.find_all("a", rel="prev")
    assert back.find_all("a", rel="next")


@pytest.mark.usefixtures("twenty_per_page")
def test_a_short_list_has_no_page_links(client):
    numbered_articles(20)

    page = get_page(client, url_in("en", "articles:list"))

    assert len(headlines(page)) == 20
    assert not page.find_all("nav", class_="pagination")


def walk(client, url, page, rel):
    pages = [page]
    while page.find_all("a", rel=rel):
        page = get_page(client, url + link_href(page, rel=rel))
        pages.append(page)
    return pages


@pytest.mark.usefixtures("twenty_per_page")
def test_articles_published_at_the_same_moment_are_paged_by_id_without_duplicates_or_gaps(client):
    moment = timezone.now() - datetime.timedelta(hours=1)
    articles = numbered_articles(45, published_at=moment)
    expected = [article.headline_en for article in sorted(articles, key=lambda a: -a.pk)]
    url = url_in("en", "articles:list")

    forward = walk(client, url, get_page(client, url), "next")
    backward = walk(client, url, forward[-1], "prev")

    assert [len(headlines(page)) for page in forward] == [20, 20, 5]
    assert [title for page in forward for title in headlines(page)] == expected
    assert [title for page in reversed(backward) for title in headlines(page)] == expected


@pytest.mark.usefixtures("twenty_per_page")
def test_page_links_keep_the_filters(client):
    section = SectionFactory()
    numbered_articles(25, section=section)
    ArticleFactory(headline_en="Elsewhere")
    url = url_in("de", "articles:list")

    first = get_page(client, f"{url}?section={section.pk}")
    next_link = link_href(first, rel="next")
    second = get_page(client, url + next_link)

    assert f"section={section.pk}" in next_link
    assert len(headlines(second)) == 5
    assert "Elsewhere" not in second.text


@pytest.mark.usefixtures("twenty_per_page")
def test_a_section_page_is_paged_too(client):
    section = SectionFactory()
    numbered_articles(22, section=section)
    url = section.url_in("en")

    pages = walk(client, url, get_page(client, url), "next")

    assert [len(headlines(page)) for page in pages] == [20, 2]


@pytest.mark.usefixtures("twenty_per_page")
def test_upcoming_events_are_paged_soonest_first_and_past_events_latest_first(client):
    today = timezone.localdate()
    for number in range(22):
        EventFactory(title_en=f"Fair {number:02}", start_date=today + datetime.timedelta(days=1 + number // 2))
        EventFactory(
            title_en=f"Past fair {number:02}",
            start_date=today - datetime.timedelta(days=30 + number),
            end_date=today - datetime.timedelta(days=30 + number),
        )

    upcoming_url, past_url = url_in("en", "events:list"), url_in("en", "events:past")
    upcoming = walk(client, upcoming_url, get_page(client, upcoming_url), "next")
    past = walk(client, past_url, get_page(client, past_url), "next")

    assert [headlines(page) for page in upcoming] == [
        [f"Fair {number:02}" for number in range(20)],
        ["Fair 20", "Fair 21"],
    ]
    assert [title for page in past for title in headlines(page)] == [f"Past fair {number:02}" for number in range(22)]
    assert headlines(get_page(client, upcoming_url + link_href(upcoming[1], rel="prev"))) == headlines(upcoming[0])
