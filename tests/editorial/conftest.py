import pytest

from tests.factories import EditorFactory
from tests.pages import logged_in


@pytest.fixture
def editor():
    """An editor's browser session: every content permission, publishing included."""
    return logged_in(EditorFactory(username="ines"))
