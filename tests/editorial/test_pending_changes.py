"""Editing a live article: readers keep the published version until an editor publishes the changes,
now or at a scheduled time; meanwhile the change form, previews and share links show the changes."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import formats, timezone
from reversion.models import Version

from newsroom.articles.models import Article, Correction
from newsroom.editorial.models import PendingChange, PreviewLink
from newsroom.translations.models import Translation
from tests.factories import ArticleFactory, EditorFactory, ImageFactory, TagFactory, TranslatorFactory
from tests.pages import change_url, get_page, logged_in, open_form, parse, translate_in_admin, url_in

pytestmark = pytest.mark.django_db

LIVE = "Tachi-S creates 700 jobs in Aguascalientes"
CHANGED = "Tachi-S creates 700 jobs in Aguascalientes, and more in 2027"


@pytest.fixture(autouse=True)
def no_cached_schedule():
    cache.clear()


@pytest.fixture
def article():
    return ArticleFactory(
        headline_en=LIVE,
        headline_de="Tachi-S schafft 700 Stellen in Aguascalientes",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )


def headline_readers_see(article, language="en"):
    return get_page(Client(), article.url_in(language)).find("h1").text


def edit(client, article, button="_save_without_publishing", **changes):
    _page, data = open_form(client, change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data[button] = ["1"]
    return client.post(change_url(article), data)


def test_readers_keep_the_live_version_until_the_editor_publishes_the_changes(editor, article):
    response = edit(editor, article, headline_en=CHANGED, standfirst_en="Two new lines.")

    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert headline_readers_see(article) == LIVE
    assert LIVE in Client().get(url_in("en", "articles:list")).content.decode()
    page, data = open_form(editor, change_url(article), "article_form")
    assert data["headline_en"] == [CHANGED]
    notice = page.find("div", class_="pending-change").text
    assert "Headline (English)" in notice and "Standfirst (English)" in notice
    preview = get_page(editor, f"/admin/articles/article/{article.pk}/preview/en/")
    assert preview.find("h1").text == CHANGED
    assert Article.objects.get(pk=article.pk).translation_in("de").state == Translation.State.COMPLETE

    assert edit(editor, article, "_publish_changes").status_code == 302

    assert headline_readers_see(article) == CHANGED
    assert not PendingChange.objects.exists()
    assert Article.objects.get(pk=article.pk).translation_in("de").state == Translation.State.OUTDATED
    assert Version.objects.get_for_object(article).first().field_dict["standfirst_en"] == "Two new lines."


def test_saving_again_keeps_building_on_the_changes_not_yet_published(editor, article):
    edit(editor, article, headline_en=CHANGED)
    edit(editor, article, standfirst_en="Two new lines.")

    data = PendingChange.objects.get().data
    assert data["fields"] == {"headline_en": CHANGED, "standfirst_en": "Two new lines."}
    assert headline_readers_see(article) == LIVE


def test_scheduled_changes_reach_readers_at_their_time_without_a_job(editor, article, time_machine):
    when = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)

    response = edit(
        editor,
        article,
        "_schedule_changes",
        headline_en=CHANGED,
        _changes_publish_at_0=when.strftime("%Y-%m-%d"),
        _changes_publish_at_1=when.strftime("%H:%M:%S"),
    )

    assert response.status_code == 302
    assert PendingChange.objects.get().publish_at == when
    time_machine.move_to(when - datetime.timedelta(seconds=1), tick=False)
    assert headline_readers_see(article) == LIVE
    time_machine.move_to(when, tick=False)
    assert headline_readers_see(article) == CHANGED
    assert not PendingChange.objects.exists()
    assert "Scheduled changes published" in Version.objects.get_for_object(article).first().revision.comment


@pytest.mark.parametrize("when", ["", "past"])
def test_scheduling_changes_needs_a_time_to_come_and_keeps_what_was_typed(editor, article, when):
    past = timezone.localtime() - datetime.timedelta(hours=1)
    response = edit(
        editor,
        article,
        "_schedule_changes",
        headline_en=CHANGED,
        _changes_publish_at_0=past.strftime("%Y-%m-%d") if when else "",
        _changes_publish_at_1=past.strftime("%H:%M:%S") if when else "",
    )

    assert response.status_code == 200
    page = parse(response)
    assert page.find("input", name="headline_en")["value"] == CHANGED
    assert page.find_all(class_="errorlist")
    assert not PendingChange.objects.exists()
    assert headline_readers_see(article) == LIVE


@pytest.mark.parametrize("new_time", [False, True])
def test_the_lead_story_flag_and_the_publish_time_wait_with_the_changes_and_are_not_lost(editor, article, new_time):
    earlier = timezone.localtime(article.published_at).replace(microsecond=0) - datetime.timedelta(hours=5)
    changes = {"headline_en": CHANGED, "is_featured": "on"}
    if new_time:
        changes.update(published_at_0=earlier.strftime("%Y-%m-%d"), published_at_1=earlier.strftime("%H:%M:%S"))

    edit(editor, article, **changes)

    live = Article.objects.get(pk=article.pk)
    assert (live.is_featured, live.published_at) == (False, article.published_at)
    notice = get_page(editor, change_url(article)).find("div", class_="pending-change").text
    assert "Lead story" in notice and ("Publish time" in notice) is new_time

    edit(editor, article, "_publish_changes")

    published = Article.objects.get(pk=article.pk)
    assert (published.is_featured, published.headline_en) == (True, CHANGED)
    assert published.published_at == (earlier if new_time else article.published_at)


def test_discarding_the_changes_leaves_the_live_version(editor, article):
    edit(editor, article, headline_en=CHANGED)

    edit(editor, article, "_discard_changes")

    assert not PendingChange.objects.exists()
    _page, data = open_form(editor, change_url(article), "article_form")
    assert data["headline_en"] == [LIVE]


def test_a_translators_german_saved_meanwhile_survives_the_editors_publication(editor, article):
    edit(editor, article, headline_en=CHANGED)
    translator = logged_in(TranslatorFactory(username="tom"))
    translate_in_admin(translator, article, "de", headline="Tachi-S schafft 700 neue Stellen")
    translate_in_admin(editor, article, "de", "_release")

    assert edit(editor, article, "_publish_changes").status_code == 302

    article = Article.objects.get(pk=article.pk)
    assert (article.headline_en, article.headline_de) == (CHANGED, "Tachi-S schafft 700 neue Stellen")


def test_a_second_editor_with_a_stale_form_is_refused_and_keeps_what_they_typed(editor, article):
    colleague = logged_in(EditorFactory(username="colleague"))
    _page, stale = open_form(colleague, change_url(article), "article_form")
    edit(editor, article, headline_en=CHANGED)

    stale.update(headline_en=["Tachi-S hires 700"])
    response = colleague.post(change_url(article), stale)

    assert response.status_code == 200
    page = parse(response)
    assert page.find("input", name="headline_en")["value"] == "Tachi-S hires 700"
    assert CHANGED in page.text
    assert PendingChange.objects.get().data["fields"]["headline_en"] == CHANGED


def test_a_correction_saved_with_changes_appears_when_they_are_published(editor, article):
    when = timezone.localtime()
    edit(
        editor,
        article,
        headline_en=CHANGED,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text_en": "The figure was 700, not 70.",
            "corrections-0-published_at_0": when.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": when.strftime("%H:%M:%S"),
            "corrections-0-is_significant": "on",
        },
    )
    assert not Correction.objects.exists()
    assert "The figure was 700" not in Client().get(article.url_in("en")).content.decode()

    edit(editor, article, "_publish_changes")

    assert "The figure was 700" in Client().get(article.url_in("en")).content.decode()


def test_a_share_link_shows_the_changes_and_a_link_made_with_them_works(editor, article):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    edit(
        editor,
        article,
        headline_en=CHANGED,
        **{
            "preview_links-TOTAL_FORMS": "1",
            "preview_links-0-language": "en",
            "preview_links-0-expires_at_0": tomorrow.isoformat(),
            "preview_links-0-expires_at_1": "12:00:00",
        },
    )

    link = PreviewLink.objects.get()
    assert get_page(Client(), link.get_absolute_url()).find("h1").text == CHANGED
    assert headline_readers_see(article) == LIVE


def test_a_draft_is_edited_directly(editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline_en="Draft")

    edit(editor, draft, headline_en="Better draft")

    draft.refresh_from_db()
    assert draft.headline_en == "Better draft"
    assert not PendingChange.objects.exists()


def test_waiting_changes_show_on_the_list_and_the_dashboard_and_discarding_asks_and_is_recorded(editor, article):
    edit(editor, article, headline_en=CHANGED)

    listing = get_page(editor, "/admin/articles/article/?publication=waiting")
    assert [row.text for row in listing.find_all("td", class_="field-publication")] == ["Published, changes waiting"]
    waiting = get_page(editor, "/admin/").find("section", aria_labelledby="dashboard-waiting")
    assert LIVE in waiting.texts("a") and "not scheduled" in waiting.text
    discard = get_page(editor, change_url(article)).find("input", name="_discard_changes")
    assert "cannot be undone" in discard["data-confirm"]

    edit(editor, article, "_discard_changes")

    history = get_page(editor, f"/admin/articles/article/{article.pk}/history/").text
    assert "Discarded changes that readers had not seen." in history


def test_the_history_names_fields_not_the_forms_own_controls(editor, article):
    edit(editor, article, "_publish_changes", headline_en=CHANGED)

    comment = Version.objects.get_for_object(article).first().revision.get_comment()

    assert "Headline" in comment and "_edit_snapshot" not in comment and "Comment on this change" not in comment


def submit_buttons(page):
    """The form's submit buttons in document order: the first is what Enter in a field submits."""
    form = page.find("form", id="article_form")
    buttons = [
        element
        for element in form.iter()
        if (element.tag == "input" and element.get("type") == "submit")
        or (element.tag == "button" and element.get("type", "submit") == "submit")
    ]
    return [
        (button.get("name"), button.get("value") or button.text, "default" in button.get("class", ""))
        for button in buttons
    ]


