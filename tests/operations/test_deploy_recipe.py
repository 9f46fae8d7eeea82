"""The production recipe in `deploy/` (README, "The production recipe"): each file is checked by the
program that will read it — nginx, systemd, gunicorn, Django's settings — and the upgrade is run the
way `deploy/upgrade.sh` and systemd's socket run it, against a PostgreSQL cluster of the test's own."""

import ast
import contextlib
import datetime
import http.client
import http.server
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.servers import (
    migrated_database,
    postgresql_cluster,
    require_program,
    spare_port,
    stopped,
    varnish_server,
    wait_for_port,
)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
NGINX = "/usr/sbin/nginx"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="newsroom-deploy-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


# nginx


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as certbot would leave them (fullchain, privkey)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    chain, private = folder / "fullchain.pem", folder / "privkey.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return chain, private


class Nginx:
    """deploy/nginx/newsroom.conf with only what a machine decides rewritten: the certificate, the
    listening and upstream ports, the folders. Everything else — locations, headers, upstream
    rules — is the file as shipped."""

    def __init__(self, folder: Path, app_port: int, cache_port: int):
        self.folder = folder
        self.http_port, self.https_port, hop_port = spare_port(), spare_port(), spare_port()
        self.media = folder / "media"
        (self.media / "renditions").mkdir(parents=True)
        (folder / "logs").mkdir()
        # nginx's workers run as nobody: they read the renditions from here.
        folder.chmod(0o755)
        self.certificate, key = self_signed_certificate(folder)
        site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
        replacements = [
            ("/etc/letsencrypt/live/news.example.com/fullchain.pem", str(self.certificate)),
            ("/etc/letsencrypt/live/news.example.com/privkey.pem", str(key)),
            ("/var/lib/newsroom/media/", f"{self.media}/"),
            ("/var/www/letsencrypt", str(folder / "acme")),
            ("/var/log/nginx/newsroom.log", str(folder / "logs" / "access.log")),
            ("listen [::]:80;", ""),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("127.0.0.1:6081", f"127.0.0.1:{cache_port}"),
            ("127.0.0.1:8000", f"127.0.0.1:{app_port}"),
            ("127.0.0.1:8070", f"127.0.0.1:{hop_port}"),
        ]
        for old, new in replacements:
            assert old in site, f"deploy/nginx/newsroom.conf no longer says {old!r}: update this test"
            site = site.replace(old, new)
        (folder / "site.conf").write_text(site)
        temp = "\n".join(
            f"    {kind}_temp_path {folder}/temp-{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # What Debian's /etc/nginx/nginx.conf gives every site, reduced to the test's folder.
        (folder / "nginx.conf").write_text(
            f"pid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log;\nevents {{}}\n"
            f"http {{\n    access_log off;\n{temp}\n    include {folder}/site.conf;\n}}\n"
        )
        self.process = None

    def command(self, *arguments: str) -> list[str]:
        return [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), *arguments]

    def start(self):
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.https_port)

    def stop(self):
        self.process = stopped(self.process, patience=10)

    def get(self, path: str, tls: bool = True, reader: str = "127.0.0.1", **headers: str) -> tuple[int, dict, bytes]:
        """GET from the reader's address (any of 127.0.0.0/8 on Linux)."""
        source = (reader, 0)
        if tls:
            context = ssl.create_default_context(cafile=str(self.certificate))
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=10, context=context, source_address=source
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10, source_address=source)
        try:
            connection.request("GET", path, headers={"Host": "news.example.com", **headers})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


class StandIn(http.server.ThreadingHTTPServer):
    """Stands in for gunicorn behind nginx: answers every GET with 200 (a drained server's /readyz with
    503) and keeps the headers it got."""

    def __init__(self):
        self.seen = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                outer.seen.append((self.path, dict(self.headers)))
                body = b"from the application server"
                self.send_response(503 if self.path == "/readyz" else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]


