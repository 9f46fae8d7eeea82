"""What readers get around an article: labels that explain themselves, share links that load
nothing from other sites, and a page that prints as an article."""

import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory
from tests.pages import get_page

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def ai_article():
    return ArticleFactory(
        headline_en="JICA scheme aims at twenty firms",
        headline_de="JICA-Programm für zwanzig Firmen",
        is_reported_by_ai=True,
        fact_checked_by=AuthorFactory(),
        fact_checked_at="2026-11-20T10:00:00Z",
    )


@pytest.mark.parametrize(
    ("language", "labels"),
    [("en", ["Reported by AI", "Fact checked"]), ("de", ["Von KI verfasst", "Faktengeprüft"])],
)
def test_every_label_links_to_its_explanation_and_is_described_where_it_stands(ai_article, language, labels):
    for url in (ai_article.url_in(language), f"/{language}/"):
        page = get_page(Client(), url)
        links = page.find("ul", class_="labels").find_all("a")
        assert [link.text for link in links] == labels
        for link in links:
            # Screen readers read the explanation with the label; everyone can follow the link to it.
            description = page.find(id=link["aria-describedby"])
            assert description.text.startswith(link.text)
            path, anchor = link["href"].split("#")
            explained = get_page(Client(), path)
            assert explained.find(id=anchor).text == link.text


def test_the_labels_page_is_linked_from_every_footer():
    for language in ("en", "de"):
        page = get_page(Client(), f"/{language}/")
        link = page.find("footer").find_all("a")[0]
        assert get_page(Client(), link["href"]).find("h1").text in {
            "How we label AI and fact-checking",
            "Wie wir KI und Faktenprüfung kennzeichnen",
        }


def test_teasers_carry_the_labels(ai_article):
    page = get_page(Client(), "/en/articles/")

    card = next(card for card in page.find_all("article", class_="card") if ai_article.headline_en in card.text)
    assert [link.text for link in card.find("ul", class_="labels").find_all("a")] == ["Reported by AI", "Fact checked"]


@pytest.mark.parametrize("language", ["en", "de"])
def test_share_links_are_plain_links_with_the_articles_address(language):
    article = ArticleFactory(headline_en="Tachi-S creates 700 jobs", headline_de="Tachi-S schafft 700 Stellen")
    address = f"http://testserver{article.url_in(language)}"

    page = get_page(Client(), article.url_in(language))

    links = {link["class"].split("--")[-1]: link["href"] for link in page.find("nav", class_="share").find_all("a")}
    assert set(links) == {"email", "linkedin", "x", "whatsapp"}
    mail = parse_qs(urlsplit(links["email"]).query)
    headline = {"en": "Tachi-S creates 700 jobs", "de": "Tachi-S schafft 700 Stellen"}[language]
    assert mail["body"] == [address] and mail["subject"] == [headline]
    assert parse_qs(urlsplit(links["linkedin"]).query)["url"] == [address]
    assert parse_qs(urlsplit(links["x"]).query)["url"] == [address]
    assert address in parse_qs(urlsplit(links["whatsapp"]).query)["text"][0]
    # Nothing from the share services is loaded: every script and frame is our own.
    assert all(script["src"].startswith("/static/") for script in page.find_all("script") if script.get("src"))
    assert page.find_all("iframe") == []


def test_a_printed_article_leaves_out_the_site_around_it():
    stylesheet = (STATIC / "css" / "site.css").read_text()
    print_rules = stylesheet[stylesheet.index("@media print {") :]

    for hidden in (
        ".site-nav",
        ".language-switcher",
        ".consent",
        ".share",
        ".related",
        ".most-popular",
        ".site-footer",
    ):
        assert hidden in print_rules.split("display: none")[0]
    assert 'a[href^="http"]::after' in print_rules


def test_an_unpublished_article_offers_nothing_to_share():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert Client().get(draft.url_in("en")).status_code == 404


def test_times_for_machines_are_to_the_second_as_html_wants():
    # Published with "now" in the admin, a publish time has microseconds; HTML allows three digits at most.
    moment = datetime.datetime(2026, 11, 20, 15, 4, 5, 123456, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=moment)

    for url in (article.url_in("en"), "/en/articles/", "/en/"):
        times = [time["datetime"] for time in get_page(Client(), url).find_all("time")]
        assert times
        assert "2026-11-20T09:04:05-06:00" in times
        assert not [value for value in times if "." in value]
