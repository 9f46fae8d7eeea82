"""Prometheus metrics (README, "Errors and metrics"), on only where PROMETHEUS_MULTIPROC_DIR is set.

gunicorn's workers are separate processes: prometheus-client's multiprocess mode has each write its
counts to files in that folder, and a scrape of any worker (`GET /metrics` with the token, answered by
`health.Health`) adds up every worker's files, those of workers that have exited included (gunicorn's
`child_exit` hook marks them dead, which drops their live-only gauges). The folder is emptied when
gunicorn starts (`on_starting`): an earlier run's files would be added to this one's counts.

Without the variable nothing is counted and `prometheus_client` is never imported: the functions
below do nothing, at the cost of one test of a constant.

Per request (`requests.RequestLog` calls `observe`, ~3.5 µs): requests and their seconds by `kind`,
the statements they ran; the probes are counted apart (`probe`) and never as requests. Events: the
shared cache going away, a purge the CDN refused, a request retried after losing its database
connection, a reader's query sent to the primary because the replica could not take it. At scrape
time, from the database: the task queue and the workers alive (`QueueCollector`).
"""

import logging
import os
import threading
from concurrent.futures import Future

DIRECTORY = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
ENABLED = bool(DIRECTORY)
# Seconds: a page-cache hit takes ~0.2 ms, a miss 6–9 ms, the biggest sitemap ~1.2 s.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
# A worker's resident memory is read every this many requests (a file read, ~20 µs).
RESIDENT_EVERY = 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
FEED_ENDINGS = ("/rss/", "/atom/", ".xml", ".ics", ".txt")
# A live article's fragment, which its open pages poll (`articles:live-updates`), in every language.
LIVE_FRAGMENT_ENDING = "/updates/"
# The queue's three queries take ~9 ms; a database that has not answered in this long is down for the scrape.
QUEUE_SECONDS = 2.0

logger = logging.getLogger(__name__)

if ENABLED:
    try:
        os.makedirs(DIRECTORY, exist_ok=True)
        # Not at the top: without the variable prometheus_client is never imported. An unlabelled
        # Counter opens its file in the folder as it is made, so a folder that cannot be written fails
        # here, at import, as well as one that cannot be made.
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
        from prometheus_client.core import GaugeMetricFamily
        from prometheus_client.multiprocess import MultiProcessCollector

        REQUESTS = Counter("newsroom_requests", "Requests answered", ["kind", "status_class"])
        REQUEST_SECONDS = Histogram("newsroom_request_seconds", "Seconds to answer", ["kind"], buckets=BUCKETS)
        QUERIES = Counter("newsroom_db_queries", "Database statements run by requests", ["kind"])
        PROBES = Counter("newsroom_probes", "Probes and scrapes answered (never requests)", ["probe", "status"])
        CACHE_OUTAGES = Counter("newsroom_cache_outages", "Times the shared cache (Redis) became unavailable")
        CDN_PURGE_FAILURES = Counter("newsroom_cdn_purge_failures", "Purge requests the CDN or Varnish did not take")
        DATABASE_RETRIES = Counter("newsroom_database_retries", "Requests run again after losing their connection")
        REPLICA_FALLBACKS = Counter(
            "newsroom_replica_fallbacks", "Readers' queries sent to the primary instead", ["reason"]
        )
        RESIDENT = Gauge(
            "newsroom_worker_resident_bytes", "Resident memory of each live worker", multiprocess_mode="liveall"
        )
    except OSError as error:
        # The site serves without metrics rather than not at all.
        logger.warning("Metrics are off: %s cannot be made or written (%s).", DIRECTORY, error)
        ENABLED = False


def kind_of(path: str, cache: str | None) -> str:
    """What a request was, from its path alone (no URL resolving: a hit never reaches Django).
    A live page's polls are counted apart, hit or miss: they would swamp the pages' figures."""
    if path.endswith(LIVE_FRAGMENT_ENDING) and path.startswith(("/en/", "/de/")):
        return "live_fragment"
    if cache == "hit":
        return "page_hit"
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    if path.startswith(("/static/", "/media/")):
        return "static"
    if path.endswith(FEED_ENDINGS):
        return "feed_sitemap"
    if path.startswith(("/en/", "/de/")):
        return "beacon" if path[3:10] == "/reads/" else "page"
    return "other"


_observed = 0
_failing = False
# The labelled children by (kind, status // 100): `labels()` checks and locks each time (~1 µs a call).
_children: dict[tuple[str, int], tuple] = {}


def observe(path: str, status: int, seconds: float, queries: int, cache: str | None) -> None:
    if ENABLED:
        _guarded(_observe, path, status, seconds, queries, cache)


def _guarded(count, *arguments) -> None:
    try:
        count(*arguments)
    except Exception as error:  # noqa: BLE001 - counting never costs a request
        # The folder gone or full (OSError): the request was answered; it goes uncounted, and this is
        # said once. After a file failed to grow, prometheus_client's map of it is left too short and
        # the next new label fails with IndexError instead (found by test_metrics.py): caught alike.
        global _failing
        if not _failing:
            _failing = True
            logger.warning("Metrics cannot be written to %s (%s): requests go uncounted.", DIRECTORY, error)


