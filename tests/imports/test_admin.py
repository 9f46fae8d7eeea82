"""Editors import agency copy in the admin: they upload ninjs files (one document a .json, one a line
of a .jsonl), and read what became of each — a draft, a translation of one, or a refusal naming the
field to fix — in the results and in the import log, which nobody writes by hand. Whoever may not
import sees no way to, and a forged upload imports nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from newsroom.articles.models import Article
from newsroom.imports.models import ImportRecord
from tests.factories import EditorFactory, ReporterFactory, UserFactory
from tests.imports.documents import encoded, story, with_body
from tests.pages import change_url, get_page, logged_in, parse

pytestmark = pytest.mark.django_db
LOG = "/admin/imports/importrecord/"
IMPORT = f"{LOG}import/"
SCRIPT = '<p>Nissan opens a second line in Aguascalientes.</p><script>fetch("https://evil.example")</script>'


def reader_of_the_log():
    """Someone who may read the log and nothing more."""
    user = UserFactory(username="lea")
    user.user_permissions.add(Permission.objects.get(codename="view_importrecord"))
    return user


def uploads() -> list[SimpleUploadedFile]:
    """A story in English, its German translation (first in its file, as a feed's order may have it)
    and another story with a script in its body."""
    documents = story(headline_en="Querétaro's aerospace cluster wins a maintenance contract for 40 jets")
    refused = with_body(story(headline_en="Nissan opens a second line in Aguascalientes")["en"], SCRIPT)
    lines = b"\n".join([encoded(documents["de"]), encoded(refused)]) + b"\n"
    return [
        SimpleUploadedFile("aerospace.json", encoded(documents["en"]), content_type="application/json"),
        SimpleUploadedFile("wire.jsonl", lines, content_type="application/jsonl"),
    ]


def results(response) -> list[tuple[str, str, str]]:
    """(origin, outcome, report) of each row of the results table."""
    table = parse(response).find("table", class_="import-results")
    return [
        (row.find("div", class_="help").text, cells[1].text, cells[2].text)
        for row in table.find("tbody").find_all("tr")
        for cells in [row.find_all("td")]
    ]


def test_an_editor_uploads_a_file_and_a_jsonl_and_reads_what_became_of_each_document():
    editor = EditorFactory(username="desk")
    client = logged_in(editor)

    response = client.post(IMPORT, {"files": uploads()})

    assert response.status_code == 200
    assert parse(response).find("h2").text == "3 documents imported (1 refused)"
    rows = results(response)
    assert [(origin, outcome) for origin, outcome, _report in rows] == [
        ("aerospace.json", "Created a draft"),
        ("wire.jsonl:2", "Refused"),
        ("wire.jsonl:1", "Added as a translation"),
    ]
    assert rows[1][2] == "bodies[0].value: It contains a <script> element, which is not accepted."
    (article,) = Article.objects.all()
    assert article.status == Article.Status.DRAFT
    assert article.headline_en == "Querétaro's aerospace cluster wins a maintenance contract for 40 jets"
    assert article.headline_de.startswith("Aguascalientes wirbt um japanische Zulieferer")
    german = article.translation_in("de")
    assert german.state == "complete" and not german.is_released
    assert sorted(ImportRecord.objects.values_list("origin", "outcome", "source", "by__username", "article")) == [
        ("aerospace.json", "created", "admin", "desk", article.pk),
        ("wire.jsonl:1", "translated", "admin", "desk", article.pk),
        ("wire.jsonl:2", "refused", "admin", "desk", None),
    ]
    # Each imported row links to the draft for the editor to review.
    links = parse(response).find("table", class_="import-results").find_all("a")
    assert {link["href"] for link in links} == {change_url(article)}


def test_the_page_lets_a_browser_choose_several_files_and_send_them_with_its_csrf_token():
    client = logged_in(EditorFactory(), enforce_csrf_checks=True)
    page = get_page(client, IMPORT)
    form = page.find("form", enctype="multipart/form-data")
    chooser = form.find("input", type="file", name="files")
    token = form.find("input", name="csrfmiddlewaretoken")["value"]

    response = client.post(IMPORT, {"files": uploads(), "csrfmiddlewaretoken": token})

    assert chooser.get("multiple") is not None
    assert response.status_code == 200
    assert len(results(response)) == 3


def test_posting_no_file_shows_the_fields_error_and_imports_nothing():
    client = logged_in(EditorFactory())

    response = client.post(IMPORT, {})

    assert response.status_code == 200
    row = parse(response).find("div", class_="form-row")
    assert "errors" in row["class"].split()
    assert row.texts("ul", class_="errorlist") == ["This field is required."]
    assert parse(response).find_all("table", class_="import-results") == []
    assert not ImportRecord.objects.exists()


def test_a_file_that_is_not_json_is_refused_with_a_report_and_nothing_else_stays():
    client = logged_in(EditorFactory())
    broken = SimpleUploadedFile("notes.json", b'{"uri": "urn:x", "headlines": [', content_type="application/json")

    response = client.post(IMPORT, {"files": [broken]})

    ((origin, outcome, report),) = results(response)
    assert (origin, outcome) == ("notes.json", "Refused")
    assert report.startswith("(document): This is not JSON")
    assert not Article.objects.exists()
    assert ImportRecord.objects.get().outcome == "refused"


def test_more_than_200_documents_at_once_are_refused_with_the_forms_error_and_none_is_imported():
    client = logged_in(EditorFactory())
    document = story()["en"]
    lines = b"\n".join(encoded({**document, "uri": f"urn:wire:{number}"}) for number in range(201))

    response = client.post(IMPORT, {"files": [SimpleUploadedFile("archive.jsonl", lines)]})

    assert response.status_code == 200
    assert parse(response).texts("ul", class_="errorlist") == [
        "At most 200 documents can be imported at once; import an archive with the import_ninjs command."
    ]
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize("make_user", [ReporterFactory, reader_of_the_log], ids=["reporter", "reader of the log"])
def test_whoever_may_not_import_gets_403_and_a_forged_upload_imports_nothing(make_user):
    user = make_user()
    assert not user.has_perm("imports.add_importrecord")
    client = logged_in(user)

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"files": uploads()}).status_code == 403

    assert not ImportRecord.objects.exists()
    assert not Article.objects.exists()


def test_the_log_offers_the_import_only_to_those_who_may_import():
    editor_page = get_page(logged_in(EditorFactory()), LOG)
    reader_page = get_page(logged_in(reader_of_the_log()), LOG)

    assert [link.text for link in editor_page.find_all("a", href=IMPORT)] == ["Import ninjs documents"]
    assert reader_page.find_all("a", href=IMPORT) == []
    assert get_page(logged_in(EditorFactory()), IMPORT).find("h1").text == "Import ninjs documents"


def test_a_records_page_shows_its_report_and_the_log_lists_it():
    client = logged_in(EditorFactory())
    client.post(IMPORT, {"files": uploads()})
    refused = ImportRecord.objects.get(outcome="refused")

    page = get_page(client, change_url(refused))

    assert page.find("div", class_="field-shown_report").find("li").text == (
        "bodies[0].value: It contains a <script> element, which is not accepted."
    )
    assert page.find("div", class_="field-outcome").find("div", class_="readonly").text == "Refused"
    assert page.find_all("textarea") == page.find_all("input", type="text") == []
    log = get_page(client, f"{LOG}?outcome__exact=refused")
    assert log.texts("td", class_="field-shown_headline") == ["Nissan opens a second line in Aguascalientes"]
    assert log.texts("td", class_="field-notes") == ["1"]


def test_the_log_is_never_added_to_changed_or_deleted_by_hand():
    client = logged_in(EditorFactory())
    client.post(IMPORT, {"files": uploads()})
    record = ImportRecord.objects.get(outcome="created")
    kept = list(ImportRecord.objects.order_by("pk").values())

    assert client.get(f"{LOG}add/").status_code == 403
    assert client.post(f"{LOG}add/", {"outcome": "created", "source": "admin"}).status_code == 403
    assert client.post(change_url(record), {"outcome": "refused", "headline": "Mine"}).status_code == 403
    assert client.get(f"{LOG}{record.pk}/delete/").status_code == 403
    assert client.post(f"{LOG}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(LOG, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})

    assert list(ImportRecord.objects.order_by("pk").values()) == kept
    assert "delete_selected" not in [option["value"] for option in get_page(client, LOG).find_all("option")]
