"""Rich text cut into segments and joined again: structure from the original, words from the translation."""

import pytest

from newsroom.translations.segments import join, split

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
