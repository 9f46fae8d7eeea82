"""Reads on a streaming replica (DATABASE_REPLICA_URL; README, "Read replicas").

Without a replica nothing here runs: settings.py adds neither the alias nor the router, and the
middleware takes itself out of the stack.

Who reads where is decided per request by `ReplicaMiddleware` and kept in a context variable whose
default is the primary, so the worker, commands and the shell never read the replica. A reader's
GET or HEAD (no session cookie, no valid pin cookie, outside the admin, the API, previews and the
language and consent switches) may read the replica; everything else reads and writes the primary.
Within such a request the primary is read after the first write, inside a transaction on the
primary (read-then-write) and for objects related to one read there.

Read-your-writes: logged-in users are on the primary anyway; the response of any other request
that wrote sets `primary_until`, which keeps its client on the primary for REPLICA_PIN_SECONDS.

The page cache's guard: a reader's miss right after an editor's change would read a replica that may
not have replayed the change yet, and store the old page under the new versions. So every
invalidation raises `replicas:wanted-lsn` in the shared cache to the primary's insert LSN (not its
flush LSN: with synchronous_commit off the commit record may not be written yet), and a request's
first replica read compares it with what the replica has replayed; behind, the request reads the
primary. Redis unavailable: the wanted LSN is unknown, so the primary.

A replica that is away costs a reader nothing: the first failure marks it down in this process for
`DOWN_SECONDS` (one warning when it goes, one when it is back) and the request reads the primary.
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from newsroom.database_restarts import writes
from newsroom.operations import metrics

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "primary_until"
WANTED_LSN_KEY = "replicas:wanted-lsn"
# Requests that always read the primary: the admin and the API (API keys' lookups and last use
# written), previews (an editor's draft), the language and consent switches (they write cookies and
# redirect to what the reader was reading).
PRIMARY_PATHS = ("/admin/", "/api/", "/preview/", "/i18n/", "/consent/")
READING_METHODS = {"GET", "HEAD"}
DOWN_SECONDS = 5
# While the replica keeps up, this process asks it how far it has replayed at most this often: a
# health beat, so a replica that stopped or fell behind is noticed within a second.
BEAT_SECONDS = 1.0
REPLAYED_LSN_SQL = "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
INSERT_LSN_SQL = "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"


def is_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaState:
    """What this process knows of the replica, shared by its threads: how far it had replayed when
    last asked, and whether it is marked down."""

    def __init__(self):
        self._lock = threading.Lock()
        self.replayed = -1  # bytes of WAL; -1: not asked yet
        self.asked_at = float("-inf")  # time.monotonic()
        self.down_until = 0.0
        self.down_since: float | None = None
        self.last_error = ""

    def is_down(self) -> bool:
        return time.monotonic() < self.down_until

    def went_away(self, error: Exception) -> None:
        with self._lock:
            self.down_until = time.monotonic() + DOWN_SECONDS
            self.last_error = f"{type(error).__name__}: {error}".strip()[:300]
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning(
                    "The read replica is unavailable (%s): readers' pages read the primary, and it is tried "
                    "again every %s seconds.",
                    self.last_error,
                    DOWN_SECONDS,
                )

    def answered(self, replayed: int) -> None:
        with self._lock:
            self.replayed = replayed
            self.asked_at = time.monotonic()
            if self.down_since is not None:
                logger.warning(
                    "The read replica is back after %.0f seconds: readers' pages read it again.",
                    time.monotonic() - self.down_since,
                )
                self.down_since = None
                self.down_until = 0.0

    def needs_asking(self, wanted: int) -> bool:
        """Whether the replica must be asked before a read: it was behind what is wanted when last
        asked, or the last beat is a second old."""
        return self.replayed < wanted or time.monotonic() - self.asked_at >= BEAT_SECONDS


STATE = ReplicaState()


class Route:
    """One request's choice. `may_use_replica` says whether the request's reads may go to the replica
    at all; `chosen` is the alias decided at its first read (None until then)."""

    __slots__ = ("may_use_replica", "chosen", "wrote", "pin")

    def __init__(self, may_use_replica: bool):
        self.may_use_replica = may_use_replica
        self.chosen: str | None = None
        self.wrote = False
        self.pin = True  # False: a write that sets no pin cookie (the read beacon's flush)

    def to_primary(self) -> None:
        self.may_use_replica = False
        self.chosen = DEFAULT_DB_ALIAS


_route: contextvars.ContextVar[Route | None] = contextvars.ContextVar("newsroom_replica_route", default=None)


def current_route() -> Route | None:
    return _route.get()


def no_pin(request) -> None:
    """The request's writes are the process's own bookkeeping (the read beacon's flush of read
    counts): its client is not pinned to the primary for them."""
    route = _route.get()
    if route is not None:
        route.pin = False


def pinned_until(request) -> float:
    """The time until which the request's client reads the primary; 0 without a valid pin cookie."""
    try:
        return float(int(request.COOKIES.get(PIN_COOKIE, "0")))
    except ValueError:
        return 0.0  # a cookie not ours: ignored


