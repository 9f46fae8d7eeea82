import pytest


@pytest.fixture
def probe(monkeypatch):
    """A fresh database probe (its own thread and connection), stopped after the test so that its
    connection does not keep the test database from being dropped."""
    from newsroom.operations import health

    fresh = health.DatabaseProbe()
    monkeypatch.setattr(health, "PROBE", fresh)
    yield fresh
    fresh.stop()
