"""A search whose configuration is gone answers 503 with a message, and the next one works."""

import pytest
from django.db import connection

from tests.search.results import search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def configuration_gone(postgresql):
    """As after a PostgreSQL upgrade without the dictionary, or while an operator remakes it."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TEXT SEARCH CONFIGURATION newsroom_german RENAME TO newsroom_german_away")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TEXT SEARCH CONFIGURATION newsroom_german_away RENAME TO newsroom_german")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The search is not working at the moment. Please try again in a few minutes."),
        ("de", "Die Suche funktioniert gerade nicht. Bitte versuchen Sie es in einigen Minuten erneut."),
    ],
)
def test_a_search_that_fails_in_the_database_answers_503_with_a_message(client, configuration_gone, language, message):
    page = search(client, language, "Zulieferer", status=503)

    assert page.find("div", class_="errors").texts("li") == [message]


def test_the_search_works_again_once_the_configuration_is_back(client, postgresql):
    search(client, "en", "Zulieferer", status=200)
