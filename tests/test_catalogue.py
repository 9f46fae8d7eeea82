"""The German catalogue is complete: readers and editors never meet an English string by accident."""

import subprocess
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "newsroom" / "locale" / "de" / "LC_MESSAGES" / "django.po"


# `make test` compiles the catalogue first, so gettext's tools are there.
def test_every_message_of_the_german_catalogue_is_translated_and_none_is_fuzzy():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert "translated message" in result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr
