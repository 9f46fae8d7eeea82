"""Rich text cut into segments and joined again: structure from the original, words from the translation."""

import pytest

from newsroom.translations.segments import CONFIRMED, NEW, OUTDATED, align, join, pairs, split

BODY = (
    "<h2>Nissan &amp; JICA</h2>"
    '<p>The plant in <a href="https://example.org/ags">Aguascalientes</a> grows <em>again</em>.</p>'
    "<ul><li><p>First point</p></li><li>Second point</li></ul>"
    "<blockquote><p>A quote</p></blockquote><hr><p></p>"
    "<table><tbody><tr><th><p>Year</p></th><td>2026</td></tr></tbody></table>"
)


def test_the_segments_are_the_blocks_that_hold_words_in_reading_order():
    assert [(s.tag, s.html) for s in split(BODY)] == [
        ("h2", "Nissan &amp; JICA"),
        ("p", 'The plant in <a href="https://example.org/ags">Aguascalientes</a> grows <em>again</em>.'),
        ("p", "First point"),
        ("li", "Second point"),
        ("p", "A quote"),
        ("p", "Year"),
        ("td", "2026"),
    ]
    assert split(BODY)[1].text == "The plant in Aguascalientes grows again."


def test_joining_keeps_the_originals_structure_and_the_translations_inline_markup():
    german = [
        "Nissan &amp; JICA",
        'Das Werk in <a href="https://example.org/ags">Aguascalientes</a> wächst <em>wieder</em>.',
        "Erster Punkt",
        "Zweiter Punkt",
        "Ein Zitat",
        "Jahr",
        "2026",
    ]
    joined = join(BODY, german)
    assert joined == (
        "<h2>Nissan &amp; JICA</h2>"
        '<p>Das Werk in <a href="https://example.org/ags">Aguascalientes</a> wächst <em>wieder</em>.</p>'
        "<ul><li><p>Erster Punkt</p></li><li>Zweiter Punkt</li></ul>"
        "<blockquote><p>Ein Zitat</p></blockquote><hr><p></p>"
        "<table><tbody><tr><th><p>Jahr</p></th><td>2026</td></tr></tbody></table>"
    )
    assert [s.html for s in split(joined)] == german


def test_text_without_blocks_is_one_segment():
    assert [s.html for s in split("Plain text\nin two lines")] == ["Plain text\nin two lines"]
    assert join("Plain text", ["Klartext"]) == "Klartext"
    assert split("") == split(None) == []


def test_a_wrong_number_of_segments_is_refused():
    with pytest.raises(ValueError):
        join(BODY, ["only one"])


def test_a_translation_pairs_with_its_original_segment_by_segment_and_a_blob_pairs_with_nothing():
    german = join(BODY, ["Nissan &amp; JICA", "Das Werk", "", "Zweiter Punkt", "Ein Zitat", "Jahr", "2026"])
    assert [(s.text, text) for s, text in pairs(BODY, german, rich=True)][:3] == [
        ("Nissan &amp; JICA", "Nissan &amp; JICA"),
        ("The plant in Aguascalientes grows again.", "Das Werk"),
        ("Second point", "Zweiter Punkt"),
    ]
    assert pairs(BODY, "<p>Alles in einem</p>", rich=True) == []
    assert pairs("A.\n\nB.", "X.\n\nY.", rich=False)[1][1] == "Y."


def test_segments_line_up_unchanged_changed_new_and_removed():
    before = split("<p>One</p><p>Two</p><p>Three</p><p>Four</p>")
    now = split("<p>One</p><p>Two, changed</p><p>New</p><p>Four</p><p>Five</p>")
    states = [(a.original.text, a.translation, a.state) for a in align(now, before, ["Eins", "Zwei", "Drei", "Vier"])]
    assert states == [
        ("One", "Eins", CONFIRMED),
        ("Two, changed", "Zwei", OUTDATED),
        ("New", "Drei", OUTDATED),
        ("Four", "Vier", CONFIRMED),
        ("Five", "", NEW),
    ]
    merged = align(split("<p>One and two</p>"), split("<p>One</p><p>Two</p>"), ["Eins", "Zwei"])
    assert [(a.translation, a.state) for a in merged] == [("Eins Zwei", OUTDATED)]
    assert align(now, before, ["only", "two"]) is None
