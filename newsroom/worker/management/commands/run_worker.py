import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from newsroom.worker.beat import Heartbeat


class Command(db_worker.Command):
    help = (
        "Run the background worker: django-tasks-db's db_worker, which also says it is alive, runs "
        "again the tasks of workers that died, and enqueues the periodic tasks (WORKER_PERIODIC)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Every queue unless told otherwise, where db_worker takes only "default".
        parser.set_defaults(queue_name="*")

    def handle(self, *args, worker_id, reload, batch, **options):
        # With --reload the tasks run in a child process started again on every code change, each
        # time as a new worker; the parent only watches the files.
        if reload and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
        finally:
            heartbeat.stop()
