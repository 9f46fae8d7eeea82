"""The editorial desk's verbs: an article's life from draft to readers and back.

Each verb checks the desk's rules and records its own change of status (a `Transition`), so no
caller has to remember to; the admin's hooks call them and read what they did from their return
values. Shaped like `newsroom/translations/workflow.py`. A live article's changes not yet
published are kept by `pending.py`, whose mechanics these verbs use.

The states themselves are named once on `ArticleQuerySet` (`scheduled()`, `in_review()`,
`sent_back()` …) and, for one article's (status, publish time), `Article.publication_state`.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext

from newsroom.articles.models import Article

from . import pending
from .models import HumanReview, PendingChange, Transition

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    """Editors publish, schedule, unpublish and take the editorial responsibility of a review."""
    return user.has_perm(PUBLISH_PERMISSION)


def may_change(user, article) -> bool:
    """The reporter rule: who cannot publish changes only their own articles (created by them or
    carrying their byline) while they are drafts or in review."""
    if can_publish(user):
        return True
    return article.status in Article.REPORTER_STATUSES and article.is_written_by(user)


def allowed_statuses(user) -> list[str]:
    """The statuses `user` may give an article: a reporter files drafts and submits them."""
    if can_publish(user):
        return list(Article.Status.values)
    return list(Article.REPORTER_STATUSES)


def stored_state(article_id) -> tuple[str, object] | None:
    """The article's (status, publish time) as stored; None for one not saved yet."""
    if article_id is None:
        return None
    return Article.objects.filter(pk=article_id).values_list(*Article.PUBLICATION_FIELDS).first()


def is_live(state) -> bool:
    """Whether a stored (status, publish time) is an article readers see now."""
    return state is not None and Article.publication_state(*state) == "live"


# Saving through the article's form: the admin's `save_model` calls `saving` before Django's save
# and `saved` after it.


def saving(article, *, by) -> tuple[str, object] | None:
    """Ready `article` for its save: a new article is `by`'s, and publishing without a time
    publishes now, or at the embargo if one is still to come. Returns its stored (status, publish
    time), to hand to `saved`."""
    if article.pk is None:
        article.created_by = by
    if article.status in Article.BEFORE_READERS and article.published_at is None:
        article.published_at = Article.earliest_publish_time(article.embargo_until, timezone.now())
    return stored_state(article.pk)


def saved(article, before, *, by, comment: str = "", reviewed: bool = False) -> Transition | None:
    """After the save: records the review `by` confirmed (`reviewed`), and the change of status,
    if the save made one, with `comment`. Returns that change, or None."""
    if reviewed:
        record_review(article, by=by)
    changed = record_transitions({article.pk: before or ("", None)}, by=by, comment=comment)
    return changed[0] if changed else None


# An embargo, set, moved or lifted through the article's form, is kept in its history.

EMBARGO_FIELDS = ("embargo_until", "embargo_conditions")


def stored_embargo(article_id) -> tuple[object, str] | None:
    """The article's (embargo, conditions) as stored; None for one not saved yet."""
    if article_id is None:
        return None
    return Article.objects.filter(pk=article_id).values_list(*EMBARGO_FIELDS).first()


def newsroom_time(moment) -> str:
    """A time as editors read it: in the newsroom's zone, named, e.g. "8 Jan 2027, 6 a.m. (Mexico City)"."""
    shown = formats.date_format(timezone.localtime(moment, timezone.get_default_timezone()), "DATETIME_FORMAT")
    return f"{shown} ({settings.TIME_ZONE_NAME})"


def embargo_change(before: tuple[object, str] | None, article) -> str:
    """What a save did to the article's embargo, in a sentence for its history; "" if nothing."""
    was, was_conditions = before or (None, "")
    until, conditions = article.embargo_until, article.embargo_conditions
    if was is None and until is None:
        return ""
    if was is None:
        sentence = gettext("Embargo set: readers get nothing before %(time)s.") % {"time": newsroom_time(until)}
    elif until is None:
        sentence = gettext("Embargo lifted (it held the article until %(time)s).") % {"time": newsroom_time(was)}
    elif until != was:
        sentence = gettext("Embargo moved from %(was)s to %(time)s.") % {
            "was": newsroom_time(was),
            "time": newsroom_time(until),
        }
    elif conditions != was_conditions:
        sentence = gettext("Embargo conditions changed.")
    else:
        return ""
    if until is not None and conditions and (was is None or conditions != was_conditions):
        sentence += " " + gettext("Conditions: %(conditions)s") % {"conditions": conditions}
    return sentence


def record_embargo(article, before, *, by) -> str:
    """Keep in the article's history what a save did to its embargo. Returns the sentence, or ""."""
    sentence = embargo_change(before, article)
    if sentence:
        LogEntry.objects.log_actions(by.pk, [article], CHANGE, change_message=sentence, single_object=True)
    return sentence


def _change_status(article, status: str, *, by, comment: str = "") -> Transition | None:
    before = saving(article, by=by)
    article.status = status
    article.save()
    return saved(article, before, by=by, comment=comment)


def submit(article, *, by, comment: str = "") -> Transition | None:
    """A writer hands a draft to the editors for review."""
    return _change_status(article, Article.Status.IN_REVIEW, by=by, comment=comment)


