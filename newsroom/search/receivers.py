"""Which changes make an article's search documents out of date, and their rebuild at commit.

Every path that changes what an article is found by: its own save (texts, readable languages),
its questions and answers and correction notes, its organizations, people, places and tags, a
translation released or withdrawn, a bulk update (`keys.objects_updated`), and a rename or
unpublishing of an organization, person, place or tag (every article naming it). The articles are
collected per transaction and rebuilt once when it commits (at once outside one).
"""

import logging
import threading

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from newsroom.articles.models import Article, Correction, InterviewExchange, Tag
from newsroom.organizations.models import Organization
from newsroom.pagecache import keys
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import LANGUAGE_CODES, Translation

from . import documents

logger = logging.getLogger(__name__)
_pending = threading.local()
# Articles rebuilt when the change commits, in the editor's request (~12 ms an article of 3 KB).
SYNC_LIMIT = 100
# What an entity is found by in the articles that name it.
NAME_FIELDS = {
    Organization: [f"{field}_{code}" for field in ("name", "short_name") for code in LANGUAGE_CODES] + ["is_published"],
    Person: ["name", "is_published"],
    Place: [f"name_{code}" for code in LANGUAGE_CODES] + ["is_published"],
    Tag: [f"name_{code}" for code in LANGUAGE_CODES],
}


def note(article_ids) -> None:
    """Rebuild these articles' documents when the current transaction commits (at once outside one).

    Hundreds of them (an organization's new name) would hold the editor's response for seconds:
    they are noted as stale in the same transaction and rebuilt after it, in the background."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids or not documents.is_searchable():
        return
    if len(ids) > SYNC_LIMIT:
        documents.note_stale(ids)
        transaction.on_commit(documents.drain_in_background, robust=True)
        return
    connection = transaction.get_connection()
    waiting = getattr(_pending, "batch", None)
    if waiting is None or not waiting.is_waiting(connection):
        waiting = _pending.batch = Batch()
        waiting.ids |= ids
        transaction.on_commit(waiting, robust=True)
        waiting.hooks = connection.run_on_commit
    else:
        waiting.ids |= ids


class Batch:
    def __init__(self):
        self.ids = set()
        self.hooks = None

    def is_waiting(self, connection) -> bool:
        """Whether this batch's commit hook is still to run: Django makes a new list of hooks when
        a transaction ends or a savepoint rolls back, so only then is the list looked through (each
        save of a bulk import in one transaction would otherwise read all the hooks before it)."""
        if connection.run_on_commit is self.hooks:
            return True
        self.hooks = connection.run_on_commit
        return any(entry[1] is self for entry in self.hooks)

    def __call__(self):
        _pending.batch = None
        try:
            documents.rebuild(self.ids)
        except DatabaseError:
            # Left for the background: a failed rebuild must not leave the documents behind for good.
            logger.exception("Search documents of %s articles not rebuilt", len(self.ids))
            try:
                documents.note_stale(self.ids)
            except DatabaseError:
                logger.exception("Nor noted as stale: `manage.py rebuild_search` makes them again")
            return
        # Again after the rebuild: a search page rendered between the commit's own invalidation and
        # this rebuild was built from the old documents. A draft's documents are found by nobody.
        if Article.objects.published_or_scheduled().filter(pk__in=self.ids).exists():
            keys.invalidate(keys.SEARCH_KEY)


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note([instance.pk])


def part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        note([instance.article_id])


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        note([instance.pk])
    elif action == "pre_clear":
        held = sender.objects.filter(**{_other_column(sender, sender._meta.get_field("article")): instance.pk})
        note(held.values_list("article_id", flat=True))
    elif pk_set:
        note(pk_set)


def _other_column(through, article_field) -> str:
    other = next(f for f in through._meta.concrete_fields if f.is_relation and f is not article_field)
    return other.attname


def entity_saving(sender, instance, raw=False, **kwargs):
    fields = NAME_FIELDS[sender]
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._search_names_changed = old is not None and any(old[f] != getattr(instance, f) for f in fields)


def entity_saved(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_search_names_changed", False):
        note(Article.objects.filter(**{_relation_name(sender): instance}).values_list("pk", flat=True))


def entity_deleting(sender, instance, **kwargs):
    # Its links go with it, without m2m_changed: the articles that named it are found no more by its name.
    note(Article.objects.filter(**{_relation_name(sender): instance}).values_list("pk", flat=True))


def _relation_name(model) -> str:
    return {Organization: "organizations", Person: "people", Place: "places", Tag: "tags"}[model]


def objects_updated(sender, pks, **kwargs):
    if sender is Article:
        note(pks)
    elif sender in NAME_FIELDS:
        note(Article.objects.filter(**{f"{_relation_name(sender)}__in": list(pks)}).values_list("pk", flat=True))


def translation_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_type_id == ContentType.objects.get_for_model(Article).pk:
        note([int(instance.object_id)])


def connect() -> None:
    uid = "search"
    post_save.connect(article_saved, sender=Article, dispatch_uid=uid)
    for part in (InterviewExchange, Correction):
        post_save.connect(part_saved, sender=part, dispatch_uid=uid)
        post_delete.connect(part_saved, sender=part, dispatch_uid=uid)
    for name in ("organizations", "people", "places", "tags"):
        m2m_changed.connect(relation_changed, sender=getattr(Article, name).through, dispatch_uid=uid)
    for model in NAME_FIELDS:
        pre_save.connect(entity_saving, sender=model, dispatch_uid=uid)
        post_save.connect(entity_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(entity_deleting, sender=model, dispatch_uid=uid)
    post_save.connect(translation_changed, sender=Translation, dispatch_uid=uid)
    keys.objects_updated.connect(objects_updated, dispatch_uid=uid)