@contextlib.contextmanager
def nginx_in_front_of_a_stand_in(folder: Path, varnish: bool = False):
    """nginx, and Varnish with deploy/varnish/newsroom.vcl if asked, in front of a stand-in for gunicorn.
    Without Varnish its port is closed: readers' pages must reach the application all the same."""
    require_program(NGINX, "nginx")
    app = StandIn()
    threading.Thread(target=app.serve_forever, daemon=True).start()
    with varnish_server(app.port) if varnish else contextlib.nullcontext() as cache:
        proxy = Nginx(folder, app_port=app.port, cache_port=cache.port if cache else spare_port())
        try:
            yield proxy, app
        finally:
            proxy.stop()
            app.shutdown()
            app.server_close()


def reader_as_the_site_sees_it(forwarded_for: str) -> str | None:
    """newsroom/clients.py's reading of the header, with the example environment's BEHIND_PROXY and
    PROXY_HOPS (the address the login limits and the newsletter's rate limit count)."""
    from django.test import RequestFactory, override_settings

    from newsroom.clients import client_ip

    example = dict(re.findall(r"^([A-Z_]+)=(.*)$", (DEPLOY / "environment.example").read_text(), re.MULTILINE))
    assert example["BEHIND_PROXY"] == "1"
    with override_settings(BEHIND_PROXY=True, PROXY_HOPS=int(example["PROXY_HOPS"])):
        return client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded_for))


