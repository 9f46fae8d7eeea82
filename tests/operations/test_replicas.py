"""The read replica's router, decision by decision, in this process (newsroom/replicas.py).

No second server: the replica's answers (how far it has replayed, or that it is away) and the wanted
position are stood in for; test_streaming_replica.py runs the same code against a real replica."""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom import database_restarts, replicas
from newsroom.articles.models import Section, Tag
from newsroom.database_restarts import connections_lost

REPLICA = replicas.REPLICA
PRIMARY = DEFAULT_DB_ALIAS


class FakeReplica:
    """How far the replica has replayed (bytes of WAL), and how often it was asked; `away` makes it
    fail as a stopped server does."""

    def __init__(self, replayed: int = 100):
        self.replayed = replayed
        self.asked = 0
        self.away = False

    def connect(self) -> None:
        if self.away:
            raise OperationalError("connection refused")

    def __call__(self) -> int:
        self.asked += 1
        if self.away:
            raise OperationalError("connection refused")
        return self.replayed


@pytest.fixture
def replica(monkeypatch):
    """The replica configured, its state fresh, nothing wanted yet."""
    fake = FakeReplica()
    monkeypatch.setattr(replicas, "is_configured", lambda: True)
    monkeypatch.setattr(replicas, "STATE", replicas.ReplicaState())
    monkeypatch.setattr(replicas, "replayed_lsn", fake)
    monkeypatch.setattr(replicas, "connect_replica", fake.connect)
    monkeypatch.setattr(replicas, "wanted_lsn", lambda: wanted["lsn"])
    # The test settings have no replica alias: no connection to close.
    monkeypatch.setattr(replicas, "forget_replica_connection", lambda: None)
    wanted = {"lsn": 50}
    fake.wanted = wanted
    return fake


def serve(request, view=None):
    """The request through ReplicaMiddleware; the alias its first read was routed to, and the response."""
    seen = {}

    def get_response(request):
        if view is not None:
            view(request)
        seen["read"] = replicas.ReplicaRouter().db_for_read(Section)
        return HttpResponse("page")

    response = replicas.ReplicaMiddleware(get_response)(request)
    return seen["read"], response


factory = RequestFactory()


def test_an_anonymous_readers_get_reads_the_replica(replica):
    assert serve(factory.get("/en/articles/"))[0] == REPLICA
    assert serve(factory.head("/de/"))[0] == REPLICA


@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/en/articles/", HTTP_COOKIE="sessionid=abc"),
        factory.post("/en/newsletter/"),
        factory.get("/admin/articles/article/"),
        factory.get("/api/v1/articles/"),
        factory.get("/preview/abc/"),
        factory.get("/i18n/setlang/"),
        factory.get("/consent/"),
    ],
    ids=["session cookie", "post", "admin", "api", "preview", "language switch", "consent"],
)
def test_everything_but_an_anonymous_readers_get_reads_the_primary(replica, request_):
    assert serve(request_)[0] == PRIMARY


def test_a_valid_pin_cookie_reads_the_primary_and_an_expired_or_forged_one_does_not(replica):
    soon = int(time.time()) + 5
    assert serve(factory.get("/en/", HTTP_COOKIE=f"primary_until={soon}"))[0] == PRIMARY
    assert serve(factory.get("/en/", HTTP_COOKIE=f"primary_until={int(time.time()) - 1}"))[0] == REPLICA
    assert serve(factory.get("/en/", HTTP_COOKIE="primary_until=tomorrow"))[0] == REPLICA


def test_without_a_request_everything_reads_the_primary(replica):
    # The worker, commands, the shell.
    assert replicas.ReplicaRouter().db_for_read(Section) == PRIMARY
    assert replicas.ReplicaRouter().db_for_write(Section) == PRIMARY


# Outside a test's own transaction: inside it every read is in an atomic block.
@pytest.mark.django_db(transaction=True)
def test_after_its_first_write_a_request_reads_the_primary(replica):
    def publishing_on_the_way(request):
        assert replicas.ReplicaRouter().db_for_read(Section) == REPLICA
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_tag SET name = name WHERE id = -1")

    assert serve(factory.get("/en/"), publishing_on_the_way)[0] == PRIMARY


# Outside a test's own transaction: inside it every read is in an atomic block.
@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_on_the_primary_read_the_primary(replica):
    def reading_then_writing(request):
        with transaction.atomic():
            assert replicas.ReplicaRouter().db_for_read(Section) == PRIMARY
        assert replicas.ReplicaRouter().db_for_read(Section) == REPLICA

    assert serve(factory.get("/en/"), reading_then_writing)[0] == REPLICA


