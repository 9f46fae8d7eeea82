import pytest

from newsroom.popularity import reads

# A reader's browser; Django's test client sends no User-Agent, which is not counted as a read.
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture(autouse=True)
def empty_read_buffer():
    """Reads are kept in the process between flushes: no test may inherit another's or leave its own."""
    reads.buffer.take()
    reads.buffer.pruned_on = None
    yield
    reads.buffer.take()


def read(client, url: str, **headers):
    """A reader's GET of `url` from a browser."""
    response = client.get(url, headers={"user-agent": FIREFOX, **headers})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


# The page checkers of the quality gate, for the pages with the block.
from tests.quality.conftest import axe_source, vnu_jar  # noqa: E402, F401
