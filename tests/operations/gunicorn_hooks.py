"""The two metrics hooks of deploy/gunicorn.conf.py (wip/issue-19/design.md §3.1), for the tests'
gunicorns (`--config`): the metric files of an earlier run are removed when gunicorn starts, and an
exited worker is marked dead (its live-only gauges dropped, its counts kept)."""

import os
import shutil
from pathlib import Path


def on_starting(server):
    if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # only with metrics on

        multiprocess.mark_process_dead(worker.pid)
