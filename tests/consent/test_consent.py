"""Cookie consent on the server: only necessary cookies and no analytics until a reader accepts,
a real "Decline", the choice kept and changeable, and no one else able to make it for them."""

import pytest
from django.test import Client

from tests.factories import ArticleFactory
from tests.pages import get_page

pytestmark = pytest.mark.django_db

SCRIPT = "/static/js/analytics-demo.js"
HOST = "http://testserver"


@pytest.fixture
def analytics(settings):
    settings.ANALYTICS_SCRIPT_URL = SCRIPT
    settings.ANALYTICS_COOKIES = ["_pk_id", "analytics_demo"]


def choose(client, choice, next_url="/en/", origin=HOST, **headers):
    if origin:
        headers["HTTP_ORIGIN"] = origin
    return client.post("/consent/", {"choice": choice, "next": next_url}, **headers)


def scripts(page) -> list[str]:
    return [script.get("src") for script in page.find_all("script") if script.get("src")]


def test_without_an_analytics_tool_nobody_is_asked(client):
    page = get_page(client, "/en/")

    assert page.find_all("section", class_="consent") == []
    assert SCRIPT not in scripts(page)


@pytest.mark.parametrize("language", ["en", "de"])
def test_before_a_choice_the_banner_asks_and_nothing_loads_or_is_set(analytics, language):
    client = Client()
    article = ArticleFactory()

    response = client.get(article.url_in(language))

    page = get_page(client, article.url_in(language))
    banner = page.find("section", class_="consent")
    buttons = banner.find_all("button")
    assert [button["value"] for button in buttons] == ["accepted", "declined"]
    assert {button.get("class") for button in buttons} == {None}  # both alike: Decline is as prominent
    assert {"en": "Decline", "de": "Ablehnen"}[language] in banner.text
    assert SCRIPT not in scripts(page)
    assert not response.cookies


def test_accepting_loads_the_analytics_and_remembers_the_choice(analytics):
    client = Client()

    response = choose(client, "accepted", next_url="/de/")

    assert response.status_code == 302 and response["Location"] == "/de/"
    cookie = response.cookies["consent"]
    assert cookie.value == "accepted"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 180 * 24 * 60 * 60
    page = get_page(client, "/de/")
    assert SCRIPT in scripts(page)
    assert page.find_all("section", class_="consent") == []


def test_declining_keeps_analytics_off_and_deletes_their_cookies(analytics):
    client = Client()
    choose(client, "accepted")
    client.cookies["analytics_demo"] = "1"
    client.cookies["_pk_id.1.a2b3"] = "visitor"  # Matomo names its cookies after a prefix
    client.cookies["_pk_idx"] = "someone else's"

    response = choose(client, "declined")

    assert response.cookies["consent"].value == "declined"
    assert response.cookies["analytics_demo"]["max-age"] == 0
    assert response.cookies["_pk_id.1.a2b3"]["max-age"] == 0
    assert "_pk_idx" not in response.cookies
    page = get_page(client, "/en/")
    assert SCRIPT not in scripts(page)
    assert page.find_all("section", class_="consent") == []


def test_the_choice_is_changeable_from_the_footer(analytics):
    client = Client()
    choose(client, "declined")
    home = get_page(client, "/de/")
    settings_link = home.find("footer").find("a", href="/de/cookies/")
    assert settings_link.text == "Cookie-Einstellungen"

    page = get_page(client, settings_link["href"])
    assert "Sie haben Analysen abgelehnt." in page.text
    form = page.find("form", class_="consent-form")
    assert form.find("input", type="hidden")["value"] == "/de/cookies/"
    assert page.find_all("section", class_="consent") == []  # the page itself is the choice

    choose(client, "accepted", next_url="/de/cookies/")
    assert "Sie haben Analysen zugelassen." in get_page(client, "/de/cookies/").text


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": None},
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"origin": None, "HTTP_REFERER": "https://evil.example/page"},
    ],
    ids=["no origin", "other site", "opaque origin", "other referer"],
)
def test_another_site_cannot_choose_for_the_reader(analytics, headers):
    client = Client()

    response = choose(client, "accepted", **headers)

    assert response.status_code == 403
    assert "consent" not in response.cookies


def test_a_same_site_referer_is_enough_without_an_origin(analytics):
    response = choose(Client(), "declined", origin=None, HTTP_REFERER=f"{HOST}/en/articles/")

    assert response.cookies["consent"].value == "declined"


@pytest.mark.parametrize("choice", ["", "maybe", "accepted\x00"])
def test_an_unknown_choice_is_refused(analytics, choice):
    assert choose(Client(), choice).status_code == 403


def test_the_way_back_stays_on_this_site(analytics):
    response = choose(Client(), "declined", next_url="https://evil.example/")

    assert response["Location"] == "/en/"


def test_only_a_post_records_a_choice(analytics):
    response = Client().get("/consent/?choice=accepted")

    assert response.status_code == 405
    assert "consent" not in response.cookies
