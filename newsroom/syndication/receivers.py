"""Documents follow their articles: each article a change touches (`articles.changes`) gets a
`refresh_documents` task enqueued inside the change's own transaction, so the task commits or rolls
back with it, runs only once it is committed, and the editor never waits for a document or a
partner. An article touched again in the same transaction is not enqueued twice.
"""

import threading

from django.db import transaction

from newsroom.articles import changes

from . import tasks

_enqueued = threading.local()
# More articles at once than an editor touches (an organization renamed, a bulk publication): a task
# for each batch, and a change of their text is not announced (partners resync with `since`).
MANY = 100
BATCH = 500


def note(article_ids) -> None:
    ids = set(article_ids) - _enqueued_in_this_transaction()
    if len(ids) > MANY:
        ordered = sorted(ids)
        for start in range(0, len(ordered), BATCH):
            tasks.refresh_documents.enqueue(ordered[start : start + BATCH], many=True)
    elif ids:
        for pk in sorted(ids):
            tasks.refresh_documents.enqueue([pk])
    _enqueued_in_this_transaction().update(ids)


def _enqueued_in_this_transaction() -> set:
    """The articles enqueued in the current atomic block. Django starts a new list of commit hooks
    when a transaction ends or a savepoint rolls back (and the rows enqueued in it with it), and a
    block nested in another has savepoints of its own (a test's request is one): together they say
    whether the set still holds. A block within the same save may enqueue an article again; the
    task finds nothing new to do."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return set()
    key = (connection.run_on_commit, tuple(connection.savepoint_ids))
    kept = getattr(_enqueued, "kept", None)
    if kept is None or kept[0] is not key[0] or kept[1] != key[1]:
        kept = _enqueued.kept = (*key, set())
    return kept[2]


def articles_touched(sender, article_ids, **kwargs):
    note(article_ids)


def connect() -> None:
    changes.touched.connect(articles_touched, dispatch_uid="syndication")
