"""Rich text cut into the pieces a translator translates one at a time: paragraphs, headings, list items.

A segment is the innermost block element that holds words (a `<p>`, an `<h2>`, an `<li>` without a
paragraph of its own, a table cell). Its inner HTML — words with their links and emphasis — is what a
translator writes; the blocks around it come from the original. Joining the translated segments into
the original's skeleton gives the translation back as one rich text, with the original's structure.
Text without any block (a plain-text field) is one segment.

Plain text that readers get as paragraphs (an interview's answer, a correction's note, shown with
`linebreaks`) is cut at its empty lines instead: `cut`, `stitch` and `cut_like` take either kind.

`align` lines up the segments of the original now with those of the original a translation was
made from, so that only the segments whose words changed need the translator again.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags

# Elements that hold blocks or words of their own; everything else is inline.
BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "ul", "ol", "dl", "dt", "dd", "pre", "div"}
    | {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "figure", "figcaption"}
)
VOID = frozenset("br hr img wbr".split())


@dataclass(frozen=True)
class Segment:
    tag: str  # the block it sits in ("p", "h2", "li"), "" for text without blocks
    html: str  # its inner HTML, as readers get it

    @property
    def text(self) -> str:
        """Its words, for comparing and for the translation memory."""
        return " ".join(strip_tags(self.html).split())


class _Node:
    def __init__(self, tag, inner_start):
        self.tag, self.inner_start, self.inner_end = tag, inner_start, inner_start
        self.children: list[_Node] = []
        self.has_own_words = False


# A start or end tag, its attributes quoted or not. Sanitized HTML is all this module reads for
# structure, and a regular expression reads it in a tenth of html.parser's time: a long article's
# page cuts several texts of 20 KB on every request. `<br/>`, as people type a line break out of
# habit, is a whole tag too.
TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s(?:[^"'>]|"[^"]*"|'[^']*')*)?/?>""")


class _Outline:
    """Where each block's inner HTML starts and ends in the source."""

    def __init__(self, html: str):
        self.root = _Node("", 0)
        self.stack = [self.root]
        position = 0
        for match in TAG.finditer(html):
            if html[position : match.start()].strip():
                self._words_here()
            closing, tag = match.group(1), match.group(2).lower()
            if closing:
                self._end(tag, match.start())
            elif tag in BLOCKS:
                node = _Node(tag, match.end())
                self.stack[-1].children.append(node)
                self.stack.append(node)
            elif tag not in VOID:
                self._words_here()
            position = match.end()
        if html[position:].strip():
            self._words_here()
        self.root.inner_end = len(html)

    def _end(self, tag: str, offset: int):
        if tag not in BLOCKS:
            return
        # Sanitized HTML is well formed; an unclosed block is closed by its parent's end.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                for node in self.stack[depth:]:
                    node.inner_end = offset
                del self.stack[depth:]
                return

    def _words_here(self):
        self.stack[-1].has_own_words = True


def _leaves(node: _Node):
    """The nodes whose inner HTML is one segment, in reading order."""
    if node.tag and (node.has_own_words or not node.children):
        yield node
        return
    if not node.tag and node.has_own_words:
        # Words outside any block: the whole text is one segment.
        yield node
        return
    for child in node.children:
        yield from _leaves(child)


def _has_words(html: str) -> bool:
    return bool(unescape(TAG.sub("", html)).strip())


def _spans(html: str) -> list[_Node]:
    return [node for node in _leaves(_Outline(html).root) if _has_words(html[node.inner_start : node.inner_end])]


