"""Tasks for the worker's tests, found by the workers the tests start (they import them by path)."""

import time
from pathlib import Path

from django_tasks import TaskContext, task


@task(takes_context=True)
def hold_on_first_attempt(context: TaskContext, log: str) -> str:
    """Note each attempt in the file `log`; hang on the first, as a task whose worker is killed does."""
    with open(log, "a") as file:
        file.write(f"{context.attempt} {context.task_result.worker_ids[-1]}\n")
    if context.attempt == 1:
        time.sleep(600)
    return Path(log).read_text()


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def tick() -> None:
    pass


@task()
def add_later(a: int, b: int) -> None:
    add.enqueue(a, b)