def test_a_related_object_follows_its_instance(replica):
    section = Section(name_en="Markets")
    section._state.db = PRIMARY
    router = replicas.ReplicaRouter()
    seen = {}

    def view(request):
        seen["related"] = router.db_for_read(Tag, instance=section)

    assert serve(factory.get("/en/"), view)[0] == REPLICA
    assert seen["related"] == PRIMARY


def test_an_instance_read_from_the_replica_is_no_reason_to_read_it_where_the_primary_is_read(replica):
    section = Section(name_en="Markets")
    section._state.db = REPLICA  # kept in the shared cache by a reader's page, say
    router = replicas.ReplicaRouter()
    seen = {}

    def view(request):
        seen["related"] = router.db_for_read(Tag, instance=section)

    assert serve(factory.get("/admin/articles/section/"), view)[0] == PRIMARY
    assert seen["related"] == PRIMARY
    assert router.db_for_read(Tag, instance=section) == PRIMARY  # the worker, a command


@pytest.mark.django_db
def test_a_request_that_wrote_pins_its_client_to_the_primary_and_one_that_read_does_not(replica, settings):
    settings.REPLICA_PIN_SECONDS = 7

    def signing_up(request):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_tag SET name = name WHERE id = -1")

    _read, response = serve(factory.post("/en/newsletter/"), signing_up)
    pin = response.cookies["primary_until"]
    assert int(time.time()) + 6 <= int(pin.value) <= int(time.time()) + 7
    assert pin["max-age"] == 7 and pin["httponly"] and pin["samesite"] == "Lax" and pin["path"] == "/"

    _read, response = serve(factory.get("/en/"))
    assert "primary_until" not in response.cookies


@pytest.mark.django_db
def test_the_read_beacons_flush_pins_nobody(replica):
    def beacon(request):
        replicas.no_pin(request)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE articles_tag SET name = name WHERE id = -1")

    _read, response = serve(factory.post("/en/reads/1/"), beacon)
    assert "primary_until" not in response.cookies


def test_a_replica_behind_the_last_invalidation_sends_the_reader_to_the_primary(replica):
    replica.replayed = 100
    replica.wanted["lsn"] = 101
    assert serve(factory.get("/en/"))[0] == PRIMARY
    assert replica.asked == 1

    replica.replayed = 101
    assert serve(factory.get("/en/"))[0] == REPLICA
    assert replica.asked == 2


def test_a_replica_that_keeps_up_is_asked_at_most_once_a_second(replica, monkeypatch):
    for _ in range(5):
        assert serve(factory.get("/en/"))[0] == REPLICA
    assert replica.asked == 1

    monkeypatch.setattr(replicas, "BEAT_SECONDS", 0)
    assert serve(factory.get("/en/"))[0] == REPLICA
    assert replica.asked == 2


def test_the_replica_is_asked_once_per_request_not_per_read(replica):
    replica.wanted["lsn"] = 200  # behind: asked every request

    def many_reads(request):
        for _ in range(5):
            replicas.ReplicaRouter().db_for_read(Section)

    serve(factory.get("/en/"), many_reads)
    assert replica.asked == 1


def test_without_the_shared_cache_readers_read_the_primary(replica):
    replica.wanted["lsn"] = None  # Redis unavailable
    assert serve(factory.get("/en/"))[0] == PRIMARY
    assert replica.asked == 0


def test_a_replica_away_is_marked_down_for_five_seconds_with_one_warning_each_way(replica, monkeypatch, caplog):
    replica.away = True
    with caplog.at_level(logging.WARNING, logger="newsroom.replicas"):
        assert serve(factory.get("/en/"))[0] == PRIMARY
        assert serve(factory.get("/en/"))[0] == PRIMARY
        assert replica.asked == 1  # left alone while marked down
        assert replicas.STATE.is_down()

        replica.away = False
        monkeypatch.setattr(replicas.STATE, "down_until", 0.0)  # five seconds later
        assert serve(factory.get("/en/"))[0] == REPLICA
        assert serve(factory.get("/en/"))[0] == REPLICA

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert messages[0].startswith("The read replica is unavailable (OperationalError: connection refused)")
    assert messages[1].startswith("The read replica is back after")