def may_read_the_replica(request) -> bool:
    return (
        request.method in READING_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(PRIMARY_PATHS)
        and pinned_until(request) <= time.time()
    )


# The LSN guard.


def wanted_lsn() -> int | None:
    """The primary's insert LSN at the last invalidation of a cached page; 0 when none is known (Redis
    lost it, or nothing was invalidated); None while the shared cache is unavailable."""
    cache = caches["default"]
    if hasattr(cache, "get_raw_many"):
        found = cache.get_raw_many([cache.make_key(WANTED_LSN_KEY)])
        if found is None:
            return None
        return int(cache.decode(found[0])) if found[0] is not None else 0
    return int(cache.get(WANTED_LSN_KEY, 0))  # a cache of this process (tests)


def raise_wanted_lsn(lsn: int) -> None:
    cache = caches["default"]
    if hasattr(cache, "raise_to"):
        cache.raise_to(WANTED_LSN_KEY, lsn, timeout=None)
    elif lsn > int(cache.get(WANTED_LSN_KEY, 0)):
        cache.set(WANTED_LSN_KEY, lsn, None)  # a cache of this process: no other writer to race


def replayed_lsn() -> int:
    """How far the replica has replayed the primary's WAL, in bytes; a server not in recovery (a
    replica promoted, or the primary itself) has nothing to wait for. Raises while it is away."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(REPLAYED_LSN_SQL)
        (position,) = cursor.fetchone()
    return int(position) if position is not None else 2**63


def connect_replica() -> None:
    """The replica's connection, checked (CONN_HEALTH_CHECKS: a connection kept from an earlier
    request is tried first) or opened (1 s to connect): a replica that went away between requests is
    found here, where the request can still go to the primary, not at the view's first query. The
    view's first query checks no further: Django checks once per request."""
    connection = connections[REPLICA]
    connection.close_if_health_check_failed()
    connection.ensure_connection()


def forget_replica_connection() -> None:
    """A broken connection is not kept: the next try connects anew."""
    connections[REPLICA].close()


def on_keys_invalidated(sender, keys, **kwargs) -> None:
    """After a commit invalidated cached pages: no reader's miss may read a replica that has not
    replayed it. The primary's insert LSN, now, covers that commit."""
    if not is_configured():
        return
    primary = connections[DEFAULT_DB_ALIAS]
    try:
        # On the driver's own cursor: the page cache's bookkeeping, like its Redis calls, is not one of
        # the request's statements (a reader's page that invalidated what became due read the
        # replica, and its log line says so).
        with primary.wrap_database_errors:
            primary.ensure_connection()
            with primary.connection.cursor() as cursor:
                cursor.execute(INSERT_LSN_SQL)
                (position,) = cursor.fetchone()
    except DatabaseError:
        logger.exception("The primary's WAL position could not be read: readers may see the change late.")
        return
    raise_wanted_lsn(int(position))


