"""The page of short items: names, positions, job titles and captions translated many at a time,
one row each, saved and completed together; who may use it, forged posts, and saves that meet."""

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.articles.models import Article
from newsroom.translations.models import Translation
from newsroom.translations.short_items import SHOWN_FIELD, SIGNING_SALT
from newsroom.translations.workflow import record_edit
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EditorFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    ReporterFactory,
    SectionFactory,
    TagFactory,
    TranslatorFactory,
)
from tests.pages import change_url, form_data, get_page, logged_in, open_form, parse, translate_in_admin, translate_url

pytestmark = pytest.mark.django_db

PAGE = "/admin/translations/translation/short-items/de/"
QUEUE = "/admin/translations/translation/"
FORM = "short_items_form"


@pytest.fixture
def translator():
    return logged_in(TranslatorFactory(username="translator"))


@pytest.fixture
def editor():
    return logged_in(EditorFactory(username="editor"))


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def state(obj, language="de"):
    return fresh(obj).translation_in(language)


def untranslated_organization(**kwargs):
    return OrganizationFactory(
        **{"name_de": "", "short_name_de": "", "description_de": "", "released_translations": False, **kwargs}
    )


def untranslated_section(name):
    return SectionFactory(name_en=name, name_de="", released_translations=False)


def rows(page) -> dict[tuple[str, str], dict]:
    """(object, text label) → the row's original, its language, and its input's name, value and language."""
    found = {}
    for row in page.find("table", class_="short-items").find("tbody").find_all("tr"):
        item = row.find("th")
        label = item.find("span", class_="short-items__kind").text.split(" · ")[1]
        original = row.find("td", class_="short-items__original")
        cell = row.find("td", class_="short-items__translation")
        field = cell.find("input") or cell.find("textarea")
        found[(item.find("a").text, label)] = {
            "original": original.text,
            "original_lang": original["lang"],
            "name": field["name"],
            "value": field.get("value", "") if field.tag == "input" else field.raw_text.removeprefix("\n"),
            "lang": field["lang"],
            "errors": row.texts("ul", class_="errorlist"),
        }
    return found


