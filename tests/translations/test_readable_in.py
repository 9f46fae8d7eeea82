"""`readable_in`, the column pages ask, always says what the reader's rule says of the texts.

The rule itself (`readable_in_by_texts_q`: released, and every field the original fills filled,
an interview's questions and answers included) is kept as the reference: after each kind of
change the workflow makes, the column and the rule agree on every object of a whole site, in
every language — and the pages follow the column.
"""

import pytest

from newsroom.articles.models import Article, Correction, InterviewExchange
from newsroom.translations.models import LANGUAGE_CODES, Translation, fill_readable_in, readable_in_by_texts_q
from newsroom.translations.workflow import (
    mark_complete,
    record_edit,
    release,
    translate_and_release,
    withdraw,
)
from tests.pages import url_in
from tests.whole_site import TEXTS, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])


def readability(site) -> dict[tuple[str, int, str], bool]:
    """(model, pk, language) → readable, by the column; asserting on the way that the rule agrees,
    in SQL and in Python."""
    found = {}
    for model in {type(obj) for obj in site.translatable_objects}:
        for code in LANGUAGE_CODES:
            by_column = set(model.objects.readable_in(code).values_list("pk", flat=True))
            by_texts = set(model.objects.filter(readable_in_by_texts_q(model, code)).values_list("pk", flat=True))
            assert by_column == by_texts, f"{model.__name__} in {code}"
            in_python = {obj.pk for obj in model.objects.all() if obj.is_readable_in(code)}
            assert in_python == by_column, f"{model.__name__} in {code}"
            for pk in model.objects.values_list("pk", flat=True):
                found[model.__name__, pk, code] = pk in by_column
    return found


def german(site, obj) -> bool:
    return readability(site)[type(obj).__name__, obj.pk, "de"]


def release_all(site):
    for obj in site.translatable_objects:
        translate_and_release(obj, "de", by=None)


def test_nothing_released_is_readable_only_in_its_original(site):
    found = readability(site)
    assert {language for (_model, _pk, language), readable in found.items() if readable} == {"en"}


def test_releasing_and_withdrawing_each_object_moves_the_column_with_the_rule(site):
    release_all(site)
    assert all(readability(site).values())

    for obj in site.translatable_objects:
        withdraw(obj.translations.get(language="de"), by=None)
        assert not german(site, obj)


def test_an_edit_that_empties_or_fills_a_translated_field(site):
    release_all(site)
    article = Article.objects.get(pk=site.article.pk)
    article.standfirst_de = ""
    article.save()
    record_edit(article, by=None)
    assert not german(site, article)

    article.standfirst_de = "Wieder da."
    article.save()
    record_edit(article, by=None)
    # In progress again since it was emptied: it waits to be marked complete.
    assert not german(site, article)
    translate_and_release(article, "de", by=None)
    assert german(site, article)


def test_a_new_field_in_the_original_keeps_readers_on_the_original_until_it_is_translated(site):
    release_all(site)
    tag = site.tag
    site.section.description_en = "A new description."
    site.section.description_de = ""
    site.section.save()
    record_edit(site.section, by=None)
    assert not german(site, site.section)
    # An outdated translation stays with readers when every field is still filled.
    tag.name_en = "Renamed"
    tag.save()
    record_edit(tag, by=None)
    assert tag.translations.get(language="de").state == Translation.State.OUTDATED
    assert german(site, tag)


def test_an_interviews_questions_and_answers_count(site):
    release_all(site)
    interview = site.interview
    exchange = InterviewExchange.objects.create(article=interview, question_en="And then?", answer_en="We grow.")
    assert not german(site, interview)

    exchange.question_de, exchange.answer_de = "Und dann?", "Wir wachsen."
    exchange.save()
    assert german(site, interview)

    exchange.answer_de = ""
    exchange.save()
    assert not german(site, interview)

    exchange.delete()
    assert german(site, interview)


def test_a_correction_is_read_in_the_original_meanwhile_and_changes_nothing(site):
    release_all(site)
    Correction.objects.create(article=site.article, text_en="A figure was wrong.")
    record_edit(site.article, by=None)
    assert german(site, site.article)


def test_released_pending_changes_count_from_the_row_as_saved(site):
    release_all(site)
    translation = site.article.translations.get(language="de")
    # Typed on the translation page after the release: readers keep the released text meanwhile.
    translation.pending = {"standfirst": ""}
    translation.save()
    assert german(site, site.article)

    release(translation, by=None, obj=site.article)
    assert not german(site, site.article)


def test_a_new_original_language(site):
    release_all(site)
    place = site.place
    place.original_language = "de"
    place.save()
    record_edit(place, by=None)
    assert german(site, place)
    assert readability(site)["Place", place.pk, "en"] is False
    mark_complete(place, "en", by=None)
    release(place.translations.get(language="en"), by=None, obj=place)
    assert readability(site)["Place", place.pk, "en"] is True


def test_filling_the_column_from_the_texts_gives_what_the_workflow_kept(site):
    release_all(site)
    InterviewExchange.objects.create(article=site.interview, question_en="And then?", answer_en="We grow.")
    withdraw(site.tag.translations.get(language="de"), by=None)
    kept = readability(site)

    for model in {type(obj) for obj in site.translatable_objects}:
        model.objects.update(readable_in="")
        fill_readable_in(model.objects.all())

    assert readability(site) == kept
    assert not all(kept.values()) and any(v for (_m, _pk, code), v in kept.items() if code == "de")


def test_the_article_page_follows_the_column(client, site):
    url = url_in("de", "articles:detail", slug=site.article.slug_de)
    assert TEXTS["en"]["headline"] in client.get(url, follow=True).content.decode()

    release_all(site)
    assert TEXTS["de"]["headline"] in client.get(url).content.decode()

    withdraw(site.article.translations.get(language="de"), by=None)
    assert TEXTS["de"]["headline"] not in client.get(url, follow=True).content.decode()
    # The page asks the column alone: set by hand, it is what readers get.
    Article.objects.filter(pk=site.article.pk).update(readable_in="|en|de|")
    assert TEXTS["de"]["headline"] in client.get(url, follow=True).content.decode()