def test_a_replica_connection_lost_mid_request_sends_the_retry_to_the_primary(replica):
    def losing_the_replica(request):
        assert replicas.ReplicaRouter().db_for_read(Section) == REPLICA
        # What RetryAfterLostConnectionMiddleware says before it makes the page once more.
        connections_lost.send(sender=None, aliases={REPLICA})

    connections_lost.connect(replicas.on_connections_lost)
    try:
        assert serve(factory.get("/en/"), losing_the_replica)[0] == PRIMARY
    finally:
        connections_lost.disconnect(replicas.on_connections_lost)
    assert replicas.STATE.is_down()


def test_the_wanted_position_is_only_ever_raised(replica):
    cache.delete(replicas.WANTED_LSN_KEY)
    replicas.raise_wanted_lsn(500)
    replicas.raise_wanted_lsn(400)
    assert cache.get(replicas.WANTED_LSN_KEY) == 500


def test_the_wanted_position_is_raised_in_redis_in_one_step_and_unknown_while_redis_is_away(redis):
    # The real functions, not the fixture's stand-ins.
    replicas.raise_wanted_lsn(50_000_000)
    replicas.raise_wanted_lsn(40_000_000)
    assert replicas.wanted_lsn() == 50_000_000

    redis.stop()
    assert replicas.wanted_lsn() is None


def test_nothing_wanted_yet_reads_as_position_zero(redis):
    assert replicas.wanted_lsn() == 0


def test_without_a_replica_the_middleware_leaves_the_stack():
    from django.core.exceptions import MiddlewareNotUsed

    with pytest.raises(MiddlewareNotUsed):
        replicas.ReplicaMiddleware(lambda request: HttpResponse())


def test_a_replica_needs_the_shared_cache_and_postgresql():
    postgresql = {"ENGINE": "newsroom.postgresql", "NAME": "newsroom"}
    local = {"default": {"BACKEND": "newsroom.pagecache.local.LocalMemoryCache"}}
    redis = {"default": {"BACKEND": "newsroom.shared_cache.FailOpenRedisCache"}}

    def errors(databases, caches):
        return [error.id for error in replicas.replica_setting_errors(databases, caches)]

    assert errors({"default": postgresql, "replica": postgresql}, local) == ["operations.E001"]
    assert errors({"default": postgresql, "replica": postgresql}, redis) == []
    sqlite = {"ENGINE": "django.db.backends.sqlite3"}
    assert errors({"default": postgresql, "replica": sqlite}, redis) == ["operations.E002"]
    assert errors({"default": sqlite, "replica": sqlite}, redis) == ["operations.E002"]


def test_a_replica_that_went_away_between_beats_is_found_before_the_views_first_query(replica):
    assert serve(factory.get("/en/"))[0] == REPLICA
    replica.away = True
    assert serve(factory.get("/en/"))[0] == PRIMARY
    assert replica.asked == 1  # found by the connection's check, not by asking again
    assert replicas.STATE.is_down()


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ("SELECT 1", False),
        ("  select id FROM articles_article FOR UPDATE", False),
        ("WITH input AS (SELECT 1) SELECT * FROM input WHERE updated_at IS NOT NULL", False),
        ("(SELECT 1) UNION ALL (SELECT 2)", False),
        ("SAVEPOINT s1", False),
        ("BEGIN IMMEDIATE", False),
        ("UPDATE articles_tag SET name = name", True),
        ("INSERT INTO django_session VALUES (%s)", True),
        ("WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved", True),
        ("TRUNCATE search_word", True),
    ],
)
def test_what_counts_as_a_write(sql, writes):
    assert database_restarts.writes(sql) is writes


def test_the_site_refuses_to_start_with_a_replica_but_no_shared_cache_or_not_postgresql():
    root = Path(__file__).resolve().parents[2]
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DEBUG", "CACHE_URL", "REDIS_URL"))}

    def check(**variables) -> subprocess.CompletedProcess:
        environment = {**kept, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50, **variables}
        command = [sys.executable, "manage.py", "check"]
        return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, timeout=120)

    # Checks read settings only: the servers named need not exist.
    primary, replica = "postgres://n@db.internal:5432/n", "postgres://n@replica.internal:5432/n"
    done = check(DATABASE_URL=primary, DATABASE_REPLICA_URL=replica)
    assert done.returncode != 0 and "operations.E001" in done.stderr and "operations.E002" not in done.stderr

    done = check(
        DATABASE_URL=primary, DATABASE_REPLICA_URL="sqlite:///replica.sqlite3", CACHE_URL="redis://127.0.0.1:1/0"
    )
    assert done.returncode != 0 and "operations.E002" in done.stderr and "operations.E001" not in done.stderr

    assert check(DATABASE_URL=primary, DATABASE_REPLICA_URL=replica, CACHE_URL="redis://127.0.0.1:1/0").returncode == 0