def test_nginx_accepts_the_example_configuration(folder):
    with nginx_in_front_of_a_stand_in(folder) as (proxy, _app):
        check = subprocess.run(proxy.command("-t"), capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        assert "test is successful" in check.stderr


def test_nginx_passes_readers_to_the_application_when_varnish_is_away(folder):
    with nginx_in_front_of_a_stand_in(folder) as (proxy, app):
        (proxy.media / "renditions" / "ab.jpg").write_bytes(b"a rendition")
        (proxy.media / "images").mkdir()
        (proxy.media / "images" / "original.jpg").write_bytes(b"an original")
        proxy.start()

        # A reader at 127.0.0.2 who writes an address of their choice into X-Forwarded-For.
        forged = {"X-Forwarded-For": "203.0.113.9", "reader": "127.0.0.2"}
        status, _headers, body = proxy.get("/en/articles/?q=words", **forged)
        assert (status, body) == (200, b"from the application server")
        path, headers = app.seen[-1]
        assert path == "/en/articles/?q=words"
        # What newsroom/operations/requests.py and newsroom/clients.py read behind the proxy.
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
        assert headers["X-Forwarded-Proto"] == "https"
        assert headers["Host"] == "news.example.com"
        assert reader_as_the_site_sees_it(headers["X-Forwarded-For"]) == "127.0.0.2"
        assert proxy.get("/admin/login/", **forged)[0] == 200
        assert reader_as_the_site_sees_it(app.seen[-1][1]["X-Forwarded-For"]) == "127.0.0.2"

        assert proxy.get("/metrics")[0] == 404
        # The balancer on this machine gets the server's own answer to the probe.
        assert proxy.get("/readyz")[0] == 503
        assert proxy.get("/healthz")[0] == 200
        # A reader learns neither (/healthz names the release and a worker's pid).
        assert proxy.get("/healthz", reader="127.0.0.2")[0] == 403
        assert proxy.get("/readyz", reader="127.0.0.2")[0] == 403
        status, headers, body = proxy.get("/media/renditions/ab.jpg")
        assert (status, body) == (200, b"a rendition")
        assert headers["Cache-Control"] == "public, max-age=2592000, immutable"
        assert proxy.get("/media/images/original.jpg")[0] == 404
        status, headers, _body = proxy.get("/en/", tls=False)
        assert status == 301
        assert headers["Location"] == "https://news.example.com/en/"

        # nginx's access line carries the id the application got, and no client address or query.
        log = (proxy.folder / "logs" / "access.log").read_text()
        assert app.seen[0][1]["X-Request-ID"] in log
        assert "203.0.113.9" not in log
        assert "q=words" not in log


def test_through_varnish_the_site_sees_the_same_reader(folder):
    with nginx_in_front_of_a_stand_in(folder, varnish=True) as (proxy, app):
        proxy.start()
        for path in ("/en/articles/", "/admin/login/", "/static/css/site.css"):
            status, _headers, _body = proxy.get(path, reader="127.0.0.2", **{"X-Forwarded-For": "203.0.113.9"})
            assert status == 200, path
            seen_path, headers = app.seen[-1]
            assert seen_path == path
            assert reader_as_the_site_sees_it(headers["X-Forwarded-For"]) == "127.0.0.2", path
            assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


# systemd


def units_for_this_machine(folder: Path) -> Path:
    """The units with the server's paths pointed at this checkout and the test's folder."""
    units = folder / "units"
    units.mkdir()
    (folder / "environment").write_text("SECRET_KEY=unit-test\n")
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text()
        for old, new in [
            ("/srv/newsroom/current", str(ROOT)),
            ("/etc/newsroom/environment", str(folder / "environment")),
            ("/var/lib/newsroom/media", str(folder)),
            ("/var/backups/newsroom", str(folder)),
        ]:
            text = text.replace(old, new)
        (units / unit.name).write_text(text)
    return units


def systemd_objections(units: Path) -> list[str]:
    """What `systemd-analyze verify` says about the units, but for commands that are missing from this
    machine (a path outside this checkout, or a file another part of the recipe has not written yet)."""
    require_program(SYSTEMD_ANALYZE, "systemd")
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *sorted(str(unit) for unit in units.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=units,
    )
    objections = []
    for line in (result.stdout + result.stderr).splitlines():
        missing = re.search(r"Command (\S+) is not executable: No such file or directory", line)
        if missing and not Path(missing.group(1)).exists():
            continue
        if line.strip():
            objections.append(line)
    return objections


def test_systemd_accepts_the_units(folder):
    units = units_for_this_machine(folder)
    assert {unit.name for unit in units.iterdir()} >= {
        "newsroom-web.socket",
        "newsroom-web.service",
        "newsroom-worker.service",
        "newsroom-worker-images.service",
        "newsroom-daily.service",
        "newsroom-daily.timer",
        "newsroom-backup.service",
        "newsroom-backup.timer",
        "newsroom-search.service",
        "newsroom-search.timer",
    }
    assert systemd_objections(units) == []


def test_a_mistake_in_a_unit_is_an_objection(folder):
    units = units_for_this_machine(folder)
    web = units / "newsroom-web.service"
    web.write_text(web.read_text().replace("Type=notify", "Typ=notify"))
    assert any("Unknown key" in line and "Typ" in line for line in systemd_objections(units))


def test_every_queue_has_a_worker():
    """A queue no worker unit takes would keep its tasks for ever (renditions, mails)."""
    from django.conf import settings

    queues = set(settings.TASKS["default"]["QUEUES"])
    taken = set()
    for unit in (DEPLOY / "systemd").glob("newsroom-worker*.service"):
        command = re.search(r"^ExecStart=.*run_worker (.*)$", unit.read_text(), re.MULTILINE).group(1)
        names = re.search(r"--queue-name '?([^ ']+)'?", command).group(1).split(",")
        left_out = re.search(r"--exclude-queues (\S+)", command)
        left_out = set(left_out.group(1).split(",")) if left_out else set()
        taken |= (queues - left_out) if names == ["*"] else set(names)
    assert taken == queues


# gunicorn


def gunicorn_environment(**extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL", "WEB_CONCURRENCY"}}
    return inherited | {
        "SECRET_KEY": "deploy-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(ROOT),
        # No collectstatic: files come from the finders.
        "WHITENOISE_USE_FINDERS": "1",
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        **extra,
    }


def gunicorn_settings(**environment: str) -> dict[str, str]:
    result = subprocess.run(
        [str(GUNICORN), "--print-config", "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=gunicorn_environment(**environment),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def test_gunicorn_accepts_the_configuration():
    result = subprocess.run(
        [str(GUNICORN), "--check-config", "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=gunicorn_environment(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_gunicorn_starts_two_workers_a_core_and_one_unless_told():
    assert gunicorn_settings()["workers"] == str(2 * len(os.sched_getaffinity(0)) + 1)
    told = gunicorn_settings(WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="45")
    assert (told["workers"], told["timeout"], told["worker_class"]) == ("3", "45", "sync")
    # The request log writes the access line; gunicorn's own would be a second, without the request id.
    assert told["accesslog"] == "None"


# The environment file


def names_read(path: Path) -> list[str]:
    """The environment variables a module reads: os.environ.get/[...], os.getenv, `in os.environ`,
    and settings.py's env_bool and env_list."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            if ast.unparse(node.func) in {"os.environ.get", "os.getenv", "env_bool", "env_list"}:
                names.append(node.args[0].value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                names.append(node.slice.value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant):
            if any(ast.unparse(other) == "os.environ" for other in node.comparators):
                names.append(node.left.value)
    return list(dict.fromkeys(names))


# Read by a library rather than by a line of settings.py.
READ_BY_LIBRARIES = ["DATABASE_URL"]  # dj-database-url
# Set by systemd for the service (RuntimeDirectory=), never by the operator.
SET_BY_SYSTEMD = {"RUNTIME_DIRECTORY"}


def example_names() -> list[str]:
    """NAME=value lines, and #NAME=value lines (a setting shown at its default)."""
    return re.findall(r"^#?([A-Z][A-Z0-9_]*)=", (DEPLOY / "environment.example").read_text(), re.MULTILINE)


def configuration_table_names() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("\n## Configuration\n", 1)[1].split("\n#", 1)[0]
    return {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split(" | ")[0])
    }


def test_the_example_environment_names_every_setting():
    settings_names = [*names_read(ROOT / "newsroom" / "settings.py"), *READ_BY_LIBRARIES]
    assert "SECRET_KEY" in settings_names and "PROXY_HOPS" in settings_names  # the reader works
    wanted = [name for name in settings_names if name not in SET_BY_SYSTEMD]
    # What the release and gunicorn's configuration read may be set there too.
    known = {*wanted, *names_read(ROOT / "newsroom" / "version.py"), *names_read(DEPLOY / "gunicorn.conf.py")}
    in_example = example_names()

    assert [name for name in wanted if name not in in_example] == [], "missing from deploy/environment.example"
    assert [name for name in in_example if name not in known] == [], "read by nothing"
    assert len(in_example) == len(set(in_example)), "named twice"
    table = configuration_table_names()
    missing = [name for name in dict.fromkeys([*wanted, *in_example]) if name not in table]
    assert missing == [], "missing from README's Configuration table"


def test_every_line_of_the_example_environment_is_explained():
    """Each setting, or each group of settings explained together, has its sentence above it."""
    lines = (DEPLOY / "environment.example").read_text().splitlines()
    setting = re.compile(r"^#?[A-Z][A-Z0-9_]*=")
    for number, line in enumerate(lines):
        if setting.match(line):
            above = number - 1
            while setting.match(lines[above]):
                above -= 1
            assert lines[above].startswith("# "), f"line {number + 1} is not explained: {line}"


def test_the_example_environment_passes_the_deploy_checks():
    """What upgrade.sh and the units do with it: sourced by sh, then `check --deploy` with warnings as
    failures, and gunicorn's configuration read with it. Only the secret (CHANGE-ME is refused, rightly)
    and the servers' addresses are the test's."""
    script = (
        'set -a; . "$1"; SECRET_KEY="$2" DATABASE_URL="$3" CACHE_URL="$4"; set +a; '
        '"$5" manage.py check --deploy --fail-level WARNING && '
        'exec "$6" --check-config --config deploy/gunicorn.conf.py newsroom.wsgi'
    )
    closed = spare_port()
    result = subprocess.run(
        [
            "sh", "-c", script, "sh", str(DEPLOY / "environment.example"), "example-" + "k3y-" * 12,
            f"postgres://newsroom@127.0.0.1:{closed}/newsroom", f"redis://127.0.0.1:{closed}/0", str(PYTHON),
            str(GUNICORN),
        ],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# The upgrade


def test_gunicorns_own_lines_are_json_in_the_sites_fields(folder):
    """`jq` stops at the first line that is not JSON: gunicorn's start-up lines and on_starting's warning
    (a metrics folder under a regular file) come in the fields of the site's lines."""
    (folder / "file").write_text("")
    port = spare_port()
    environment = gunicorn_environment(
        GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_LOG_LEVEL="info", WEB_CONCURRENCY="1",
        PROMETHEUS_MULTIPROC_DIR=str(folder / "file" / "metrics"),
    )  # fmt: skip
    server = subprocess.Popen(
        [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for_port(port, seconds=120)
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    lines = stderr.splitlines()
    assert [line for line in lines if not line.startswith("{")] == []
    records = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    said = {(record["level"], record["logger"], record["message"].split(" ")[0]) for record in records}
    assert {("INFO", "gunicorn.error", "Starting"), ("WARNING", "gunicorn.error", "Metrics")} <= said


def test_the_manage_wrapper_is_valid_bash_and_runs_as_the_site_with_its_environment():
    script = DEPLOY / "manage.sh"
    assert script.stat().st_mode & 0o777 == 0o755
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True, timeout=30).returncode == 0
    text = script.read_text()
    for option in ("--uid=newsroom", "EnvironmentFile=/etc/newsroom/environment", 'manage.py "$@"'):
        assert option in text


def test_the_upgrade_script_is_valid_bash_and_asks_for_a_release():
    """Its steps run in test_an_upgrade_runs_while_the_old_version_serves, and its readiness check
    against the releases there; the whole script needs a server's layout (root, systemctl, a clone, pip),
    so here it is only parsed and asked for its usage."""
    script = DEPLOY / "upgrade.sh"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True, timeout=30).returncode == 0
    for arguments in ([], ["--no-migrate"], ["a", "b"]):
        result = subprocess.run([str(script), *arguments], capture_output=True, text=True, timeout=30)
        assert (result.returncode, result.stderr.split(":")[0]) == (2, "usage"), arguments


def upgrade_script_function(name: str, *call: str, **environment: str) -> subprocess.CompletedProcess:
    """One function of deploy/upgrade.sh, cut from the script, called with `call` in bash."""
    script = (DEPLOY / "upgrade.sh").read_text()
    start = script.index(f"{name}() {{")
    end = script.index("\n}\n", start) + 3
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script[start:end] + " ".join([name, *call])],
        env={"PATH": os.environ["PATH"], **environment}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_upgrade_reads_the_environment_file_literally_as_systemd_does(folder):
    (folder / "environment").write_text(
        "# a comment\n"
        "DATABASE_URL=postgres://newsroom:pa$HOME`touch " + str(folder / "ran") + "`@db/newsroom\n"
        'MAIL_FROM="Newsroom <news@example.com>"\n'
        "SECRET_KEY='a$b c'\n"
        "  PADDED = value  \n"
        "EMPTY=\n"
        "not a line\n"
        "LAST=no newline"
    )
    shown = upgrade_script_function("read_environment", str(folder / "environment"), "&& env -0")
    assert shown.returncode == 0, shown.stderr
    variables = dict(line.split("=", 1) for line in shown.stdout.split("\0") if line)
    assert variables["DATABASE_URL"] == "postgres://newsroom:pa$HOME`touch " + str(folder / "ran") + "`@db/newsroom"
    assert not (folder / "ran").exists()
    assert variables["MAIL_FROM"] == "Newsroom <news@example.com>"
    assert variables["SECRET_KEY"] == "a$b c"
    assert variables["PADDED"] == "value"
    assert variables["EMPTY"] == ""
    assert variables["LAST"] == "no newline"


def test_an_install_that_failed_is_done_again_by_the_next_upgrade(folder):
    release = folder / "release"
    release.mkdir()
    local = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # nothing fetched: paths only
    (release / "requirements.txt").write_text("./no-such-package-folder\n")
    assert upgrade_script_function("install_release", str(release), **local).returncode != 0
    assert not (release / ".venv" / ".installed").exists()

    (release / "requirements.txt").write_text("# nothing to install\n")
    done = upgrade_script_function("install_release", str(release), **local)
    assert done.returncode == 0, done.stderr
    assert (release / ".venv" / ".installed").exists()

    # Installed: the next run leaves it be (a failing requirement is never asked for again).
    (release / "requirements.txt").write_text("./no-such-package-folder\n")
    assert upgrade_script_function("install_release", str(release), **local).returncode == 0


@pytest.mark.parametrize("shared_manifest", [True, False], ids=["installed-before-manifests-moved", "per-release"])
def test_the_upgrade_keeps_the_static_files_of_every_release_still_installed(folder, shared_manifest):
    """The manifests are the releases' own (STATIC_MANIFEST_ROOT=.); a STATIC_ROOT/staticfiles.json,
    which a release installed before them reads, counts too while it is there."""
    static, releases = folder / "static", folder / "releases"
    manifests = {
        "a": {"css/site.css": "css/site.aaaaaaaaaaaa.css", "js/site.js": "js/site.111111111111.js"},
        "b": {"css/site.css": "css/site.bbbbbbbbbbbb.css", "js/site.js": "js/site.111111111111.js"},
    }
    for release, paths in manifests.items():
        (releases / release).mkdir(parents=True)
        (releases / release / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))
    (static / "css").mkdir(parents=True)
    (static / "js").mkdir()
    if shared_manifest:
        # A release installed the old way, no longer in releases/ but serving: its manifest is the shared one.
        shared = {"css/site.css": "css/site.dddddddddddd.css"}
        (static / "staticfiles.json").write_text(json.dumps({"paths": shared, "version": "1.1"}))
    kept = ["css/site.css", "js/site.js", "css/site.aaaaaaaaaaaa.css", "css/site.aaaaaaaaaaaa.css.gz"]
    kept += ["css/site.bbbbbbbbbbbb.css", "css/site.bbbbbbbbbbbb.css.br", "js/site.111111111111.js"]
    # A release removed from releases/ long ago, and a file nobody hashed.
    gone = ["css/site.cccccccccccc.css", "css/site.cccccccccccc.css.gz"]
    (gone if not shared_manifest else kept).append("css/site.dddddddddddd.css")
    for name in [*kept, *gone, "css/print.min.css"]:
        (static / name).write_text(name)

    done = upgrade_script_function("prune_static", str(static), str(releases))
    assert done.returncode == 0, done.stderr
    left = {path.relative_to(static).as_posix() for path in static.rglob("*") if path.is_file()}
    assert left == {*kept, "css/print.min.css", *(["staticfiles.json"] if shared_manifest else [])}


def test_the_upgrade_sends_the_metrics_token_to_readyz_off_the_command_line(folder):
    seen = []
    # curl as ps would show it: its arguments written down, then the real one.
    (folder / "bin").mkdir()
    (folder / "bin" / "curl").write_text(f'#!/bin/sh\necho "$*" >> {folder}/argv\nexec {shutil.which("curl")} "$@"\n')
    (folder / "bin" / "curl").chmod(0o755)

    class Probe(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("Authorization"))
            body = json.dumps({"checks": {"database": {"ok": True}, "migrations": {"ok": True}}}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Probe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        script = (DEPLOY / "upgrade.sh").read_text()
        start = script.index("readyz=${NEWSROOM_READYZ_URL")
        end = script.index("\n}\n", start) + 3
        url = f"http://127.0.0.1:{server.server_address[1]}/readyz"
        for token in ("", "scrape-token-" + "t" * 20):
            done = subprocess.run(
                ["bash", "-c", "set -euo pipefail\n" + script[start:end] + "ready"],
                env={"PATH": f"{folder}/bin:{os.environ['PATH']}", "NEWSROOM_READYZ_URL": url, "METRICS_TOKEN": token},
                capture_output=True, timeout=30,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [None, "Bearer scrape-token-" + "t" * 20]
    arguments = (folder / "argv").read_text()
    assert arguments.count("/readyz") == 2
    assert "t" * 20 not in arguments


class HeldSocket:
    """What systemd's newsroom-web.socket does: this process owns the listening socket, and each
    gunicorn gets it as fd 3 with LISTEN_FDS=1 and LISTEN_PID set to its own pid (gunicorn/systemd.py),
    and tells it is ready on NOTIFY_SOCKET (Type=notify)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(2048)  # Backlog= of the unit
        self.port = self.socket.getsockname()[1]
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(str(folder / "notify"))
        self.notify.settimeout(120)

    def serve(self, environment: dict[str, str], log: Path) -> subprocess.Popen:
        # LISTEN_PID must be the pid of gunicorn itself: a small exec in between puts fd 3 in place.
        place = (
            "import os, sys; os.dup2(int(sys.argv[1]), 3); "
            "os.environ.update(LISTEN_FDS='1', LISTEN_PID=str(os.getpid())); os.execv(sys.argv[2], sys.argv[2:])"
        )
        with open(log, "ab") as output:
            process = subprocess.Popen(
                [
                    sys.executable, "-c", place, str(self.socket.fileno()),
                    str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "newsroom.wsgi",
                ],
                env=environment | {"NOTIFY_SOCKET": str(self.folder / "notify")},
                pass_fds=[self.socket.fileno()], cwd=ROOT, stdout=output, stderr=output,
            )  # fmt: skip
        message = self.notify.recv(4096).decode()
        assert "READY=1" in message
        return process

    def close(self):
        self.socket.close()
        self.notify.close()


def get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_ready(port: int, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError):
            status, body = get(port, "/readyz", timeout=10)
            if status == 200:
                return json.loads(body)
        assert time.monotonic() < deadline, f"/readyz not 200 after {seconds} s"
        time.sleep(0.2)


class Readers:
    """Three readers asking for uncached pages without pause, each answer noted with its time."""

    PAGES = ("/en/", "/de/", "/en/articles/", "/en/events/")

    def __init__(self, port: int):
        self.port = port
        self.answers = []  # (started, seconds, status or the error)
        self.running = True
        self.threads = [threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(3)]

    def read(self, number: int):
        count = number
        while self.running:
            path = self.PAGES[count % len(self.PAGES)]
            count += 1
            started = time.monotonic()
            try:
                status, _body = get(self.port, path)
            except OSError as error:
                status = repr(error)
            self.answers.append((started, time.monotonic() - started, status, path))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=90)

    def between(self, start: float, end: float) -> list:
        return [answer for answer in self.answers if start <= answer[0] < end]


def upgrade_script_finds_ready(port: int) -> bool:
    """deploy/upgrade.sh's own readiness check (its `ready` function, cut from the script), on `port`."""
    script = (DEPLOY / "upgrade.sh").read_text()
    start = script.index("readyz=${NEWSROOM_READYZ_URL")
    end = script.index("\n}\n", start) + 3
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script[start:end] + "ready"],
        env={"PATH": os.environ["PATH"], "NEWSROOM_READYZ_URL": f"http://127.0.0.1:{port}/readyz"},
        capture_output=True, timeout=30,
    )  # fmt: skip
    return result.returncode == 0


def manage(environment: dict[str, str], *command: str):
    subprocess.run(
        [str(PYTHON), "manage.py", *command, "--verbosity", "0"],
        env=environment, cwd=ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def test_an_upgrade_runs_while_the_old_version_serves(folder):
    """Release A serves from the held socket under three readers. Release B (A plus a migration,
    tests/operations/upgrade_settings.py) started beside it is not ready: its migration is not applied.
    B's migrate runs while A serves; then A is stopped and B started on the same socket, as `systemctl
    restart newsroom-web` does. No reader gets an error, and B is ready."""
    require_program(GUNICORN, "gunicorn (requirements.txt)")
    with postgresql_cluster() as cluster:
        database = migrated_database(cluster)
        common = {
            "DATABASE_URL": database,
            "WEB_CONCURRENCY": "2",
            # Every reader's request renders its page and reads the database: nothing is answered from memory.
            "PAGE_CACHE_ENABLED": "0",
            # The shared STATIC_ROOT of deploy/upgrade.sh.
            "STATIC_ROOT": str(folder / "static"),
            "WHITENOISE_USE_FINDERS": "0",
            "READYZ_DRAIN_FILE": str(folder / "drain"),
        }
        # Each release's manifest in a folder of its own, as upgrade.sh's STATIC_MANIFEST_ROOT=. makes it.
        release_a = gunicorn_environment(
            **common, NEWSROOM_VERSION="release-a", STATIC_MANIFEST_ROOT=str(folder / "release-a")
        )
        release_b = gunicorn_environment(
            **common,
            NEWSROOM_VERSION="release-b",
            DJANGO_SETTINGS_MODULE="tests.operations.upgrade_settings",
            STATIC_MANIFEST_ROOT=str(folder / "release-b"),
        )
        held = HeldSocket(folder)
        old = new = beside = None
        try:
            manage(release_a, "collectstatic", "--noinput")
            old = held.serve(release_a, folder / "a.log")
            assert wait_until_ready(held.port)["version"] == "release-a"
            with Readers(held.port) as readers:
                time.sleep(2)

                # B beside A, on a port of its own: its code is ahead of the schema.
                beside_port = spare_port()
                beside = subprocess.Popen(
                    [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{beside_port}",
                     "--workers", "1", "newsroom.wsgi"],
                    env=release_b, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                wait_for_port(beside_port, 120)
                status, body = get(beside_port, "/readyz")
                assert status == 503, body
                assert json.loads(body)["checks"]["migrations"]["ok"] is False
                assert not upgrade_script_finds_ready(beside_port)
                beside = stopped(beside, patience=30)

                # upgrade.sh's steps for the new release, while the old one serves.
                migrating = time.monotonic()
                manage(release_b, "collectstatic", "--noinput")
                assert (folder / "release-b" / "staticfiles.json").exists()
                assert not (folder / "static" / "staticfiles.json").exists()  # A's stays A's
                manage(release_b, "migrate", "--noinput")
                switching = time.monotonic()

                # systemctl restart: SIGTERM to the old master (KillMode=mixed), then the new one.
                old.send_signal(signal.SIGTERM)
                new = held.serve(release_b, folder / "b.log")
                old.wait(timeout=60)
                ready = wait_until_ready(held.port)
                switched = time.monotonic()
                time.sleep(2)
            assert ready["version"] == "release-b"
            assert ready["checks"]["migrations"]["ok"] is True
            assert upgrade_script_finds_ready(held.port)
            # A drained server is ready for upgrade.sh all the same (it removes the drain file after).
            (folder / "drain").touch()
            assert get(held.port, "/readyz")[0] == 503
            assert upgrade_script_finds_ready(held.port)
            status, body = get(held.port, "/healthz")
            assert json.loads(body)["version"] == "release-b"
        finally:
            for process in (beside, old, new):
                stopped(process, patience=30)
            held.close()

    failed = [answer for answer in readers.answers if answer[2] != 200]
    logs = "".join((folder / name).read_text(errors="replace")[-3000:] for name in ("a.log", "b.log"))
    assert failed == [], f"{len(failed)} of {len(readers.answers)} failed: {failed[:5]}\n{logs}"
    # The readers were served throughout: before, during the migration, and across the switch.
    assert len(readers.between(0, migrating)) > 0
    assert len(readers.between(migrating, switching)) > 0
    assert len(readers.between(switching, switched)) > 0
    assert len(readers.between(switched, float("inf"))) > 0
    longest = max(seconds for _started, seconds, _status, _path in readers.answers)
    print(
        f"upgrade: {len(readers.answers)} answered, 0 failed, migrate {switching - migrating:.1f} s, "
        f"switch {switched - switching:.1f} s, longest wait {longest:.1f} s, load {os.getloadavg()[0]:.1f}"
    )
