"""PostgreSQL restarted under readers' load: how many requests fail, per gunicorn worker.

Starts a PostgreSQL cluster of its own on a spare port (never the machine's), migrates it, adds a
few articles, serves the site with gunicorn (2 sync workers, production settings), keeps reader
requests going from a few threads, restarts PostgreSQL (`pg_ctl restart --mode fast`) twice, two
seconds apart, and counts the answers and the failures per worker (from gunicorn's
access log). Prints a table, or with --json one line that tests/test_database_restarts.py reads.

    .venv/bin/python bench/restart_postgresql.py [--threads 6] [--workers 2] [--restarts 2] [--json]
"""

import argparse
import collections
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import postgresql_cluster, spare_port, wait_for_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CONTENT = """
from tests.factories import ArticleFactory, EventFactory, SectionFactory
section = SectionFactory(name_en="Automotive", name_de="Automobil")
for number in range(12):
    ArticleFactory(section=section, headline_en=f"Querétaro's suppliers hire again, part {number}")
EventFactory()
"""
PATHS = ["/en/", "/de/", "/en/articles/", "/de/artikel/", "/en/sections/automotive/", "/en/events/",
         "/en/feed/rss/", "/sitemap.xml", "/robots.txt"]  # fmt: skip


def wsgi_application():
    """The production site as gunicorn serves it, minus the static files manifest (no collectstatic)."""
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"User-Agent": "restart-bench", "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Load:
    """Reader requests from several threads, each answer noted with when it was asked."""

    def __init__(self, port: int, threads: int):
        self.port = port
        self.answers: list[tuple[float, float, str, int | str]] = []  # started, ended, path, status or error
        self.running = True
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(threads)]

    def read(self, number: int):
        position = number
        while self.running:
            path = PATHS[position % len(PATHS)]
            position += 1
            started = time.monotonic()
            try:
                status: int | str = get(self.port, path)
            except OSError as error:
                status = type(error).__name__
            self.answers.append((started, time.monotonic(), path, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()


def failed(status) -> bool:
    return not isinstance(status, int) or status >= 500


def measure(threads: int = 6, workers: int = 2, restarts: int = 2, between: float = 2.0) -> dict:
    with postgresql_cluster() as cluster, tempfile.TemporaryDirectory(prefix="newsroom-gunicorn-") as folder:
        cluster.create_database("newsroom")
        environment = {
            key: value for key, value in os.environ.items() if key not in {"DEBUG", "CACHE_URL", "REDIS_URL"}
        }
        environment |= {
            "SECRET_KEY": "restart-bench-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": cluster.url("newsroom"),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",  # no collectstatic: files come from the finders
        }
        run = {"env": environment, "cwd": ROOT, "check": True, "capture_output": True, "timeout": 300}
        subprocess.run([PYTHON, "manage.py", "migrate", "--skip-checks", "--verbosity", "0"], **run)
        subprocess.run([PYTHON, "manage.py", "shell", "--command", CONTENT], **run)

        port = spare_port()
        access_log = Path(folder) / "access.log"
        options = f"--workers {workers} --worker-class sync --bind 127.0.0.1:{port} --timeout 60 --no-control-socket"
        server = subprocess.Popen(
            [
                GUNICORN,
                "bench.restart_postgresql:wsgi_application()",
                *options.split(),
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(p)s %(s)s %(U)s",
            ],  # fmt: skip
            env=environment,
            cwd=ROOT,
        )
        try:
            wait_for_port(port, 30)
            # Every worker has served and holds its persistent connection before the restart.
            for _ in range(4 * workers):
                for path in PATHS:
                    assert get(port, path) == 200, path
            restarts_at = []
            with Load(port, threads) as load:
                for _ in range(restarts):
                    time.sleep(between)
                    began = time.monotonic()
                    cluster.restart()
                    restarts_at.append((began, time.monotonic()))
                time.sleep(between)
            final = {path: get(port, path) for path in PATHS}
        finally:
            server.terminate()
            server.wait(timeout=30)
        per_worker = collections.Counter()
        for line in access_log.read_text().splitlines():
            pid, status, _path = line.split(" ", 2)
            per_worker[pid] += int(status) >= 500

    answers = load.answers
    last_restart_ended = restarts_at[-1][1]
    return {
        "requests": len(answers),
        "asked_during_restarts": sum(
            1 for started, ended, *_ in answers if any(ended >= a and started <= b for a, b in restarts_at)
        ),
        "restart_seconds": [round(b - a, 2) for a, b in restarts_at],
        "failed": sum(1 for *_, status in answers if failed(status)),
        "failed_per_worker": sorted(per_worker.values(), reverse=True),
        "failed_a_second_after": sum(
            1 for started, _e, _p, status in answers if started > last_restart_ended + 1 and failed(status)
        ),
        "errors": sorted({str(status) for *_, status in answers if failed(status)}),
        "final": final,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--restarts", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.threads, args.workers, args.restarts)
    if args.json:
        print(json.dumps(result))
        return
    for name, value in result.items():
        print(f"{name:>22}: {value}")


if __name__ == "__main__":
    main()
