"""The syndication work the background worker does: documents brought up to date after a change."""

from django_tasks import task

from . import documents


@task()
def refresh_documents(article_ids: list[int], many: bool = False) -> None:
    """`many`: one batch of a change to more articles than an editor touches (see receivers)."""
    outcome = documents.reconcile(article_ids, announce=documents.COMINGS_AND_GOINGS if many else documents.KINDS)
    # Due later by themselves (a scheduled publication): looked at again at that second. An earlier
    # look enqueued for a time since changed finds nothing to do.
    for article_id, when in outcome.due.items():
        refresh_documents.using(run_after=when).enqueue([article_id])
