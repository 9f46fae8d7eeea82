"""Real servers for tests that need them: each on a spare port, in a temporary folder, stopped and
removed afterwards (also when the test fails). Never the machine's own PostgreSQL or Redis."""

import contextlib
import gzip
import http.client
import http.server
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from email.message import Message
from pathlib import Path

import pytest

REDIS_SERVER = "/usr/bin/redis-server"
POSTGRESQL_BIN = Path("/usr/lib/postgresql/15/bin")


def require_program(path, package: str):
    """Skip where a server is not installed; never in CI, where a missing server is a failure."""
    if Path(path).exists():
        return
    message = f"{path} is missing: apt-get install {package}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stopped(process, patience: float):
    """None, once `process` (a server of the test's, or None) has ended: asked, then, after
    `patience` seconds, killed."""
    if process is not None:
        process.terminate()
        try:
            process.wait(timeout=patience)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return None


def listening(process, port: int, seconds: float) -> bool:
    """Whether the server `process` started accepts connections on `port` within `seconds` (False at
    once when it exits: a configuration it refused)."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
        time.sleep(0.05)
    return False


def wait_for_port(port: int, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answers on port {port} after {seconds} s")


class RedisServer:
    """A throwaway redis-server (nothing saved to disk) that a test can stop, restart and freeze."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = spare_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
                # The test may move its snapshots' folder (CONFIG SET dir), from this machine only.
                "--enable-protected-configs",
                "local",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        """Kill it outright, as a crash or an OOM kill would; its entries are gone."""
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self):
        """Hung: connections are still accepted by the kernel, but nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def client(self, **options):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, **options)

    # Up and answering, but refusing commands as a production server does; each mended on leaving, as
    # an operator would mend it.

    @contextlib.contextmanager
    def memory_full(self):
        """OOM: at maxmemory with nothing that may be evicted (noeviction), it refuses writes."""
        with self._admin() as admin:
            admin.config_set("maxmemory-policy", "noeviction")
            admin.config_set("maxmemory", 1)
            try:
                yield
            finally:
                admin.config_set("maxmemory", 0)

    @contextlib.contextmanager
    def a_replica(self):
        """READONLY: after a failover the client talks to a replica (here of a master that is gone),
        which serves the entries it holds and refuses writes and deletions."""
        with self._admin() as admin:
            admin.replicaof("127.0.0.1", spare_port())
            try:
                yield
            finally:
                admin.replicaof("NO", "ONE")

    @contextlib.contextmanager
    def without_its_replicas(self):
        """NOREPLICAS: a master that must reach a replica before it writes, and reaches none."""
        with self._admin() as admin:
            admin.config_set("min-replicas-to-write", 1)
            try:
                yield
            finally:
                admin.config_set("min-replicas-to-write", 0)

    @contextlib.contextmanager
    def failing_its_snapshots(self):
        """MISCONF: its snapshots fail (a full disk; here a folder that is gone), and with
        stop-writes-on-bgsave-error on, as by default, it refuses writes."""
        gone = self.folder / "gone"
        with self._admin() as admin:
            gone.mkdir()
            admin.config_set("dir", str(gone))
            admin.config_set("save", "3600 1")
            gone.rmdir()
            self._snapshot(admin, "err")
            try:
                yield
            finally:
                admin.config_set("dir", str(self.folder))
                self._snapshot(admin, "ok")
                admin.config_set("save", "")

    @contextlib.contextmanager
    def running_a_long_script(self):
        """BUSY: a script runs past lua-time-limit, and every other command is refused."""
        import redis

        def run_for_ever():
            with contextlib.suppress(redis.exceptions.ResponseError), self._admin() as client:
                client.eval("while true do end", 0)

        with self._admin() as admin:
            admin.config_set("lua-time-limit", 100)  # milliseconds
            script = threading.Thread(target=run_for_ever, daemon=True)
            script.start()
            self._wait(lambda: "BUSY" in self._answer(admin.ping), "answers BUSY")
            try:
                yield
            finally:
                admin.script_kill()
                script.join(timeout=10)

    @contextlib.contextmanager
    def _admin(self):
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)
        try:
            yield client
        finally:
            client.close()

    def _snapshot(self, admin, status: str):
        admin.bgsave()

        def done():
            persistence = admin.info("persistence")
            return not persistence["rdb_bgsave_in_progress"] and persistence["rdb_last_bgsave_status"] == status

        self._wait(done, f"saved a snapshot with status {status!r}")

    @staticmethod
    def _answer(command) -> str:
        import redis

        try:
            return str(command())
        except redis.exceptions.ResponseError as error:
            return str(error)

    @staticmethod
    def _wait(condition, what: str, seconds: float = 10):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server has not {what} after {seconds} s")
            time.sleep(0.05)


# Seconds the tests' caches leave a failed Redis alone (production: five).
REDIS_RETRY_AFTER = 1


@contextlib.contextmanager
def redis_server():
    require_program(REDIS_SERVER, "redis-server")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-redis-"))
    server = RedisServer(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


class PostgreSQLCluster:
    """A PostgreSQL cluster of its own (initdb), on a spare port, trusting local connections.

    As root the cluster belongs to the postgres user, since PostgreSQL refuses to run as root."""

    def __init__(self, folder: Path, synchronous_commit: str = "off"):
        self.folder = folder
        self.data = folder / "data"
        # Written by the server, not to our pipes: a server holding them open would hang pg_ctl's caller.
        self.log = folder / "server.log"
        self.port = spare_port()
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        # "off" for speed; "on" where a streaming replica should be a fraction of a millisecond behind.
        self.synchronous_commit = synchronous_commit

    def url(self, database: str) -> str:
        user = "postgres" if self.run_as else os.environ.get("USER", "postgres")
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, **options):
        return subprocess.run(
            [*self.run_as, *command], check=True, capture_output=True, text=True, timeout=120, **options
        )

    def _pg_ctl(self, *args: str):
        self._run(str(POSTGRESQL_BIN / "pg_ctl"), "--pgdata", str(self.data), "--wait", "--timeout", "60", *args)

    def init(self):
        if self.run_as:
            shutil.chown(self.folder, "postgres")
        self._run(
            str(POSTGRESQL_BIN / "initdb"), "--pgdata", str(self.data), "--auth", "trust", "--no-sync",
            "--encoding", "UTF8", "--locale", "C.UTF-8",
            "--username", "postgres" if self.run_as else os.environ.get("USER", "postgres"),
        )  # fmt: skip
        # A test cluster: nothing needs to survive a crash of the machine.
        options = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "fsync": "off",
            "synchronous_commit": self.synchronous_commit,
            "full_page_writes": "off",
        }
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in options.items())

    def start(self):
        self._pg_ctl("--log", str(self.log), "start")

    def restart(self):
        """What an operator's restart does: connections are cut, the server is down a moment."""
        self._pg_ctl("--log", str(self.log), "--mode", "fast", "restart")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("--mode", "immediate", "stop")

    def create_database(self, name: str):
        self._run(str(POSTGRESQL_BIN / "createdb"), "--host", "127.0.0.1", "--port", str(self.port), name)

    def processes(self) -> list[int]:
        """The postmaster and every process it started (backends, checkpointer, WAL writer, …)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError, ValueError):
                fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
                if int(fields.get("PPid", "0")) == postmaster:
                    children.append(int(status.parent.name))
        return [postmaster, *children]

    def freeze(self):
        """A server that takes connections into the kernel's backlog and answers nothing (a hung
        machine, a stalled disk): SIGSTOP to all of it."""
        self._frozen = self.processes()
        for pid in self._frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in getattr(self, "_frozen", []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self._frozen = []

    def replica(self) -> "PostgreSQLCluster":
        """A streaming replica of this cluster (pg_basebackup -R: standby.signal and primary_conninfo),
        in a folder of its own on a spare port, started; stop it (and remove `folder`) when done."""
        folder = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
        replica = PostgreSQLCluster(folder, self.synchronous_commit)
        if replica.run_as:
            shutil.chown(folder, "postgres")
        replica._run(
            str(POSTGRESQL_BIN / "pg_basebackup"), "--host", "127.0.0.1", "--port", str(self.port),
            "--username", "postgres" if self.run_as else os.environ.get("USER", "postgres"),
            "--pgdata", str(replica.data),
            "--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast", "--no-sync",
        )  # fmt: skip
        # The primary's settings came with the copy; only the port and the socket's folder are its own.
        with open(replica.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {replica.port}\nunix_socket_directories = '{folder}'\n")
        replica.start()
        return replica


# One dump of the migrated schema per test process (migrated_database): 30 s of migrations once, then a
# restore of 1–2 s for every other cluster.
_SCHEMA_DUMP: dict[str, Path] = {}


def migrated_database(cluster: "PostgreSQLCluster", name: str = "newsroom") -> str:
    """A database `name` on the cluster with every migration applied (and the rows data migrations
    make: groups, permissions, sections), as `manage.py migrate` leaves it; its URL.

    The first call in a test process migrates and dumps the result (`pg_dump --format=custom`); later
    calls restore that dump, so tests on their own clusters do not each pay for the migrations."""
    cluster.create_database(name)
    url = cluster.url(name)
    dump = _SCHEMA_DUMP.get("dump")
    if dump is None or not dump.exists():
        root = Path(__file__).resolve().parents[1]
        environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
        subprocess.run(
            [str(root / ".venv" / "bin" / "python"), "manage.py", "migrate", "--skip-checks", "--verbosity", "0"],
            env=environment
            | {"DATABASE_URL": url, "SECRET_KEY": "migrate-" + "x" * 40, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
            cwd=root, check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        dump = Path(tempfile.mkdtemp(prefix="newsroom-schema-")) / "schema.dump"
        subprocess.run(
            [str(POSTGRESQL_BIN / "pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), url],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        _SCHEMA_DUMP["dump"] = dump
        return url
    subprocess.run(
        [str(POSTGRESQL_BIN / "pg_restore"), "--no-owner", "--exit-on-error", "--dbname", url, str(dump)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return url


@contextlib.contextmanager
def postgresql_cluster(synchronous_commit: str = "off"):
    require_program(POSTGRESQL_BIN / "initdb", "postgresql")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-postgresql-"))
    cluster = PostgreSQLCluster(folder, synchronous_commit)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.thaw()
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


VARNISHD = "/usr/sbin/varnishd"
VARNISHADM = "/usr/bin/varnishadm"
VCL = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "newsroom.vcl"
BACKENDS_VCL = VCL.with_name("backends.vcl")


def backends_vcl(ports: list[int], probe: bool) -> str:
    """The repository's backends.vcl with one backend (a copy of its app1) on each of `ports`, all in
    the director. Without `probe` the backends are not probed on /readyz: a test's server that is not
    the production WSGI application (Django's live_server) has no such page."""
    vcl = BACKENDS_VCL.read_text()
    backend = re.search(r"^backend app1 \{\n.*?^\}\n", vcl, re.MULTILINE | re.DOTALL)
    assert backend and '.port = "8000";' in backend[0], "backends.vcl's app1 has moved: update tests/servers.py"
    assert "    app.add_backend(app1);\n" in vcl, "backends.vcl's director has moved: update tests/servers.py"
    template = backend[0] if probe else backend[0].replace("    .probe = ready;\n", "")
    copies = "\n".join(
        template.replace("backend app1 ", f"backend app{n} ").replace('.port = "8000";', f'.port = "{port}";')
        for n, port in enumerate(ports, 1)
    )
    vcl = vcl.replace(backend[0], copies)
    vcl = vcl.replace(
        "    app.add_backend(app1);\n", "".join(f"    app.add_backend(app{n});\n" for n in range(1, len(ports) + 1))
    )
    if not probe:
        vcl = re.sub(r"^probe ready \{\n.*?^\}\n", "", vcl, flags=re.MULTILINE | re.DOTALL)
    return vcl


class VarnishServer:
    """varnishd with the repository's VCL (newsroom.vcl and its backends.vcl), in front of a backend
    on `backend_port` (an int) or a director of several (a list of ports), probed on /readyz with
    `probe`.

    Its working folder is its own (`-n`), so varnishadm talks to this one and no other."""

    def __init__(self, folder: Path, backend_port: int | list[int], probe: bool = False):
        self.folder = folder
        self.port = spare_port()
        self.admin_port = spare_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.backend_ports = [backend_port] if isinstance(backend_port, int) else list(backend_port)
        self.vcl = folder / "newsroom.vcl"
        backends = folder / "backends.vcl"
        backends.write_text(backends_vcl(self.backend_ports, probe))
        vcl = VCL.read_text()
        assert 'include "./backends.vcl";' in vcl, "newsroom.vcl no longer includes backends.vcl"
        self.vcl.write_text(vcl.replace('include "./backends.vcl";', f'include "{backends}";'))
        self.log = folder / "varnishd.log"
        self.process: subprocess.Popen | None = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    "-n",
                    str(self.folder / "work"),
                    "-a",
                    f"127.0.0.1:{self.port}",
                    "-T",
                    f"127.0.0.1:{self.admin_port}",
                    "-f",
                    str(self.vcl),
                    "-s",
                    "malloc,64m",
                    # Responses Django does not mark as shareable are not cached at all.
                    "-p",
                    "default_ttl=0",
                    # As the README's command line: a calendar of a thousand events names its keys
                    # in a header line longer than Varnish's default 8 KB.
                    "-p",
                    "http_resp_hdr_len=65536",
                    "-p",
                    "http_resp_size=131072",
                    "-p",
                    "workspace_backend=262144",
                ],  # fmt: skip
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if listening(self.process, self.port, 30):
            return
        self.stop()
        raise RuntimeError(f"varnishd did not start: {self.log.read_text()[-2000:]}")

    def stop(self):
        self.process = stopped(self.process, patience=10)

    def admin(self, *command: str) -> str:
        result = subprocess.run(
            [VARNISHADM, "-n", str(self.folder / "work"), *command], capture_output=True, text=True, timeout=30
        )
        if result.returncode != 0:
            raise RuntimeError(f"varnishadm {' '.join(command)}: {result.stdout}{result.stderr}")
        return result.stdout

    def forget_everything(self):
        self.admin("ban", "req.url", "~", ".")

    def backend_down(self):
        """What failed health probes do: Varnish fetches nothing from Django."""
        for n in range(1, len(self.backend_ports) + 1):
            self.admin("backend.set_health", f"app{n}", "sick")

    def backend_up(self):
        for n in range(1, len(self.backend_ports) + 1):
            self.admin("backend.set_health", f"app{n}", "auto")


