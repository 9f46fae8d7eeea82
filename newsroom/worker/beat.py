"""What a worker does beside running tasks, in a thread of its own with its own database
connection: it says it is alive every WORKER_STALL_SECONDS / 6 seconds, and every
WORKER_STALL_SECONDS / 2 it puts back the tasks of dead workers and enqueues the periodic tasks
that are due."""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import WorkerBeat
from .periodic import enqueue_due
from .reclaim import reclaim_abandoned

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"heartbeat {worker_id}", daemon=True)

    @property
    def beat_seconds(self) -> float:
        return min(10.0, settings.WORKER_STALL_SECONDS / 6)

    def start(self):
        """Beat once, and take back what this worker id was running before a restart, before any
        task is claimed; then go on in the thread."""
        self.started_at = timezone.now()
        self.beat()
        self.housekeeping(restarted=self.worker_id)
        self.thread.start()

    def beat(self):
        now = timezone.now()
        if not WorkerBeat.objects.filter(worker_id=self.worker_id).update(beat_at=now):
            WorkerBeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "pid": os.getpid(),
                    "hostname": socket.gethostname(),
                    "started_at": self.started_at,
                    "beat_at": now,
                },
            )

    def housekeeping(self, *, restarted: str = ""):
        if reclaimed := reclaim_abandoned(restarted=restarted):
            logger.warning("%d tasks of stopped workers will run again.", reclaimed)
        enqueue_due()

    def stop(self):
        """Called on a clean exit: the worker is gone, not dead."""
        self.stopping.set()
        self.thread.join(timeout=30)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def run(self):
        last_housekeeping = time.monotonic()
        try:
            while not self.stopping.wait(self.beat_seconds):
                try:
                    close_old_connections()
                    self.beat()
                    if time.monotonic() - last_housekeeping >= settings.WORKER_STALL_SECONDS / 2:
                        last_housekeeping = time.monotonic()
                        self.housekeeping()
                except Exception:
                    # A database that is away for a moment must not stop the beats for good.
                    logger.exception("The worker's heartbeat failed; trying again.")
        finally:
            connection.close()
