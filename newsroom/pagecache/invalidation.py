"""Which keys each change to public content invalidates.

Pages note the key of every public object they load (a `post_init` receiver, below) and the list
keys of the collections they show (in the views). Here, every save, deletion and change of a
many-to-many relation of those models invalidates the changed object's key and the list keys of
every collection it joins or leaves — with the relations it had before the change and those it
has after. Model signals catch every path through the ORM except `QuerySet.update()`, whose
callers (the bulk publish actions) send `keys.objects_updated`, which `objects_changed` receives.

Drafts are left alone: an article that was not published before a save and is not after it is on
no public page (previews and share links are never cached).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete, pre_save

from newsroom.articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    InterviewExchange,
    LiveUpdate,
    Section,
    Series,
    Tag,
)
from newsroom.editorial.models import HumanReview, PendingChange
from newsroom.events.models import Event
from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import Translation

from . import keys
from .keys import SEARCH_KEY

# Every 404 page notes it; anything that may make a missing page exist invalidates it.
MISSING_KEY = "missing"
# Shown by the entry holding the time of the next scheduled change (schedule.py): every change to
# a schedule invalidates it.
SCHEDULE_KEY = "schedule"
# Whether a change to an article moves it into or out of a list, or within one.
ARTICLE_LIST_FIELDS = (
    "status",
    "published_at",
    "section_id",
    "series_id",
    "kind",
    "is_featured",
    "original_language",
    "released_languages",
    "readable_in",
)
ENTITY_STATE_FIELDS = ("is_published", "released_languages", "readable_in", "original_language", "slug")


def public_models():
    return [Article, Section, Series, Tag, Author, Organization, Person, Place, Event, Image]


def entity_models():
    return [model for model in public_models() if model._meta.model_name != "article"]


# What pages show: every public object loaded while a response is collecting its keys.


def note_loaded(sender, instance, **kwargs):
    if keys.collecting_now() and instance.pk is not None:
        keys.note(f"{sender._meta.model_name}-{instance.pk}")


# Articles.


def is_public(article) -> bool:
    """Before readers, now or at its publish time: its pages may be cached, now or soon."""
    return article.status in type(article).BEFORE_READERS


def article_keys(article, *, old: dict | None = None) -> set[str]:
    """The article's own key and the lists it is in (or was in, by `old`'s section and series)."""
    shown = articles_keys([article])
    if old:
        was_in = {"section": old.get("section_id"), "series": old.get("series_id")}
        shown |= {f"article-list-{name}-{pk}" for name, pk in was_in.items() if pk is not None}
    return shown


def articles_keys(articles) -> set[str]:
    """The keys of several articles and of the lists they are in, in six queries however many."""
    shown = {keys.list_key("article"), SEARCH_KEY, MISSING_KEY}
    vias = set()
    for article in articles:
        shown.add(keys.key(article))
        vias |= {("section", article.section_id), ("series", article.series_id)}
    ids = [article.pk for article in articles if article.pk is not None]
    if ids:
        vias |= {("author", pk) for pk in Byline.objects.filter(article_id__in=ids).values_list("author_id", flat=True)}
        for name in ("tags", "organizations", "people", "places", "events"):
            field = Article._meta.get_field(name)
            linked = field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}_id__in": ids})
            model_name = field.related_model._meta.model_name
            vias |= {(model_name, pk) for pk in linked.values_list(field.m2m_reverse_name(), flat=True)}
    shown |= {f"article-list-{name}-{pk}" for name, pk in vias if pk is not None}
    return shown


def _list_fields(model) -> list[str]:
    present = {field.attname for field in model._meta.concrete_fields}
    return [name for name in ARTICLE_LIST_FIELDS if name in present]


def article_saving(sender, instance, raw=False, **kwargs):
    old = sender._default_manager.filter(pk=instance.pk).values(*_list_fields(sender)) if instance.pk else None
    instance._pagecache_old = old.first() if old is not None else None


def article_saved(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_pagecache_old", None)
    was_public = old is not None and old["status"] in sender.BEFORE_READERS
    if not (was_public or is_public(instance)):
        return
    if old is None or any(old[name] != getattr(instance, name) for name in _list_fields(sender)):
        shown = article_keys(instance, old=old)
        shown.add(SCHEDULE_KEY)
    else:
        shown = {keys.key(instance), SEARCH_KEY}
    keys.invalidate(*shown)


def article_deleting(sender, instance, **kwargs):
    if is_public(instance):
        keys.invalidate(*article_keys(instance), SCHEDULE_KEY)


def objects_changed(sender, pks, **kwargs) -> None:
    """For `QuerySet.update()` callers (the bulk actions), after the update (`keys.objects_updated`):
    invalidate what the changed objects show, as a save would."""
    model = sender
    objects = model._default_manager.filter(pk__in=list(pks))
    if model._meta.model_name == "article":
        shown = {SCHEDULE_KEY} | articles_keys(list(objects))
    else:
        shown = set()
        for obj in objects:
            shown |= entity_keys(obj, with_links=True)
    keys.invalidate(*shown)


def article_part_changed(sender, instance, **kwargs):
    """A byline, interview question, correction, review or live update is part of its article's
    page (and of a live article's fragment and updates feed, which note its key)."""
    article = Article.objects.filter(pk=instance.article_id).only("status").first()
    if article is None or not is_public(article):
        return
    shown = {keys.key(article), SEARCH_KEY}
    model_name = sender._meta.model_name
    if model_name == "byline":
        shown |= {keys.list_key("article"), f"article-list-author-{instance.author_id}"}
    if model_name == "correction":
        shown |= {keys.list_key("correction"), SCHEDULE_KEY}
    if model_name == "liveupdate":
        # The articles' sitemap dates a live article by its newest update.
        shown.add(keys.list_key("liveupdate"))
    keys.invalidate(*shown)


# Sections, series, tags, authors, organizations, people, places, events.


def _forward_links(obj) -> set[str]:
    """Keys of the public objects this one points to (a person's organization, a series' section):
    their pages list it."""
    public = {model._meta.model_name for model in public_models()}
    linked = set()
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.model_name in public:
            pk = getattr(obj, field.attname)
            if pk is not None:
                linked.add(f"{field.related_model._meta.model_name}-{pk}")
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            name = field.related_model._meta.model_name
            if name in public:
                linked |= {f"{name}-{pk}" for pk in getattr(obj, field.name).values_list("pk", flat=True)}
    return linked


def _reverse_links(obj) -> set[str]:
    """Keys of the public objects pointing to this one: their pages show it, or leave it out while
    it is not published."""
    public = {model._meta.model_name for model in public_models()}
    linked = set()
    for relation in obj._meta.related_objects:
        name = relation.related_model._meta.model_name
        if name not in public:
            continue
        manager = relation.related_model._default_manager
        pks = manager.filter(**{relation.field.name: obj}).values_list("pk", flat=True)
        linked |= {f"{name}-{pk}" for pk in pks}
    return linked


def entity_keys(obj, *, with_links: bool, old: dict | None = None) -> set[str]:
    name = obj._meta.model_name
    shown = {keys.key(obj), keys.list_key(name), MISSING_KEY} | _forward_links(obj)
    if old:
        for field in obj._meta.concrete_fields:
            if field.is_relation and old.get(field.attname) is not None:
                shown.add(f"{field.related_model._meta.model_name}-{old[field.attname]}")
    if with_links:
        shown |= _reverse_links(obj)
        shown.add(keys.list_key("article", via=obj))
    if name == "event":
        shown |= {keys.list_key("event"), SCHEDULE_KEY}
    if name == "section":
        # The navigation lists every section, on every page.
        shown.add(keys.list_key("section"))
    return shown


def _state(obj) -> dict:
    fields = [f.attname for f in obj._meta.concrete_fields if f.is_relation or f.name in ENTITY_STATE_FIELDS]
    return {name: getattr(obj, name, None) for name in fields}


def entity_saving(sender, instance, raw=False, **kwargs):
    fields = list(_state(instance))
    instance._pagecache_old = (
        sender._default_manager.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    )


def entity_saved(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_pagecache_old", None)
    # Published or taken down: pages linking it show it or leave it out. (Pages that show it have
    # noted its own key.)
    with_links = old is not None and old.get("is_published", True) != getattr(instance, "is_published", True)
    keys.invalidate(*entity_keys(instance, with_links=with_links, old=old))


def entity_deleting(sender, instance, **kwargs):
    keys.invalidate(*entity_keys(instance, with_links=False))


# Many-to-many relations: an article's tags, organizations …; an organization's places, an event's organizers.


def relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    source, field = _m2m_fields()[sender]
    if action == "pre_clear":
        # Which objects the relation held, before they are gone.
        if reverse:
            held = source._default_manager.filter(**{field.name: instance})
            instance._pagecache_cleared = set(held.values_list("pk", flat=True))
        else:
            instance._pagecache_cleared = set(getattr(instance, field.name).values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_pagecache_cleared", set())
    if not pk_set:
        return
    sources, targets = (set(pk_set), {instance.pk}) if reverse else ({instance.pk}, set(pk_set))
    target_name = field.related_model._meta.model_name
    if source._meta.model_name == "article":
        public = list(
            source._default_manager.filter(pk__in=sources).published_or_scheduled().values_list("pk", flat=True)
        )
        if not public:
            return
        shown = {f"article-{pk}" for pk in public} | {keys.list_key("article"), SEARCH_KEY, MISSING_KEY}
        if target_name != "article":
            shown |= {f"article-list-{target_name}-{pk}" for pk in targets}
    else:
        source_name = source._meta.model_name
        shown = {f"{source_name}-{pk}" for pk in sources} | {f"{target_name}-{pk}" for pk in targets}
        if source_name == "event":
            shown.add(keys.list_key("event"))
    keys.invalidate(*shown)


_M2M = {}


def _m2m_fields():
    if not _M2M:
        for model in public_models():
            for field in model._meta.many_to_many:
                _M2M[field.remote_field.through] = (model, field)
    return _M2M


# Translations and schedules.


def translation_saving(sender, instance, raw=False, **kwargs):
    old = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._pagecache_was_visible = old is not None and old.is_visible_to_readers


def translation_changed(sender, instance, **kwargs):
    """A translation released or withdrawn: what readers of that language get changes. (Its text
    is saved on the object itself, whose own save invalidates what shows it.)"""
    if "created" in kwargs:  # saved
        before, after = getattr(instance, "_pagecache_was_visible", False), instance.is_visible_to_readers
    else:  # deleted
        before, after = instance.is_visible_to_readers, False
    if before == after:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model not in public_models():
        return
    obj = model._default_manager.filter(pk=instance.object_id).first()
    if obj is None:
        return
    if model._meta.model_name == "article":
        if is_public(obj):
            keys.invalidate(*article_keys(obj))
    else:
        keys.invalidate(*entity_keys(obj, with_links=False))


def schedule_changed(sender, **kwargs):
    keys.invalidate(SCHEDULE_KEY)


def connect():
    uid = "pagecache"
    keys.objects_updated.connect(objects_changed, dispatch_uid=uid)
    for model in public_models():
        post_init.connect(note_loaded, sender=model, dispatch_uid=uid)
    pre_save.connect(article_saving, sender=Article, dispatch_uid=uid)
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid=uid)
    for model in entity_models():
        pre_save.connect(entity_saving, sender=model, dispatch_uid=uid)
        post_save.connect(entity_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(entity_deleting, sender=model, dispatch_uid=uid)
    for part in (Byline, InterviewExchange, Correction, HumanReview, LiveUpdate):
        post_save.connect(article_part_changed, sender=part, dispatch_uid=uid)
        post_delete.connect(article_part_changed, sender=part, dispatch_uid=uid)
    for through in _m2m_fields():
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=uid)
    pre_save.connect(translation_saving, sender=Translation, dispatch_uid=uid)
    post_save.connect(translation_changed, sender=Translation, dispatch_uid=uid)
    post_delete.connect(translation_changed, sender=Translation, dispatch_uid=uid)
    post_save.connect(schedule_changed, sender=PendingChange, dispatch_uid=uid)
    post_delete.connect(schedule_changed, sender=PendingChange, dispatch_uid=uid)
