"""`import_ninjs`: an operator's way in for a folder of files, JSON Lines, or a list of addresses
served by a real HTTP server; a refused document makes the command fail, after the others went in."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from newsroom.articles.models import Article
from newsroom.imports.models import ImportRecord

from .documents import agency_document
from .image_host import ImageHost

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    output = io.StringIO()
    call_command("import_ninjs", *args, stdout=output)
    return output.getvalue()


def test_a_folder_of_files_and_json_lines_are_imported(tmp_path):
    document = agency_document()
    (tmp_path / "one.json").write_text(json.dumps(document))
    lines = [json.dumps(document | {"uri": f"urn:agency:{n}"}) for n in range(2)]
    (tmp_path / "more.jsonl").write_text("\n".join(lines) + "\n\n")
    (tmp_path / "notes.txt").write_text("not a document")

    printed = run(str(tmp_path))

    assert Article.objects.count() == 3
    assert "3 documents: 3 created a draft." in printed
    assert set(ImportRecord.objects.values_list("origin", flat=True)) == {"one.json", "more.jsonl:1", "more.jsonl:2"}
    assert set(ImportRecord.objects.values_list("source", flat=True)) == {"command"}


def test_a_refused_document_fails_the_command_after_the_others_are_in(tmp_path):
    (tmp_path / "good.json").write_text(json.dumps(agency_document()))
    (tmp_path / "bad.json").write_text(json.dumps(agency_document() | {"uri": "urn:x", "language": "fr"}))
    output = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 documents were refused"):
        call_command("import_ninjs", str(tmp_path), stdout=output)

    assert Article.objects.count() == 1
    assert "language: “fr” is not a language of this site" in output.getvalue()


def test_documents_are_fetched_from_a_list_of_addresses(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "a.json").write_text(json.dumps(agency_document()))
    server = ImageHost(served).start()
    try:
        (tmp_path / "urls.txt").write_text(f"# today's copy\n{server.url('a.json')}\n")
        printed = run("--url-list", str(tmp_path / "urls.txt"))
        server.stop()
        with pytest.raises(CommandError, match="connection refused"):
            run(server.url("a.json"))
    finally:
        server.stop()

    assert "Created a draft" in printed
    assert Article.objects.count() == 1


def test_an_unknown_user_or_nothing_to_import_is_said_plainly(tmp_path):
    with pytest.raises(CommandError, match="There is no user “nobody”"):
        run(str(tmp_path), "--user", "nobody")
    with pytest.raises(CommandError, match="Name at least one"):
        run()
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.json"))
