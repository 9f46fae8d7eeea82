"""What a worker serving pages holds: not the libraries only uploads, calendars and the content API
need, which took ~24 MB of each worker's memory (libexiv2 and its libraries, Pillow's, icalendar's
tables; ninja and pydantic load at the first request under /api/v1/),
and what it loaded to start is kept out of the collector's full passes."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOADED_LATER = ["exiv2", "c2pa", "PIL", "icalendar", "ninja", "pydantic", "newsroom.syndication.api"]


def worker(after: str):
    """What `after` prints in a new process that loaded the WSGI application and the URLconf its
    first request loads."""
    script = (
        "import gc, json, sys; import newsroom.wsgi; "
        f"from django.urls import get_resolver; get_resolver().url_patterns; {after}"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_serving_pages_loads_no_image_calendar_or_api_library():
    assert worker(f"print(json.dumps([name for name in {LOADED_LATER!r} if name in sys.modules]))") == []


def test_what_a_worker_loaded_to_start_is_left_out_of_the_collectors_full_passes():
    assert worker("print(gc.get_freeze_count())") > 50_000
