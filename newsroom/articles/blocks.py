"""What the article page shows beside the article's own row, kept in the shared cache per article
(and language, where it is text) until something it shows changes: with `newsroom.pagecache`'s
keys, noted while it is computed and invalidated when an object changes. On a warm cache an
article page asks the database for its row and nothing else."""

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.db.models import CharField, Prefetch, Value, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from newsroom.images.models import Image
from newsroom.pagecache import keys, tagged
from newsroom.prefetching import _fill_cache, prefetch_together
from newsroom.translations.models import LANGUAGE_CODES, providers_of, released_marker

from .models import RELATED_ARTICLES, Article, Byline, Correction, InterviewExchange, LiveUpdate, Section

# The entities an article links to, and the many-to-many fields that link them.
LINKED = ("organizations", "people", "places", "events", "tags")
# What the article page shows of the objects its foreign keys name (joined to the article's own
# row, they made PostgreSQL plan a seven-table join on every request).
FOREIGN = ("section", "series", "dateline", "interviewee", "fact_checked_by", "image")


def _bylines() -> Prefetch:
    return Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("order", "id"))


def cached_block(cache_key: str, compute: Callable[[], Any], timeout: Callable[[], float] | None = None) -> Any:
    """`tagged.fragment`, with a timeout asked only when the block is computed (it may cost a query)."""
    found = tagged.get(cache_key)
    if found is not tagged.MISSING:
        value, shown = found
        keys.note(*shown)
        return value
    began = time.time()
    with keys.collecting() as shown:
        value = compute()
    tagged.set(cache_key, value, shown, timeout() if timeout else tagged.BLOCK_SECONDS, began=began)
    return value


def until_next_publication() -> float:
    """A block of articles must not outlive the next scheduled one: nothing invalidates it then."""
    due = Article.objects.next_publication_at()
    if due is None:
        return tagged.BLOCK_SECONDS
    return min(tagged.BLOCK_SECONDS, (due - timezone.now()).total_seconds() + 1)


def linked_objects(article: Article, names=LINKED) -> list:
    """Every object `article` links to by the fields `names`, published or not, as bare instances
    (for their keys), in one query."""
    first, *others = [
        getattr(Article, name)
        .through.objects.filter(article_id=article.pk)
        .annotate(relation=Value(name, output_field=CharField()))
        .values_list("relation", Article._meta.get_field(name).m2m_reverse_name())
        for name in names
    ]
    return [Article._meta.get_field(name).related_model(pk=pk) for name, pk in first.union(*others, all=True)]


def _links_and_parts(article: Article) -> dict[str, list]:
    """What the article page links to and the article's parts, every one of them: the page leaves
    out what readers may not see yet (an unpublished organization, a correction still to come)
    each time it is shown, so a cached set never holds back what becomes visible."""
    related = {name: getattr(Article, name).field.related_model.objects.all() for name in LINKED}
    related["corrections"] = Correction.objects.all()
    if article.kind == Article.Kind.INTERVIEW:
        related["exchanges"] = InterviewExchange.objects.all()
    if article.is_reported_by_ai:
        related["human_reviews"] = article.human_reviews.all()[:1]
    if article.is_live:
        # Every update, in the same query: a live page with 300 keeps the article page's budget.
        related["live_updates"] = LiveUpdate.objects.all()
    # Several relations in one query rather than one each.
    prefetch_together(article, **related)
    prefetch_related_objects([article], _bylines())
    found = {name: list(getattr(article, name).all()) for name in [*related, "bylines"]}
    keys.note(keys.key(article), *(keys.key(obj) for name in LINKED for obj in found[name]))
    keys.note(*(keys.key(byline.author) for byline in found["bylines"]))
    # Which released translations took a machine's suggestions unchanged, asked with the same row.
    released = [code for code in LANGUAGE_CODES if released_marker(code) in article.released_languages]
    joined = (
        Article.objects.select_related(*FOREIGN, "interviewee__organization")
        .with_machine_translated(*released)
        .get(pk=article.pk)
    )
    foreign = {name: getattr(joined, name) for name in FOREIGN}
    interviewee = foreign["interviewee"]
    keys.note(*(keys.key(obj) for obj in [*foreign.values(), getattr(interviewee, "organization", None)] if obj))
    machine = {code: providers_of(getattr(joined, f"machine_translated_{code}")) for code in released}
    return {
        "links": found,
        "foreign": foreign,
        "machine_translated": machine,
        "update_images": _update_images(found.get("live_updates", [])),
    }


