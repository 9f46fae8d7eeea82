"""What the workers of `manage.py run_worker` tell each other through the database: that they are
alive (a dead one's task is run again, newsroom/worker/reclaim.py), and when a periodic task was last
enqueued (newsroom/worker/periodic.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerBeatQuerySet(models.QuerySet):
    def alive(self):
        """Workers that said they were alive within WORKER_STALL_SECONDS."""
        return self.filter(beat_at__gte=timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALL_SECONDS))


class WorkerBeat(models.Model):
    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    pid = models.PositiveIntegerField(_("process id"))
    hostname = models.CharField(_("host"), max_length=255)
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last seen alive"))

    objects = WorkerBeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, {self.pid})"


class PeriodicTask(models.Model):
    task_path = models.CharField(_("task"), max_length=200, primary_key=True)
    enqueued_at = models.DateTimeField(_("last enqueued"))

    class Meta:
        verbose_name = _("periodic task")
        verbose_name_plural = _("periodic tasks")

    def __str__(self):
        return self.task_path