BLOCK_TAG = re.compile(r"<\s*/?\s*(" + "|".join(sorted(BLOCKS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def has_blocks(html: str) -> bool:
    """Whether `html` opens or closes a block (a paragraph, a list): more than one segment's worth."""
    return bool(BLOCK_TAG.search(html or ""))


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
OPENING = re.compile(r"<[a-zA-Z/!?]")


def cut_short(html: str) -> bool:
    """Whether `html` leaves a tag or comment open: a sanitizer takes everything after it along."""
    return bool(OPENING.search(TAG.sub("", COMMENT.sub("", html or ""))))


# What a translator types for bold and italics out of habit, as the sanitizer keeps them.
USUAL_EMPHASIS = re.compile(r"<(/?)(b|i)((?:\s[^>]*)?)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")


def with_usual_emphasis(html: str) -> str:
    """`html` with <b> and <i> written as the <strong> and <em> the sanitizer keeps."""
    return USUAL_EMPHASIS.sub(
        lambda match: f"<{match.group(1)}{'strong' if match.group(2).lower() == 'b' else 'em'}{match.group(3)}>", html
    )


def _markup(html: str) -> Counter:
    """Each start tag of `html` by name, and each of its attributes by tag and name."""
    found = Counter()
    for match in TAG.finditer(html):
        if match.group(1):
            continue
        name = match.group(2).lower()
        found[f"<{name}>"] += 1
        attributes = match.group(0)[len(name) + 1 : -1]
        for attribute in ATTRIBUTE.finditer(attributes):
            found[f"<{name} {attribute.group(1).lower()}>"] += 1
    return found


def dropped_markup(typed: str, kept: str) -> list[str]:
    """The tags and attributes of `typed` that sanitizing (`kept`) removed, in the order typed:
    "<span>", "<a href>"."""
    return list(_markup(typed) - _markup(kept))


def split(html: str | None) -> list[Segment]:
    """The segments of `html` that hold words, in reading order."""
    html = html or ""
    return [Segment(node.tag, html[node.inner_start : node.inner_end].strip()) for node in _spans(html)]


def join(original: str, translated: list[str]) -> str:
    """`original` with the inner HTML of each of its segments replaced by the translated one, in order.
    `translated` has one entry per segment of `split(original)`."""
    spans = _spans(original or "")
    if len(spans) != len(translated):
        raise ValueError(f"{len(translated)} translated segments for {len(spans)} in the original")
    pieces, position = [], 0
    for node, text in zip(spans, translated, strict=True):
        pieces += [original[position : node.inner_start], text]
        position = node.inner_end
    pieces.append(original[position:])
    return "".join(pieces)


# Paragraphs of plain text are what Django's `linebreaks` makes paragraphs of.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str | None) -> list[Segment]:
    return [Segment("p", part.strip()) for part in PARAGRAPH_BREAK.split((text or "").strip()) if part.strip()]


def cut(text: str | None, *, rich: bool) -> list[Segment]:
    return split(text) if rich else paragraphs(text)


def stitch(original: str, translated: list[str], *, rich: bool) -> str:
    """The translation as one text with the original's structure. No words at all is no translation
    (an empty text), not the original's skeleton with empty blocks."""
    if not any(text.strip() for text in translated):
        return ""
    if rich:
        return join(original, translated)
    if len(paragraphs(original)) != len(translated):
        raise ValueError(f"{len(translated)} translated paragraphs for {len(paragraphs(original))} in the original")
    # Empty paragraphs are kept as empty lines, so that a half-done translation cuts back the same way.
    return "\n\n".join(text.strip() for text in translated)


def cut_like(translation: str | None, original: str | None, *, rich: bool) -> list[str] | None:
    """The inner texts of `translation`, one per segment of `original` — the text it was stitched
    into — empty ones included; None when it does not have the original's structure (typed as one
    text, or made from another version)."""
    count = len(cut(original, rich=rich))
    if not (translation or "").strip():
        return [""] * count
    if not rich:
        # Not stripped first: a leading empty paragraph is an untranslated first one.
        parts = [part.strip() for part in translation.replace("\r\n", "\n").split("\n\n")]
        return parts if len(parts) == count else None
    original_leaves = list(_leaves(_Outline(original or "").root))
    translated_leaves = list(_leaves(_Outline(translation).root))
    if len(original_leaves) != len(translated_leaves) or any(
        a.tag != b.tag for a, b in zip(original_leaves, translated_leaves, strict=True)
    ):
        return None
    texts = [
        translation[mine.inner_start : mine.inner_end].strip()
        for theirs, mine in zip(original_leaves, translated_leaves, strict=True)
        if _has_words(original[theirs.inner_start : theirs.inner_end])
    ]
    return texts if len(texts) == count else None


def pairs(original: str | None, translation: str | None, *, rich: bool) -> list[tuple[Segment, str]]:
    """Each segment of `original` with its translation, the empty ones left out: what a translation
    memory remembers. Empty where `translation` does not have the original's structure."""
    translated = cut_like(translation, original, rich=rich)
    if translated is None:
        return []
    return [(segment, text) for segment, text in zip(cut(original, rich=rich), translated, strict=True) if text]


CONFIRMED, OUTDATED, NEW = "confirmed", "outdated", "new"


@dataclass(frozen=True)
class Aligned:
    """One segment of the original now, with the translation it starts from."""

    original: Segment
    translation: str  # the inner text to start from: the earlier translation, or ""
    state: str  # CONFIRMED (its original is unchanged), OUTDATED (changed since translated) or NEW
    before: Segment | None = None  # the original it was translated from, when OUTDATED


def align(current: list[Segment], source: list[Segment] | None, translated: list[str]) -> list[Aligned] | None:
    """Line up the original's segments now (`current`) with the translation's (`translated`, one per
    segment of `source`, the original it was made from). Unchanged segments keep their translation,
    changed ones keep it as a start, new ones are empty, removed ones are gone. Without a `source`
    a translation with as many segments as the original is taken as made from it. None when the
    two cannot be lined up."""
    if not any(translated):
        return [Aligned(segment, "", NEW) for segment in current]
    if source is None:
        if len(translated) != len(current):
            return None
        return [
            Aligned(segment, text, CONFIRMED if text else NEW)
            for segment, text in zip(current, translated, strict=True)
        ]
    if len(translated) != len(source):
        return None
    aligned = []
    # By HTML, not words: a changed link is a change the translation must follow too.
    matcher = difflib.SequenceMatcher(a=[s.html for s in source], b=[s.html for s in current], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            aligned += [
                Aligned(current[j], translated[i], CONFIRMED if translated[i] else NEW)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        elif op == "replace":
            pairs = min(i2 - i1, j2 - j1)
            for offset in range(pairs):
                i = i1 + offset
                text = translated[i]
                if offset == pairs - 1 and i2 - i1 > pairs:
                    # Segments merged into fewer: the last one starts from all their translations.
                    text = " ".join(t for t in translated[i:i2] if t)
                aligned.append(Aligned(current[j1 + offset], text, OUTDATED if text else NEW, source[i]))
            aligned += [Aligned(current[j], "", NEW) for j in range(j1 + pairs, j2)]
        elif op == "insert":
            aligned += [Aligned(current[j], "", NEW) for j in range(j1, j2)]
    return aligned