@contextlib.contextmanager
def varnish_server(backend_port: int | list[int], probe: bool = False):
    require_program(VARNISHD, "varnish varnish-modules")
    xkey = next(
        Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"), Path("/usr/lib/varnish/vmods/libvmod_xkey.so")
    )
    require_program(xkey, "varnish-modules")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    # Started as root, varnishd reads its VCL as its own user.
    folder.chmod(0o755)
    server = VarnishServer(folder, backend_port, probe)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


# An S3 bucket's policy as the README asks: readers may fetch renditions, nothing else. Originals (and
# kept uploads) are read only with the site's keys.
def public_renditions_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersFetchRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/renditions/*",
            }
        ],
    }


class S3Server:
    """moto's S3 (ThreadedMotoServer: a thread of the test's process answering HTTP on a spare port,
    which boto3, urllib and Chromium all reach) with one bucket carrying the README's policy."""

    ACCESS_KEY = "newsroom-test"
    SECRET_KEY = "newsroom-test-secret"  # noqa: S105 - moto accepts any key
    REGION = "us-east-1"

    def __init__(self, bucket: str = "newsroom-media"):
        self.bucket = bucket
        self.port = spare_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        # Path-style, as MinIO-likes are addressed: no host name per bucket.
        self.media_url = f"{self.endpoint_url}/{bucket}/"
        self.server = None

    def start(self):
        from moto.server import ThreadedMotoServer

        # Its request log is werkzeug's, a line per request: only what goes wrong.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        client = self.client()
        client.create_bucket(Bucket=self.bucket)
        client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(public_renditions_policy(self.bucket)))

    def stop(self):
        """Down: its port refuses connections (werkzeug closes the socket as it stops)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.REGION,
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
        )

    def object(self, key: str) -> dict:
        """What the bucket holds under `key`, read with the site's keys (head_object's answer)."""
        return self.client().head_object(Bucket=self.bucket, Key=key)

    def keys(self) -> list[str]:
        return [item["Key"] for item in self.client().list_objects_v2(Bucket=self.bucket).get("Contents", [])]

    def fetch(self, url: str) -> tuple[int, Message, bytes]:
        """An anonymous GET, as a reader's browser makes it: status, headers (any case), body."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own server
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def environment(self) -> dict[str, str]:
        """The variables an operator sets for this bucket (README, "Object storage")."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": self.REGION,
            "S3_ACCESS_KEY_ID": self.ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": self.SECRET_KEY,
            "S3_ADDRESSING_STYLE": "path",
            "MEDIA_URL": self.media_url,
        }

    def storages(self, storages: dict, *, rendition_cache_seconds: int = 2592000) -> dict:
        """`storages` (settings.STORAGES) with both media aliases in this bucket, as settings.py makes them."""
        bucket = {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": self.REGION,
            "addressing_style": "path",
            "querystring_auth": False,
            "access_key": self.ACCESS_KEY,
            "secret_key": self.SECRET_KEY,
            # A stopped server refuses at once; a test need not wait through production's retries.
            "max_attempts": 1,
        }
        return {
            **storages,
            "default": {
                "BACKEND": "newsroom.uploads.storage.BucketStorage",
                "OPTIONS": {
                    **bucket,
                    "file_overwrite": False,
                    "object_parameters": {"CacheControl": "private, no-store"},
                },
            },
            "renditions": {
                "BACKEND": "newsroom.uploads.storage.BucketStorage",
                "OPTIONS": {
                    **bucket,
                    "file_overwrite": True,
                    "object_parameters": {"CacheControl": f"public, max-age={rendition_cache_seconds}, immutable"},
                },
            },
        }


@contextlib.contextmanager
def s3_server(bucket: str = "newsroom-media"):
    server = S3Server(bucket)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        # moto keeps its buckets in the process, not in the server: the next server starts empty.
        from moto.backends import get_backend

        get_backend("s3").reset()


GUNICORN = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "gunicorn"


class GunicornServer:
    """The site as production serves it (`newsroom.wsgi`, sync workers) with the environment given,
    on a spare port; what it writes to stderr (the request log, `logging`'s lines) goes to `log`."""

    def __init__(
        self,
        folder: Path,
        environment: dict[str, str],
        workers: int = 1,
        port: int | None = None,
        config: Path | None = None,
    ):
        self.folder = folder
        # A given port: a server restarted where its proxy expects it.
        self.port = port or spare_port()
        self.log = folder / "gunicorn.log"
        self.workers = workers
        self.config = config
        root = Path(__file__).resolve().parents[1]
        self.root = root
        inherited = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
        self.environment = inherited | {
            "SECRET_KEY": "gunicorn-test-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "PYTHONPATH": str(root),
            # Pages name their static files from collectstatic's manifest, as in production (one
            # collectstatic per test process).
            "STATIC_ROOT": str(collected_static()),
            **environment,
        }
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "newsroom.wsgi:application",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "60",
                    "--no-control-socket",
                    *(["--config", str(self.config)] if self.config else []),
                ],  # fmt: skip
                env=self.environment,
                cwd=self.root,
                stdout=log,
                stderr=log,
            )
        wait_for_port(self.port, 60)

    def stop(self):
        # gunicorn finishes its requests first (graceful): more patience.
        self.process = stopped(self.process, patience=30)

    def worker_pids(self) -> list[int]:
        """The master's sync workers (their pids name them in the access lines)."""
        return children_of(self.process.pid) if self.process else []

    def get(self, path: str, timeout: float = 10, **headers: str) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@contextlib.contextmanager
def gunicorn_server(environment: dict[str, str], workers: int = 1, port: int | None = None, config: Path | None = None):
    folder = Path(tempfile.mkdtemp(prefix="newsroom-gunicorn-"))
    server = GunicornServer(folder, environment, workers, port, config)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


class EnvelopeReceiver:
    """What Sentry (or GlitchTip) would receive: an HTTP server on a spare port taking sentry-sdk's
    envelopes at `/api/1/envelope/`. `events` holds each error event's payload, `bodies` every
    envelope as it came (decompressed), for looking for what must never be sent."""

    def __init__(self):
        self.port = spare_port()
        self.dsn = f"http://public@127.0.0.1:{self.port}/1"
        self.events: list[dict] = []
        self.bodies: list[bytes] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.bodies.append(body)
                receiver.events += [item for kind, item in envelope_items(body) if kind == "event"]
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for_events(self, count: int, seconds: float = 30) -> list[dict]:
        deadline = time.monotonic() + seconds
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.events

    def stop(self):
        if self.thread is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread = None


def envelope_items(body: bytes):
    """(type, payload) of each item of a Sentry envelope: a header line, then item headers, each
    followed by a payload of its `length` or up to the next newline."""
    _header, _, rest = body.partition(b"\n")
    while rest.strip():
        line, _, rest = rest.partition(b"\n")
        item = json.loads(line)
        if "length" in item:
            payload, rest = rest[: item["length"]], rest[item["length"] + 1 :]
        else:
            payload, _, rest = rest.partition(b"\n")
        with contextlib.suppress(ValueError):
            yield item.get("type"), json.loads(payload)


@contextlib.contextmanager
def envelope_receiver():
    receiver = EnvelopeReceiver()
    try:
        yield receiver
    finally:
        receiver.stop()


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The command name may hold spaces and parentheses: fields start after the last ')'.
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return sorted(found)


_COLLECTED_STATIC: dict[str, Path] = {}


def collected_static() -> Path:
    """A STATIC_ROOT with `collectstatic`'s manifest, made once per process (2 s): pages rendered with
    DEBUG off name their hashed files from it, as in production."""
    folder = _COLLECTED_STATIC.get("folder")
    if folder is None or not (folder / "staticfiles.json").exists():
        root = Path(__file__).resolve().parents[1]
        folder = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
        environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
        subprocess.run(
            [str(root / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            env=environment | {"STATIC_ROOT": str(folder), "SECRET_KEY": "static-" + "x" * 40, "DATABASE_URL": "sqlite://:memory:"},
            cwd=root, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        _COLLECTED_STATIC["folder"] = folder
    return folder


NGINX = "/usr/sbin/nginx"
# The access line nginx writes: which upstream answered (a gunicorn's port or Varnish's) and how.
# Fields apart by "|": an upstream list reads "127.0.0.1:6081, 127.0.0.1:8001".
NGINX_LOG_FORMAT = "$status|$upstream_addr|$upstream_status|$request_time|$request_method|$uri|$request_id"


class NginxServer:
    """nginx in front of application servers on `app_ports` (and Varnish on `cache_port`), with the
    locations and proxy rules of deploy/nginx/newsroom.conf on a plain-HTTP port: readers'
    pages to Varnish with the application servers as `backup`, the admin and the probes to the
    application servers, a refused or dead server's GET tried on the next (`proxy_next_upstream`).
    Everything it writes (pid, logs, request bodies) stays in `folder`."""

    def __init__(
        self, folder: Path, app_ports: list[int], cache_port: int | None = None, media_root: Path | None = None
    ):
        self.folder = folder
        self.port = spare_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = folder / "access.log"
        self.error_log = folder / "error.log"
        self.config = folder / "nginx.conf"
        apps = "".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in app_ports)
        if cache_port:
            backups = "".join(f"        server 127.0.0.1:{port} backup;\n" for port in app_ports)
            cache = f"        server 127.0.0.1:{cache_port} max_fails=1 fail_timeout=5s;\n{backups}"
        else:
            cache = apps
        media = (
            f"""        location /media/renditions/ {{
            alias {media_root}/renditions/;
            add_header Cache-Control "public, max-age=2592000, immutable";
            access_log off;
        }}
        location /media/ {{ return 404; }}
"""
            if media_root
            else ""
        )
        temp = "".join(
            f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        self.config.write_text(f"""# tests/servers.py: NginxServer, deploy/nginx/newsroom.conf without TLS.
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {self.error_log} warn;
events {{ worker_connections 1024; }}
http {{
{temp}    log_format newsroom '{NGINX_LOG_FORMAT}';
    access_log {self.access_log} newsroom;

    upstream newsroom_cache {{
{cache}    }}
    upstream newsroom_app {{
{apps}    }}

    server {{
        listen 127.0.0.1:{self.port};
        server_name 127.0.0.1;
        client_max_body_size 45m;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Request-ID $request_id;
        proxy_next_upstream error timeout http_502 http_503;
        # Varnish, then each application server: every one may be the one that just died.
        proxy_next_upstream_tries {len(app_ports) + 1};
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;
        # Django names what a page shows in Surrogate-Key for Varnish, up to 15,000 bytes (a calendar, a
        # sitemap page). Straight from gunicorn (the backup servers, the admin) nginx reads the response's
        # header into proxy_buffer_size, 4 KB by default: past it "upstream sent too big header", the
        # server counts as failed, and with every server failed nginx answers 502 to everyone for
        # fail_timeout (found by bench/soak.py restarting Varnish). Varnish takes 64 KB
        # (http_resp_hdr_len); so does this. Readers never get the keys (Varnish strips them too).
        proxy_buffer_size 64k;
        proxy_buffers 8 64k;
        proxy_busy_buffers_size 128k;
        proxy_hide_header Surrogate-Key;

        location = /healthz {{ access_log off; proxy_pass http://newsroom_app; }}
        location = /readyz {{
            allow 127.0.0.1;
            deny all;
            access_log off;
            proxy_pass http://newsroom_app;
        }}
        location = /metrics {{ return 404; }}
{media}
        location /admin/ {{ proxy_pass http://newsroom_app; }}
        location / {{ proxy_pass http://newsroom_cache; }}
    }}
}}
""")
        self.process: subprocess.Popen | None = None

    def start(self):
        with open(self.folder / "nginx.out", "ab") as out:
            self.process = subprocess.Popen(
                [NGINX, "-p", str(self.folder), "-c", str(self.config), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if listening(self.process, self.port, 20):
            return
        self.stop()
        raise RuntimeError(f"nginx did not start: {(self.folder / 'nginx.out').read_text()[-2000:]}")

    def stop(self):
        self.process = stopped(self.process, patience=10)

    def answers(self) -> list[dict]:
        """Its access lines so far: status, upstream (the addresses tried, in order), method, path."""
        found = []
        if self.access_log.exists():
            for line in self.access_log.read_text().splitlines():
                status, upstream, upstream_status, seconds, method, path, request_id = line.split("|", 6)
                found.append({
                    "status": int(status), "upstream": upstream, "upstream_status": upstream_status,
                    "seconds": float(seconds), "method": method, "path": path, "request_id": request_id,
                })  # fmt: skip
        return found


@contextlib.contextmanager
def nginx_server(app_ports: list[int], cache_port: int | None = None, media_root: Path | None = None):
    require_program(NGINX, "nginx")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
    # Its workers run as nobody (started as root) and keep request bodies in the folder.
    folder.chmod(0o755)
    server = NginxServer(folder, app_ports, cache_port, media_root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


class Answer:
    """A response as a browser got it."""

    def __init__(self, status: int, headers: Message, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def __repr__(self):
        return f"<Answer {self.status} {self.text[:80]!r}>"


class Browser:
    """A browser talking HTTP to one server (nginx, a gunicorn, Varnish): it keeps its cookies — the
    Secure ones too, since the test servers speak plain HTTP —, follows no redirects, and posts forms
    as `tests.pages.form_data` reads them."""

    def __init__(self, port: int, timeout: float = 30, **headers: str):
        self.port = port
        self.timeout = timeout
        # Header names as keywords: X_Forwarded_For="203.0.113.9".
        self.headers = {"Host": "127.0.0.1", "User-Agent": "newsroom-tests"}
        self.headers.update({name.replace("_", "-"): value for name, value in headers.items()})
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = dict(self.headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update({name.replace("_", "-"): value for name, value in headers.items()})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in line.lower() or "expires=thu, 01 jan 1970" in line.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict, files: dict[str, tuple[str, bytes, str]] | None = None, **headers) -> Answer:
        """`data`: name → value or list of values; `files`: name → (file name, content, type)."""
        from urllib.parse import urlencode

        fields = [
            (name, value)
            for name, values in data.items()
            for value in ([values] if isinstance(values, str) else values)
        ]
        if not files:
            body = urlencode(fields).encode()
            return self.request("POST", path, body, Content_Type="application/x-www-form-urlencoded", **headers)
        boundary = "newsroom-" + os.urandom(8).hex()
        parts = []
        for name, value in fields:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, kind) in files.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(f"{head}Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, Content_Type=f"multipart/form-data; boundary={boundary}", **headers)

    def log_in(self, username: str, password: str):
        """Through the admin's login form, as an editor does."""
        from tests.pages import form_data, parse

        page = self.get("/admin/login/")
        assert page.status == 200, page
        data = form_data(parse(page.body), "login-form")
        data.update(username=[username], password=[password])
        answer = self.post("/admin/login/", data)
        assert answer.status == 302, f"the login failed: {answer.status} {answer.text[:300]}"

    def form(self, path: str, form_id: str) -> dict[str, list[str]]:
        """What submitting the form `form_id` of the page at `path` untouched would send."""
        from tests.pages import form_data, parse

        page = self.get(path)
        assert page.status == 200, f"{path}: {page.status}"
        return form_data(parse(page.body), form_id)


class SeveralServers:
    """The site on `servers` gunicorn instances (`workers` each, on ports of their own) sharing one
    database and one Redis, behind Varnish (a director of them all, probed on /readyz, purged by each)
    and nginx in front of it (README, "Several servers"). Each part can be stopped and started again
    on its port; `folder` holds their configurations and logs."""

    def __init__(
        self,
        folder: Path,
        database_url: str,
        cache_url: str,
        environment: dict[str, str] | None = None,
        servers: int = 2,
        workers: int = 2,
        config: Path | None = None,
    ):
        self.folder = folder
        self.app_ports = [spare_port() for _ in range(servers)]
        for name in ("varnish", "nginx", *(f"app{n}" for n in range(1, servers + 1))):
            (folder / name).mkdir(parents=True, exist_ok=True)
            # Varnish reads its VCL, nginx's workers their temp folders, as users of their own.
            (folder / name).chmod(0o755)
        folder.chmod(0o755)
        self.varnish = VarnishServer(folder / "varnish", self.app_ports, probe=True)
        self.environment = {
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "BEHIND_PROXY": "1",
            "CDN_PURGE_URL": f"{self.varnish.url}/",
            "STATIC_ROOT": str(collected_static()),
            "LOG_LEVEL": "WARNING",
            **(environment or {}),
        }
        self.apps = [
            GunicornServer(folder / f"app{n}", self.environment, workers, port, config)
            for n, port in enumerate(self.app_ports, 1)
        ]
        for app in self.apps:
            # Each server its own drain file (README, "Several servers").
            app.environment["READYZ_DRAIN_FILE"] = str(app.folder / "drain")
        self.nginx = NginxServer(folder / "nginx", self.app_ports, self.varnish.port)

    def start(self):
        self.varnish.start()
        for app in self.apps:
            app.start()
        self.nginx.start()
        self.wait_until_varnish_sees_every_server()

    def stop(self):
        for server in (self.nginx, *self.apps, self.varnish):
            with contextlib.suppress(Exception):
                server.stop()

    def healthy_in_varnish(self) -> list[bool]:
        """What Varnish's probes say of each application server."""
        lines = self.varnish.admin("backend.list").splitlines()
        return [
            any(f".app{n} " in line and "healthy" in line.lower() and "sick" not in line.lower() for line in lines)
            for n in range(1, len(self.apps) + 1)
        ]

    def wait_until_varnish_sees_every_server(self, seconds: float = 60):
        """Its probe (every 5 s, two good of three) has found each server ready."""
        deadline = time.monotonic() + seconds
        while not all(self.healthy_in_varnish()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Varnish's probes: {self.varnish.admin('backend.list')}")
            time.sleep(0.5)

    def restart_app(self, number: int):
        """Application server `number` (from 1) stopped, if it still runs, and started on its port."""
        app = self.apps[number - 1]
        if app.process is not None and app.process.poll() is not None:
            app.process = None
        app.stop()
        # Workers orphaned by a killed master notice it within a second and let go of the port.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                # As gunicorn binds: connections of the old one waiting in TIME_WAIT do not count.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", app.port))
                    break
                except OSError:
                    time.sleep(0.2)
        app.start()


@contextlib.contextmanager
def several_servers(database_url: str, cache_url: str, environment: dict[str, str] | None = None, **options):
    require_program(NGINX, "nginx")
    require_program(VARNISHD, "varnish varnish-modules")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-servers-"))
    site = SeveralServers(folder, database_url, cache_url, environment, **options)
    try:
        site.start()
        yield site
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)