def _update_images(updates: list[LiveUpdate]) -> dict[int, Image]:
    """The images of a live article's updates, in one query (none without images)."""
    ids = {update.image_id for update in updates if update.image_id is not None}
    images = Image.objects.in_bulk(ids) if ids else {}
    keys.note(*(keys.key(image) for image in images.values()))
    return images


def load_links_and_parts(article: Article, *, cached: bool = True) -> None:
    """Fill the article's caches of its bylines, what it links to and its parts, as readers see them now."""
    found = (
        cached_block(f"block:article-links:{article.pk}", lambda: _links_and_parts(article))
        if cached
        else _links_and_parts(article)
    )
    links, now = found["links"], timezone.now()
    visible = {
        **{name: [obj for obj in links[name] if getattr(obj, "is_published", True)] for name in LINKED},
        "corrections": [c for c in links["corrections"] if c.is_shown_at(now)],
    }
    for name, objects in links.items():
        _fill_cache(article, name, visible.get(name, objects))
    article.machine_translated_in = found.get("machine_translated", {})
    images = found.get("update_images", {})
    for update in links.get("live_updates", []):
        LiveUpdate.image.field.set_cached_value(update, images.get(update.image_id))
    for name, obj in found["foreign"].items():
        field = Article._meta.get_field(name)
        # Only what the row still names (the set may be older than the row read just now).
        if getattr(obj, "pk", None) == getattr(article, field.attname):
            field.set_cached_value(article, obj)


def note_candidate_collections(article: Article) -> dict[str, list[int]]:
    """ "You may like" draws its candidates from the articles sharing one of this article's
    organizations, people, events or tags, or its section (see `ArticleQuerySet.related_to`), and
    the hand-picked ones, which change with the article itself. Returns the ids of those subjects
    by relation."""
    names = ("organizations", "people", "events", "tags")
    noted = [keys.key(article), keys.list_key(Article), keys.list_key(Article, via=Section(pk=article.section_id))]
    subjects: dict[str, list[int]] = {name: [] for name in names}
    by_model = {Article._meta.get_field(name).related_model: name for name in names}
    for obj in linked_objects(article, names):
        noted.append(keys.list_key(Article, via=obj))
        subjects[by_model[type(obj)]].append(obj.pk)
    keys.note(*noted)
    return subjects


def you_may_like(article: Article, language: str, *, cached: bool = True) -> str:
    def render() -> str:
        subjects = note_candidate_collections(article)
        related = list(Article.objects.related_to(article, language, subjects).for_teasers()[:RELATED_ARTICLES])
        keys.note(*(keys.key(shown) for shown in related), *(keys.key(shown.section) for shown in related))
        keys.note(*(key for shown in related for key in shown.image_keys))
        return render_to_string("articles/includes/you_may_like.html", {"related": related})

    if not cached:
        return render()
    return cached_block(f"block:you-may-like:{article.pk}:{language}", render, until_next_publication)


CARD_TEMPLATE = "articles/includes/article_card.html"


def _card_keys(article: Article) -> list[str]:
    return [
        keys.key(article),
        keys.key(article.section),
        *article.image_keys,
        *(keys.key(b.author) for b in article.bylines.all()),
    ]


def _card_name(pk: int, language: str, variant: dict, is_feature: bool) -> str:
    flags = "".join(sorted(name for name, on in variant.items() if on))
    return f"card:{pk}:{language}:{flags}:{is_feature}"


def uncached_cards(blocks_of_cards: list[tuple[list[int], dict, bool]], language: str) -> set[int]:
    """The ids among `blocks_of_cards` — (ids, variant, feature_first) — whose card is not in the
    cache: only their articles need to be read."""
    names = {
        _card_name(pk, language, variant, feature_first and number == 0): pk
        for pks, variant, feature_first in blocks_of_cards
        for number, pk in enumerate(pks)
    }
    valid = tagged.get_many(names)
    return {pk for name, pk in names.items() if name not in valid}


