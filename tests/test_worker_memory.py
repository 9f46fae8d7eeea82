"""What a worker serving pages holds: not the libraries only uploads, calendars and the content API
need, which took ~24 MB of each worker's memory (libexiv2 and its libraries, Pillow's, icalendar's
tables; ninja and pydantic load at the first request under /api/v1/), nor, with media in a bucket,
boto3 (+18 MB to import, +29 MB for a client: pages name media by MEDIA_URL without it),
and what it loaded to start is kept out of the collector's full passes. Error reports and metrics
load their libraries only when they are switched on (SENTRY_DSN, PROMETHEUS_MULTIPROC_DIR)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOADED_LATER = [
    "exiv2",
    "c2pa",
    "PIL",
    "icalendar",
    "ninja",
    "pydantic",
    "newsroom.syndication.api",
    "boto3",
    "botocore",
    "storages.backends.s3",
    # Error reports and metrics load only when SENTRY_DSN or PROMETHEUS_MULTIPROC_DIR is set.
    "sentry_sdk",
    "prometheus_client",
]
# Media in a bucket (README, "Object storage"); nothing answers there, and nothing needs to.
BUCKET = {
    "S3_BUCKET": "newsroom-media",
    "MEDIA_URL": "https://media.example.com/",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9",
}


def worker(after: str, **variables: str):
    """What `after` prints in a new process that loaded the WSGI application and the URLconf its
    first request loads, with these environment variables."""
    script = (
        "import gc, json, sys; import newsroom.wsgi; "
        f"from django.urls import get_resolver; get_resolver().url_patterns; {after}"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50, **variables}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_serving_pages_loads_no_image_calendar_or_api_library():
    assert worker(f"print(json.dumps([name for name in {LOADED_LATER!r} if name in sys.modules]))") == []


def test_a_worker_naming_media_in_a_bucket_loads_no_boto3():
    loaded = worker(
        "from django.core.files.storage import default_storage, storages; "
        "urls = [default_storage.url('articles/2026/12/plant.jpg'), storages['renditions'].url('renditions/a.jpg')]; "
        f"print(json.dumps([urls, [name for name in {LOADED_LATER!r} if name in sys.modules]]))",
        **BUCKET,
    )
    urls, libraries = loaded
    assert urls == [
        "https://media.example.com/articles/2026/12/plant.jpg",
        "https://media.example.com/renditions/a.jpg",
    ]
    assert libraries == []


def test_what_a_worker_loaded_to_start_is_left_out_of_the_collectors_full_passes():
    assert worker("print(gc.get_freeze_count())") > 50_000


def test_a_worker_reporting_errors_loads_sentry_sdk_and_none_of_the_libraries_it_could_probe():
    # sentry-sdk's default integrations would import botocore, flask, pydantic… to look for them (+23 MB).
    loaded = worker(
        f"print(json.dumps([name for name in {LOADED_LATER!r} if name in sys.modules]))",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
    )
    assert loaded == ["sentry_sdk"]


def test_a_worker_with_metrics_loads_prometheus_client_only(tmp_path):
    loaded = worker(
        f"print(json.dumps([name for name in {LOADED_LATER!r} if name in sys.modules]))",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path),
    )
    assert loaded == ["prometheus_client"]
