"""Prometheus metrics (newsroom/operations/metrics.py) from a gunicorn of two workers in multiprocess
mode, with a PostgreSQL cluster and a Redis of the test's own: a scrape of either worker adds up
both, never counts itself or the probes as requests, keeps a killed worker's counts, and reads the
task queue from the database. Without the token, or without metrics, `/metrics` is a 404."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.operations.wsgi import call
from tests.servers import (
    POSTGRESQL_BIN,
    REDIS_SERVER,
    gunicorn_server,
    migrated_database,
    postgresql_cluster,
    redis_server,
    require_program,
)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scrape-" + "k" * 30
HOOKS = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One gunicorn (two workers) with metrics on, for the module; its database, Redis and metric files."""
    require_program(POSTGRESQL_BIN / "initdb", "postgresql")
    require_program(REDIS_SERVER, "redis-server")
    directory = tmp_path_factory.mktemp("metrics") / "prometheus"
    with postgresql_cluster() as cluster, redis_server() as redis:
        url = migrated_database(cluster)
        environment = {
            "DATABASE_URL": url,
            "CACHE_URL": redis.url,
            "PROMETHEUS_MULTIPROC_DIR": str(directory),
            "METRICS_TOKEN": TOKEN,
            # The production configuration, whose hooks empty the folder at start and mark exited workers dead.
            "GUNICORN_CMD_ARGS": f"--config {HOOKS}",
            "DJANGO_SETTINGS_MODULE": "tests.operations.served_settings",
        }
        with gunicorn_server(environment, workers=2) as server:
            server.database_url = url
            server.cluster = cluster
            server.metrics_folder = directory
            server.redis = redis
            yield server


def scrape(server) -> dict[str, list]:
    status, headers, content = server.get("/metrics", Authorization=f"Bearer {TOKEN}")
    assert status == 200, content[:500]
    assert headers["Cache-Control"] == "no-store"
    return {family.name: family.samples for family in text_string_to_metric_families(content.decode())}


