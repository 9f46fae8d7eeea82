"""Each release keeps collectstatic's manifest in its own folder (STATIC_MANIFEST_ROOT; README, "The
production recipe"): release B's collectstatic into the STATIC_ROOT both share leaves release A's
manifest alone, so a worker A starts during the upgrade names A's files. Two releases are two copies of
static/ (B's site.css changed) collected with tests/operations/release_static_settings.py; A is a real
gunicorn on a PostgreSQL cluster of the test's own."""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.servers import gunicorn_server, migrated_database, postgresql_cluster, require_program

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SETTINGS = "tests.operations.release_static_settings"


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="newsroom-manifests-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def release_sources(folder: Path) -> tuple[Path, Path]:
    """static/ as release A has it, and release B's: the same with site.css changed."""
    a, b = folder / "source-a", folder / "source-b"
    shutil.copytree(ROOT / "static", a)
    shutil.copytree(ROOT / "static", b)
    with open(b / "css" / "site.css", "a") as css:
        css.write("\n/* release B */\nbody { margin: 0; }\n")
    return a, b


def release_environment(source: Path, static_root: Path, manifest_root: Path | None) -> dict[str, str]:
    environment = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "RELEASE_STATIC_SOURCE": str(source),
        "STATIC_ROOT": str(static_root),
        "WHITENOISE_USE_FINDERS": "0",
        "PAGE_CACHE_ENABLED": "0",
    }
    if manifest_root is not None:
        environment["STATIC_MANIFEST_ROOT"] = str(manifest_root)
    return environment


def collectstatic(environment: dict[str, str]):
    inherited = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
    inherited.pop("STATIC_MANIFEST_ROOT", None)
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=inherited | {"SECRET_KEY": "static-" + "x" * 40, "DATABASE_URL": "sqlite://:memory:", **environment},
        cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def site_css(manifest: Path) -> str:
    return json.loads(manifest.read_text())["paths"]["css/site.css"]


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def named_css(port: int) -> str:
    status, body = get(port, "/en/")
    assert status == 200, body[-2000:]
    return re.search(r'/static/(css/site\.[0-9a-f]{12}\.css)"', body).group(1)


def workers(master: int) -> set[int]:
    return {int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()}


def replace_the_worker(server):
    """What gunicorn does with a worker past its timeout: killed, and a new one started, which loads the
    site (and the staticfiles storage's manifest) afresh."""
    (old,) = workers(server.process.pid)
    os.kill(old, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while not (workers(server.process.pid) - {old}):
        assert time.monotonic() < deadline, "gunicorn started no new worker in 120 s"
        time.sleep(0.2)


def serve(database: str, environment: dict[str, str]):
    return gunicorn_server({"DATABASE_URL": database, "PYTHONWARNINGS": "ignore", **environment})


def test_a_release_keeps_reading_its_own_manifest_after_the_next_release_collected(folder):
    require_program(GUNICORN, "gunicorn (requirements.txt)")
    source_a, source_b = release_sources(folder)
    static, release_a, release_b = folder / "static", folder / "release-a", folder / "release-b"
    for release in (release_a, release_b):
        release.mkdir()

    collectstatic(release_environment(source_a, static, release_a))
    assert (release_a / "staticfiles.json").exists()
    assert not (static / "staticfiles.json").exists()
    css_a = site_css(release_a / "staticfiles.json")
    assert (static / css_a).exists()

    with postgresql_cluster() as cluster:
        database = migrated_database(cluster)
        with serve(database, release_environment(source_a, static, release_a)) as server:
            assert named_css(server.port) == css_a

            # Release B's upgrade, into the same STATIC_ROOT, while A serves.
            manifest_a = (release_a / "staticfiles.json").read_bytes()
            collectstatic(release_environment(source_b, static, release_b))
            css_b = site_css(release_b / "staticfiles.json")
            assert css_b != css_a
            assert (release_a / "staticfiles.json").read_bytes() == manifest_a
            assert not (static / "staticfiles.json").exists()

            # A worker of A started after B collected: still A's files, which are still served.
            replace_the_worker(server)
            assert named_css(server.port) == css_a
            status, body = get(server.port, f"/static/{css_a}")
            assert (status, "release B" in body) == (200, False)


def test_without_the_setting_the_manifest_is_shared_as_before(folder):
    """STATIC_MANIFEST_ROOT unset: the manifest lives in STATIC_ROOT and the last collectstatic's wins,
    for every worker started after it — what the setting is for."""
    require_program(GUNICORN, "gunicorn (requirements.txt)")
    source_a, source_b = release_sources(folder)
    static = folder / "static"

    collectstatic(release_environment(source_a, static, None))
    css_a = site_css(static / "staticfiles.json")
    with postgresql_cluster() as cluster:
        database = migrated_database(cluster)
        with serve(database, release_environment(source_a, static, None)) as server:
            assert named_css(server.port) == css_a
            collectstatic(release_environment(source_b, static, None))
            css_b = site_css(static / "staticfiles.json")
            assert css_b != css_a
            replace_the_worker(server)
            assert named_css(server.port) == css_b


def test_the_storage_is_whitenoises_unless_the_setting_is_given():
    show = "from django.conf import settings; print(settings.STORAGES['staticfiles'])"
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STATIC_MANIFEST_ROOT"}}
    base |= {"SECRET_KEY": "t", "DJANGO_SETTINGS_MODULE": "newsroom.settings", "PYTHONPATH": str(ROOT)}

    def storage(**environment: str) -> str:
        return subprocess.run(
            [str(PYTHON), "-c", "import django; django.setup(); " + show],
            env=base | environment, cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
        ).stdout.strip()  # fmt: skip

    assert storage() == "{'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}"
    # "." is the release's own folder, resolved: not the `current` link nor the working directory.
    assert f"'manifest_root': PosixPath('{ROOT.resolve()}')" in storage(STATIC_MANIFEST_ROOT=".")
    assert "ReleaseManifestStaticFilesStorage" in storage(STATIC_MANIFEST_ROOT=".")
    assert "PosixPath('/elsewhere')" in storage(STATIC_MANIFEST_ROOT="/elsewhere")
