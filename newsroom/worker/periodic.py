"""The tasks of settings.WORKER_PERIODIC, each enqueued at most once per interval, by whichever
worker comes first.

The last time is a row in the database, not a cache entry: the cache fails open while Redis is
away (an add is refused, so nothing would be enqueued) and each process of `make run` keeps its own.
"""

import datetime

from django.conf import settings
from django.core import checks
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from .models import PeriodicTask

NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def enqueue_due() -> list[str]:
    """Enqueue each periodic task whose interval has passed since it was last enqueued, in the
    transaction that records it; returns their paths."""
    enqueued = []
    for path, seconds in settings.WORKER_PERIODIC:
        now = timezone.now()
        with transaction.atomic():
            PeriodicTask.objects.get_or_create(task_path=path, defaults={"enqueued_at": NEVER})
            due = PeriodicTask.objects.filter(
                task_path=path, enqueued_at__lte=now - datetime.timedelta(seconds=seconds)
            )
            if due.update(enqueued_at=now):
                import_string(path).enqueue()
                enqueued.append(path)
    return enqueued


def check_periodic_tasks(app_configs=None, **kwargs):
    errors = []
    for path, seconds in settings.WORKER_PERIODIC:
        try:
            task = import_string(path)
        except ImportError:
            task = None
        if not isinstance(task, Task) or not (isinstance(seconds, int) and seconds > 0):
            errors.append(
                checks.Error(
                    f"WORKER_PERIODIC names {path!r} every {seconds!r} seconds: each entry must be the dotted "
                    "path of a task (@task) and a whole number of seconds above 0.",
                    id="worker.E001",
                )
            )
    return errors
