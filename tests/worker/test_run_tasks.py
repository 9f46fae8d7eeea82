"""Tests run the worker's loop in their own process."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom.worker.testing import run_tasks

from .tasks import add, add_later

pytestmark = pytest.mark.django_db


def test_run_tasks_runs_what_is_ready_and_what_those_tasks_enqueue():
    add_later.enqueue(2, 3)

    assert run_tasks() == 2
    assert DBTaskResult.objects.get(task_path="tests.worker.tasks.add").return_value == 5


def test_a_task_deferred_runs_only_when_due_or_when_asked_until_its_time():
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    result = add.using(run_after=in_an_hour).enqueue(2, 3)

    assert run_tasks() == 0
    assert run_tasks(until=in_an_hour - datetime.timedelta(seconds=1)) == 0
    assert run_tasks(until=in_an_hour) == 1
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL
