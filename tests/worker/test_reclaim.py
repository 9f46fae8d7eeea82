"""A task whose worker died is run again by another, once; one that killed its worker three times
is given up."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom.worker.models import WorkerBeat
from newsroom.worker.reclaim import reclaim_abandoned
from newsroom.worker.testing import run_tasks

from .tasks import add

pytestmark = pytest.mark.django_db


def claimed_by(*worker_ids: str) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=add.enqueue(2, 3).id)
    for worker_id in worker_ids:
        result.claim(worker_id)
    return result


def beat(worker_id: str, seconds_ago: float):
    moment = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id=worker_id, pid=1, hostname="newsroom-1", started_at=moment, beat_at=moment)


def test_the_task_of_a_worker_that_stopped_beating_runs_again_in_another_worker(settings):
    settings.WORKER_STALL_SECONDS = 60
    result = claimed_by("w1")
    beat("w1", seconds_ago=61)

    assert reclaim_abandoned() == 1
    result.refresh_from_db()
    assert (result.status, result.started_at) == (TaskResultStatus.READY, None)

    assert run_tasks() == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    assert result.worker_ids == ["w1", "tests"]


def test_the_task_of_a_worker_that_never_beat_runs_again():
    result = claimed_by("started-by-db_worker")

    assert reclaim_abandoned() == 1
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY


def test_the_task_of_a_worker_that_is_alive_is_left_running(settings):
    settings.WORKER_STALL_SECONDS = 60
    result = claimed_by("w1")
    beat("w1", seconds_ago=50)

    assert reclaim_abandoned() == 0
    assert run_tasks() == 0
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING
    assert result.worker_ids == ["w1"]


def test_only_the_last_claimers_beat_counts():
    result = claimed_by("w1", "w2")
    beat("w1", seconds_ago=0)

    assert reclaim_abandoned() == 1
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY


def test_a_worker_started_again_under_its_own_id_takes_back_what_it_was_running():
    result = claimed_by("newsroom-1")
    beat("newsroom-1", seconds_ago=0)

    assert reclaim_abandoned() == 0
    assert reclaim_abandoned(restarted="newsroom-1") == 1
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY


def test_a_task_whose_worker_died_three_times_fails_instead_of_running_again():
    result = claimed_by("w1", "w2", "w3")

    assert reclaim_abandoned() == 0
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.finished_at is not None
    assert result.exception_class_path == "newsroom.worker.reclaim.AbandonedTask"
    assert "Abandoned 3 times" in result.traceback
    assert run_tasks() == 0


def test_finished_and_waiting_tasks_are_left_alone():
    waiting = add.enqueue(1, 1)
    run_tasks()
    later = add.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(1, 2)

    assert reclaim_abandoned() == 0
    assert DBTaskResult.objects.get(id=waiting.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(id=later.id).status == TaskResultStatus.READY


def test_beats_of_workers_gone_for_a_day_are_forgotten():
    beat("gone", seconds_ago=25 * 3600)
    beat("quiet", seconds_ago=3600)

    reclaim_abandoned()

    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["quiet"]
