"""Asking the search page, and reading its results as a reader does."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from tests.pages import get_page


def search_url(language: str, **params) -> str:
    # Reversed in the edition's language: the German path may become "suche/".
    with translation.override(language):
        url = reverse("search:results")
    return f"{url}?{urlencode(params)}" if params else url


def search(client, language: str, q: str, status: int = 200, **params):
    return get_page(client, search_url(language, q=q, **params), status=status)


def found(page) -> list[str]:
    """The headlines of the results, in their order."""
    return [item.find("h3", class_="card__headline").text for item in page.find_all("li", class_="search-result")]


def marked(page) -> list[str]:
    """The words marked in the first result's snippet; the test fails where it has none."""
    snippet = page.find("p", class_="search-result__snippet")
    assert snippet is not None, "the result has no snippet"
    return [mark.text for mark in snippet.find_all("mark")]
