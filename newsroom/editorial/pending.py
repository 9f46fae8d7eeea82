"""A live article's changes that readers do not see yet, kept as a difference from the live version.

An editor's save of a live article runs the ordinary admin save inside a savepoint, takes a
snapshot of the result, rolls the savepoint back and keeps only what differs from the live version.
Showing the changes (the change form, previews, share links) applies them inside a savepoint that
is rolled back too; publishing them applies them for good. Because only the fields that differ
are kept, a translator's German saved meanwhile on the live article is not overwritten unless the
editor changed that same field.

Rows of the article's parts (bylines, interview questions, corrections) are kept by id. A row the
editor added keeps the id it got inside the rolled-back savepoint: the database never hands that id
out again (PostgreSQL's sequences do not roll back), so the change form and the next save agree on it.
"""

import contextlib
import datetime
import logging

import reversion
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, transaction
from django.db.models import Min
from django.utils import formats, timezone, translation
from django.utils.translation import get_language_info, gettext

from newsroom.articles.models import Article
from newsroom.pagecache import keys as cache_keys
from newsroom.translations.models import translated_field_names
from newsroom.translations.workflow import record_edit

from .models import PendingChange

PARTS = ("bylines", "exchanges", "corrections")
# The status is never a waiting change: taking a live article off the site is an act of its own
# (the form's "Take off the site"), decided at once. Everything else an editor changes waits, the
# publish time and the lead-story flag included: readers see both.
NOT_PENDING = {"id", "status", "created_by", "created_at", "updated_at", "released_languages", "readable_in"}
NEXT_DUE_CACHE_KEY = "editorial:next-pending-change-due"
NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)
logger = logging.getLogger(__name__)


def _columns(model, skip=()):
    originals = set(translated_field_names(model))
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in originals and field.name not in skip and not field.primary_key
    ]


def _plain(field, obj):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return DjangoJSONEncoder().default(value) if isinstance(value, datetime.datetime | datetime.date) else value


def snapshot(article) -> dict:
    article = Article.objects.get(pk=article.pk)
    state = {
        "fields": {field.attname: _plain(field, article) for field in _columns(Article, NOT_PENDING)},
        "m2m": {
            field.name: sorted(getattr(article, field.name).values_list("pk", flat=True))
            for field in Article._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        },
        "parts": {},
    }
    for related_name in PARTS:
        manager = getattr(article, related_name)
        columns = _columns(manager.model, skip={manager.field.name})
        state["parts"][related_name] = {
            str(row.pk): {field.attname: _plain(field, row) for field in columns} for row in manager.order_by("pk")
        }
    return state


def difference(live: dict, changed: dict) -> dict:
    """Only what `changed` does differently from `live`."""
    return {
        "fields": {k: v for k, v in changed["fields"].items() if live["fields"].get(k) != v},
        "m2m": {k: v for k, v in changed["m2m"].items() if live["m2m"].get(k) != v},
        "parts": {
            name: {
                "rows": {pk: row for pk, row in rows.items() if live["parts"][name].get(pk) != row},
                "removed": [pk for pk in live["parts"][name] if pk not in rows],
            }
            for name, rows in changed["parts"].items()
        },
    }


def is_empty(data: dict) -> bool:
    parts = data.get("parts", {}).values()
    return not data.get("fields") and not data.get("m2m") and not any(p["rows"] or p["removed"] for p in parts)


def _still_there(field, value) -> bool:
    """A link to a row someone deleted since the change was saved is left out, not a crash."""
    if value is None or not field.is_relation:
        return True
    return field.related_model._default_manager.filter(pk=value).exists()


def _label(field) -> str:
    """A field of the article as people name it: "Headline (German)", "Tags"."""
    language = getattr(field, "language", None)
    label = str(getattr(field, "translated_field", field).verbose_name).capitalize()
    return f"{label} ({get_language_info(language)['name_translated']})" if language else label


def _part_label(related_name: str) -> str:
    return str(getattr(Article, related_name).rel.related_model._meta.verbose_name_plural).capitalize()


