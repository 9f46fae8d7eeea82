"""The operating settings (README, *Configuration*), read as a fresh process reads them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_of(**variables: str) -> dict:
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'databases': {k: {'ENGINE': v['ENGINE'], 'OPTIONS': v.get('OPTIONS', {}), "
        "'retry': v.get('CONNECT_RETRY_SECONDS')} for k, v in s.DATABASES.items()}, "
        "'routers': s.DATABASE_ROUTERS, 'log_format': s.LOG_FORMAT, 'formatter': s.LOGGING['handlers']['console']"
        "['formatter'], 'drain': s.READYZ_DRAIN_FILE, 'hops': s.PROXY_HOPS, 'static_root': str(s.STATIC_ROOT)}))"
    )
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DEBUG", "LOG_", "RUNTIME_"))}
    environment = {**kept, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50, **variables}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_a_replica_nothing_changes():
    found = settings_of()

    assert list(found["databases"]) == ["default"]
    assert found["routers"] == []
    assert (found["log_format"], found["formatter"]) == ("json", "json")
    assert (found["drain"], found["hops"]) == ("", 1)


def test_a_replica_is_an_alias_left_at_once_when_away_and_the_router_is_listed():
    found = settings_of(
        DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom",
        DATABASE_REPLICA_URL="postgres://newsroom@replica.internal:5432/newsroom",
    )

    replica = found["databases"]["replica"]
    assert replica["ENGINE"] == "newsroom.postgresql"
    assert replica["OPTIONS"]["connect_timeout"] == 1 and "jit=off" in replica["OPTIONS"]["options"]
    assert replica["retry"] == 0
    assert found["routers"] == ["newsroom.replicas.ReplicaRouter"]


def test_development_logs_text_and_systemd_names_the_drain_file():
    found = settings_of(DEBUG="1", RUNTIME_DIRECTORY="/run/newsroom-web", PROXY_HOPS="2", STATIC_ROOT="/srv/static")

    assert (found["log_format"], found["formatter"]) == ("text", "text")
    assert found["drain"] == "/run/newsroom-web/drain"
    assert (found["hops"], found["static_root"]) == (2, "/srv/static")


def test_a_wrong_value_stops_the_site_at_once():
    for variables in ({"LOG_REQUESTS": "some"}, {"LOG_FORMAT": "xml"}, {"PROXY_HOPS": "0"}):
        done = subprocess.run(
            [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t", **variables},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0, variables
