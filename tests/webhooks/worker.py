"""The worker as these tests drive it, in one place: until newsroom.worker merges, settings use
django-tasks' DummyBackend, which only records what was enqueued; here the recorded `deliver` tasks
that are due run in the test's thread, as the worker would run them (then: `worker.testing.run_tasks`)."""

from django.utils import timezone
from django_tasks import default_task_backend

from newsroom.webhooks.tasks import deliver


def waiting() -> list:
    """The `deliver` tasks enqueued and not run yet."""
    return [result for result in default_task_backend.results if result.task.func is deliver.func]


def run_due() -> int:
    """Run the `deliver` tasks due now (a retry enqueued by one runs when it is due); how many ran."""
    ran = 0
    while due := [result for result in waiting() if (result.task.run_after or timezone.now()) <= timezone.now()]:
        for result in due:
            default_task_backend.results.remove(result)
            deliver.call(*result.args)
            ran += 1
    return ran


def next_run_after():
    """When the next `deliver` task is due, or None."""
    times = [result.task.run_after for result in waiting() if result.task.run_after]
    return min(times, default=None)


def forget() -> None:
    default_task_backend.clear()
