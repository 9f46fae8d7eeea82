"""What a worker serving pages loads: not the libraries only uploads and calendars need, which
took ~24 MB of each worker's memory (libexiv2 and its libraries, Pillow's, icalendar's tables)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOADED_LATER = ["exiv2", "PIL", "icalendar"]


def test_a_worker_serving_pages_loads_no_image_or_calendar_library():
    # The WSGI application and the URLconf its first request loads.
    script = (
        "import json, sys; import newsroom.wsgi; from django.urls import get_resolver; get_resolver().url_patterns; "
        f"print(json.dumps([name for name in {LOADED_LATER!r} if name in sys.modules]))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "t" * 50}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
