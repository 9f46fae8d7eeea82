import os

import pytest
from django.db import connection

from newsroom.search.configuration import splits_compounds


@pytest.fixture
def postgresql():
    """Stems, compounds, accents and ranking are PostgreSQL's: SQLite only matches substrings."""
    if connection.vendor != "postgresql":
        message = "Search tests need PostgreSQL as the test database (DATABASE_URL)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def compounds(postgresql):
    """German compounds split by the dictionary that deploy/postgresql/german_compound_dictionary.py
    installs; without it German is stemmed only."""
    if not splits_compounds(connection):
        message = "German compounds need the dictionary (deploy/postgresql/german_compound_dictionary.py)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """The test runs in one transaction that never commits: what waits for the commit (the search
    documents' rebuild) runs at the end of the block instead."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
