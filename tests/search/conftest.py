import os

import pytest
from django.db import connection


@pytest.fixture
def postgresql():
    """Stems, compounds, accents and ranking are PostgreSQL's: SQLite only matches substrings."""
    if connection.vendor != "postgresql":
        message = "Search tests need PostgreSQL as the test database (DATABASE_URL)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """The test runs in one transaction that never commits: what waits for the commit (the search
    documents' rebuild) runs at the end of the block instead."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