def test_on_a_live_article_the_first_and_primary_button_publishes_and_each_says_what_readers_get(editor, article):
    edit(editor, article, headline_en=CHANGED)

    buttons = submit_buttons(get_page(editor, change_url(article)))

    assert buttons == [
        ("_publish_changes", "Publish the changes", True),
        ("_save_without_publishing", "Save without publishing", False),
        ("_schedule_changes", "Save and schedule the changes", False),
        ("_take_off_site", "Take off the site", False),
        ("_discard_changes", "Discard the changes", False),
    ]


def test_a_draft_keeps_djangos_buttons(editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    names = [name for name, _label, _primary in submit_buttons(get_page(editor, change_url(draft)))]

    assert names == ["_save", "_addanother", "_continue"]


def test_publishing_says_what_readers_now_see(editor, article):
    response = edit(editor, article, "_publish_changes", headline_en=CHANGED)

    assert response["Location"] == "/admin/articles/article/"
    messages = get_page(editor, response["Location"]).find("ul", class_="messagelist").text
    assert f"Published: readers now see “{CHANGED}” as you saved it." in messages
    assert "was changed successfully" not in messages
    assert headline_readers_see(article) == CHANGED


def test_saving_without_publishing_says_which_version_readers_still_see(editor, article):
    live = formats.date_format(timezone.localtime(max(article.published_at, article.updated_at)), "DATETIME_FORMAT")

    response = edit(editor, article, headline_en=CHANGED)

    messages = get_page(editor, response["Location"]).find("ul", class_="messagelist").text
    assert (
        f"Saved without publishing: readers keep the version published {live} until you publish your changes."
        in messages
    )
    assert headline_readers_see(article) == LIVE


def test_no_message_puts_a_full_stop_after_an_english_time(editor, time_machine):
    """English times end in "a.m." or "p.m.": a sentence ending on one read "12:45 a.m.."."""
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 6, 0, 45)), tick=False)
    article = ArticleFactory(headline_en=LIVE, published_at=timezone.now() - datetime.timedelta(hours=3))
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 12, 6, 9, 5)), tick=False)
    shown = []
    for button, changes in [
        ("_save_without_publishing", {"headline_en": CHANGED}),
        ("_schedule_changes", {"_changes_publish_at_0": "2026-12-07", "_changes_publish_at_1": "11:30:00"}),
    ]:
        response = edit(editor, article, button, **changes)
        shown.append(get_page(editor, response["Location"]).find("ul", class_="messagelist").text)

    assert "readers keep the version published Dec. 6, 2026, 12:45 a.m. until you publish" in shown[0]
    assert "until Dec. 7, 2026, 11:30 a.m., when your changes reach them." in shown[1]
    assert not any("a.m.." in messages or "p.m.." in messages for messages in shown), shown


