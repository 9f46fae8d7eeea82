"""Two editors on one article: each keeps their own changes, and neither silently overwrites the other."""

import pytest
from django.test import Client

from newsroom.articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, EditorFactory, OrganizationFactory
from tests.pages import form_data, open_form, parse

pytestmark = pytest.mark.django_db

PUBLISH_CHANGES = "_publish_changes"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def editor_a():
    client = Client()
    client.force_login(EditorFactory(username="editor-a"))
    return client


@pytest.fixture
def editor_b():
    client = Client()
    client.force_login(EditorFactory(username="editor-b"))
    return client


@pytest.fixture
def article():
    article = ArticleFactory(
        headline_en="Nissan doubles output",
        body_de="<p>Das Werk stellt ein.</p>",
        authors=[AuthorFactory(display_name="Ana Ruiz")],
    )
    article.organizations.add(OrganizationFactory())
    return article


def open_change_form(client, article):
    _page, data = open_form(client, change_url(article), "article_form")
    assert data["_edit_snapshot"][0], "the change form carries no editing stamp"
    # The article is live: these editors publish their changes at once.
    data[PUBLISH_CHANGES] = ["1"]
    return data


def save(client, article, data, **changes):
    return client.post(change_url(article), {**data, **{name: [value] for name, value in changes.items()}})


def errors_on(page, field_name):
    row = page.find(class_=f"field-{field_name}")
    return " ".join(row.texts(class_="errorlist"))