def apply(article, data: dict) -> list[str]:
    """Write the changes into the database (the caller decides whether that stays). Returns what
    had to be left out because someone deleted it since the changes were saved (a tag, the
    author of a byline), as people name it: "Tags (1)", "Dateline"."""
    article = Article.objects.get(pk=article.pk)
    left_out = []
    columns = []
    for attname, value in data["fields"].items():
        field = next((f for f in Article._meta.concrete_fields if f.attname == attname), None)
        if field is None:
            continue
        if not _still_there(field, value):
            left_out.append(_label(field))
            continue
        setattr(article, attname, field.to_python(value) if value is not None else None)
        columns.append(field.name)
    if columns:
        article.save(update_fields=columns)
    for name, pks in data["m2m"].items():
        field = Article._meta.get_field(name)
        found = list(field.related_model._default_manager.filter(pk__in=pks))
        getattr(article, name).set(found)
        if len(found) < len(set(pks)):
            left_out.append(f"{_label(field)} ({len(set(pks)) - len(found)})")
    now = timezone.now()
    for related_name, part in data["parts"].items():
        manager = getattr(article, related_name)
        model, link = manager.model, manager.field.attname
        model.objects.filter(**{link: article.pk}, pk__in=part["removed"]).delete()
        rows_left_out = 0
        for pk, values in part["rows"].items():
            row = model.objects.filter(pk=pk).first()
            if row is not None and getattr(row, link) != article.pk:
                row = None  # the id went to another row meanwhile (SQLite reuses rolled-back ids)
                pk = None
            row = row or model(pk=pk, **{link: article.pk})
            fields = {f.attname: f for f in model._meta.concrete_fields}
            if not all(_still_there(fields[name], value) for name, value in values.items() if name in fields):
                rows_left_out += 1  # e.g. a byline for an author deleted since
                continue
            for attname, value in values.items():
                if attname in fields:
                    setattr(row, attname, fields[attname].to_python(value) if value is not None else None)
            if related_name == "corrections" and row._state.adding and row.published_at < now:
                row.published_at = now  # a note published with the change is dated when readers get it
            row.save()
        if rows_left_out:
            left_out.append(f"{_part_label(related_name)} ({rows_left_out})")
    return left_out


@contextlib.contextmanager
def changes_shown(article):
    """Inside this block the database holds the article with its pending changes; afterwards, not.
    Nothing rendered inside is stored in the shared cache: readers in other processes would get it."""
    pending = PendingChange.objects.filter(article_id=article.pk).first()
    with transaction.atomic(), cache_keys.not_storing():
        savepoint = transaction.savepoint()
        if pending is not None:
            apply(article, pending.data)
        try:
            yield pending
        finally:
            transaction.savepoint_rollback(savepoint)


def keep(article, changed_state: dict, *, by, publish_at=None, affects_translations=True) -> PendingChange | None:
    """Store what `changed_state` does differently from the live article (now back in the database)."""
    data = difference(snapshot(article), changed_state)
    if is_empty(data):
        PendingChange.objects.filter(article_id=article.pk).delete()
        forget_next_due()
        return None
    previous = PendingChange.objects.filter(article_id=article.pk).first()
    pending, _created = PendingChange.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "data": data,
            "publish_at": publish_at,
            "saved_by": by,
            "saved_at": timezone.now(),
            "affects_translations": affects_translations and (previous is None or previous.affects_translations),
        },
    )
    forget_next_due()
    return pending


def forget_next_due() -> None:
    """Now, and again once the transaction commits: a request in another process in between reads
    the rows as they were and could cache that due time (or "never") for a minute."""
    cache.delete(NEXT_DUE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(NEXT_DUE_CACHE_KEY), robust=True)


def is_linked_by_waiting_changes(obj) -> bool:
    """Whether changes not yet published link `obj` (a tag, a person …) to an article: they hold
    its id, and deleting it would leave it out of them when they go out. A newsroom has a handful
    of waiting changes at a time: read in Python, the same on SQLite and PostgreSQL."""
    model = type(obj)
    lists = [f.name for f in Article._meta.many_to_many if f.related_model is model]
    links = [f.attname for f in Article._meta.concrete_fields if f.is_relation and f.related_model is model]
    for data in PendingChange.objects.values_list("data", flat=True):
        if any(obj.pk in data.get("m2m", {}).get(name, ()) for name in lists):
            return True
        if any(data.get("fields", {}).get(attname) == obj.pk for attname in links):
            return True
    return False


def discard(article) -> None:
    PendingChange.objects.filter(article_id=article.pk).delete()
    forget_next_due()


def publish(pending: PendingChange, *, by, comment: str) -> Article | None:
    """Apply scheduled changes for good, as a revision of their own, and outdate translations.
    What had to be left out (deleted since) is named in the revision's comment, for the History."""
    with transaction.atomic(), reversion.create_revision():
        article = Article.objects.select_for_update().get(pk=pending.article_id)
        if not article.is_published:
            # Taken off the site since: its changes no longer have a live version to replace.
            pending.delete()
            return None
        left_out = apply(article, pending.data)
        article = Article.objects.get(pk=article.pk)
        if left_out:
            comment = f"{comment} {left_out_sentence(left_out)}"
            logger.warning("Scheduled changes to article %s went out without %s, deleted since", article.pk, left_out)
        reversion.set_user(by)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
        record_edit(article, by=by, affects_translations=pending.affects_translations)
        pending.delete()
    return article


def publish_due_changes() -> int:
    """Publish every scheduled change whose time has come. Called on each request, it costs one
    cache read until something is due: no job scheduler is needed. The next due time is cached for
    a minute, so with several processes the cache must be shared (Redis) for changes to go out on
    the second; with a per-process cache, up to a minute late."""
    now = timezone.now()
    due_at = cache.get(NEXT_DUE_CACHE_KEY)
    if due_at is None:
        due_at = PendingChange.objects.aggregate(next=Min("publish_at"))["next"] or NEVER
        cache.set(NEXT_DUE_CACHE_KEY, due_at, 60)
    if due_at > now:
        return 0
    published = 0
    for pk in list(PendingChange.objects.filter(publish_at__lte=now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Whoever locks it publishes it; another process skips it rather than wait and repeat it.
                pending = (
                    PendingChange.objects.select_for_update(skip_locked=True).filter(pk=pk, publish_at__lte=now).first()
                )
                if pending is None:
                    continue
                # In the site's language, not that of the reader whose request happened to come first.
                with translation.override(settings.LANGUAGE_CODE):
                    when = formats.date_format(timezone.localtime(pending.publish_at), "DATETIME_FORMAT")
                    comment = gettext("Scheduled changes published (%(time)s).") % {"time": when}
                    published += publish(pending, by=pending.saved_by, comment=comment) is not None
        except DatabaseError:
            # One change that cannot be applied must not stop the site: it stays, unscheduled, for
            # an editor to look at in the article's form.
            logger.exception("Scheduled changes to article %s could not be published", pk)
            PendingChange.objects.filter(pk=pk).update(publish_at=None)
    forget_next_due()
    return published


class PublishDueChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        publish_due_changes()
        return self.get_response(request)


def summary(data: dict) -> list[str]:
    """What the pending changes touch, as people name it: "Headline (German)", "Bylines". Columns
    nobody edits are left out."""
    names = []
    by_attname = {field.attname: field for field in Article._meta.concrete_fields}
    for attname in data.get("fields", {}):
        field = by_attname.get(attname)
        if field is not None and field.editable:
            names.append(_label(field))
    names += [_label(Article._meta.get_field(name)) for name in data.get("m2m", {})]
    for related_name, part in data.get("parts", {}).items():
        if part["rows"] or part["removed"]:
            names.append(_part_label(related_name))
    return names


def left_out_sentence(left_out: list[str]) -> str:
    return gettext("Left out, because someone deleted it after the changes were saved: %(parts)s.") % {
        "parts": ", ".join(left_out)
    }
