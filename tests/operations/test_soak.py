"""bench/soak.py keeps working: half a minute of its traffic at a small rate without faults, on servers of
its own (two gunicorns behind Varnish and nginx), answers nothing of 500 or more, and the editor's
article reaches readers through nginx within two seconds. The ten minutes and the faults are `make soak`."""

import json
import subprocess
import sys
from pathlib import Path

from tests.servers import NGINX, POSTGRESQL_BIN, REDIS_SERVER, VARNISHD, require_program

ROOT = Path(__file__).resolve().parents[2]


def test_half_a_minute_of_the_soak_answers_no_request_with_an_error_and_shows_the_editors_article():
    for program, package in [
        (POSTGRESQL_BIN / "initdb", "postgresql"),
        (REDIS_SERVER, "redis-server"),
        (VARNISHD, "varnish varnish-modules"),
        (NGINX, "nginx"),
    ]:
        require_program(program, package)
    command = [sys.executable, "bench/soak.py", "--minutes", "0.5", "--rate", "10", "--faults", "none",
               "--articles", "200", "--json"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    soak = result["soak"]

    assert soak["requests"] > 150, soak
    assert soak["failed"] == 0, (soak["failures"], result["server_errors"])
    assert result["server_errors"] == []
    assert soak["published"] >= 1 and soak["published_visible"] == soak["published"], soak["newsroom_failed"]
    # Every page type was asked for, in both languages.
    assert {"home", "article", "read beacon", "search ?q=gigafactory", "RSS feed, all articles"} <= set(soak["latency"])
