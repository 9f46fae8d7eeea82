"""Translators, editors and reporters at the translation admin: what each may change, the queue,
the side-by-side page, and saves that meet."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from newsroom.articles.models import Article
from newsroom.events.models import Event
from newsroom.organizations.models import Organization
from newsroom.roles import role as group_of
from newsroom.translations.models import Translation
from newsroom.translations.workflow import mark_complete, record_edit
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
    TagFactory,
    TranslatorFactory,
    UserFactory,
)
from tests.pages import form_data, get_page, open_form, parse, translate_in_admin, translate_url

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
QUEUE = "/admin/translations/translation/"


def member_of(role: str, username: str):
    user = UserFactory(username=username)
    user.groups.add(group_of(role))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


@pytest.fixture
def editor():
    return logged_in(member_of("Editor", "editor"))


@pytest.fixture
def reporter():
    return logged_in(member_of("Reporter", "reporter"))


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def outdated_article(**kwargs):
    article = ArticleFactory(standfirst_en="Jatco builds a second line.", **kwargs)
    article.standfirst_en = "Jatco builds a second line in Aguascalientes."
    article.save()
    record_edit(article, by=None)
    return article


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# What a translator may change


def test_a_translator_sees_an_article_read_only_and_is_offered_the_translation_page(translator):
    article = ArticleFactory(body_en="<p>Hiring starts in <strong>May</strong>.</p><script>alert(1)</script>")

    response = translator.get(change_url(article))
    page = parse(response)

    assert "<strong>May</strong>" in response.content.decode()  # rendered, as readers see it
    assert "&lt;p&gt;" not in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()

    assert page.find_all("input", name="headline_en") == []
    assert page.find_all("input", name="headline_de") == []
    assert translate_url(article, "de") in [a.get("href") for a in page.find_all("a")]


@pytest.mark.parametrize(
    "factory, field",
    [
        (ArticleFactory, "headline_en"),
        (OrganizationFactory, "name_en"),
        (PersonFactory, "position_en"),
        (PlaceFactory, "name_en"),
        (EventFactory, "title_en"),
        (SectionFactory, "name_en"),
    ],
)
def test_a_forged_change_form_post_by_a_translator_is_refused_and_changes_nothing(translator, editor, factory, field):
    obj = factory()
    _page, data = open_form(editor, change_url(obj), f"{obj._meta.model_name}_form")
    before = getattr(fresh(obj), field)
    data[field] = ["Forged"]
    data[field.replace("_en", "_de")] = ["Gefälscht"]

    response = translator.post(change_url(obj), data)

    assert response.status_code == 403
    assert getattr(fresh(obj), field) == before
    assert getattr(fresh(obj), field.replace("_en", "_de")) != "Gefälscht"


@pytest.mark.parametrize(
    "forged",
    [
        {"headline_en": "Forged headline"},
        {"slug_en": "forged-slug"},
        {"status": "published"},
        {"published_at_0": "2026-01-01"},
        {"section": "1"},
        {"organizations": "1"},
        {"bylines-0-author": "1"},
        {"is_reported_by_ai": "on"},
        {"image": "1"},
        {"original_language": "de"},
        {"_release": "1"},
        {"_withdraw": "1"},
        {"assigned_to": "1"},
    ],
)
def test_a_forged_translation_post_by_a_translator_is_refused_and_changes_nothing(translator, forged):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, headline_de="Alt", released_translations=False)
    _page, data = open_form(translator, translate_url(article, "de"), "translation_form")
    data.update({"headline": ["Neu"], "_save": ["1"], **{key: [value] for key, value in forged.items()}})

    response = translator.post(translate_url(article, "de"), data)

    assert response.status_code == 403
    stored = fresh(article)
    assert (stored.headline_de, stored.headline_en, stored.status) == ("Alt", article.headline_en, "in_review")
    assert not stored.translation_in("de").is_released


def test_a_translator_changes_only_the_fields_of_their_language(translator):
    article = ArticleFactory(headline_de="Alt", standfirst_en="English stays.", released_translations=False)

    response = translate_in_admin(translator, article, "de", headline="Neu")

    assert response.status_code == 302
    stored = fresh(article)
    assert stored.headline_de == "Neu"
    assert stored.standfirst_en == "English stays."
    assert stored.headline_en == article.headline_en


def test_a_translator_cannot_translate_into_a_language_that_is_not_theirs(translator):
    german_original = ArticleFactory(original_language="de", headline_en="", standfirst_en="", body_en="")

    assert translator.get(translate_url(german_original, "en")).status_code == 403
    assert translator.get(translate_url(german_original, "de")).status_code == 404  # that is the original


def test_a_translator_cannot_publish_by_a_forged_action(translator, editor):
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    organization = OrganizationFactory(is_published=False)

    for url, obj in ((CHANGELIST, article), ("/admin/organizations/organization/", organization)):
        response = translator.post(url, {"action": "publish", "_selected_action": [obj.pk], "index": "0"})
        assert response.status_code == 403
    assert fresh(article).status == Article.Status.IN_REVIEW
    assert not fresh(organization).is_published


def test_a_translator_marks_a_translation_complete_but_only_an_editor_releases_it(translator, editor):
    article = ArticleFactory(headline_en="Jatco hires", headline_de="", released_translations=False)

    assert translate_in_admin(translator, article, "de", "_complete", headline="Jatco stellt ein").status_code == 302
    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.COMPLETE
    assert not translation.is_released
    assert get_page(Client(), fresh(article).url_in("de")).find("h1").text == "Jatco hires"

    assert translate_in_admin(editor, article, "de", "_release").status_code == 302
    assert fresh(article).translation_in("de").is_visible_to_readers
    assert get_page(Client(), fresh(article).url_in("de")).find("h1").text == "Jatco stellt ein"


def test_marking_complete_with_a_field_left_empty_keeps_what_the_translator_typed(translator):
    article = ArticleFactory(headline_de="", standfirst_de="", released_translations=False)

    response = translate_in_admin(translator, article, "de", "_complete", headline="Jatco stellt ein")

    assert response.status_code == 200
    page = parse(response)
    assert "Translate every field" in page.find("p", class_="errornote").text
    assert page.find("input", name="headline").get("value") == "Jatco stellt ein"
    assert fresh(article).translation_in("de").state != Translation.State.COMPLETE


# Reporters and editors


def test_a_reporter_has_no_translation_page_and_cannot_mark_translations(reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, released_translations=False)

    assert reporter.get(translate_url(article, "de")).status_code == 403
    assert reporter.post(translate_url(article, "de"), {"_complete": "1"}).status_code == 403


def test_a_reporter_cannot_declare_a_change_harmless_to_translations(reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, created_by=User.objects.get(username="reporter"))
    _page, data = open_form(reporter, change_url(article), "article_form")
    assert "_does_not_affect_translations" not in data
    data.update(standfirst_en=["A new standfirst."], _does_not_affect_translations=["on"])

    assert reporter.post(change_url(article), data).status_code == 302

    assert fresh(article).translation_in("de").state == Translation.State.OUTDATED


@pytest.mark.parametrize("url", ["/admin/organizations/organization/add/", "/admin/articles/tag/add/",
                                 "/admin/articles/article/add/", "/admin/events/event/add/"])  # fmt: skip
def test_a_new_object_has_no_box_for_changes_that_do_not_affect_translations(editor, url):
    page = get_page(editor, url)

    assert "does not affect translations" not in page.text
    assert not page.find_all("input", name="_does_not_affect_translations")


def test_the_box_is_on_an_existing_objects_form_for_editors_and_not_for_reporters(editor, reporter):
    tag = TagFactory(name_en="Nearshoring")

    assert get_page(editor, change_url(tag)).find_all("input", name="_does_not_affect_translations")
    assert not get_page(reporter, change_url(tag)).find_all("input", name="_does_not_affect_translations")


def test_an_editors_typo_fix_marked_as_harmless_keeps_the_translation_complete(editor):
    article = ArticleFactory(standfirst_en="Jatco biulds.")
    _page, data = open_form(editor, change_url(article), "article_form")
    data["_publish_changes"] = ["1"]  # live: published at once
    data.update(standfirst_en=["Jatco builds."], _does_not_affect_translations=["on"])

    assert editor.post(change_url(article), data).status_code == 302

    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.COMPLETE
    assert translation.source["standfirst"] == "Jatco builds."


def test_an_editors_change_to_the_original_outdates_the_translation_and_records_who(editor):
    article = ArticleFactory()
    _page, data = open_form(editor, change_url(article), "article_form")
    data["_publish_changes"] = ["1"]  # live: published at once
    data.update(standfirst_en=["A corrected standfirst."])

    assert editor.post(change_url(article), data).status_code == 302

    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.OUTDATED
    assert translation.state_changed_by.username == "editor"


def test_an_editor_assigns_a_translation_and_the_translator_finds_it_in_the_queue(editor, translator):
    article = ArticleFactory(headline_en="Nissan retools Aguascalientes", released_translations=False, body_de="")
    german = TranslatorFactory(username="other-translator")

    assert translate_in_admin(editor, article, "de", assigned_to=str(german.pk)).status_code == 302

    assert fresh(article).translation_in("de").assigned_to == german
    rows = queue_rows(translator, f"?assigned_to__id__exact={german.pk}")
    assert [row[0] for row in rows] == ["Nissan retools Aguascalientes"]


def test_the_article_list_shows_each_translation_state_to_editors_with_a_filter(editor):
    ArticleFactory(headline_en="Released")
    outdated_article(headline_en="Outdated")

    page = get_page(editor, f"{CHANGELIST}?translation=de:outdated")

    rows = page.find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == ["Outdated"]
    assert "Outdated" in rows[0].find("td", class_="field-languages").text


# Drafts stay with their writers


def test_a_translator_sees_no_draft_anywhere_in_the_admin_unless_it_is_assigned_to_them(translator):
    draft = ArticleFactory(headline_en="Secret merger", status=Article.Status.DRAFT, released_translations=False)
    ArticleFactory(headline_en="Public story", status=Article.Status.IN_REVIEW, released_translations=False)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Article)

    assert "Secret merger" not in translator.get(CHANGELIST).content.decode()
    assert "Public story" in translator.get(CHANGELIST).content.decode()
    assert translator.get(change_url(draft)).status_code == 302  # "does not exist"
    assert translator.get(f"/admin/articles/article/{draft.pk}/history/").status_code == 302
    assert translator.get(translate_url(draft, "de")).status_code == 404
    assert translator.get(translate_url(draft, "de") + "preview/").status_code == 404
    assert translator.get(f"/admin/r/{content_type.pk}/{draft.pk}/").status_code == 404
    assert "Secret merger" not in translator.get(QUEUE).content.decode()
    autocomplete = translator.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "related_articles", "term": "Secret"},
    )
    assert "Secret merger" not in autocomplete.content.decode()

    draft.translation_in("de").__class__.objects.filter(pk=draft.translation_in("de").pk).update(
        assigned_to=fresh_user("translator")
    )
    assert translator.get(translate_url(draft, "de")).status_code == 200
    assert "Secret merger" in translator.get(QUEUE).content.decode()


def fresh_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


# The queue


def queue_rows(client, query=""):
    page = get_page(client, f"{QUEUE}{query}")
    table = page.find_all("table", id="result_list")
    if not table:
        return []
    return [
        (
            row.find("td", class_="field-object_link").find("a").text,
            row.find("td", class_="field-translation_state").text,
        )
        for row in table[0].find("tbody").find_all("tr")
    ]


def test_the_queue_lists_what_is_missing_in_progress_or_outdated_newest_first(translator, time_machine):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    ArticleFactory(headline_en="Done", published_at=now - datetime.timedelta(hours=1))
    ArticleFactory(
        headline_en="Old and missing",
        **{"headline_de": "", "standfirst_de": "", "body_de": ""},
        published_at=now - datetime.timedelta(days=3),
    )
    ArticleFactory(headline_en="Half done", body_de="", published_at=now - datetime.timedelta(days=2))
    outdated_article(headline_en="Changed", published_at=now - datetime.timedelta(days=1))
    OrganizationFactory(name_en="Untranslated cluster", name_de="", description_de="")

    rows = queue_rows(translator)

    assert rows == [
        ("Changed", "Outdated, released Changed: Standfirst"),
        ("Half done", "In progress"),
        ("Old and missing", "Missing"),
        ("Untranslated cluster", "Missing"),
    ]


def test_the_queue_in_german_marks_the_english_names_it_shows_with_their_language(translator):
    ArticleFactory(headline_en="Still in English", **{"headline_de": "", "standfirst_de": "", "body_de": ""})
    outdated_article(headline_en="Changed", headline_de="Geändert")
    translator.cookies.load({"django_language": "de"})

    links = {
        row.find("td", class_="field-object_link").find("a").text: row.find("td", class_="field-object_link").find("a")
        for row in get_page(translator, QUEUE).find("table", id="result_list").find("tbody").find_all("tr")
    }

    # German readers get the original of a missing translation, and so does the queue: marked as English.
    assert links["Still in English"].get("lang") == "en"
    assert links["Geändert"].get("lang") is None


def test_the_queue_filters_by_kind_section_and_state(translator):
    automotive = SectionFactory(name_en="Automotive")
    ArticleFactory(headline_en="Car story", section=automotive, body_de="")
    ArticleFactory(headline_en="Plane story", body_de="")
    OrganizationFactory(name_en="Cluster", name_de="", description_de="")

    assert [r[0] for r in queue_rows(translator, "?kind=organization")] == ["Cluster"]
    assert [r[0] for r in queue_rows(translator, f"?section={automotive.pk}")] == ["Car story"]
    assert [r[0] for r in queue_rows(translator, "?state=missing")] == ["Cluster"]
    assert {r[0] for r in queue_rows(translator, "?state=in_progress")} == {"Car story", "Plane story"}


def test_the_admin_index_counts_the_queue_per_state(translator):
    ArticleFactory(body_de="")
    outdated_article()
    outdated_article()
    ArticleFactory(status=Article.Status.DRAFT, body_de="")  # not the translator's to see

    page = get_page(translator, "/admin/")

    counts = {
        a.get("class").split("--")[1]: a.text
        for a in page.find("section", class_="translation-queue").find_all("a")[1:]
    }
    assert counts == {"missing": "0", "in_progress": "1", "outdated": "2", "unreleased": "0"}


def test_the_queue_and_its_filters_answer_bad_input_without_an_error(translator):
    for query in ("?state=nonsense", "?section=abc", "?kind=<script>", "?language=xx", "?o=99"):
        assert translator.get(f"{QUEUE}{query}").status_code in (200, 302)


# The side-by-side page


def test_the_side_by_side_page_shows_each_original_field_beside_its_translation_and_what_changed(translator):
    article = outdated_article(headline_en="Jatco hires", headline_de="Jatco stellt ein")

    page = get_page(translator, translate_url(article, "de"))

    rows = page.find("table", class_="side-by-side__table").find("tbody").find_all("tr")
    first = rows[0]
    assert first.find("td", class_="side-by-side__original").get("lang") == "en"
    assert "Jatco hires" in first.find("td", class_="side-by-side__original").text
    assert first.find("input", name="headline").get("value") == "Jatco stellt ein"
    assert first.find("input", name="headline").get("lang") == "de"
    changes = page.find("div", class_="side-by-side__changes")
    assert [i.text for i in changes.find_all("ins")] == ["in Aguascalientes"]


def test_the_preview_shows_the_unreleased_translation_as_readers_will_see_it_and_is_not_indexed(translator):
    article = ArticleFactory(
        headline_de="Jatco stellt ein", status=Article.Status.IN_REVIEW, released_translations=False
    )

    response = translator.get(translate_url(article, "de") + "preview/")

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = parse(response)
    assert page.find("html").get("lang") == "de"
    assert page.find("h1").text == "Jatco stellt ein"
    assert page.find("meta", name="robots").get("content") == "noindex, nofollow"
    assert page.find_all("link", rel="alternate", hreflang=True) == []
    assert Client().get(fresh(article).url_in("en")).status_code == 404


# Saves that meet


def test_an_editor_correcting_english_and_a_translator_saving_german_at_the_same_time_both_keep_their_work(
    editor, translator
):
    article = ArticleFactory(
        headline_en="Jatco hires", headline_de="Jatco stellt ein", standfirst_en="Old.", released_translations=False
    )
    mark_complete(article, "de", by=None)
    _page, editor_data = open_form(editor, change_url(article), "article_form")
    editor_data["_publish_changes"] = ["1"]  # live: published at once
    _page, translator_data = open_form(translator, translate_url(article, "de"), "translation_form")

    translator_data.update(headline=["Jatco stellt 200 Leute ein"], _save=["1"])
    assert translator.post(translate_url(article, "de"), translator_data).status_code == 302
    editor_data.update(standfirst_en=["Jatco hires 200 people."])
    assert editor.post(change_url(article), editor_data).status_code == 302

    stored = fresh(article)
    assert stored.headline_de == "Jatco stellt 200 Leute ein"
    assert stored.standfirst_en == "Jatco hires 200 people."
    assert stored.translation_in("de").state == Translation.State.OUTDATED


def test_a_translator_marking_complete_after_the_original_changed_gets_an_outdated_translation_and_the_diff(
    editor, translator
):
    article = ArticleFactory(standfirst_en="Old.", released_translations=False)
    _page, translator_data = open_form(translator, translate_url(article, "de"), "translation_form")
    _page, editor_data = open_form(editor, change_url(article), "article_form")
    editor_data["_publish_changes"] = ["1"]  # live: published at once
    editor_data.update(standfirst_en=["New."])
    assert editor.post(change_url(article), editor_data).status_code == 302

    translator_data.update(_complete=["1"])
    response = translator.post(translate_url(article, "de"), translator_data, follow=True)

    assert "the original changed while you were translating" in response.content.decode()
    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.OUTDATED
    assert translation.source["standfirst"] == "Old."
    changes = parse(response).find("div", class_="side-by-side__changes")
    assert [d.text for d in changes.find_all("del")] == ["Old"]


def test_two_people_changing_the_same_german_field_the_second_is_refused_and_keeps_their_text(editor, translator):
    article = ArticleFactory(headline_de="Jatco stellt ein")
    _page, translator_data = open_form(translator, translate_url(article, "de"), "translation_form")
    _page, editor_data = open_form(editor, change_url(article), "article_form")
    editor_data["_publish_changes"] = ["1"]  # live: published at once
    editor_data.update(headline_de=["Jatco stellt 200 Leute ein"])
    assert editor.post(change_url(article), editor_data).status_code == 302

    translator_data.update(headline=["Jatco sucht Personal"], _save=["1"])
    response = translator.post(translate_url(article, "de"), translator_data)

    assert response.status_code == 200
    page = parse(response)
    assert "Jatco stellt 200 Leute ein" in page.find("ul", class_="errorlist").text
    assert page.find("input", name="headline").get("value") == "Jatco sucht Personal"
    assert fresh(article).headline_de == "Jatco stellt 200 Leute ein"

    # Having seen the other version, saving again replaces it: as a change waiting for release,
    # since the editor's German went to readers with the editor's save.
    retry = form_data(page, "translation_form")
    retry["_save"] = ["1"]
    assert translator.post(translate_url(article, "de"), retry).status_code == 302
    assert fresh(article).translation_in("de").pending == {"headline": "Jatco sucht Personal"}


def test_the_translation_page_refuses_a_post_without_its_editing_stamp(translator):
    article = ArticleFactory(headline_de="Alt")

    response = translator.post(translate_url(article, "de"), {"headline": "Neu", "_save": "1"})

    assert response.status_code == 400
    assert "editing stamp" in response.content.decode()
    assert fresh(article).headline_de == "Alt"


def test_the_original_of_an_event_and_an_organization_can_be_translated_side_by_side(translator):
    organization = OrganizationFactory(name_de="", description_de="", released_translations=False)
    event = EventFactory(title_de="", released_translations=False)

    response = translate_in_admin(translator, organization, "de", name="Automobilcluster", description="Ein Verbund.")
    assert response.status_code == 302
    assert translate_in_admin(translator, event, "de", title="Messe").status_code == 302

    assert Organization.objects.get(pk=organization.pk).name_de == "Automobilcluster"
    assert Organization.objects.get(pk=organization.pk).slug_de == "automobilcluster"
    assert Event.objects.get(pk=event.pk).title_de == "Messe"
    assert mark_complete(Event.objects.get(pk=event.pk), "de", by=None).state == Translation.State.COMPLETE


# Query counts: the translator's pages cost the same at any size of the queue


def fill_queue(articles: int, interviews: int, organizations: int):
    for _ in range(articles):
        ArticleFactory(body_de="")
    for _ in range(interviews):
        interview = ArticleFactory(kind=Article.Kind.INTERVIEW, body_de="")
        interview.exchanges.create(question_en="Q?", answer_en="A.")
    for _ in range(organizations):
        OrganizationFactory(name_de="", description_de="")


@pytest.mark.parametrize("size", [1, 3])
def test_the_queue_and_the_index_cost_a_fixed_number_of_queries(translator, django_assert_max_num_queries, size):
    fill_queue(articles=10 * size, interviews=2 * size, organizations=5 * size)

    with django_assert_max_num_queries(10):
        assert translator.get(QUEUE).status_code == 200
    # The index page holds the editorial dashboard too (five short lists).
    with django_assert_max_num_queries(16):
        assert translator.get("/admin/").status_code == 200


@pytest.mark.parametrize("questions", [1, 8])
def test_the_side_by_side_page_costs_a_fixed_number_of_queries(translator, django_assert_max_num_queries, questions):
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW)
    for order in range(questions):
        interview.exchanges.create(order=order, question_en="Q?", question_de="F?", answer_en="A.", answer_de="A.")

    with django_assert_max_num_queries(10):
        assert translator.get(translate_url(interview, "de")).status_code == 200


# Saves that meet, in an interview's questions


def interview_with_one_question():
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, headline_en="Talking to Jatco", released_translations=False)
    interview.exchanges.create(
        order=1, question_en="Why here?", question_de="Warum hier?", answer_en="Suppliers.", answer_de="Zulieferer."
    )
    return interview


def test_an_editors_stale_form_keeps_the_german_answer_a_translator_saved_meanwhile(editor, translator):
    interview = interview_with_one_question()
    exchange = interview.exchanges.get()
    _page, editor_data = open_form(editor, change_url(interview), "article_form")
    editor_data["_publish_changes"] = ["1"]  # live: published at once
    response = translate_in_admin(
        translator, interview, "de", **{f"exchanges-{exchange.pk}-answer": "Gute Zulieferer."}
    )
    assert response.status_code == 302

    editor_data.update(headline_en=["Talking to Jatco in Aguascalientes"])
    assert editor.post(change_url(interview), editor_data).status_code == 302

    exchange.refresh_from_db()
    assert exchange.answer_de == "Gute Zulieferer."
    assert fresh(interview).headline_en == "Talking to Jatco in Aguascalientes"


def test_two_people_changing_the_same_answer_the_second_is_refused_and_keeps_their_text(editor, translator):
    interview = interview_with_one_question()
    exchange = interview.exchanges.get()
    _page, editor_data = open_form(editor, change_url(interview), "article_form")
    editor_data["_publish_changes"] = ["1"]  # live: published at once
    translate_in_admin(translator, interview, "de", **{f"exchanges-{exchange.pk}-answer": "Gute Zulieferer."})

    editor_data["exchanges-0-answer_de"] = ["Zulieferer vor Ort."]
    response = editor.post(change_url(interview), editor_data)

    assert response.status_code == 200
    page = parse(response)
    assert "Gute Zulieferer." in " ".join(page.texts("ul", class_="errorlist"))
    assert page.find("textarea", name="exchanges-0-answer_de").raw_text.strip() == "Zulieferer vor Ort."
    exchange.refresh_from_db()
    assert exchange.answer_de == "Gute Zulieferer."


def test_a_question_added_while_translating_is_left_alone_and_one_removed_is_no_forgery(translator, editor):
    interview = interview_with_one_question()
    first = interview.exchanges.get()
    second = interview.exchanges.create(order=2, question_en="And next?", answer_en="Nagoya.")
    _page, data = open_form(translator, translate_url(interview, "de"), "translation_form")
    removed = second.pk
    second.delete()
    interview.exchanges.create(
        order=3, question_en="Plans?", question_de="Pläne?", answer_en="More.", answer_de="Mehr."
    )

    data.update({f"exchanges-{first.pk}-answer-s1": ["Gute Zulieferer."], f"exchanges-{removed}-question": ["Und?"]})
    data["_save"] = ["1"]
    response = translator.post(translate_url(interview, "de"), data, follow=True)

    assert response.status_code == 200
    assert "removed a question" in response.content.decode()
    answers = dict(fresh(interview).exchanges.values_list("question_en", "answer_de"))
    assert answers == {"Why here?": "Gute Zulieferer.", "Plans?": "Mehr."}


# What the state machine does not allow


def test_an_outdated_translation_that_was_never_released_cannot_be_released(editor):
    article = ArticleFactory(released_translations=False)
    mark_complete(article, "de", by=None)
    article.standfirst_en = "A corrected standfirst."
    article.save()
    record_edit(article, by=None)
    translation = fresh(article).translation_in("de")
    assert translation.state == Translation.State.OUTDATED

    response = editor.post(
        QUEUE, {"action": "release_selected", "_selected_action": [translation.pk], "state": "all", "index": "0"}
    )

    assert response.status_code == 302
    assert not fresh(article).translation_in("de").is_released


def test_emptying_a_translated_field_makes_the_translation_unfinished_again(editor):
    article = ArticleFactory()
    _page, data = open_form(editor, change_url(article), "article_form")
    data["_publish_changes"] = ["1"]  # live: published at once
    data.update(standfirst_de=[""])

    assert editor.post(change_url(article), data).status_code == 302

    assert fresh(article).translation_in("de").state == Translation.State.IN_PROGRESS


def test_a_new_text_in_the_original_outdates_translations_even_when_called_a_typo_fix(editor):
    article = ArticleFactory(lead_image_caption_en="", lead_image_caption_de="")
    _page, data = open_form(editor, change_url(article), "article_form")
    data["_publish_changes"] = ["1"]  # live: published at once
    data.update(lead_image_caption_en=["The plant in May."], _does_not_affect_translations=["on"])

    assert editor.post(change_url(article), data).status_code == 302

    assert fresh(article).translation_in("de").state == Translation.State.OUTDATED


def test_a_field_translated_before_the_original_changed_shows_the_change_while_in_progress(translator, editor):
    article = ArticleFactory(standfirst_en="Jatco grows.", standfirst_de="", body_de="", released_translations=False)
    assert translate_in_admin(translator, article, "de", standfirst="Jatco wächst.").status_code == 302
    _page, data = open_form(editor, change_url(article), "article_form")
    data["_publish_changes"] = ["1"]  # live: published at once
    data.update(standfirst_en=["Jatco grows fast."])
    assert editor.post(change_url(article), data).status_code == 302

    page = get_page(translator, translate_url(article, "de"))

    changes = page.find("div", class_="side-by-side__changes")
    assert [i.text for i in changes.find_all("ins")] == ["fast"]


def test_a_translator_does_not_see_related_drafts_named_on_a_read_only_article(translator):
    draft = ArticleFactory(headline_en="Secret merger", status=Article.Status.DRAFT)
    article = ArticleFactory()
    article.related_articles.add(draft)

    assert "Secret merger" not in translator.get(change_url(article)).content.decode()


# Bad input and odd cases on the new pages


def test_the_queue_offers_to_do_first_and_keeps_the_translators_names_to_editors(translator, editor):
    translator_page = get_page(translator, QUEUE)
    states = translator_page.find("details", data_filter_title="translation state").texts("a")
    assert states[0] == "To do"
    assert states.count("All") == 1
    assert translator_page.find("details", data_filter_title="translator").texts("a") == ["All", "Assigned to me"]
    editor_choices = get_page(editor, QUEUE).find("details", data_filter_title="translator").texts("a")
    assert "translator" in editor_choices


def test_a_forged_release_action_by_a_translator_is_refused(translator):
    article = ArticleFactory(released_translations=False)
    mark_complete(article, "de", by=None)
    translation = fresh(article).translation_in("de")

    response = translator.post(
        QUEUE, {"action": "release_selected", "_selected_action": [translation.pk], "index": "0"}
    )

    assert response.status_code == 403
    assert not fresh(article).translation_in("de").is_released


def test_a_preview_without_a_german_address_yet_is_a_404_not_an_error(translator):
    article = ArticleFactory(headline_de="", standfirst_de="", body_de="", slug_de="", released_translations=False)

    assert translator.get(translate_url(article, "de") + "preview/").status_code == 404


def test_the_queue_answers_a_huge_section_number_without_an_error(translator):
    assert translator.get(f"{QUEUE}?section=99999999999999999999999").status_code == 200


def test_a_section_preview_advertises_no_language_and_says_it_is_a_preview(editor):
    section = SectionFactory(name_en="Aerospace", name_de="Luftfahrt", released_translations=False)

    page = get_page(editor, translate_url(section, "de") + "preview/")

    assert page.find("h1").text == "Luftfahrt"
    assert page.find_all("link", rel="alternate", hreflang=True) == []
    assert page.find("p", class_="preview-banner")


# Changes to a translation readers already have


def test_changes_to_a_released_translation_wait_for_an_editors_release(translator, editor):
    article = ArticleFactory(headline_en="Jatco hires", headline_de="Jatco stellt ein")

    response = translate_in_admin(translator, article, "de", "_complete", headline="Jatco stellt 200 Leute ein")

    assert response.status_code == 302
    assert fresh(article).headline_de == "Jatco stellt ein"
    assert get_page(Client(), fresh(article).url_in("de")).find("h1").text == "Jatco stellt ein"
    translation = fresh(article).translation_in("de")
    assert translation.pending == {"headline": "Jatco stellt 200 Leute ein"}
    assert translation.awaits_release
    preview = get_page(translator, translate_url(article, "de") + "preview/")
    assert preview.find("h1").text == "Jatco stellt 200 Leute ein"
    assert get_page(translator, translate_url(article, "de")).find("input", name="headline").get("value") == (
        "Jatco stellt 200 Leute ein"
    )
    assert [r[0] for r in queue_rows(editor, "?state=unreleased")] == ["Jatco hires"]

    assert translate_in_admin(editor, article, "de", "_release").status_code == 302

    assert fresh(article).headline_de == "Jatco stellt 200 Leute ein"
    assert fresh(article).translation_in("de").pending == {}
    assert get_page(Client(), fresh(article).url_in("de")).find("h1").text == "Jatco stellt 200 Leute ein"


def test_a_translator_filters_the_queue_for_what_is_assigned_to_them(editor, translator):
    ArticleFactory(headline_en="Someone else's", body_de="")
    mine = ArticleFactory(headline_en="Mine", body_de="")
    assert translate_in_admin(editor, mine, "de", assigned_to=str(fresh_user("translator").pk)).status_code == 302

    page = get_page(translator, QUEUE)
    assert page.find("h1").text == "Translation queue"
    assert [row[0] for row in queue_rows(translator, "?mine=1")] == ["Mine"]


def test_the_queues_translator_filter_names_the_people_who_translate(editor):
    maximiliane = TranslatorFactory(username="mschwarz", first_name="Maximiliane", last_name="Schwarzenberger")
    TranslatorFactory(username="jweber", first_name="Jonas", last_name="Weber", languages=["en"])
    TranslatorFactory(username="nameless")
    TranslatorFactory(username="retired", first_name="Rainer", last_name="Alt", is_active=False)
    ReporterFactory(username="rita", first_name="Rita", last_name="Reyes")
    colleague = EditorFactory(username="ines", first_name="Inés", last_name="Ortega")
    article = ArticleFactory(released_translations=False, body_de="")
    article.translation_in("de").__class__.objects.filter(object_id=article.pk).update(assigned_to=colleague)

    page = get_page(editor, QUEUE)

    choices = {link.text: link["href"] for link in page.find("details", data_filter_title="translator").find_all("a")}
    assert list(choices) == [
        "All",
        "Inés Ortega",
        "Jonas Weber",
        "Maximiliane Schwarzenberger",
        "nameless",
        "Not assigned",
    ]
    assert f"assigned_to__id__exact={maximiliane.pk}" in choices["Maximiliane Schwarzenberger"]
    assert "assigned_to__isnull=True" in choices["Not assigned"]


def test_marking_complete_with_a_text_left_empty_names_it_on_the_page(translator):
    # Found by bench/soak.py: the field's name is a lazy translation, which "; ".join refused (a 500).
    article = ArticleFactory(headline_en="Jatco hires", headline_de="", released_translations=False)

    response = translate_in_admin(translator, article, "de", "_complete", headline="")

    assert response.status_code == 200
    assert "Still empty: Headline" in " ".join(parse(response).text.split())
    assert fresh(article).translation_in("de").state != Translation.State.COMPLETE
