"""A long article body in both languages, cut the same way: for the segment tests and bench/translation_page.py."""

WORDS_EN = "the plant in Aguascalientes adds a second line for engines and hires local suppliers".split()
WORDS_DE = "das Werk in Aguascalientes baut eine zweite Linie für Motoren und stellt Zulieferer ein".split()


def _sentence(words: list[str], number: int, length: int) -> str:
    picked = [words[(number * 7 + i) % len(words)] for i in range(length)]
    return " ".join(picked).capitalize() + f" ({number})."


def long_body(segments: int = 60, words: int = 3000, *, german: bool = False) -> str:
    """`segments` blocks — a heading every tenth, a two-item list every tenth, paragraphs between —
    holding about `words` words, with a link and emphasis in each paragraph."""
    vocabulary = WORDS_DE if german else WORDS_EN
    # Headings are short and list items half a paragraph: paragraphs carry the rest.
    per_paragraph = max(words * 5 // (segments * 4), 3)
    blocks, number = [], 1
    while number <= segments:
        if number % 10 == 1:
            blocks.append(f"<h2>{_sentence(vocabulary, number, 4)}</h2>")
            number += 1
        elif number % 10 == 5 and number + 1 <= segments:
            items = "".join(
                f"<li><p>{_sentence(vocabulary, n, per_paragraph // 2)}</p></li>" for n in (number, number + 1)
            )
            blocks.append(f"<ul>{items}</ul>")
            number += 2
        else:
            text = _sentence(vocabulary, number, per_paragraph)
            head, tail = text.split(" ", 1)
            blocks.append(f'<p><a href="https://example.org/{number}">{head}</a> <em>{tail}</em></p>')
            number += 1
    return "".join(blocks)
