"""A killed worker's task runs again, once: `manage.py run_worker` processes on a database they
share (a PostgreSQL cluster of the test's own, or an SQLite file as `make run` has), the first killed
with SIGKILL while it runs a task."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.newsletter.smtp import SMTPStandIn
from tests.servers import postgresql_cluster

ROOT = Path(__file__).resolve().parents[2]
TASK_RESULTS = """
import json
import sys

import django

django.setup()
from django_tasks_db.models import DBTaskResult
from newsroom.worker.models import WorkerBeat

print(json.dumps({
    "tasks": [[r.status, r.worker_ids] for r in DBTaskResult.objects.filter(task_path=sys.argv[1])],
    "beats": sorted(WorkerBeat.objects.values_list("worker_id", flat=True)),
}))
"""
HOLD = "tests.worker.tasks.hold_on_first_attempt"
SEND_BATCH = "newsroom.newsletter.tasks.send_issue_batch"
NEWSLETTER = """
import datetime

from django.utils import timezone

from newsroom.newsletter.models import Subscription
from tests.factories import ArticleFactory

ArticleFactory(headline_en="Tachi-S creates 700 jobs", published_at=timezone.now() - datetime.timedelta(hours=1))
for number in range(6):
    Subscription.objects.create(
        email=f"reader{number}@example.com", language="en", status="confirmed", confirmed_at=timezone.now()
    )
"""


class Site:
    """manage.py commands on the shared database."""

    def __init__(self, database_url: str, folder: Path):
        self.folder = folder
        self.database_url = database_url
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "SECRET_KEY": "test-only",
            "DATABASE_URL": database_url,
            # Dead after two seconds without a beat, so that the test does not wait a minute.
            "WORKER_STALL_SECONDS": "2",
        }
        self.environment.pop("DEBUG", None)

    def run(self, *command: str) -> str:
        done = subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=self.environment, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(self, code: str) -> str:
        return self.run("manage.py", "shell", "--verbosity", "0", "--command", code)

    def worker(self, worker_id: str, *options: str) -> subprocess.Popen:
        output = open(self.folder / f"{worker_id}.log", "w")  # noqa: SIM115
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id, "--no-reload", "--interval", "0.1",
             "--no-startup-delay", *options],
            cwd=ROOT,
            env=self.environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def log(self, worker_id: str) -> str:
        return (self.folder / f"{worker_id}.log").read_text()

    def state(self, task_path: str) -> dict:
        return json.loads(self.run("-c", TASK_RESULTS, task_path).splitlines()[-1])


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {seconds} s")
        time.sleep(0.1)


@pytest.fixture(params=["postgresql", "sqlite"])
def site(request, tmp_path):
    if request.param == "sqlite":
        yield Site(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path)
        return
    with postgresql_cluster() as cluster:
        cluster.create_database("worker")
        yield Site(cluster.url("worker"), tmp_path)


def finished(log: str, task: str) -> bool:
    return any(task in line and "state=SUCCESSFUL" in line for line in log.splitlines())


def test_a_killed_workers_task_runs_again_in_the_next_worker_once(site, tmp_path):
    site.run("manage.py", "migrate", "--verbosity", "0")
    attempts = tmp_path / "attempts"
    site.shell(f"from tests.worker import tasks; tasks.hold_on_first_attempt.enqueue({str(attempts)!r})")

    first = site.worker("w1")
    try:
        wait_for(lambda: attempts.exists() and attempts.read_text() == "1 w1\n", "w1 started the task")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert site.state(HOLD) == {"tasks": [["RUNNING", ["w1"]]], "beats": ["w1"]}

    second = site.worker("w2")
    try:
        # Its own line: the worker also runs the periodic tasks (WORKER_PERIODIC), which succeed too.
        wait_for(lambda: finished(site.log("w2"), "hold_on_first_attempt"), "w2 ran the task again")
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0, site.log("w2")

    assert attempts.read_text() == "1 w1\n2 w2\n"
    # w2 said goodbye; w1 never could.
    assert site.state(HOLD) == {"tasks": [["SUCCESSFUL", ["w1", "w2"]]], "beats": ["w1"]}

    site.run("manage.py", "run_worker", "--worker-id", "w3", "--batch", "--no-startup-delay")
    assert attempts.read_text() == "1 w1\n2 w2\n"
    assert site.state(HOLD) == {"tasks": [["SUCCESSFUL", ["w1", "w2"]]], "beats": ["w1"]}


def test_a_killed_workers_newsletter_batch_goes_on_in_the_next_worker_and_mails_at_most_one_reader_twice(site):
    site.run("manage.py", "migrate", "--verbosity", "0")
    site.shell(NEWSLETTER)
    with SMTPStandIn(stall_after=3) as smtp:
        site.environment |= {
            "SITE_URL": "https://news.example.com",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "60",
        }
        assert "left to the worker" in site.run("manage.py", "send_newsletter")

        first = site.worker("w1")
        try:
            wait_for(lambda: len(smtp.received) == 4, "w1 mailed three readers and hangs on the fourth")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        smtp.stall_after = None

        second = site.worker("w2")
        try:
            wait_for(lambda: "newsletter.tasks.send_issue_batch state=SUCCESSFUL" in site.log("w2"), "w2 went on")
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=30) == 0, site.log("w2")

    readers = [f"reader{number}@example.com" for number in range(6)]
    assert sorted(smtp.received) == sorted([*readers, "reader3@example.com"])
    assert site.state(SEND_BATCH)["tasks"] == [["SUCCESSFUL", ["w1", "w2"]]]
    issue = site.shell(
        "from newsroom.newsletter.models import NewsletterIssue; "
        "print(*NewsletterIssue.objects.values_list('status', 'recipient_count').get())"
    )
    assert issue.split() == ["sent", "6"]