def submit(client, texts: dict[tuple[str, str], str], button="_save", url=PAGE, **extra):
    """Open the page as its user would, type `texts` into the rows (object, label), press `button`."""
    page, data = open_form(client, url, FORM)
    shown = rows(page)
    for key, text in texts.items():
        data[shown[key]["name"]] = [text]
    data[button] = ["1"]
    data.update({name: [value] for name, value in extra.items()})
    return client.post(url, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


# What the page shows


def test_the_page_lists_each_short_text_still_to_translate_beside_its_original(translator):
    untranslated_organization(name_en="Jalisco Automotive Cluster", short_name_en="JAC")
    PersonFactory(name="Carmen Hernández", position_en="Governor", position_de="", released_translations=False)
    untranslated_section("Aerospace")
    AuthorFactory(display_name="Ana Ruiz", job_title_en="Editor at large", job_title_de="", released_translations=False)
    photo = ImageFactory(
        caption_en="The plant at night", alt_en="Cars on a line", credit_en="", caption_de="", alt_de="", credit_de=""
    )
    ArticleFactory(
        headline_en="Nissan doubles", image=photo, lead_image_caption_en="A night shift", lead_image_caption_de=""
    )
    # A photo of the library no article uses: its texts wait until one does.
    ImageFactory(caption_en="Unused", alt_en="Nobody", credit_en="", caption_de="", alt_de="", credit_de="")
    SectionFactory(name_en="Done", name_de="Fertig")  # translated and released: nothing to do

    page = get_page(translator, PAGE)
    shown = rows(page)

    assert set(shown) == {
        ("Jalisco Automotive Cluster", "Name"),
        ("Jalisco Automotive Cluster", "Short name"),
        ("Carmen Hernández", "Position"),
        ("Aerospace", "Name"),
        ("Ana Ruiz", "Job title"),
        ("The plant at night", "Caption"),
        ("The plant at night", "Alternative text"),
        ("Nissan doubles", "Caption in this article"),
    }
    assert shown[("Aerospace", "Name")] | {"name": ""} == {
        "original": "Aerospace",
        "original_lang": "en",
        "name": "",
        "value": "",
        "lang": "de",
        "errors": [],
    }
    # Short items first, articles last.
    assert list(shown)[-1:] == [("Nissan doubles", "Caption in this article")]
    assert page.find("h1").text == "Translate short items into German"


def test_an_item_with_a_long_text_untranslated_says_where_to_translate_it(translator):
    untranslated_organization(name_en="JICA", description_en="Japan's development agency.")

    item = get_page(translator, PAGE).find("th", class_="short-items__item")

    assert "Also to translate on its page: Description" in item.text


def test_a_changed_original_shows_what_changed(translator):
    tag = TagFactory(name_en="Nearshoring", name_de="Nearshoring")
    tag.name_en = "Nearshoring in Mexico"
    tag.save()
    record_edit(tag, by=None)

    page = get_page(translator, PAGE)

    row = rows(page)[("Nearshoring in Mexico", "Name")]
    assert row["value"] == "Nearshoring"
    assert page.find("td", class_="short-items__original").find("ins").text == "in Mexico"


# Saving and completing


def test_a_translator_translates_three_items_and_completes_them_together(translator):
    aerospace = untranslated_section("Aerospace")
    mining = untranslated_section("Mining")
    organization = untranslated_organization(
        name_en="Jalisco Automotive Cluster", short_name_en="JAC", description_en=""
    )
    left = untranslated_section("Energy")

    response = submit(
        translator,
        {
            ("Aerospace", "Name"): "Luft- und Raumfahrt",
            ("Mining", "Name"): "Bergbau",
            ("Jalisco Automotive Cluster", "Name"): "Automobilcluster Jalisco",
            ("Jalisco Automotive Cluster", "Short name"): "JAC",
        },
        button="_complete",
    )

    assert response.status_code == 302
    assert fresh(aerospace).name_de == "Luft- und Raumfahrt"
    assert fresh(aerospace).slug_de == "luft-und-raumfahrt"
    assert {state(obj).state for obj in (aerospace, mining, organization)} == {Translation.State.COMPLETE}
    assert not any(state(obj).is_released for obj in (aerospace, mining, organization))
    assert state(left).state == Translation.State.MISSING
    assert state(aerospace).state_changed_by.username == "translator"
    assert "4 texts saved. 3 items marked complete." in messages_of(response)
    assert list(rows(get_page(translator, PAGE))) == [("Energy", "Name")]


def test_save_keeps_the_texts_in_progress_without_completing(translator):
    section = untranslated_section("Aerospace")

    submit(translator, {("Aerospace", "Name"): "Luft- und Raumfahrt"})

    assert fresh(section).name_de == "Luft- und Raumfahrt"
    assert state(section).state == Translation.State.IN_PROGRESS
    assert rows(get_page(translator, PAGE))[("Aerospace", "Name")]["value"] == "Luft- und Raumfahrt"


def test_an_editor_completes_and_releases_in_one_click_and_readers_get_the_german_name(editor, client):
    section = untranslated_section("Aerospace")

    response = submit(editor, {("Aerospace", "Name"): "Luft- und Raumfahrt"}, button="_complete_release")

    assert response.status_code == 302
    assert state(section).is_visible_to_readers
    assert fresh(section).is_readable_in("de")
    assert "1 text saved. 1 item marked complete, 1 released to readers." in messages_of(response)


def test_an_item_with_an_untranslated_long_text_is_saved_but_not_completed(translator):
    organization = untranslated_organization(name_en="JICA", short_name_en="", description_en="An agency.")

    response = submit(translator, {("JICA", "Name"): "JICA"}, button="_complete")

    assert fresh(organization).name_de == "JICA"
    assert state(organization).state == Translation.State.IN_PROGRESS
    # The item and the text it lacks, and where that text is: its name was just filled here.
    warning = parse(translator.get(response.url)).find("li", class_="warning")
    assert (
        " ".join(warning.text.split())
        == "Not complete yet, texts still empty: JICA (Description on its translation page)."
    )
    assert warning.find("a")["href"] == translate_url(organization, "de")


def test_completing_names_the_texts_still_empty_on_this_page_and_elsewhere(translator):
    untranslated_organization(name_en="Calsonic Kansei", short_name_en="CK", description_en="A supplier.")
    untranslated_section("Aerospace")

    response = submit(translator, {("Calsonic Kansei", "Short name"): "CK"}, button="_complete")

    warning = parse(translator.get(response.url)).find("li", class_="warning")
    assert " ".join(warning.text.split()) == (
        "Not complete yet, texts still empty: Calsonic Kansei (Name; Description on its translation page); "
        "Aerospace (Name)."
    )


def test_an_articles_caption_is_saved_but_the_article_is_never_completed_here(translator):
    article = ArticleFactory(
        headline_en="Nissan doubles", lead_image_caption_en="The plant at night", lead_image_caption_de=""
    )

    submit(translator, {("Nissan doubles", "Caption in this article"): "Das Werk bei Nacht"}, button="_complete")

    article = fresh(article)
    assert article.lead_image_caption_de == "Das Werk bei Nacht"
    assert article.is_complete_in("de")
    assert state(article).state == Translation.State.IN_PROGRESS


def test_changes_to_a_released_translation_wait_for_an_editors_release(translator, editor):
    section = SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    section.name_en = "Aerospace and defence"
    section.save()
    record_edit(section, by=None)

    submit(translator, {("Aerospace and defence", "Name"): "Luftfahrt und Verteidigung"}, button="_complete")

    assert fresh(section).name_de == "Luftfahrt"  # what readers keep until the release
    translation = state(section)
    assert translation.state == Translation.State.COMPLETE
    assert translation.pending == {"name": "Luftfahrt und Verteidigung"}
    assert translation.awaits_release


def test_an_editor_updates_a_released_name_and_readers_get_it_in_the_same_click(editor):
    section = SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    section.name_en = "Aerospace and defence"
    section.save()
    record_edit(section, by=None)

    submit(editor, {("Aerospace and defence", "Name"): "Luftfahrt und Verteidigung"}, button="_complete_release")

    assert fresh(section).name_de == "Luftfahrt und Verteidigung"
    translation = state(section)
    assert (translation.state, translation.pending, translation.is_visible_to_readers) == (
        Translation.State.COMPLETE,
        {},
        True,
    )
    assert fresh(section).is_readable_in("de")


def test_an_outdated_item_left_as_it_was_stays_outdated(translator):
    section = SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    section.name_en = "Aerospace and defence"
    section.save()
    record_edit(section, by=None)
    untranslated_section("Mining")

    response = submit(translator, {("Mining", "Name"): "Bergbau"}, button="_complete")

    assert state(section).state == Translation.State.OUTDATED
    assert "1 text saved. 1 item marked complete." in messages_of(response)
    assert any(
        m.startswith("Still outdated, as their changed texts were not updated here: Aerospace and defence.")
        for m in messages_of(response)
    )


def section_with_a_description_translated_before_it_changed(editor):
    """A section whose German description a translator drafted on its translation page from an
    English description an editor has changed since; its German name is still to translate."""
    section = SectionFactory(
        name_en="Aerospace",
        name_de="",
        description_en="Makers of aircraft.",
        description_de="",
        released_translations=False,
    )
    drafter = logged_in(TranslatorFactory(username="drafter"))
    assert translate_in_admin(drafter, section, "de", description="Flugzeugbauer.").status_code == 302
    _page, data = open_form(editor, change_url(section), "section_form")
    data["description_en"] = ["Makers of aircraft and satellites."]
    assert editor.post(change_url(section), data).status_code == 302
    assert state(section).state == Translation.State.IN_PROGRESS
    return section


@pytest.mark.parametrize("button", ["_complete", "_complete_release"])
def test_complete_does_not_confirm_a_text_the_page_never_showed_that_changed_since_it_was_translated(
    translator, editor, button
):
    section = section_with_a_description_translated_before_it_changed(editor)
    client = editor if button == "_complete_release" else translator

    response = submit(client, {("Aerospace", "Name"): "Luft- und Raumfahrt"}, button=button)

    assert response.status_code == 302
    assert fresh(section).name_de == "Luft- und Raumfahrt"
    translation = state(section)
    assert (translation.state, translation.is_released) == (Translation.State.IN_PROGRESS, False)
    assert translation.source["description"] == "Makers of aircraft."
    assert not fresh(section).is_readable_in("de")
    assert (
        "Not marked complete, as texts not shown here may no longer match their original: Aerospace. "
        "Check them on each item's translation page." in messages_of(response)
    )
    note = get_page(client, PAGE).find("span", class_="short-items__unconfirmed")
    assert "Description" in note.text
    assert note.find("a")["href"] == translate_url(section, "de")


def test_once_the_changed_text_is_updated_on_its_page_the_item_completes_here(translator, editor):
    section = section_with_a_description_translated_before_it_changed(editor)
    assert (
        translate_in_admin(translator, section, "de", description="Flugzeug- und Satellitenbauer.").status_code == 302
    )

    response = submit(translator, {("Aerospace", "Name"): "Luft- und Raumfahrt"}, button="_complete")

    translation = state(section)
    assert translation.state == Translation.State.COMPLETE
    assert translation.source == {"name": "Aerospace", "description": "Makers of aircraft and satellites."}
    assert "1 text saved. 1 item marked complete." in messages_of(response)
    assert get_page(translator, PAGE).find_all("span", class_="short-items__unconfirmed") == []


def test_complete_does_not_confirm_a_text_not_shown_here_whose_original_was_never_recorded(translator):
    # Typed straight into the German column: nobody recorded which English it translates.
    section = SectionFactory(
        name_en="Aerospace",
        name_de="",
        description_en="Makers of aircraft and satellites.",
        description_de="Flugzeugbauer.",
        released_translations=False,
    )

    response = submit(translator, {("Aerospace", "Name"): "Luft- und Raumfahrt"}, button="_complete")

    assert state(section).state == Translation.State.IN_PROGRESS
    assert any(m.startswith("Not marked complete, as texts not shown here") for m in messages_of(response))
    assert "Description" in get_page(translator, PAGE).find("span", class_="short-items__unconfirmed").text


# Errors keep what was typed


def test_a_text_too_long_is_refused_with_its_error_and_what_was_typed_is_kept(translator):
    organization = untranslated_organization(name_en="Japan International Cooperation Agency", short_name_en="JICA")
    section = untranslated_section("Aerospace")
    too_long = "Japanische Agentur für internationale Zusammenarbeit, Außenstelle Mexiko"

    response = submit(
        translator,
        {
            ("Japan International Cooperation Agency", "Short name"): too_long,
            ("Aerospace", "Name"): "Luft- und Raumfahrt",
        },
        button="_complete",
    )

    assert response.status_code == 200
    shown = rows(parse(response))
    assert shown[("Japan International Cooperation Agency", "Short name")]["value"] == too_long
    assert shown[("Japan International Cooperation Agency", "Short name")]["errors"]
    assert shown[("Aerospace", "Name")]["value"] == "Luft- und Raumfahrt"
    assert fresh(organization).short_name_de == ""
    assert fresh(section).name_de == ""


def test_two_translators_never_overwrite_each_other_silently(translator):
    section = untranslated_section("Aerospace")
    other_section = untranslated_section("Mining")
    colleague = logged_in(TranslatorFactory(username="colleague"))
    page, data = open_form(translator, PAGE, FORM)
    shown = rows(page)

    submit(colleague, {("Aerospace", "Name"): "Luftfahrt"})
    data[shown[("Aerospace", "Name")]["name"]] = ["Luft- und Raumfahrt"]
    data[shown[("Mining", "Name")]["name"]] = ["Bergbau"]
    data["_save"] = ["1"]
    response = translator.post(PAGE, data)

    assert response.status_code == 200
    again = rows(parse(response))
    assert "Someone else changed this text" in again[("Aerospace", "Name")]["errors"][0]
    assert "Luftfahrt" in again[("Aerospace", "Name")]["errors"][0]
    assert again[("Aerospace", "Name")]["value"] == "Luft- und Raumfahrt"
    assert again[("Mining", "Name")]["value"] == "Bergbau"
    assert fresh(section).name_de == "Luftfahrt"
    assert fresh(other_section).name_de == ""

    # Having seen the colleague's text, saving again replaces it.
    response = translator.post(PAGE, {**form_data(parse(response), FORM), "_save": ["1"]})

    assert response.status_code == 302
    assert fresh(section).name_de == "Luft- und Raumfahrt"
    assert fresh(other_section).name_de == "Bergbau"


def test_a_text_only_the_colleague_changed_keeps_their_version(translator):
    section = untranslated_section("Aerospace")
    untranslated_section("Mining")
    colleague = logged_in(TranslatorFactory(username="colleague"))
    page, data = open_form(translator, PAGE, FORM)

    submit(colleague, {("Aerospace", "Name"): "Luftfahrt"})
    data[rows(page)[("Mining", "Name")]["name"]] = ["Bergbau"]
    response = translator.post(PAGE, {**data, "_save": ["1"]})

    assert response.status_code == 302
    assert fresh(section).name_de == "Luftfahrt"


# Who may use the page


def test_who_may_open_the_page(client):
    untranslated_section("Aerospace")
    english_translator = logged_in(TranslatorFactory(username="english", languages=["en"]))

    assert client.get(PAGE).status_code == 302  # to the login page
    assert client.get(PAGE)["Location"].startswith("/admin/login/")
    assert logged_in(ReporterFactory(username="reporter")).get(PAGE).status_code == 403
    assert english_translator.get(PAGE).status_code == 403
    assert logged_in(TranslatorFactory(username="german")).get(PAGE).status_code == 200
    editor = logged_in(EditorFactory(username="editor"))
    assert editor.get(PAGE).status_code == 200
    assert editor.get(PAGE.replace("/de/", "/en/")).status_code == 200
    assert editor.get(PAGE.replace("/de/", "/xx/")).status_code == 404


def test_only_editors_are_offered_the_release(translator, editor):
    untranslated_section("Aerospace")

    assert get_page(translator, PAGE).find_all("input", name="_complete_release") == []
    assert get_page(editor, PAGE).find("input", name="_complete_release")["value"] == (
        "Save, mark finished items complete and release them to readers"
    )


def test_a_translator_sees_no_draft_unless_its_translation_is_assigned_to_them(translator):
    draft = ArticleFactory(
        headline_en="Secret merger",
        status=Article.Status.DRAFT,
        lead_image_caption_en="The boardroom",
        lead_image_caption_de="",
        released_translations=False,
    )

    assert get_page(translator, PAGE).find_all("table", class_="short-items") == []

    Translation.objects.filter(pk=draft.translation_in("de").pk).update(
        assigned_to=User.objects.get(username="translator")
    )
    assert ("Secret merger", "Caption in this article") in rows(get_page(translator, PAGE))


def forged_post(client, change):
    """The page's form as a browser would post it, with `change` made to its data first."""
    page, data = open_form(client, PAGE, FORM)
    data["_complete"] = ["1"]
    change(data, rows(page))
    return client.post(PAGE, data)


@pytest.mark.parametrize(
    "forgery",
    [
        "another_object",
        "another_language",
        "another_field",
        "release_by_a_translator",
        "stamp_of_another_user",
        "stamp_of_another_language",
    ],
)
def test_forged_posts_are_refused_and_change_nothing(translator, forgery):
    hidden = untranslated_section("Not on the page")
    section = untranslated_section("Aerospace")

    def change(data, shown):
        data[shown[("Aerospace", "Name")]["name"]] = ["Luft- und Raumfahrt"]
        other = hidden.translation_in("de")
        stamp = signing.loads(data[SHOWN_FIELD][0], salt=SIGNING_SALT)
        if forgery == "another_object":
            data[f"{other.pk}-name"] = ["Versteckt"]
        elif forgery == "another_language":
            data["name_en"] = ["Changed"]
        elif forgery == "another_field":
            data[f"{section.translation_in('de').pk}-description"] = ["Beschreibung"]
        elif forgery == "release_by_a_translator":
            data["_complete_release"] = ["1"]
        elif forgery == "stamp_of_another_user":
            stamp["user"] = TranslatorFactory(username="someone").pk
            stamp["texts"][f"{other.pk}-name"] = ["", "Not on the page"]
            data[SHOWN_FIELD] = [signing.dumps(stamp, salt=SIGNING_SALT, compress=True)]
        elif forgery == "stamp_of_another_language":
            stamp["language"] = "en"
            data[SHOWN_FIELD] = [signing.dumps(stamp, salt=SIGNING_SALT, compress=True)]

    if forgery == "another_object":
        # The hidden item is on a later page: one item a page.
        from newsroom.translations.admin.short_items import ShortItemsAdminMixin

        ShortItemsAdminMixin.short_items_per_page, before = 1, ShortItemsAdminMixin.short_items_per_page
        try:
            response = forged_post(translator, change)
        finally:
            ShortItemsAdminMixin.short_items_per_page = before
    else:
        response = forged_post(translator, change)

    assert response.status_code == 403
    assert (fresh(section).name_de, fresh(hidden).name_de, fresh(section).name_en) == ("", "", "Aerospace")
    assert state(section).state == Translation.State.MISSING


def test_a_post_without_a_valid_stamp_is_refused_with_a_message(translator):
    section = untranslated_section("Aerospace")
    page, data = open_form(translator, PAGE, FORM)
    data[rows(page)[("Aerospace", "Name")]["name"]] = ["Luft- und Raumfahrt"]

    response = translator.post(PAGE, {**data, SHOWN_FIELD: ["tampered"], "_save": ["1"]})

    assert response.status_code == 400
    assert "missing its editing stamp" in parse(response).find("p", class_="errornote").text
    assert fresh(section).name_de == ""


# Pages and query counts


def test_the_page_shows_forty_items_at_a_time(translator):
    for n in range(45):
        untranslated_section(f"Section {n:02}")

    first = get_page(translator, PAGE)
    second = get_page(translator, f"{PAGE}?page=2")

    assert len(rows(first)) == 40
    assert len(rows(second)) == 5
    assert first.find("a", rel="next")["href"] == "?page=2"


@pytest.mark.parametrize("size", [1, 4])
def test_the_page_costs_the_same_number_of_queries_at_any_size(translator, django_assert_max_num_queries, size):
    for n in range(size):
        untranslated_organization()
        untranslated_section(f"Section {n}")
        PersonFactory(position_de="", released_translations=False)
        TagFactory(name_de="", released_translations=False)
        ArticleFactory(lead_image_caption_en="A caption", lead_image_caption_de="")

    with django_assert_max_num_queries(13):
        page = get_page(translator, PAGE)
    assert len(rows(page)) == 5 * size


def post_every_row_translated(client, button) -> int:
    """Open the page, translate every row, press `button`: the queries the post costs."""
    page, data = open_form(client, PAGE, FORM)
    for (item, _label), row in rows(page).items():
        data[row["name"]] = [f"DE {item}"]
    data[button] = ["1"]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(PAGE, data)
    assert response.status_code == 302
    return len(queries)


# Each row's object and translation are written one by one, with their signals (the page cache),
# the memory's pairs and the glossary's term of the entity's name (one query a save); everything
# else the page loads once for all rows.
QUERIES_PER_ROW = {"_save": 15, "_complete": 18}


@pytest.mark.parametrize("button", ["_save", "_complete"])
def test_saving_or_completing_forty_rows_costs_a_fixed_number_of_queries_per_row(translator, button):
    untranslated_section("Single")
    one = post_every_row_translated(translator, button)
    sections = [untranslated_section(f"Section {n:02}") for n in range(40)]

    forty = post_every_row_translated(translator, button)

    assert forty - one <= 39 * QUERIES_PER_ROW[button], f"{forty} queries for 40 rows, {one} for 1"
    expected = Translation.State.COMPLETE if button == "_complete" else Translation.State.IN_PROGRESS
    assert {state(section).state for section in sections} == {expected}
    assert fresh(sections[-1]).name_de == "DE Section 39"


# The queue's tabs


def test_the_queue_counts_articles_and_short_items_apart_and_links_the_page(translator):
    ArticleFactory(headline_en="Story", body_de="", released_translations=False)
    untranslated_section("Aerospace")
    untranslated_organization(name_en="JICA")

    page = get_page(translator, QUEUE)
    tabs = page.find("nav", class_="queue-groups")

    assert tabs.texts("a", class_="queue-groups__tab") == ["Everything 3", "Articles and events 1", "Short items 2"]
    assert tabs.find("a", href=PAGE).text == "Translate short items into German, many at a time"
    short = get_page(translator, f"{QUEUE}?group=short")
    names = [row.find("a").text for row in short.find("table", id="result_list").find("tbody").find_all("tr")]
    assert sorted(names) == ["Aerospace", "JICA"]
    assert short.find("nav", class_="queue-groups").find("a", aria_current="page").text == "Short items 2"
