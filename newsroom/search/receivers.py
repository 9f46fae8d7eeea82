"""Search documents follow their articles: the articles a change touches (`articles.changes`,
which says which paths those are) are collected per transaction and rebuilt once when it commits
(at once outside one).
"""

import logging
import threading

from django.db import DatabaseError, transaction

from newsroom.articles import changes
from newsroom.articles.models import Article
from newsroom.pagecache import keys

from . import documents

logger = logging.getLogger(__name__)
_pending = threading.local()
# Articles rebuilt when the change commits, in the editor's request (~12 ms an article of 3 KB).
SYNC_LIMIT = 100


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


def articles_touched(sender, article_ids, **kwargs):
    note(article_ids)


def connect() -> None:
    changes.touched.connect(articles_touched, dispatch_uid="search")