def _observe(path: str, status: int, seconds: float, queries: int, cache: str | None) -> None:
    kind = kind_of(path, cache)
    key = (kind, status // 100)
    children = _children.get(key)
    if children is None:
        labelled = (REQUESTS.labels(kind, f"{key[1]}xx"), REQUEST_SECONDS.labels(kind), QUERIES.labels(kind))
        children = _children.setdefault(key, labelled)
    requests, request_seconds, statements = children
    requests.inc()
    request_seconds.observe(seconds)
    if queries:
        statements.inc(queries)
    global _observed
    _observed += 1
    if _observed % RESIDENT_EVERY == 1:
        RESIDENT.set(resident_bytes())


# The events, each through the same guard as a request: a metric file that cannot be written never
# costs the request that met the event.


def probe(name: str, status: int) -> None:
    if ENABLED:
        _guarded(lambda: PROBES.labels(name, str(status)).inc())


def cache_outage() -> None:
    if ENABLED:
        _guarded(CACHE_OUTAGES.inc)


def cdn_purge_failure() -> None:
    if ENABLED:
        _guarded(CDN_PURGE_FAILURES.inc)


def database_retry() -> None:
    if ENABLED:
        _guarded(DATABASE_RETRIES.inc)


def replica_fallback(reason: str) -> None:
    if ENABLED:
        _guarded(lambda: REPLICA_FALLBACKS.labels(reason).inc())


def resident_bytes() -> int:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def scrape() -> tuple[str, bytes]:
    """Every worker's counts added up, and the queue as the database has it now: (content type, body).
    A registry of its own each time: multiprocess mode forbids collectors in the shared one."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, DIRECTORY)
    registry.register(QueueCollector())
    return CONTENT_TYPE_LATEST, generate_latest(registry)


class QueueCollector:
    """The task queue and its workers, read from the primary when Prometheus asks (three small
    queries). While the database does not answer within QUEUE_SECONDS, `newsroom_queue_up` is 0 and
    the rest is left out."""

    def collect(self):
        up = GaugeMetricFamily("newsroom_queue_up", "Whether the queue could be read at this scrape")
        try:
            families = read_queue(QUEUE_SECONDS)
        except TimeoutError:
            logger.warning("The task queue could not be read for the metrics: no answer within %s s", QUEUE_SECONDS)
            families = None
        except Exception as error:  # noqa: BLE001 - a scrape answers without the queue
            logger.warning("The task queue could not be read for the metrics: %s", error)
            families = None
        up.add_metric([], 0 if families is None else 1)
        yield up
        yield from families or ()


_reading_lock = threading.Lock()
_reading: Future | None = None


def read_queue(seconds: float) -> list:
    """`queue_families()` in a thread of its own, waited for `seconds`: a frozen database (a hung
    machine, a lost network) would otherwise hold the sync worker serving the scrape until gunicorn's
    timeout, 30 s, at every scrape. While an earlier read still hangs, none other is started: the
    threads would pile up, each holding a connection."""
    global _reading
    with _reading_lock:
        if _reading is not None and not _reading.done():
            raise TimeoutError
        future: Future = Future()
        _reading = future
        threading.Thread(target=_read_queue, args=(future,), name="newsroom-metrics-queue", daemon=True).start()
    return future.result(seconds)


def _read_queue(future: Future) -> None:
    # Not at the top: this module is imported by the settings (logs → requests), before the database.
    from django.db import connections

    try:
        future.set_result(list(queue_families()))
    except BaseException as error:  # noqa: BLE001 - handed to the waiting scrape
        future.set_exception(error)
    finally:
        # The thread's own connections (Django's are per thread); a scrape every 15–30 s opens one.
        connections.close_all()


def queue_families():
    # Not at the top: this module is imported by the settings (logs → requests), before the models.
    from django.conf import settings
    from django.db import DEFAULT_DB_ALIAS
    from django.db.models import Count, Min
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from newsroom.worker.models import WorkerBeat

    now = timezone.now()
    queues = dict.fromkeys(settings.TASKS["default"].get("QUEUES", ["default"]), (0, None))
    tasks_on_primary = DBTaskResult.objects.using(DEFAULT_DB_ALIAS)
    ready = tasks_on_primary.ready().values_list("queue_name").annotate(Count("id"), Min("enqueued_at"))
    for name, count, oldest in ready.order_by():
        queues[name] = (count, oldest)
    failed = dict.fromkeys(queues, 0)
    recent = tasks_on_primary.filter(status=TaskResultStatus.FAILED, finished_at__gte=now - timezone.timedelta(days=1))
    failed |= dict(recent.values_list("queue_name").annotate(Count("id")).order_by())

    tasks = GaugeMetricFamily("newsroom_tasks_ready", "Tasks ready to run, waiting for a worker", labels=["queue"])
    oldest_seconds = GaugeMetricFamily(
        "newsroom_task_oldest_ready_seconds", "Seconds the oldest ready task has waited", labels=["queue"]
    )
    for name, (count, oldest) in sorted(queues.items()):
        tasks.add_metric([name], count)
        oldest_seconds.add_metric([name], (now - oldest).total_seconds() if oldest else 0)
    failures = GaugeMetricFamily("newsroom_tasks_failed_24h", "Tasks failed in the last 24 hours", labels=["queue"])
    for name, count in sorted(failed.items()):
        failures.add_metric([name], count)
    workers = GaugeMetricFamily("newsroom_workers_alive", "Background workers that said they were alive lately")
    workers.add_metric([], WorkerBeat.objects.using(DEFAULT_DB_ALIAS).alive().count())
    return tasks, oldest_seconds, failures, workers
