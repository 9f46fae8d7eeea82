"""Periodic tasks are enqueued once per interval, however many workers ask."""

import datetime

import pytest
from django.core.checks import run_checks
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom.worker.periodic import enqueue_due

pytestmark = pytest.mark.django_db

TICK = "tests.worker.tasks.tick"


@pytest.fixture(autouse=True)
def every_five_minutes(settings):
    settings.WORKER_PERIODIC = [(TICK, 300)]


def test_a_periodic_task_is_enqueued_once_per_interval_whichever_worker_asks(time_machine):
    time_machine.move_to(timezone.now(), tick=False)

    assert enqueue_due() == [TICK]
    assert enqueue_due() == []
    time_machine.shift(datetime.timedelta(seconds=299))
    assert enqueue_due() == []
    time_machine.shift(datetime.timedelta(seconds=1))
    assert enqueue_due() == [TICK]

    assert DBTaskResult.objects.filter(task_path=TICK).count() == 2


def test_a_periodic_task_that_names_no_task_is_a_system_check_error(settings):
    settings.WORKER_PERIODIC = [(TICK, 300), ("tests.worker.tasks.missing", 300), ("tests.worker.tasks.tick", 0)]

    errors = [error for error in run_checks() if error.id == "worker.E001"]

    assert ["missing" in error.msg for error in errors] == [True, False]


def test_the_sites_periodic_tasks_pass_the_check():
    assert not [error for error in run_checks() if error.id == "worker.E001"]