def send_back(article, *, by, comment: str = "") -> Transition | None:
    """An editor returns an article in review to its writer; `comment` says why, and the writer
    sees it on the form and the dashboard while it is a draft (`ArticleQuerySet.sent_back()`)."""
    return _change_status(article, Article.Status.DRAFT, by=by, comment=comment)


def sent_back_by(article) -> Transition | None:
    """The editor's change of status that sent this draft back, while it is still a draft and
    they said why; else None."""
    if article is None or not Article.objects.sent_back().filter(pk=article.pk).exists():
        return None
    last = article.transitions.select_related("by").order_by("-at", "-id").first()
    return last if last.comment else None


# Publishing many at once (the list's actions).


@dataclass
class Published:
    """What `publish` did: how many it published, and the ids of those it held back and why."""

    count: int = 0
    unreviewed: list[int] = field(default_factory=list)
    without_text: list[int] = field(default_factory=list)


def unreviewed(articles):
    """Articles reported by AI that no one has reviewed since their last save."""
    reviewed = HumanReview.objects.filter(article=OuterRef("pk"), reviewed_at__gte=OuterRef("updated_at"))
    return articles.filter(is_reported_by_ai=True).exclude(Exists(reviewed))


def publish(articles, *, by) -> Published:
    """Publish now, or at the publish time already set (scheduling). Holds back what readers must
    not get yet: an AI-reported text no one reviewed (EU AI Act, Article 50(4)), and an article
    without its text. Records each change of status."""
    done = Published(unreviewed=list(unreviewed(articles).values_list("pk", flat=True)))
    articles = articles.exclude(pk__in=done.unreviewed)
    done.without_text = [a.pk for a in articles.prefetch_related("exchanges") if not a.has_text_for_readers()]
    articles = articles.exclude(pk__in=done.without_text)
    before = _states(articles)
    done.count = articles.publish()
    record_transitions(before, by=by)
    return done


def unpublish(articles, *, by) -> int:
    """Take articles off the site. Changes waiting for a live article that is no longer live would
    later overwrite its edits: they go."""
    before = _states(articles)
    count = articles.unpublish()
    for article_id in before:
        PendingChange.objects.filter(article_id=article_id).delete()
    pending.forget_next_due()
    record_transitions(before, by=by)
    return count


def public_state(status: str, published_at, now) -> tuple[str, datetime.datetime | None]:
    """What readers and the desk tell apart: the status, and for a scheduled article its time."""
    scheduled = Article.publication_state(status, published_at, now) == "scheduled"
    return status, published_at if scheduled else None


def record_transitions(before: dict[int, tuple[str, datetime.datetime | None]], *, by, comment: str = ""):
    """After a save or a bulk action: one entry per article whose state changed — its status, or
    whether and until when it is scheduled (a live article given a time to come leaves the site
    until then). `before` maps article ids to their (status, publish time) before the change.
    Returns the entries made."""
    now = timezone.now()
    changed = []
    for article in Article.objects.filter(pk__in=before).only("pk", *Article.PUBLICATION_FIELDS):
        was = public_state(*before[article.pk], now)
        if was == public_state(article.status, article.published_at, now):
            continue
        changed.append(
            Transition(
                article=article,
                from_status=was[0],
                from_publish_at=was[1],
                to_status=article.status,
                publish_at=article.published_at if article.status in Article.BEFORE_READERS else None,
                by=by,
                at=now,
                comment=comment,
            )
        )
    return Transition.objects.bulk_create(changed)


def _states(articles) -> dict:
    return {pk: (status, when) for pk, status, when in articles.values_list("pk", *Article.PUBLICATION_FIELDS)}


# A live article's changes, kept from readers until an editor publishes them.


def keeps_changes_pending(before, buttons) -> bool:
    """Whether saving a live article keeps its changes from readers: unless the editor asked to
    publish them now (`PUBLISH_CHANGES`) or to take the article off the site. Anything else that
    saves (its "Save without publishing", Django's "_save", a stale tab, restoring a revision)
    keeps them waiting: nothing goes out unless asked."""
    return is_live(before) and not (PUBLISH_CHANGES in buttons or TAKE_OFF_SITE in buttons)


PUBLISH_CHANGES, SCHEDULE_CHANGES, DISCARD_CHANGES, TAKE_OFF_SITE = (
    "_publish_changes",
    "_schedule_changes",
    "_discard_changes",
    "_take_off_site",
)


def keep_changes(article, changed, *, by, publish_at=None, affects_translations=True, reviewed=False):
    """Keep `changed` (a `pending.snapshot`) as the live article's waiting changes, to publish at
    `publish_at` or by an editor's hand. A review confirmed with them is recorded: it happened."""
    kept = pending.keep(article, changed, by=by, publish_at=publish_at, affects_translations=affects_translations)
    if reviewed:
        record_review(article, by=by)
    return kept


def discard_changes(article) -> None:
    pending.discard(article)


def publish_changes(waiting: PendingChange, *, by, comment: str):
    """Apply waiting changes for good (`pending.publish`): a revision of their own, translations
    outdated. Returns the article, or None when it was taken off the site meanwhile."""
    return pending.publish(waiting, by=by, comment=comment)


def record_review(article, *, by) -> HumanReview:
    """`by` reviewed the AI-assisted text and takes editorial responsibility for it."""
    return HumanReview.record(article, by)