def test_changes_to_different_fields_are_both_kept(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    assert save(editor_a, article, form_a, headline_en="Nissan triples output").status_code == 302
    assert save(editor_b, article, form_b, body_de="<p>Das Werk stellt 700 Leute ein.</p>").status_code == 302

    article.refresh_from_db()
    assert article.headline_en == "Nissan triples output"
    assert article.body_de == "<p>Das Werk stellt 700 Leute ein.</p>"


def test_a_stale_save_keeps_a_colleagues_change_to_the_linked_organizations(editor_a, editor_b, article):
    added = OrganizationFactory()
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    form_a["organizations"] = [*form_a["organizations"], str(added.pk)]
    assert editor_a.post(change_url(article), form_a).status_code == 302
    assert save(editor_b, article, form_b, standfirst_en="A new standfirst.").status_code == 302

    article.refresh_from_db()
    assert added in article.organizations.all()
    assert article.organizations.count() == 2
    assert article.standfirst_en == "A new standfirst."


def test_changes_to_the_same_field_are_refused_with_the_colleagues_version_shown(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    assert save(editor_a, article, form_a, headline_en="Headline by A").status_code == 302

    refused = save(editor_b, article, form_b, headline_en="Headline by B")

    assert refused.status_code == 200
    page = parse(refused)
    assert page.find_all(class_="errornote")
    assert "Headline by A" in errors_on(page, "headline_en")
    assert page.find("input", name="headline_en")["value"] == "Headline by B"
    article.refresh_from_db()
    assert article.headline_en == "Headline by A"

    resubmitted = editor_b.post(change_url(article), {**form_data(page, "article_form"), PUBLISH_CHANGES: ["1"]})

    assert resubmitted.status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Headline by B"


def test_a_refused_save_keeps_the_users_other_changes_in_the_form(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    save(editor_a, article, form_a, headline_en="Headline by A")

    refused = save(editor_b, article, form_b, headline_en="Headline by B", standfirst_en="Standfirst by B")
    page = parse(refused)

    assert refused.status_code == 200
    assert page.find("textarea", name="standfirst_en").text == "Standfirst by B"
    assert not errors_on(page, "standfirst_en")
    article.refresh_from_db()
    assert article.standfirst_en != "Standfirst by B"


def test_typing_the_same_text_as_a_colleague_is_no_conflict(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    save(editor_a, article, form_a, headline_en="Nissan triples output")
    response = save(editor_b, article, form_b, headline_en="Nissan triples output")

    assert response.status_code == 302


def test_a_third_change_after_a_refusal_is_refused_again(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    save(editor_a, article, form_a, headline_en="Headline by A")
    refused = parse(save(editor_b, article, form_b, headline_en="Headline by B"))

    save(editor_a, article, open_change_form(editor_a, article), headline_en="Headline by A, again")
    refused_again = editor_b.post(change_url(article), {**form_data(refused, "article_form"), PUBLISH_CHANGES: ["1"]})

    assert refused_again.status_code == 200
    assert "Headline by A, again" in errors_on(parse(refused_again), "headline_en")
    article.refresh_from_db()
    assert article.headline_en == "Headline by A, again"


def test_a_save_without_an_editing_stamp_is_refused(editor_a, article):
    form = open_change_form(editor_a, article)
    del form["_edit_snapshot"]

    refused = save(editor_a, article, form, headline_en="No stamp")

    assert refused.status_code == 200
    assert parse(refused).find_all(class_="errornote")
    article.refresh_from_db()
    assert article.headline_en == "Nissan doubles output"


def test_a_save_with_a_forged_editing_stamp_is_refused(editor_a, article):
    form = open_change_form(editor_a, article)
    form["_edit_snapshot"] = ["eyJmaWVsZHMiOnt9LCJpbmxpbmVzIjp7fX0:forged:signature"]

    refused = save(editor_a, article, form, headline_en="Forged stamp")

    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.headline_en == "Nissan doubles output"


def test_two_editors_adding_a_byline_each_both_keep_theirs(editor_a, editor_b, article):
    second_author, third_author = AuthorFactory(display_name="Luis Pérez"), AuthorFactory(display_name="Eva Díaz")
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    form_a["bylines-1-author"] = [str(second_author.pk)]
    form_a["bylines-1-order"] = ["1"]
    assert editor_a.post(change_url(article), form_a).status_code == 302
    form_b["bylines-1-author"] = [str(third_author.pk)]
    form_b["bylines-1-order"] = ["2"]
    assert editor_b.post(change_url(article), form_b).status_code == 302

    article.refresh_from_db()
    assert [author.display_name for author in article.byline_authors()] == ["Ana Ruiz", "Luis Pérez", "Eva Díaz"]


def test_changes_to_different_fields_of_one_byline_are_both_kept(editor_a, editor_b, article):
    other_author = AuthorFactory(display_name="Luis Pérez")
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    form_a["bylines-0-order"] = ["5"]
    assert editor_a.post(change_url(article), form_a).status_code == 302
    form_b["bylines-0-author"] = [str(other_author.pk)]
    assert editor_b.post(change_url(article), form_b).status_code == 302

    article.refresh_from_db()
    assert list(article.bylines.values_list("author__display_name", "order")) == [("Luis Pérez", 5)]


def test_a_stale_change_to_the_same_field_of_a_byline_is_refused_and_kept_in_the_form(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    form_a["bylines-0-order"] = ["5"]
    assert editor_a.post(change_url(article), form_a).status_code == 302
    form_b["bylines-0-order"] = ["7"]
    refused = editor_b.post(change_url(article), form_b)

    assert refused.status_code == 200
    page = parse(refused)
    assert "Their version: “5”" in " ".join(page.texts("ul", class_="errorlist"))
    assert page.find("input", name="bylines-0-order").get("value") == "7"
    article.refresh_from_db()
    assert list(article.bylines.values_list("order", flat=True)) == [5]


def test_an_unchanged_byline_does_not_block_a_save_after_a_colleagues_text_change(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    save(editor_a, article, form_a, standfirst_de="Neuer Vorspann.")
    form_b["bylines-0-order"] = ["3"]
    response = editor_b.post(change_url(article), form_b)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst_de == "Neuer Vorspann."
    assert list(article.bylines.values_list("order", flat=True)) == [3]


def test_an_unchanged_form_saves_without_a_conflict(editor_a, article):
    stored = Article.objects.all()
    before = stored.values().get(pk=article.pk)

    response = editor_a.post(change_url(article), open_change_form(editor_a, article))

    assert response.status_code == 302
    after = stored.values().get(pk=article.pk)
    del before["updated_at"], after["updated_at"]
    assert after == before


def test_adding_a_translation_to_an_empty_field_is_kept_when_a_colleague_saves_other_text(editor_a, editor_b):
    article = ArticleFactory(headline_de="", standfirst_de="", body_de="", slug_de="")
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    assert save(editor_b, article, form_b, headline_de="Nissan verdoppelt").status_code == 302
    assert save(editor_a, article, form_a, standfirst_en="Output doubles in Aguascalientes.").status_code == 302
    article.refresh_from_db()
    assert article.headline_de == "Nissan verdoppelt"
    assert article.standfirst_en == "Output doubles in Aguascalientes."


def test_a_conflict_on_linked_organizations_names_them(editor_a, editor_b, article):
    jica = OrganizationFactory(name_en="Japan International Cooperation Agency")
    nissan = OrganizationFactory(name_en="Nissan Mexicana")
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    editor_a.post(change_url(article), {**form_a, "organizations": [str(jica.pk)]})
    refused = editor_b.post(change_url(article), {**form_b, "organizations": [str(nissan.pk)]})
    assert refused.status_code == 200
    assert "Japan International Cooperation Agency" in errors_on(parse(refused), "organizations")


def test_a_byline_a_colleague_deleted_meanwhile_stays_deleted_and_the_rest_of_a_stale_save_is_kept(
    editor_a, editor_b, article
):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)

    form_a["bylines-0-DELETE"] = ["on"]
    assert editor_a.post(change_url(article), form_a).status_code == 302
    response = save(editor_b, article, form_b, headline_en="Nissan doubles output in Aguascalientes")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Nissan doubles output in Aguascalientes"
    assert not article.bylines.exists()


def test_changing_a_byline_a_colleague_deleted_asks_to_reload_and_keeps_what_was_typed(editor_a, editor_b, article):
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    form_a["bylines-0-DELETE"] = ["on"]
    assert editor_a.post(change_url(article), form_a).status_code == 302

    form_b["bylines-0-order"] = ["7"]
    refused = save(editor_b, article, form_b, headline_en="Nissan doubles output in Aguascalientes")

    assert refused.status_code == 200
    page = parse(refused)
    shown = " ".join(page.texts("ul", class_="errorlist"))
    assert "Someone else deleted this byline while you were editing." in shown
    assert "reload the page" in shown
    assert page.find("input", name="bylines-0-order")["value"] == "7"
    assert page.find("input", name="headline_en")["value"] == "Nissan doubles output in Aguascalientes"
    article.refresh_from_db()
    assert article.headline_en == "Nissan doubles output"

    # Letting the row go, the rest of what was typed is saved.
    again = form_data(page, "article_form")
    again.update({"bylines-0-DELETE": ["on"], PUBLISH_CHANGES: ["1"]})
    assert editor_b.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.headline_en == "Nissan doubles output in Aguascalientes"
    assert not article.bylines.exists()


def test_rows_after_a_deleted_byline_keep_their_own_values_when_shown_again(editor_a, editor_b, article):
    article.bylines.create(author=AuthorFactory(display_name="Luis Pérez"), order=1)
    form_a = open_change_form(editor_a, article)
    form_b = open_change_form(editor_b, article)
    form_a["bylines-0-DELETE"] = ["on"]
    assert editor_a.post(change_url(article), form_a).status_code == 302

    form_b["bylines-0-order"] = ["7"]
    form_b["bylines-1-order"] = ["9"]
    page = parse(editor_b.post(change_url(article), form_b))

    assert [page.find("input", name=f"bylines-{i}-order")["value"] for i in (0, 1)] == ["7", "9"]
    assert page.find("input", name="bylines-1-id")["value"] == form_b["bylines-1-id"][0]
    again = form_data(page, "article_form")
    again.update({"bylines-0-DELETE": ["on"], PUBLISH_CHANGES: ["1"]})
    assert editor_b.post(change_url(article), again).status_code == 302
    assert list(article.bylines.values_list("author__display_name", "order")) == [("Luis Pérez", 9)]
