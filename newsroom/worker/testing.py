"""The worker's loop in the test's own process: `run_tasks()` runs what a worker would run now,
and what those tasks enqueue, then returns."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

WORKER_ID = "tests"
RUNAWAY = 1000


def run_tasks(until: datetime.datetime | None = None, *, limit: int | None = None) -> int:
    """Run the tasks that are ready, one at a time as a worker does, until none is (or `limit` ran);
    returns how many ran. With `until`, tasks deferred to that moment or before count as ready too
    (each still runs at the test's present time: move the clock with time-machine to run them at
    theirs)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while limit is None or ran < limit:
        if ran == RUNAWAY:
            raise AssertionError(f"Tasks still ready after {RUNAWAY} ran: one may enqueue itself for ever.")
        with exclusive_transaction():
            result = due(until or timezone.now()).get_locked()
            if result is None:
                break
            result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
    return ran


def due(moment: datetime.datetime):
    return DBTaskResult.objects.filter(
        Q(run_after__lte=moment) | Q(run_after=get_date_max()),
        status=TaskResultStatus.READY,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
    )
