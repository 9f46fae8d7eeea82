"""A background task that fails, for the worker's error report (test_error_reporting.py)."""

from django_tasks import task


@task()
def fail():
    raise RuntimeError("a bug in a task")
