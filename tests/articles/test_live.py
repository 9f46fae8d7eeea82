"""Live coverage: an article with short timestamped updates, posted from the admin's live desk in
the article's language, read newest first (key points pinned), polled by the open page as a small
fragment, described as a LiveBlogPosting, carried by the feeds and the ninjs documents, and read as
an ordinary article once closed."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from newsroom.articles.models import Article, LiveUpdate
from newsroom.operations.metrics import kind_of
from newsroom.syndication import documents
from newsroom.translations.models import Translation
from newsroom.translations.workflow import record_edit
from tests.factories import ArticleFactory, EditorFactory, ImageFactory, ReporterFactory, TranslatorFactory
from tests.pages import form_data, get_page, logged_in, open_form, parse, translate_url, url_in
from tests.queries import count_queries, count_warm_queries

pytestmark = pytest.mark.django_db

FORM_ID = "live-update-form"


def live_desk_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/live/"


def live_article(**fields) -> Article:
    return ArticleFactory(
        is_live=True,
        headline_en="Governor opens Hyundai Rotem plant in Aguascalientes",
        headline_de="Gouverneurin eröffnet Hyundai-Rotem-Werk in Aguascalientes",
        **fields,
    )


def post(article, minutes_ago: int, **texts) -> LiveUpdate:
    return LiveUpdate.objects.create(
        article=article, posted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **texts
    )


def fragment_url(article, language: str) -> str:
    return url_in(language, "articles:live-updates", slug=article.slug_in(language))


def get_raw(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def structured_data(page) -> dict:
    graph = json.loads(page.find("script", type="application/ld+json").raw_text)["@graph"]
    return next(node for node in graph if node["@type"] == "LiveBlogPosting")


# Editors post through the live desk.


@pytest.mark.parametrize(
    ("original", "other"),
    [("en", "de"), ("de", "en")],
)
def test_an_editor_posts_an_update_in_the_articles_language_and_readers_of_both_languages_get_it(
    client, original, other
):
    article = live_article(original_language=original)
    editor = logged_in(EditorFactory())
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update(
        {
            f"headline_{original}": ["First train leaves the line"],
            f"body_{original}": ["<p>The first of 40 metro cars for Monterrey rolls out.</p>"],
            "is_pinned": ["on"],
        }
    )

    response = editor.post(live_desk_url(article), data)

    assert response.status_code == 302
    update = article.live_updates.get()
    assert getattr(update, f"body_{original}") == "<p>The first of 40 metro cars for Monterrey rolls out.</p>"
    assert update.is_pinned
    own = get_page(client, article.url_in(original))
    assert "First train leaves the line" in own.find("li", id=f"update-{update.pk}").text
    # Not yet translated: readers of the other language get it at once, in its original, marked so.
    foreign = get_page(client, article.url_in(other))
    text = foreign.find("li", id=f"update-{update.pk}").find("div", class_="live-update__text")
    assert text["lang"] == original
    assert "40 metro cars" in text.text


def test_posting_editing_deleting_an_update_and_closing_are_in_the_articles_history():
    article = live_article()
    editor = logged_in(EditorFactory())
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update({"headline_en": ["Speeches"], "body_en": ["<p>Speeches begin.</p>"]})
    assert editor.post(live_desk_url(article), data).status_code == 302
    update = article.live_updates.get()
    url = f"{live_desk_url(article)}{update.pk}/"
    _page, data = open_form(editor, url, FORM_ID)
    data["body_en"] = ["<p>Speeches begin at noon.</p>"]
    assert editor.post(url, data).status_code == 302
    assert editor.post(f"{url}delete/").status_code == 302
    assert editor.post(live_desk_url(article), {"_close": "1", "_confirmed": "1"}).status_code == 302

    history = get_page(editor, f"/admin/articles/article/{article.pk}/history/").text

    assert history.count("live update") == 3
    assert "Changed live coverage closed" in history
    assert "Added live update" in history
    assert "Changed text" in history
    assert "Deleted live update" in history


def test_an_update_without_text_is_refused_with_the_headline_kept(client):
    article = live_article()
    editor = logged_in(EditorFactory())
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update({"headline_en": ["Ribbon cut"], "body_en": ["<p></p>"]})

    response = editor.post(live_desk_url(article), data)

    assert response.status_code == 200
    page = parse(response)
    assert page.find("input", name="headline_en")["value"] == "Ribbon cut"
    assert "Write the update" in page.find("form", id=FORM_ID).text
    assert not article.live_updates.exists()


def test_a_reporter_who_may_not_change_the_published_article_may_not_post_to_it():
    article = live_article()
    reporter = logged_in(ReporterFactory())

    response = reporter.post(live_desk_url(article), {"headline_en": "Leak", "body_en": "<p>Not mine.</p>"})

    assert response.status_code == 403
    assert not article.live_updates.exists()


def test_an_edit_over_a_colleagues_newer_save_is_refused_and_keeps_what_was_typed():
    article = live_article()
    update = post(article, 5, body_en="<p>Ribbon cut at 11:00.</p>")
    editor = logged_in(EditorFactory())
    url = f"{live_desk_url(article)}{update.pk}/"
    _page, data = open_form(editor, url, FORM_ID)
    # A colleague saves first.
    update.body_en = "<p>Ribbon cut at 11:05.</p>"
    update.save()
    data["body_en"] = ["<p>Ribbon cut at 11:02.</p>"]

    response = editor.post(url, data)

    assert response.status_code == 200
    page = parse(response)
    assert "Someone else changed this update" in page.text
    assert "11:05" in page.text
    assert "11:02" in page.find("textarea", name="body_en").raw_text
    update.refresh_from_db()
    assert update.body_en == "<p>Ribbon cut at 11:05.</p>"
    # Saved again from the refused form, knowingly: theirs is replaced.
    data = form_data(page, FORM_ID)
    assert editor.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.body_en == "<p>Ribbon cut at 11:02.</p>"


def test_an_editor_deletes_an_update_after_confirming(client):
    article = live_article()
    update = post(article, 5, body_en="<p>Wrong figure.</p>")
    editor = logged_in(EditorFactory())
    url = f"{live_desk_url(article)}{update.pk}/delete/"

    assert "Wrong figure." in get_page(editor, url).text
    assert editor.post(url).status_code == 302

    assert not LiveUpdate.objects.filter(pk=update.pk).exists()
    assert "Wrong figure." not in get_page(client, article.url_in("en")).text


def test_closing_the_coverage_from_the_desk_makes_the_page_an_ordinary_article(client):
    article = live_article()
    post(article, 30, body_en="<p>Doors open.</p>")
    post(article, 10, body_en="<p>Speeches begin.</p>")
    editor = logged_in(EditorFactory())
    # The desk's button asks first, as deleting does: nothing changes until the editor confirms.
    response = editor.post(live_desk_url(article), {"_close": "1"})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.live_closed_at is None

    assert editor.post(live_desk_url(article), form_data(parse(response), "live-close-form")).status_code == 302

    article.refresh_from_db()
    assert article.live_closed_at is not None
    page = get_page(client, article.url_in("en"))
    assert page.find_all("span", class_="live-badge") == []
    assert page.find_all("script", src="/static/js/live-updates.js") == []
    assert page.find_all(id="live-status") == []
    # The updates stay, as the record of the day, oldest first.
    texts = [item.text for item in page.find("section", class_="live--closed").find_all("li")]
    assert "Doors open." in texts[0] and "Speeches begin." in texts[1]
    node = structured_data(page)
    assert node["coverageEndTime"].startswith(str(timezone.localdate(article.live_closed_at)))


# Translators translate updates with the article.


def test_a_new_update_outdates_the_translation_and_the_translator_translates_it_beside_the_article(client):
    article = live_article()
    editor = logged_in(EditorFactory())
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update({"headline_en": ["Speeches"], "body_en": ["<p>Speeches begin.</p>"]})
    assert editor.post(live_desk_url(article), data).status_code == 302
    update = article.live_updates.get()
    assert article.translation_in("de").state == Translation.State.OUTDATED
    # Readers of German do not wait: the article stays German, the update shows in English.
    assert article.readable_languages == ["en", "de"]
    translator = logged_in(TranslatorFactory())
    url = translate_url(article, "de")
    _page, data = open_form(translator, url, "translation_form")
    assert f"live_updates-{update.pk}-body-s1" in data

    data.update(
        {
            f"live_updates-{update.pk}-headline": ["Reden"],
            f"live_updates-{update.pk}-body-s1": ["Die Reden beginnen."],
            "_complete": ["1"],
        }
    )
    response = translator.post(url, data)
    assert response.status_code == 302, [e.text for e in parse(response).find_all(class_="errorlist")]
    version = get_page(client, fragment_url(article, "de")).find("li")["data-version"]
    # An editor releases the finished translation to readers.
    _page, data = open_form(editor, url, "translation_form")
    assert editor.post(url, {**data, "_release": ["1"]}).status_code == 302
    # The open German page sees a new version of the update, and takes it.
    assert get_page(client, fragment_url(article, "de")).find("li")["data-version"] != version

    update.refresh_from_db()
    assert update.body_de == "<p>Die Reden beginnen.</p>"
    page = get_page(client, article.url_in("de"))
    text = page.find("li", id=f"update-{update.pk}").find("div", class_="live-update__text")
    assert text.get("lang") is None
    assert "Die Reden beginnen." in text.text


# Readers.


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_live_page_shows_the_badge_the_key_points_and_the_updates_newest_first(client, language):
    article = live_article()
    first = post(article, 40, body_en="<p>Doors open.</p>", body_de="<p>Die Türen öffnen sich.</p>", is_pinned=True)
    second = post(article, 10, headline_en="Speeches", body_en="<p>Speeches begin.</p>")

    page = get_page(client, article.url_in(language))

    assert page.find("span", class_="live-badge").text
    items = page.find("ol", id="live-updates").find_all("li", class_="live-update")
    assert [item["id"] for item in items] == [f"update-{second.pk}", f"update-{first.pk}"]
    assert items[0].find("time")["datetime"].startswith(str(timezone.localdate(second.posted_at)))
    assert items[0].find("a")["href"] == f"#update-{second.pk}"
    key_points = page.find("section", class_="key-points").text
    assert ("Die Türen öffnen sich." if language == "de" else "Doors open.") in key_points
    # Translated, the first is in German on the German page; the second is not, and says so.
    second_text = items[0].find("div", class_="live-update__text")
    assert second_text.get("lang") == ("en" if language == "de" else None)
    polled = page.find("ol", id="live-updates")
    assert polled["data-live-url"] == fragment_url(article, language)
    assert polled["data-live-poll-seconds"] == "30"
    assert page.find("p", id="live-status")["aria-live"] == "polite"


def test_the_poll_interval_comes_from_the_setting(client, settings):
    settings.LIVE_POLL_SECONDS = 2
    article = live_article()

    page = get_page(client, article.url_in("en"))

    assert page.find("ol", id="live-updates")["data-live-poll-seconds"] == "2"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_fragment_holds_the_newest_updates_and_whether_the_coverage_is_open(client, language):
    article = live_article()
    update = post(article, 5, body_en="<p>Doors open.</p>")

    fragment = get_page(client, fragment_url(article, language))

    listed = fragment.find("ol", id="live-updates-fragment")
    assert listed["data-live-open"] == "true"
    assert listed.find("li")["data-update-id"] == str(update.pk)


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(hours=2)},
    ],
)
def test_the_fragment_of_an_article_readers_may_not_see_is_not_found(client, state):
    article = live_article(**state)
    post(article, 5, body_en="<p>Secret.</p>")

    response = client.get(fragment_url(article, "en"))

    assert response.status_code == 404
    assert b"Secret." not in response.content


def test_the_fragment_is_not_for_search_engines(client):
    article = live_article()
    post(article, 5, body_en="<p>Doors open.</p>")

    response = client.get(fragment_url(article, "en"))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"


def test_two_edits_in_the_same_second_are_two_versions(client):
    article = live_article()
    update = post(article, 5, body_en="<p>Doors open.</p>")
    first = get_page(client, fragment_url(article, "en")).find("li")["data-version"]
    stamp = update.updated_at
    LiveUpdate.objects.filter(pk=update.pk).update(body_en="<p>Doors open at 9.</p>", updated_at=stamp)

    assert get_page(client, fragment_url(article, "en")).find("li")["data-version"] != first


def test_an_updates_image_whose_licence_ended_is_not_shown_nor_its_caption_or_credit(client):
    image = ImageFactory(
        caption_en="The new assembly hall",
        credit_en="Photo: Ana Ruiz",
        licence_last_day=timezone.localdate() - datetime.timedelta(days=1),
    )
    article = live_article()
    update = post(article, 5, body_en="<p>Doors open.</p>", image=image)

    item = get_page(client, article.url_in("en")).find("li", id=f"update-{update.pk}")

    assert "Doors open." in item.text
    assert not item.find_all("figure")
    assert "The new assembly hall" not in item.text
    assert "Ana Ruiz" not in item.text


def test_an_ordinary_article_has_no_fragment(client):
    article = ArticleFactory()

    assert client.get(fragment_url(article, "en")).status_code == 404


def test_the_structured_data_is_a_live_blog_posting_with_its_updates(client):
    article = live_article()
    update = post(article, 5, headline_en="Speeches", body_en="<p>Speeches <b>begin</b>.</p>")

    node = structured_data(get_page(client, article.url_in("de")))

    assert "coverageEndTime" not in node
    assert node["coverageStartTime"]
    [posting] = node["liveBlogUpdate"]
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Speeches"
    assert posting["articleBody"] == "Speeches begin."
    assert posting["inLanguage"] == "en"
    assert posting["url"].endswith(f"{article.url_in('de')}#update-{update.pk}")


def test_the_structured_data_lists_the_newest_50_each_with_a_headline_modified_at_the_latest_edit(client):
    article = live_article()
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=article,
            posted_at=timezone.now() - datetime.timedelta(minutes=60 - n),
            body_en=f"<p>Update number {n} from the assembly hall of the new plant, where the governor speaks.</p>",
        )
        for n in range(52)
    )
    oldest = article.live_updates.order_by("posted_at").first()
    edited_at = timezone.now().replace(microsecond=0)
    LiveUpdate.objects.filter(pk=oldest.pk).update(body_en="<p>Corrected.</p>", updated_at=edited_at)

    node = structured_data(get_page(client, article.url_in("en")))

    assert len(node["liveBlogUpdate"]) == 50
    assert node["liveBlogUpdate"][0]["headline"] == "Update number 51 from the assembly hall of the new plant, where…"
    assert datetime.datetime.fromisoformat(node["dateModified"]) == edited_at


# Feeds and documents.


def test_the_articles_updates_feed_has_one_item_per_update_linked_from_its_page(client):
    article = live_article()
    update = post(article, 5, headline_en="Speeches", body_en="<p>Speeches begin.</p>")
    page = get_page(client, article.url_in("en"))
    feeds = {
        link["type"]: link["href"]
        for link in page.find_all("link", rel="alternate")
        if "Updates" in link.get("title", "")
    }

    rss = ET.fromstring(client.get(feeds["application/rss+xml"]).content)
    atom = client.get(feeds["application/atom+xml"])

    [item] = rss.findall("./channel/item")
    assert item.findtext("title") == "Speeches"
    assert item.findtext("link").endswith(f"#update-{update.pk}")
    assert atom.status_code == 200 and b"Speeches begin." in atom.content


def test_the_german_updates_feed_marks_an_untranslated_update_as_english(client):
    article = live_article()
    update = post(article, 5, headline_en="Speeches", body_en="<p>Speeches begin.</p>")
    translated = post(article, 9, body_en="<p>Doors open.</p>", body_de="<p>Die Türen öffnen sich.</p>")

    atom = ET.fromstring(get_raw(client, url_in("de", "articles:live-atom", slug=article.slug_in("de"))))

    languages = {
        entry.find("{http://www.w3.org/2005/Atom}link").get("href").rpartition("#")[2]: entry.get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        for entry in atom.findall("{http://www.w3.org/2005/Atom}entry")
    }
    assert languages == {update.anchor: "en", translated.anchor: None}


@pytest.mark.parametrize("name", ["articles:live-rss", "articles:live-atom"])
def test_the_updates_feed_under_the_other_languages_slug_redirects_to_this_languages(client, name):
    article = live_article()
    post(article, 5, body_en="<p>Doors open.</p>")

    response = client.get(url_in("en", name, slug=article.slug_in("de")))

    assert response.status_code == 301
    assert response["Location"] == url_in("en", name, slug=article.slug_in("en"))


def test_the_site_feed_shows_a_live_article_updated_at_its_newest_update(client):
    article = live_article(published_at=timezone.now() - datetime.timedelta(days=1))
    update = post(article, 3, body_en="<p>Speeches begin.</p>")

    atom = ET.fromstring(client.get(url_in("en", "articles:feed-atom")).content)

    entry = atom.find("{http://www.w3.org/2005/Atom}entry")
    updated = datetime.datetime.fromisoformat(entry.findtext("{http://www.w3.org/2005/Atom}updated"))
    assert updated == update.posted_at


def test_a_new_update_is_a_new_version_of_the_ninjs_document_announced_as_updated():
    article = live_article()
    documents.reconcile([article.pk])

    post(article, 0, body_en="<p>Speeches begin.</p>")
    outcome = documents.reconcile([article.pk])

    assert (article.pk, "en", documents.UPDATED) in outcome.changes
    stored = article.published_documents.get(language="en")
    assert "Speeches begin." in stored.document


def test_polls_are_counted_as_live_fragments_hit_or_miss():
    assert kind_of("/de/artikel/werk-eroeffnet/updates/", "hit") == "live_fragment"
    assert kind_of("/en/articles/plant-opens/updates/", "miss") == "live_fragment"


# Costs.


def test_a_live_page_with_300_updates_costs_no_more_queries_than_an_ordinary_article(client):
    ordinary = ArticleFactory()
    article = live_article()
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=article,
            posted_at=timezone.now() - datetime.timedelta(minutes=number),
            body_en=f"<p>Update {number}.</p>",
            is_pinned=number % 50 == 0,
        )
        for number in range(300)
    )

    for language in ("en", "de"):
        live_url, ordinary_url = article.url_in(language), ordinary.url_in(language)
        assert count_queries(client, live_url) <= count_queries(client, ordinary_url)
        assert count_warm_queries(client, live_url) <= count_warm_queries(client, ordinary_url)
        assert count_warm_queries(client, fragment_url(article, language)) <= count_warm_queries(client, ordinary_url)


# Translators translate one update straight to readers.


def translated_article_with_new_update():
    """A live article whose German translation is complete and released, and an update posted since
    (which outdates it)."""
    article = live_article(body_en="<p>The plant opens.</p>", body_de="<p>Das Werk öffnet.</p>")
    editor = logged_in(EditorFactory())
    translation = article.translation_in("de")
    assert translation.state == Translation.State.COMPLETE and translation.is_released
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update({"headline_en": ["Speeches"], "body_en": ["<p>Speeches begin.</p>"]})
    assert editor.post(live_desk_url(article), data).status_code == 302
    article.forget_translations()
    assert article.translation_in("de").state == Translation.State.OUTDATED
    return article, article.live_updates.get()


def live_translate_url(article, update, language: str) -> str:
    return f"{live_desk_url(article)}{update.pk}/translate/{language}/"


def test_a_translator_translates_one_update_and_german_readers_get_it_at_once(client):
    article, update = translated_article_with_new_update()
    english = get_page(client, article.url_in("de")).find("li", id=f"update-{update.pk}")
    assert english.find("div", class_="live-update__text")["lang"] == "en"
    translator = logged_in(TranslatorFactory())
    desk = get_page(translator, live_desk_url(article))
    assert desk.find("a", href=live_translate_url(article, update, "de"))
    page, data = open_form(translator, live_translate_url(article, update, "de"), "live-translate-form")
    assert "Speeches begin." in page.find(class_="live-desk__original").text
    data.update({"headline_de": ["Reden"], "body_de": ["<p>Die Reden beginnen.</p>"]})

    response = translator.post(live_translate_url(article, update, "de"), data)

    assert response.status_code == 302
    for url in (article.url_in("de"), fragment_url(article, "de")):
        item = get_page(client, url).find("li", id=f"update-{update.pk}")
        text = item.find("div", class_="live-update__text")
        assert text.get("lang") is None
        assert "Die Reden beginnen." in text.text and "Reden" in item.text
    # Nothing else was outdated: the translation is complete again, and still released.
    article.forget_translations()
    translation = article.translation_in("de")
    assert translation.state == Translation.State.COMPLETE and translation.is_released
    history = get_page(logged_in(EditorFactory()), f"/admin/articles/article/{article.pk}/history/").text
    assert "Speeches" in history


def test_the_translation_stays_outdated_while_the_articles_own_text_changed(client):
    article, update = translated_article_with_new_update()
    article.body_en = "<p>The plant opens today.</p>"
    article.save()
    record_edit(article, by=None)
    translator = logged_in(TranslatorFactory())
    _page, data = open_form(translator, live_translate_url(article, update, "de"), "live-translate-form")
    data.update({"headline_de": ["Reden"], "body_de": ["<p>Die Reden beginnen.</p>"]})
    assert translator.post(live_translate_url(article, update, "de"), data).status_code == 302

    article.forget_translations()
    assert article.translation_in("de").state == Translation.State.OUTDATED


def test_a_translator_of_another_language_may_not_translate_an_update_nor_forge_the_post(client):
    article, update = translated_article_with_new_update()
    translator = logged_in(TranslatorFactory(languages=["en"]))
    url = live_translate_url(article, update, "de")

    assert translator.get(url).status_code == 403
    assert translator.post(url, {"headline_de": "Falsch", "body_de": "<p>Falsch.</p>"}).status_code == 403
    update.refresh_from_db()
    assert not update.body_de


def test_two_translators_saving_the_same_update_conflict_and_the_second_keeps_what_was_typed():
    article, update = translated_article_with_new_update()
    first, second = logged_in(TranslatorFactory()), logged_in(TranslatorFactory())
    url = live_translate_url(article, update, "de")
    _page, first_data = open_form(first, url, "live-translate-form")
    _page, second_data = open_form(second, url, "live-translate-form")
    first_data.update({"headline_de": ["Reden"], "body_de": ["<p>Die Reden beginnen.</p>"]})
    assert first.post(url, first_data).status_code == 302
    second_data.update({"headline_de": ["Ansprachen"], "body_de": ["<p>Die Ansprachen beginnen.</p>"]})

    response = second.post(url, second_data)

    assert response.status_code == 200
    page = parse(response)
    assert "Someone else changed this update" in page.text and "Die Reden beginnen." in page.text
    assert "Die Ansprachen beginnen." in page.find("textarea", name="body_de").raw_text
    update.refresh_from_db()
    assert update.body_de == "<p>Die Reden beginnen.</p>"
    assert second.post(url, form_data(page, "live-translate-form")).status_code == 302
    update.refresh_from_db()
    assert update.body_de == "<p>Die Ansprachen beginnen.</p>"


def test_the_translation_page_names_each_updates_texts_by_its_time_and_headline_in_fields_and_refusals():
    article, update = translated_article_with_new_update()
    older = post(article, 30, headline_en="Doors open", body_en="<p>Doors open at nine.</p>")
    article.forget_translations()
    record_edit(article, by=None)
    translator = logged_in(TranslatorFactory())
    url = translate_url(article, "de")
    page, data = open_form(translator, url, "translation_form")
    time = timezone.localtime(older.posted_at).strftime("%H:%M")
    assert f"Update {time} — Doors open: headline" in page.text
    data.update(
        {
            f"live_updates-{update.pk}-headline": ["Reden"],
            f"live_updates-{update.pk}-body-s1": ["Die Reden beginnen."],
            "_complete": ["1"],
        }
    )

    response = translator.post(url, data)

    assert response.status_code == 200
    refusal = parse(response).text
    assert f"Update {time} — Doors open: headline" in refusal and f"Update {time} — Doors open: text" in refusal
    assert "Text 2" not in refusal


def test_the_articles_sitemap_dates_a_live_article_by_its_newest_update(client):
    article = live_article(published_at=timezone.now() - datetime.timedelta(days=3))

    def lastmod() -> str:
        root = ET.fromstring(get_raw(client, "/sitemap-articles.xml"))
        ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        dates = {url.findtext("sm:loc", namespaces=ns): url.findtext("sm:lastmod", namespaces=ns) for url in root}
        return next(date for loc, date in dates.items() if loc.endswith(article.url_in("en")))

    assert lastmod() == timezone.localdate(article.published_at).isoformat()
    editor = logged_in(EditorFactory())
    _page, data = open_form(editor, live_desk_url(article), FORM_ID)
    data.update({"body_en": ["<p>Doors open.</p>"]})
    assert editor.post(live_desk_url(article), data).status_code == 302

    assert lastmod() == timezone.localdate().isoformat()


def test_the_update_translation_page_and_the_desk_cost_the_same_queries_with_many_updates(client):
    translator = logged_in(TranslatorFactory())
    counts = []
    for number in (2, 30):
        article = live_article()
        updates = [post(article, minutes, body_en=f"<p>Update {minutes}.</p>") for minutes in range(number)]
        counts.append(
            (
                count_queries(translator, live_translate_url(article, updates[0], "de")),
                count_queries(translator, live_desk_url(article)),
            )
        )

    assert counts[0] == counts[1]
