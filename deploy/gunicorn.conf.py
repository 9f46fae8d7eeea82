"""gunicorn for Newsroom (README, "Operating"): `gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi`.
Every value can be overridden on the command line; the environment file sets the few that vary."""

import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # ignored under systemd's socket (LISTEN_FDS)
# Sync workers: pages are CPU (6–9 ms uncached, 0.2 ms a hit) and short; the proxy buffers slow clients.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # the slowest page is a 10,000-URL sitemap (1.2 s)
graceful_timeout = 30  # SIGTERM/HUP: requests in flight finish, reads are flushed (popularity)
keepalive = 5
max_requests = 0  # memory is flat (README: 74 MB after 10,000 pages); recycling would pile up metric files
preload_app = False  # HUP loads new code into new workers; each worker freezes its own start (wsgi.py)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None  # one JSON line per request comes from newsroom.operations.requests
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# gunicorn's own lines ("WORKER TIMEOUT", on_starting's warning) as JSON too, in the fields of the site's
# (newsroom/operations/logs.py: time, level, logger, message), so that `jq` reads the whole journal.
# python-json-logger's formatter, not the site's: importing that module in the master would import the
# metrics module, whose counters open their files before on_starting has made their folder.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            "json_ensure_ascii": False,
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        # Not propagated: in a worker the root logger is Django's, which would write each line again.
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}
proc_name = "newsroom-web"
# systemctl is the control interface; gunicorn's own socket (one path per user) would be fought over by
# the old and the new server of an upgrade, and by two servers of the same user on one machine.
control_socket_disable = True


def on_starting(server):
    # Metric files of an earlier run would be added to this one's counts.
    if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(directory, ignore_errors=True)
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            # The site serves without metrics rather than not at all: the workers, forked from here,
            # inherit an environment without the folder and count nothing.
            server.log.warning("Metrics are off: %s cannot be made (%s).", directory, error)
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # only with metrics on

        multiprocess.mark_process_dead(worker.pid)
