"""Every public page type, in both languages, passes the Nu Html Checker with no error."""

import json
import subprocess

import pytest

from .conftest import public_pages

pytestmark = pytest.mark.django_db


def test_every_public_page_type_is_valid_html(client, demo_site, vnu_jar, tmp_path):
    files = {}
    for name, url in public_pages():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[f"file:{path}"] = url
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(vnu_jar),
            "--errors-only",
            "--format",
            "json",
            *[str(tmp_path / f"{n}.html") for n, _u in public_pages()],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert len(files) >= 36
    # Pictures among them: articles', cards', an event's, a portrait, a logo.
    pictured = [name for name, _url in public_pages() if b"<picture>" in (tmp_path / f"{name}.html").read_bytes()]
    assert {"en-home", "en-article", "en-author", "en-person", "en-organization", "en-event"} <= set(pictured)
    assert errors == []