def test_the_waiting_changes_name_only_fields_editors_edit(editor, article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = ImageFactory(caption_en="The Tachi-S seat plant")
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(image=[str(picture.pk)], lead_image_caption_en=["Workers at the Tachi-S seat plant."])
    data["_save_without_publishing"] = ["1"]
    assert editor.post(change_url(article), data)

    notice = get_page(editor, change_url(article)).find("div", class_="pending-change").text

    assert "Changed: Lead image, Caption in this article (English)." in notice
    # Readers keep the live version: no image, until the change is published.
    assert Article.objects.get(pk=article.pk).image is None
    publish = get_page(editor, change_url(article))
    assert publish.find("select", id="id_image").find("option", selected=True)["value"] == str(picture.pk)


def test_publishing_changes_says_what_was_left_out_because_someone_deleted_it_meanwhile(editor, article):
    kept, deleted = TagFactory(name_en="Seats"), TagFactory(name_en="Tachi-S")
    _page, data = open_form(editor, change_url(article), "article_form")
    data.update(tags=[str(kept.pk), str(deleted.pk)], headline_en=[CHANGED], _save_without_publishing=["1"])
    editor.post(change_url(article), data)
    deleted.delete()

    notice = get_page(editor, change_url(article)).find("div", class_="pending-change").text
    assert "Left out, because someone deleted it after the changes were saved: Tags (1)." in notice

    response = edit(editor, article, "_publish_changes")

    warnings = get_page(editor, response["Location"]).find("ul", class_="messagelist").texts("li", class_="warning")
    assert warnings == ["Left out, because someone deleted it after the changes were saved: Tags (1)."]
    assert list(Article.objects.get(pk=article.pk).tags.all()) == [kept]


@pytest.mark.parametrize("button", [None, "_save", "_continue", "_addanother"])
def test_a_save_that_names_no_publishing_button_keeps_the_changes_from_readers(editor, article, button):
    _page, data = open_form(editor, change_url(article), "article_form")
    data["headline_en"] = [CHANGED]
    if button:
        data[button] = ["1"]

    assert editor.post(change_url(article), data).status_code == 302

    assert headline_readers_see(article) == LIVE
    assert PendingChange.objects.get().data["fields"]["headline_en"] == CHANGED