def total(samples: dict, name: str, **labels) -> float:
    return sum(
        sample.value
        for sample in samples.get(name, [])
        if sample.name == f"{name}_total" and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def gauge(samples: dict, name: str, **labels) -> float:
    [value] = [s.value for s in samples[name] if all(s.labels.get(k) == v for k, v in labels.items())]
    return value


def workers(server) -> list[int]:
    pid = server.process.pid
    return sorted(int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


def access_lines(server) -> list[dict]:
    lines = server.log.read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{") and '"newsroom.requests"' in line]


def waiting_to_be_accepted(port: int) -> int:
    """Connections in the listening socket's backlog, not yet taken by a worker (for a listening
    socket the kernel shows that count as its rx_queue)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return int(fields[4].split(":")[1], 16)
    raise AssertionError(f"nothing listens on {port}")


class HeldRequest:
    """A page request sent but for its last line: the sync worker that took it waits on it, so the
    requests sent meanwhile go to the other worker."""

    def __init__(self, server, path: str):
        self.connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        self.connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".encode())
        # Taken by a worker before the next request comes: out of the backlog.
        deadline = time.monotonic() + 30
        while waiting_to_be_accepted(server.port) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not waiting_to_be_accepted(server.port)

    def finish(self) -> bytes:
        self.connection.sendall(b"\r\n")
        answer = b""
        while chunk := self.connection.recv(65536):
            answer += chunk
        self.connection.close()
        return answer


def test_a_scrape_adds_up_both_workers_requests_and_counts_no_scrape_or_probe(site):
    earlier = scrape(site)
    before = total(earlier, "newsroom_requests")
    served_before = len(access_lines(site))

    first = HeldRequest(site, "/en/")  # one worker waits on it…
    answers = [site.get("/en/")[0] for _ in range(5)]  # …so the other serves these
    second = HeldRequest(site, "/en/articles/")  # the other one waits now
    assert first.finish().startswith(b"HTTP/1.1 200")
    answers += [site.get("/en/articles/")[0] for _ in range(3)]
    assert second.finish().startswith(b"HTTP/1.1 200")
    assert answers == [200] * 8
    assert site.get("/healthz")[0] == 200
    assert site.get("/readyz")[0] == 200

    lines = access_lines(site)[served_before:]
    assert len(lines) == 10
    assert len({line["pid"] for line in lines}) == 2  # both workers served
    samples = scrape(site)
    assert total(samples, "newsroom_requests") - before == 10
    again = scrape(site)
    assert total(again, "newsroom_requests") - before == 10  # the scrapes themselves are not requests
    assert total(again, "newsroom_probes", probe="metrics") >= 3
    assert total(again, "newsroom_probes", probe="healthz", status="200") >= 1
    assert total(again, "newsroom_probes", probe="readyz", status="200") >= 1
    # The home page twice from each worker's near cache or Redis at least: hits are their own kind.
    hits = total(again, "newsroom_requests", kind="page_hit", status_class="2xx")
    hits -= total(earlier, "newsroom_requests", kind="page_hit", status_class="2xx")
    pages = total(again, "newsroom_requests", kind="page", status_class="2xx")
    pages -= total(earlier, "newsroom_requests", kind="page", status_class="2xx")
    assert hits >= 4 and hits + pages == 10
    assert len([line for line in lines if line["cache"] == "hit"]) == hits
    observed = [s.value for s in again["newsroom_request_seconds"] if s.name == "newsroom_request_seconds_count"]
    observed_before = [
        s.value for s in earlier.get("newsroom_request_seconds", []) if s.name == "newsroom_request_seconds_count"
    ]
    assert sum(observed) - sum(observed_before) == 10
    assert total(again, "newsroom_db_queries", kind="page") > 0
    assert {s.labels["pid"] for s in again["newsroom_worker_resident_bytes"]} == {str(p) for p in workers(site)}
    assert all(s.value > 20_000_000 for s in again["newsroom_worker_resident_bytes"])
    assert not [line for line in access_lines(site) if line["path"] in ("/metrics", "/healthz", "/readyz")]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", TOKEN, f"Basic {TOKEN}"])
def test_metrics_are_a_404_without_the_token(site, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    status, _headers, content = site.get("/metrics", **headers)
    assert status == 404
    assert b"newsroom_" not in content


def test_metrics_are_a_404_where_they_are_off_even_with_the_token(settings):
    # This process has no PROMETHEUS_MULTIPROC_DIR: metrics are off.
    settings.METRICS_TOKEN = TOKEN
    answer = call("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer["status"] == 404


def manage(site, *arguments: str, **options):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
    environment |= {
        "DATABASE_URL": site.database_url,
        "SECRET_KEY": "metrics-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    return subprocess.Popen([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, **options)


def test_the_queue_and_its_workers_are_read_at_the_scrape(site):
    samples = scrape(site)
    assert gauge(samples, "newsroom_queue_up") == 1
    assert gauge(samples, "newsroom_tasks_ready", queue="default") == 0
    assert gauge(samples, "newsroom_workers_alive") == 0

    enqueue = (
        "from newsroom.images.tasks import sweep_renditions; sweep_renditions.enqueue(); sweep_renditions.enqueue()"
    )
    assert manage(site, "shell", "-c", enqueue).wait(timeout=120) == 0
    deadline = time.monotonic() + 30  # until the older task has waited a second
    while gauge(samples := scrape(site), "newsroom_task_oldest_ready_seconds", queue="default") < 1:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert gauge(samples, "newsroom_tasks_ready", queue="default") == 2
    assert gauge(samples, "newsroom_tasks_ready", queue="webhooks") == 0
    assert gauge(samples, "newsroom_task_oldest_ready_seconds", queue="default") >= 1
    assert gauge(samples, "newsroom_tasks_failed_24h", queue="default") == 0

    worker = manage(site, "run_worker", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            samples = scrape(site)
            if (
                gauge(samples, "newsroom_workers_alive") == 1
                and gauge(samples, "newsroom_tasks_ready", queue="default") == 0
            ):
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    assert gauge(samples, "newsroom_workers_alive") == 1
    assert gauge(samples, "newsroom_tasks_ready", queue="default") == 0
    assert gauge(samples, "newsroom_task_oldest_ready_seconds", queue="default") == 0


def test_a_killed_workers_counts_are_kept_after_gunicorn_replaces_it(site):
    for _ in range(4):
        assert site.get("/en/articles/")[0] == 200
    before = scrape(site)
    counted = total(before, "newsroom_requests")
    old = workers(site)

    os.kill(old[0], signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (len(workers(site)) != 2 or old[0] in workers(site)):
        time.sleep(0.2)
    now = workers(site)
    assert len(now) == 2 and old[0] not in now
    # And has made its metric files: prometheus_client makes one empty, then sizes it, and a scrape
    # reading it in between fails (struct.error) — the likely cause of the one scrape answered 500 in
    # a run under load. Prometheus tolerates a failed scrape; here the counts after it are asked.
    [new] = set(now) - set(old)
    while time.monotonic() < deadline and not [
        path for path in site.metrics_folder.glob(f"counter_{new}.db") if path.stat().st_size
    ]:
        time.sleep(0.2)
    made = 0
    for _ in range(6):
        made += 1
        assert site.get("/en/")[0] == 200

    after = scrape(site)
    assert total(after, "newsroom_requests") == counted + made
    # Its live gauge went with it; its counter files stay and are added up.
    resident = {s.labels["pid"] for s in after["newsroom_worker_resident_bytes"]}
    assert str(old[0]) not in resident
    assert any(f"_{old[0]}.db" in path.name for path in site.metrics_folder.iterdir())


def test_a_shared_cache_outage_is_counted_once(site):
    before = total(scrape(site), "newsroom_cache_outages")
    site.redis.stop()
    try:
        for _ in range(3):
            assert site.get("/en/articles/")[0] == 200
    finally:
        site.redis.start()
    after = total(scrape(site), "newsroom_cache_outages")
    assert 1 <= after - before <= 2  # once per worker that met it


def metrics_process(site, folder: str, script: str) -> subprocess.CompletedProcess:
    """`script` in a process that loaded the site with metrics in `folder`."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
    environment |= {
        "DATABASE_URL": site.database_url,
        "SECRET_KEY": "metrics-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "tests.operations.served_settings",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "PROMETHEUS_MULTIPROC_DIR": folder,
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )


# Nobody can make a folder in /proc, nor write a file into /proc/self, root included.
@pytest.mark.parametrize("folder", ["/proc/newsroom-metrics", "/proc/self"])
def test_a_metrics_folder_that_cannot_be_made_or_written_leaves_the_site_serving_without_metrics(site, folder):
    script = (
        "import json; from django.test import RequestFactory; from newsroom.wsgi import application; "
        "from newsroom.operations import metrics; answer = []; "
        "body = application(RequestFactory().get('/en/').environ, lambda s, h, e=None: answer.append(s)); "
        "b''.join(body); body.close(); print(json.dumps([answer[0], metrics.ENABLED]))"
    )
    done = metrics_process(site, folder, script)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1]) == ["200 OK", False]
    assert f"Metrics are off: {folder} cannot be made or written" in done.stderr


def test_gunicorn_serves_without_metrics_when_their_folder_cannot_be_made(site, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    folder = tmp_path / "a-file" / "prometheus"  # under a regular file: root cannot make it either
    environment = {
        "DATABASE_URL": site.database_url,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "METRICS_TOKEN": TOKEN,
        "GUNICORN_CMD_ARGS": f"--config {HOOKS}",
        "DJANGO_SETTINGS_MODULE": "tests.operations.served_settings",
    }
    with gunicorn_server(environment, workers=2) as server:
        assert [server.get(path)[0] for path in ("/en/", "/en/articles/", "/healthz")] == [200, 200, 200]
        assert server.get("/metrics", Authorization=f"Bearer {TOKEN}")[0] == 404  # off, not broken
        log = server.log.read_text()
    assert f"Metrics are off: {folder} cannot be made" in log


def test_an_event_that_cannot_be_written_costs_its_request_nothing(site, tmp_path):
    # The metric files may not grow (a full disk, as the kernel says it to one process): a counter
    # given more labels than its file holds must fail to write, and every event helper go on.
    script = (
        "import os, resource, signal, django; django.setup(); from newsroom.operations import metrics; "
        "assert metrics.ENABLED; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); folder = metrics.DIRECTORY; "
        "size = max(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder)); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (size, size)); "
        "[metrics.replica_fallback(f'reason-{n:06}-' + 'x' * 60) for n in range(20000)]; "
        "[metrics.probe(f'probe-{n:06}-' + 'x' * 60, 200) for n in range(20000)]; "
        "metrics.cache_outage(); metrics.cdn_purge_failure(); metrics.database_retry(); print('served')"
    )
    done = metrics_process(site, str(tmp_path / "prometheus"), script)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["served"]
    assert done.stderr.count("Metrics cannot be written to") == 1


def test_a_scrape_answers_within_seconds_while_the_database_is_frozen(site):
    site.cluster.freeze()
    try:
        timings = []
        for _ in range(2):  # the second while the first one's read still hangs
            began = time.monotonic()
            samples = scrape(site)
            timings.append(time.monotonic() - began)
            assert gauge(samples, "newsroom_queue_up") == 0
            assert "newsroom_tasks_ready" not in samples
            assert "newsroom_requests" in samples  # the workers' own counts are still there
    finally:
        site.cluster.thaw()
    assert max(timings) < 3.5, timings
    deadline = time.monotonic() + 60
    while gauge(scrape(site), "newsroom_queue_up") == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gauge(scrape(site), "newsroom_queue_up") == 1


@pytest.mark.parametrize(
    ("path", "cache", "kind"),
    [
        ("/en/articles/", "hit", "page_hit"),
        ("/de/artikel/", "miss", "page"),
        ("/en/events/", None, "page"),
        ("/de/reads/12/", None, "beacon"),
        ("/en/feed/rss/", None, "feed_sitemap"),
        ("/de/ressorts/energie/atom/", None, "feed_sitemap"),
        ("/sitemap-articles.xml", None, "feed_sitemap"),
        ("/en/events/calendar.ics", None, "feed_sitemap"),
        ("/robots.txt", None, "feed_sitemap"),
        ("/static/css/site.css", None, "static"),
        ("/admin/articles/article/", None, "admin"),
        ("/api/v1/articles/", None, "api"),
        ("/consent/", None, "other"),
    ],
)
def test_each_request_is_counted_under_the_kind_its_path_names(path, cache, kind):
    from newsroom.operations.metrics import kind_of

    assert kind_of(path, cache) == kind