def choose_for_first_read() -> str:
    """The alias a reader's request reads from, decided at its first read."""
    if STATE.is_down():
        metrics.replica_fallback("down")
        return DEFAULT_DB_ALIAS
    wanted = wanted_lsn()
    if wanted is None:
        metrics.replica_fallback("unknown")
        return DEFAULT_DB_ALIAS  # Redis away: whether the replica has the last change is unknown
    try:
        if STATE.needs_asking(wanted):
            STATE.answered(replayed_lsn())
        else:
            connect_replica()
    except DatabaseError as error:
        forget_replica_connection()
        STATE.went_away(error)
        metrics.replica_fallback("unreachable")
        return DEFAULT_DB_ALIAS
    if STATE.replayed >= wanted:
        return REPLICA
    metrics.replica_fallback("behind")
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        route = _route.get()
        # Before an instance's own database: one read from the replica and kept in the cache is no
        # reason for an editor, the worker or a request that wrote to read the replica.
        if route is None or not route.may_use_replica:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # read-then-write: the rows read are those written
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # a related object follows its instance
        if route.chosen is None:
            route.chosen = choose_for_first_read()
        return route.chosen

    def db_for_write(self, model, **hints):
        # Asked for a lock too (select_for_update), which writes nothing: the request turns to the
        # primary at its first write statement, which ReplicaMiddleware watches for.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _noting_writes(route: Route):
    def noting(execute, sql, params, many, context):
        if not route.wrote and writes(sql):
            route.wrote = True
            route.to_primary()
        return execute(sql, params, many, context)

    return noting


class ReplicaMiddleware:
    """First in MIDDLEWARE: the request's route, its writes noted, the pin cookie on the answer."""

    def __init__(self, get_response):
        if not is_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        route = Route(may_read_the_replica(request))
        token = _route.set(route)
        try:
            # Raw SQL writes (read counts, share links) never ask the router: the primary's
            # statements are watched (~1 µs each).
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_noting_writes(route)):
                response = self.get_response(request)
        finally:
            _route.reset(token)
        if route.wrote and route.pin:
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + settings.REPLICA_PIN_SECONDS),
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def on_connections_lost(sender, aliases, **kwargs) -> None:
    """Before a reader's GET is made once more after losing a connection (database_restarts): a
    replica lost is marked down, and the second attempt reads the primary."""
    if REPLICA not in aliases:
        return
    STATE.went_away(DatabaseError("the connection was lost during a request"))
    route = _route.get()
    if route is not None:
        route.to_primary()


# For /readyz (newsroom/operations/health.py), in the probe's thread and connection.


def readiness() -> dict:
    """Whether the replica answers as a replica, and how far behind the primary it is (bytes of WAL
    not yet replayed). Raises while it is away."""
    primary = connections[DEFAULT_DB_ALIAS]
    replica = connections[REPLICA]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'::pg_lsn")
        in_recovery, replayed = cursor.fetchone()
    with primary.cursor() as cursor:
        cursor.execute(INSERT_LSN_SQL)
        (inserted,) = cursor.fetchone()
    if not in_recovery:
        return {"ok": False, "error": "not a replica: the server is not in recovery"}
    # It answers: this process's requests may read it again (the probe may notice before they do).
    STATE.answered(int(replayed))
    return {"ok": True, "lag_bytes": max(0, int(inserted) - int(replayed))}


# System checks (registered by newsroom/operations/apps.py).


def check_replica_settings(app_configs, **kwargs):
    if not is_configured():
        return []
    return replica_setting_errors(settings.DATABASES, settings.CACHES)


def replica_setting_errors(databases: dict, caches_setting: dict) -> list:
    errors = []
    if not caches_setting.get("default", {}).get("BACKEND", "").endswith("FailOpenRedisCache"):
        errors.append(
            checks.Error(
                "DATABASE_REPLICA_URL is set but CACHE_URL is not.",
                hint=(
                    "The replica's guard against stale cached pages keeps the primary's WAL position in the "
                    "shared cache: set CACHE_URL to the Redis every server uses."
                ),
                id="operations.E001",
            )
        )
    if not all(databases[alias]["ENGINE"].endswith("postgresql") for alias in (DEFAULT_DB_ALIAS, REPLICA)):
        errors.append(
            checks.Error(
                "DATABASE_REPLICA_URL must name a PostgreSQL streaming replica of the PostgreSQL DATABASE_URL.",
                hint="postgres://user:password@replica-host:5432/name, or leave it empty to read the primary.",
                id="operations.E002",
            )
        )
    return errors
