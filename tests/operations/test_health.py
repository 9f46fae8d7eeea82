"""/healthz and /readyz (newsroom/operations/health.py): answered before the page cache and Django,
never cached, never logged as requests; 503 only for what should take a server out of the balancer."""

import json
import time

import pytest

from tests.operations.wsgi import call
from tests.servers import POSTGRESQL_BIN, gunicorn_server, postgresql_cluster, require_program


def readyz(**headers) -> tuple[int, dict]:
    answer = call("/readyz", **headers)
    assert answer["headers"]["Cache-Control"] == "no-store"
    assert answer["headers"]["Content-Type"] == "application/json"
    return answer["status"], json.loads(answer["body"])


def test_healthz_answers_without_the_database_or_the_page_cache(capfd):
    # No database access is allowed in this test: the probe touches nothing.
    answer = call("/healthz", HTTP_HOST="10.0.0.7")  # a balancer probes by address, not by ALLOWED_HOSTS' name
    body = json.loads(answer["body"])

    assert answer["status"] == 200
    assert body["status"] == "alive" and body["version"] and body["pid"]
    assert answer["headers"]["Cache-Control"] == "no-store"
    assert "X-Request-ID" not in answer["headers"]
    assert "newsroom.requests" not in capfd.readouterr().err  # not in the request log


def test_readyz_is_ready_with_the_database_migrated_and_tells_loopback_clients_why(db, probe):
    status, body = readyz()

    assert (status, body["status"]) == (200, "ready"), body
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "migrations",
        "drain",
        "cache",
        "storage",
    }
    assert body["checks"]["cache"]["kind"] == "local"


def test_readyz_tells_others_only_its_status_unless_they_send_the_metrics_token(db, probe, settings):
    settings.METRICS_TOKEN = "s3cret-token"

    status, body = readyz(REMOTE_ADDR="203.0.113.9")
    assert (status, body) == (200, {"status": "ready"})
    status, body = readyz(REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong")
    assert body == {"status": "ready"}
    status, body = readyz(REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert body["checks"]["database"]["ok"]


def test_readyz_answers_503_while_the_drain_file_exists(db, probe, settings, tmp_path):
    settings.READYZ_DRAIN_FILE = str(tmp_path / "drain")
    assert readyz()[0] == 200

    (tmp_path / "drain").touch()
    status, body = readyz()
    assert (status, body["status"]) == (503, "not ready")
    assert not body["checks"]["drain"]["ok"] and body["checks"]["database"]["ok"]

    (tmp_path / "drain").unlink()
    assert readyz()[0] == 200


def test_readyz_answers_503_while_a_migration_of_this_release_is_not_applied(db, probe, monkeypatch):
    from newsroom.operations import health

    files = health.migration_files()
    assert ("articles", "0001_initial") in files
    monkeypatch.setattr(health, "migration_files", lambda: files | {("articles", "9999_next_release")})

    status, body = readyz()

    assert (status, body["status"]) == (503, "not ready")
    assert body["checks"]["migrations"]["error"] == "not applied: articles.9999_next_release"


def test_readyz_is_degraded_but_200_without_the_shared_cache(db, probe, redis):
    status, body = readyz()
    assert (status, body["status"]) == (200, "ready"), body

    redis.stop()
    status, body = readyz()

    assert (status, body["status"]) == (200, "degraded")
    assert not body["checks"]["cache"]["ok"] and "Connection" in body["checks"]["cache"]["error"]
    assert body["checks"]["cache"]["ms"] < 1500


def test_readyz_is_degraded_but_200_when_media_cannot_be_written(db, probe, settings, tmp_path):
    (tmp_path / "media").write_text("a file where the folder should be")
    settings.MEDIA_ROOT = tmp_path / "media"

    status, body = readyz()

    assert (status, body["status"]) == (200, "degraded")
    assert not body["checks"]["storage"]["ok"]


def test_readyz_is_degraded_but_200_when_the_bucket_does_not_answer(db, probe, s3):
    assert readyz()[1]["status"] == "ready"

    s3.stop()
    status, body = readyz()

    assert (status, body["status"]) == (200, "degraded")
    assert not body["checks"]["storage"]["ok"]


def test_readyz_through_gunicorn_on_a_database_of_its_own():
    """A server on an empty database (new code, no schema), then the database stopped, then frozen:
    /healthz 200 all along, /readyz 503 with the reason, within the probe's 2 s even when frozen."""
    require_program(POSTGRESQL_BIN / "initdb", "postgresql")
    with postgresql_cluster() as cluster:
        cluster.create_database("newsroom")
        with gunicorn_server({"DATABASE_URL": cluster.url("newsroom")}) as server:
            assert server.get("/healthz")[0] == 200

            status, headers, content = server.get("/readyz")
            body = json.loads(content)
            assert (status, body["status"]) == (503, "not ready"), body
            assert body["checks"]["database"]["ok"]
            assert "not applied: admin.0001_initial" in body["checks"]["migrations"]["error"]
            assert headers["Cache-Control"] == "no-store"

            cluster.stop()
            status, _headers, content = server.get("/readyz")
            body = json.loads(content)
            assert status == 503 and not body["checks"]["database"]["ok"], body

            cluster.start()
            assert json.loads(server.get("/readyz")[2])["checks"]["database"]["ok"]  # connected again
            # A restart cuts the probe's connection: the first probe after it is ready all the same.
            cluster.restart()
            status, _headers, content = server.get("/readyz")
            assert json.loads(content)["checks"]["database"]["ok"], content
            cluster.freeze()
            try:
                began = time.monotonic()
                status, _headers, content = server.get("/readyz")
                first = time.monotonic() - began
                began = time.monotonic()
                status_again, _headers, content_again = server.get("/readyz")
                again = time.monotonic() - began
                alive = server.get("/healthz")[0]
            finally:
                cluster.thaw()
            assert status == 503 and first < 2.5, (first, content)
            # The first check's query still hangs: the next probe says so at once rather than waiting again.
            assert status_again == 503 and again < 0.5, (again, content_again)
            assert "not answering" in json.loads(content_again)["checks"]["database"]["error"]
            assert alive == 200
            log = server.log.read_text()
            assert "/readyz" not in log and "/healthz" not in log, log[-2000:]


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_the_probes_are_never_kept_by_the_page_cache(path):
    from newsroom.pagecache.middleware import NEVER_CACHED_PATHS

    assert path.startswith(NEVER_CACHED_PATHS)
