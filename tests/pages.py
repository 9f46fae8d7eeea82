"""Reading pages the way a reader or an editor's browser does: elements, their text, links and forms."""

from html import unescape
from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes holding space-separated tokens, matched by token rather than by whole value.
TOKEN_ATTRIBUTES = {"class", "rel"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Element | None" = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>{self.text[:60]!r}"

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    @property
    def raw_text(self) -> str:
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self) -> str:
        """The element's text as a reader sees it: whitespace collapsed."""
        return " ".join(self.raw_text.split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def matches(self, tag: str | None, attrs: dict[str, str | bool]) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for name, wanted in attrs.items():
            value = self.attrs.get(name)
            if wanted is True:
                if value is None:
                    return False
            elif name in TOKEN_ATTRIBUTES:
                if value is None or wanted not in value.split():
                    return False
            elif value != wanted:
                return False
        return True

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Descendants matching `tag` and attributes; `class_` for class, `aria_label` for aria-label."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [element for element in self.iter() if element is not self and element.matches(tag, wanted)]

    def find(self, tag: str | None = None, **attrs) -> "Element":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs} in the page"
        return found[0]

    def texts(self, tag: str | None = None, **attrs) -> list[str]:
        return [element.text for element in self.find_all(tag, **attrs)]

    @property
    def language(self) -> str | None:
        """The language the element's content is marked in: its own `lang`, or its nearest ancestor's."""
        element = self
        while element is not None:
            if "lang" in element.attrs:
                return element.attrs["lang"]
            element = element.parent
        return None


# Attributes whose text a reader meets (read out, or shown instead of an image), in the element's language.
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


def texts_with_language(page: "Element") -> list[tuple[str, str | None]]:
    """Every text a reader meets in the page's body — text, alternative texts, labels — with the
    language it is marked in, as a screen reader or a browser's translation would take it."""
    found = []
    for element in page.find("body").iter():
        if element.tag in {"script", "style"}:
            continue
        for child in element.children:
            if isinstance(child, str) and child.strip():
                found.append((" ".join(child.split()), element.language))
        found += [(element.attrs[name], element.language) for name in READ_ATTRIBUTES if element.attrs.get(name)]
    return found


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(response_or_html) -> Element:
    content = getattr(response_or_html, "content", response_or_html)
    builder = _TreeBuilder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return builder.root


def link_href(page: Element, **attrs) -> str:
    """The href of the one link matching `attrs` (e.g. rel="next"), as a browser would follow it."""
    links = page.find_all("a", **attrs)
    assert len(links) == 1, f"expected one link with {attrs}, found {len(links)}"
    return unescape(links[0]["href"])


def form_data(page: Element, form_id: str) -> dict[str, list[str]]:
    """What a browser would submit for the form `form_id` without the user touching it."""
    form = page.find("form", id=form_id)
    data: dict[str, list[str]] = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for element in form.iter():
        name = element.get("name")
        if not name or "__prefix__" in name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = element.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None:
                    add(name, element.get("value", "on"))
                continue
            add(name, element.get("value", ""))
        elif element.tag == "textarea":
            # A browser drops the one newline that follows the opening tag.
            text = element.raw_text
            add(name, text[1:] if text.startswith("\n") else text)
        elif element.tag == "select":
            options = element.find_all("option")
            chosen = [option for option in options if option.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option.text))
    return data


def url_in(language: str, name: str, **kwargs) -> str:
    """A named URL in `language`: its prefix and its translated path words."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def get_page(client, url: str, status: int = 200) -> Element:
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}, not {status}"
    return parse(response)


def open_form(client, url: str, form_id: str) -> tuple[Element, dict[str, list[str]]]:
    """GET a page with a form: the page, and what submitting the form untouched would send."""
    page = get_page(client, url)
    return page, form_data(page, form_id)


def translate_url(obj, language: str) -> str:
    """The admin's side-by-side translation page of `obj` into `language`."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/translate/{language}/"


def translate_in_admin(client, obj, language: str, button: str = "_save", **texts: str):
    """Open the side-by-side page as its user would, type `texts` (field → text), press `button`.
    A text the page shows in segments (`body-s1`, `body-s2`, …) is typed segment by segment."""
    from newsroom.translations.segments import cut

    url = translate_url(obj, language)
    _page, data = open_form(client, url, "translation_form")
    for field, text in texts.items():
        count = sum(1 for key in data if key.startswith(f"{field}-s") and key[len(field) + 2 :].isdigit())
        if field in data or not count:
            data[field] = [text]
            continue
        pieces = [segment.html for segment in cut(text, rich=text.lstrip().startswith("<"))]
        assert len(pieces) == count, f"{field}: {len(pieces)} segments typed, the page shows {count}"
        data.update({f"{field}-s{number}": [piece] for number, piece in enumerate(pieces, start=1)})
    data[button] = ["1"]
    return client.post(url, data)


def logged_in(user, **client_options):
    """A browser session of `user`, without the password round trip (hashing is slow on purpose)."""
    from django.test import Client

    client = Client(**client_options)
    client.force_login(user)
    return client


def change_url(obj) -> str:
    """The admin's change form of `obj`."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
