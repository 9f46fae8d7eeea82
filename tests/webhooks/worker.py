"""The worker as these tests drive it, in one place: what is due runs in the test's thread as the
worker runs it (`newsroom.worker.testing.run_tasks`), a retry enqueued by a delivery when its time
has come (move the clock with time-machine)."""

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from newsroom.webhooks.tasks import deliver
from newsroom.worker import testing


def waiting() -> list:
    """The `deliver` tasks enqueued and not run yet."""
    return list(DBTaskResult.objects.filter(task_path=deliver.module_path, status=TaskResultStatus.READY))


def run_due() -> int:
    """Run what is due now, deliveries and what they enqueue; how many tasks ran."""
    return testing.run_tasks()


def next_run_after():
    """When the next `deliver` task is due, or None."""
    return (
        DBTaskResult.objects.filter(task_path=deliver.module_path, status=TaskResultStatus.READY)
        .exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )


def forget() -> None:
    """Nothing left waiting: what a test made before it looks starts no delivery."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()
