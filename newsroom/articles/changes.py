"""Which articles a change touches, said as it happens: `touched(article_ids)`, sent inside the
change's transaction, for everything kept beside an article that must follow it (search documents,
ninjs documents). Each listener decides when to act: at commit, or by enqueueing work that commits
with the change.

Every path that changes what an article says or who may read it: its own save (texts, status,
readable languages), its questions and answers and correction notes, its organizations, people,
places and tags, a live article's updates, a translation released or withdrawn, a bulk update (`keys.objects_updated`:
publishing and unpublishing from the list), a rename, unpublishing or deletion of an
organization, person, place or tag (every article naming it), and a change to a lead image or its
translation (every article showing it: its credit, caption and licence are in their documents).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal

from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES, Translation

from .models import Article, Correction, InterviewExchange, LiveUpdate, Tag

# Sent with `article_ids`, a set of ids, at least one.
touched = Signal()

# What an entity's articles show of it: its names, and whether it is shown at all.
NAME_FIELDS = {
    Organization: [f"{field}_{code}" for field in ("name", "short_name") for code in LANGUAGE_CODES] + ["is_published"],
    Person: ["name", "is_published"],
    Place: [f"name_{code}" for code in LANGUAGE_CODES] + ["is_published"],
    Tag: [f"name_{code}" for code in LANGUAGE_CODES],
}


def touch(article_ids) -> None:
    ids = {pk for pk in article_ids if pk is not None}
    if ids:
        touched.send(sender=Article, article_ids=ids)


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch([instance.pk])


def part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch([instance.article_id])


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        touch([instance.pk])
    elif action == "pre_clear":
        held = sender.objects.filter(**{_other_column(sender, sender._meta.get_field("article")): instance.pk})
        touch(held.values_list("article_id", flat=True))
    elif pk_set:
        touch(pk_set)


def _other_column(through, article_field) -> str:
    other = next(f for f in through._meta.concrete_fields if f.is_relation and f is not article_field)
    return other.attname


def entity_saving(sender, instance, raw=False, **kwargs):
    fields = NAME_FIELDS[sender]
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._article_names_changed = old is not None and any(old[f] != getattr(instance, f) for f in fields)


def entity_saved(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_article_names_changed", False):
        touch(Article.objects.filter(**{_relation_name(sender): instance}).values_list("pk", flat=True))


def entity_deleting(sender, instance, **kwargs):
    # Its links go with it, without m2m_changed: the articles that named it name it no more.
    touch(Article.objects.filter(**{_relation_name(sender): instance}).values_list("pk", flat=True))


def _relation_name(model) -> str:
    return {Organization: "organizations", Person: "people", Place: "places", Tag: "tags"}[model]


def objects_updated(sender, pks, **kwargs):
    if sender is Article:
        touch(pks)
    elif sender in NAME_FIELDS:
        touch(Article.objects.filter(**{f"{_relation_name(sender)}__in": list(pks)}).values_list("pk", flat=True))


def image_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(Article.objects.filter(image=instance).values_list("pk", flat=True))


def translation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        touch([int(instance.object_id)])
    elif instance.content_type_id == ContentType.objects.get_for_model(Image).pk:
        touch(Article.objects.filter(image_id=instance.object_id).values_list("pk", flat=True))


def connect() -> None:
    uid = "articles.changes"
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    for part in (InterviewExchange, Correction, LiveUpdate):
        post_save.connect(part_saved, sender=part, dispatch_uid=uid)
        post_delete.connect(part_saved, sender=part, dispatch_uid=uid)
    for name in ("organizations", "people", "places", "tags"):
        m2m_changed.connect(relation_changed, sender=getattr(Article, name).through, dispatch_uid=uid)
    for model in NAME_FIELDS:
        pre_save.connect(entity_saving, sender=model, dispatch_uid=uid)
        post_save.connect(entity_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(entity_deleting, sender=model, dispatch_uid=uid)
    post_save.connect(image_saved, sender=Image, dispatch_uid=uid)
    post_save.connect(translation_changed, sender=Translation, dispatch_uid=uid)
    keys.objects_updated.connect(objects_updated, dispatch_uid=uid)
