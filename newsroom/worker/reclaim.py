"""A task whose worker died running it (killed, out of memory, the machine gone) is run again.

django-tasks-db marks a task RUNNING when a worker claims it and records each claimer in
`worker_ids`; if that worker never finishes it, the row stays RUNNING for ever. A worker that
beats no more (newsroom/worker/beat.py) is dead: its task goes back to READY for one more claim by
one worker, or to FAILED after MAX_CLAIMS claims, so that a task which kills its worker cannot
loop.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

MAX_CLAIMS = 3
# Beats of workers that stopped without saying so are kept this long: they show when one died.
FORGET_DEAD_AFTER = datetime.timedelta(days=1)


class AbandonedTask(Exception):
    """Recorded as the error of a task whose worker died every time it ran it."""


def reclaim_abandoned(*, restarted: str = "") -> int:
    """Put back the tasks of dead workers, and those a worker named `restarted` was running before
    it started again under the same id; returns how many went back to READY."""
    reclaimed = 0
    with transaction.atomic():
        alive = set(WorkerBeat.objects.alive().exclude(worker_id=restarted).values_list("worker_id", flat=True))
        # Locked, so that two workers reclaiming at once put a task back once.
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if len(result.worker_ids) >= MAX_CLAIMS:
                result.set_failed(
                    AbandonedTask(f"Abandoned {len(result.worker_ids)} times: its worker stopped while running it.")
                )
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                reclaimed += 1
        WorkerBeat.objects.filter(beat_at__lt=timezone.now() - FORGET_DEAD_AFTER).delete()
    return reclaimed
