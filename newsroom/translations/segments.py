"""Rich text cut into the pieces a translator translates one at a time: paragraphs, headings, list items.

A segment is the innermost block element that holds words (a `<p>`, an `<h2>`, an `<li>` without a
paragraph of its own, a table cell). Its inner HTML — words with their links and emphasis — is what a
translator writes; the blocks around it come from the original. Joining the translated segments into
the original's skeleton gives the translation back as one rich text, with the original's structure.
Text without any block (a plain-text field) is one segment.
"""

from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

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


class _Outline(HTMLParser):
    """Where each block's inner HTML starts and ends in the source."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for number, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(number + 1)
        self.root = _Node("", 0)
        self.stack = [self.root]
        self.feed(html)
        self.close()
        self.root.inner_end = len(html)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            node = _Node(tag, self._offset() + len(self.get_starttag_text()))
            self.stack[-1].children.append(node)
            self.stack.append(node)
        elif tag not in VOID:
            self._words_here()

    def handle_endtag(self, tag):
        if tag not in BLOCKS:
            return
        # Sanitized HTML is well formed; an unclosed block is closed by its parent's end.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                end = self._offset()
                for node in self.stack[depth:]:
                    node.inner_end = end
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data.strip():
            self._words_here()

    def handle_entityref(self, name):
        self._words_here()

    def handle_charref(self, name):
        self._words_here()

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
    return bool(unescape(strip_tags(html)).strip())


def _spans(html: str) -> list[_Node]:
    return [node for node in _leaves(_Outline(html).root) if _has_words(html[node.inner_start : node.inner_end])]


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