def render_cards(articles, language: str, *, cached: bool = True, feature_first: bool = False, **variant) -> str:
    """The cards of `articles` — articles, or the ids of articles whose card is in the cache — each
    kept rendered per article, language and variant (`with_image`, `with_standfirst`) and shown
    again until the article, its section or a byline's author changes."""
    return "".join(render_card_list(articles, language, cached=cached, feature_first=feature_first, **variant))


def render_card_list(articles, language: str, *, cached=True, feature_first=False, **variant) -> list[str]:
    """`render_cards`, one card per article in order (empty for one taken off the site since)."""
    articles = list(articles)
    pks = [getattr(article, "pk", article) for article in articles]
    names = [_card_name(pk, language, variant, feature_first and number == 0) for number, pk in enumerate(pks)]
    entries = tagged.get_many(names) if cached else {}
    # An id whose card went since the view looked (evicted, invalidated) is read now.
    lost = [pk for pk, article, name in zip(pks, articles, names, strict=True) if article == pk and name not in entries]
    if lost:
        found = Article.objects.published().for_cards().in_bulk(lost)
        articles = [found.get(article, article) if article in lost else article for article in articles]
    missing = [
        article
        for article, name in zip(articles, names, strict=True)
        if name not in entries
        and isinstance(article, Article)
        and "bylines" not in getattr(article, "_prefetched_objects_cache", {})
    ]
    prefetch_related_objects(missing, _bylines())
    html = []
    for number, (article, name) in enumerate(zip(articles, names, strict=True)):
        if name in entries:
            card, shown = entries[name]
            keys.note(*shown)
            html.append(card)
            continue
        if not isinstance(article, Article):
            html.append("")  # taken off the site since the view looked
            continue
        began = time.time()
        context = {"article": article, "is_feature": feature_first and number == 0, **variant}
        with keys.collecting() as shown:
            keys.note(*_card_keys(article))
            card = render_to_string(CARD_TEMPLATE, context)
        if cached:
            tagged.set(name, card, shown, tagged.BLOCK_SECONDS, began=began)
        html.append(card)
    return html


UPDATE_TEMPLATE = "articles/includes/live_update.html"


def update_version(item: dict) -> str:
    """A digest of what an update shows readers of one language: its `data-version`, which the open
    page compares. A released translation (saved without touching `updated_at`) or two edits in
    the same second still change it."""
    update = item["update"]
    image_shown = update.image_id is not None and update.image is not None and update.image.is_shown_at()
    shown = [item["headline"], item["body"], item["language"], update.image_id, image_shown, update.is_pinned]
    shown += [update.posted_at.isoformat(), update.updated_at.isoformat()]
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:16]


def _update_name(item: dict, language: str, in_key_points: bool) -> str:
    """An update's rendering is named by what it shows: an edit, a released translation or a new
    image gives it a new name, so nothing needs invalidating but the image it shows."""
    return f"live-update:{item['update'].pk}:{language}:{int(in_key_points)}:{update_version(item)}"


def render_live_updates(items: list[dict], language: str, *, cached: bool = True, in_key_points=False) -> list[str]:
    """Each of a live article's updates (`views.live_items`) rendered, kept in the shared cache
    per update, language and content: a new update renders itself alone, not the 300 before it
    (rendering them all took ~200 ms of a live page's ~220)."""
    names = [_update_name(item, language, in_key_points) for item in items]
    found = tagged.get_many(names) if cached else {}
    html = []
    for item, name in zip(items, names, strict=True):
        if name in found:
            rendered, shown = found[name]
            keys.note(*shown)
            html.append(mark_safe(rendered))  # noqa: S308 - our template's HTML, kept
            continue
        began = time.time()
        with keys.collecting() as shown:
            image_id = item["update"].image_id
            keys.note(*([f"image-{image_id}"] if image_id else []))
            rendered = render_to_string(
                UPDATE_TEMPLATE, {"item": item, "in_key_points": in_key_points, "version": update_version(item)}
            )
        if cached:
            tagged.set(name, rendered, shown, tagged.BLOCK_SECONDS, began=began)
        html.append(mark_safe(rendered))  # noqa: S308 - our template's HTML
    return html
