"""HTTP benchmark: the site served by gunicorn under wrk, against a Django hello-world in the same run.

    .venv/bin/python bench/http_bench.py [--articles 100000] [--reuse] [--seconds 8]

Fills (or with --reuse keeps) a PostgreSQL bench database with bench/run.py's synthetic content,
then serves it with gunicorn (2 sync workers, production settings, bench/http_wsgi.py, which adds
Django hello-worlds at /hello/ and /hello/stack/ to the same processes) in four set-ups, one after
the other: uncached (PAGE_CACHE_ENABLED=0), from the page cache in each worker's local memory, from
the page cache in a Redis server of its own, and through a varnishd of its own in front. For every
page it reports the SQL queries of one request, the server's CPU per request (utime + stime of
gunicorn's master and workers, the database's backends serving them, and the Redis or Varnish
processes of the set-up, over the requests wrk completed), requests per second, p50/p99 latency and
the ratio to hello-world's requests per second in the same set-up. Then the workers' memory after
--rss-requests uncached article pages. Writes bench/http-results.md; see bench/README.md.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))

from tests.servers import spare_port, wait_for_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
SHIPPED_VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A reader's browser: reads by clients without a User-Agent, or by robots, are not counted as reads.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 newsroom-bench"

# Until the repository ships its own VCL: pass whoever has a session or CSRF cookie, cache the
# others' pages keyed on the consent cookie, never store a response that sets a cookie.
FALLBACK_VCL = """vcl 4.1;

backend default { .host = "127.0.0.1"; .port = "8000"; }

sub vcl_recv {
    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
    if (req.http.Cookie ~ "(^|;\\s*)(sessionid|csrftoken)=") { return (pass); }
    if (req.http.Cookie ~ "(^|;\\s*)consent=") {
        set req.http.X-Consent = regsub(req.http.Cookie, "^.*(^|;\\s*)consent=([^;]*).*$", "\\2");
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Consent);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        return (deliver);
    }
}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/nr_bench_http")
    parser.add_argument("--reuse", action="store_true", help="keep a bench database that holds --articles already")
    parser.add_argument("--seconds", type=int, default=8, help="wrk's duration per row")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rss-requests", type=int, default=10_000, help="uncached article pages before RSS")
    parser.add_argument(
        "--rss-languages",
        nargs="+",
        default=["en", "de"],
        choices=["en", "de"],
        help="the article page of these languages for the workers' memory, each on fresh workers",
    )
    parser.add_argument(
        "--setups",
        nargs="*",
        default=["uncached", "locmem", "redis", "varnish"],
        choices=["uncached", "locmem", "redis", "varnish"],
        help="`--setups` alone: none, only the workers' memory",
    )
    parser.add_argument("--output", default=str(BENCH_DIR / "http-results.md"))
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# CPU time and memory from /proc


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                # The command name may hold spaces and parentheses: fields start after the last ')'.
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class ServerCPU:
    """CPU time of a set of server processes, including the PostgreSQL backends of one database."""

    def __init__(self, database_url: str, pids):
        import psycopg

        url = urlparse(database_url)
        self.database = url.path.lstrip("/")
        self.monitor = psycopg.connect(
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=unquote(url.username or "postgres"),
            password=unquote(url.password) if url.password else None,
            dbname="postgres",
            autocommit=True,
        )
        self.pids = pids  # a callable: the set-up's own processes (they may fork children)

    def backends(self) -> list[int]:
        rows = self.monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
            [self.database],
        ).fetchall()
        return [pid for (pid,) in rows]

    def snapshot(self) -> dict[int, tuple[bool, int]]:
        """Each process's CPU ticks so far, marked True for the database's."""
        ticks = {}
        for pid, is_database in [*((pid, False) for pid in self.pids()), *((pid, True) for pid in self.backends())]:
            value = cpu_ticks(pid)
            if value is not None:
                ticks[pid] = (is_database, value)
        return ticks

    @staticmethod
    def spent(before: dict, after: dict) -> tuple[float, float, int]:
        """Seconds of CPU between two snapshots (all, and the database's), and how many processes
        ended in between (their time since `before` is lost: with persistent connections, none)."""
        spent = {
            pid: (is_database, ticks - before.get(pid, (is_database, 0))[1])
            for pid, (is_database, ticks) in after.items()
        }
        total = sum(ticks for _, ticks in spent.values()) / CLOCK_TICKS
        database = sum(ticks for is_database, ticks in spent.values() if is_database) / CLOCK_TICKS
        return total, database, len(set(before) - set(after))

    def close(self):
        self.monitor.close()


# ---------------------------------------------------------------------------------------------
# Servers


def site_environment(database_url: str, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "CACHE_URL", "REDIS_URL", "PAGE_CACHE_ENABLED", "CDN_PURGE_BACKENDS"}
    }
    return environment | {
        "SECRET_KEY": "http-bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "3600",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
        **extra,
    }


@contextlib.contextmanager
def gunicorn(environment: dict, workers: int, folder: Path):
    port = spare_port()
    log = open(folder / f"gunicorn-{port}.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            GUNICORN,
            "bench.http_wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],  # fmt: skip
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, 60)
        # Every worker imports the site before the first row.
        deadline = time.monotonic() + 60
        while len(children(process.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.1)
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def redis_server(folder: Path):
    port = spare_port()
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
            "--logfile",
            str(folder / "redis.log"),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def vcl_for(backend_port: int) -> tuple[str, str]:
    """The repository's VCL (or the fallback above) with its backend pointed at gunicorn's port."""
    source, text = (
        (str(SHIPPED_VCL.relative_to(ROOT)), SHIPPED_VCL.read_text())
        if SHIPPED_VCL.exists()
        else ("a minimal VCL in bench/http_bench.py", FALLBACK_VCL)
    )
    text = re.sub(r'(\.port\s*=\s*)"\d+"', rf'\g<1>"{backend_port}"', text, count=1)
    text = re.sub(r'(\.host\s*=\s*)"[^"]*"', r'\g<1>"127.0.0.1"', text, count=1)
    return source, text


@contextlib.contextmanager
def varnish(backend_port: int, folder: Path):
    port = spare_port()
    source, text = vcl_for(backend_port)
    vcl = folder / "bench.vcl"
    vcl.write_text(text)
    work = folder / "varnish"
    work.mkdir()
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(work),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,256m",
            "-T",
            "none",
        ],  # fmt: skip
        stdout=open(folder / "varnish.log", "w"),  # noqa: SIM115 (the process holds it)
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, 30)
        yield process, port, source
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------------------------
# Requests


def probe(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "User-Agent": USER_AGENT, "X-Bench-Queries": "1"})
        response = connection.getresponse()
        response.read()
        return {"status": response.status, "headers": {k.lower(): v for k, v in response.getheaders()}}
    finally:
        connection.close()


LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, args, seconds: int) -> dict:
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout", "30s",
               "-H", f"User-Agent: {USER_AGENT}", "-H", "Host: 127.0.0.1"]  # fmt: skip
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    result = {"requests": int(re.search(r"(\d+) requests in", out).group(1))}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for percentile in ("50", "99"):
        value, unit = re.search(rf"^\s+{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        result[f"p{percentile}"] = float(value) * LATENCY_UNITS[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    result["errors"] = (f"{bad.group(1)} non-2xx" if bad else "") + (f" socket {errors.group(1)}" if errors else "")
    return result


# ---------------------------------------------------------------------------------------------
# The run


def load_content(args) -> dict:
    command = [PYTHON, str(BENCH_DIR / "run.py"), "--sizes", str(args.articles),
               "--database-url", args.database_url, "--load-only"]  # fmt: skip
    if args.reuse:
        command.append("--reuse")
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    print(f"content ready in {time.perf_counter() - started:.0f} s", flush=True)
    return json.loads(out.strip().splitlines()[-1])


def page_rows(paths: dict) -> list[tuple[str, str]]:
    en, de = paths["en"], paths["de"]
    return [
        ("hello-world (no middleware)", "/hello/"),
        ("hello-world (the site's middleware)", "/hello/stack/"),
        ("article (en)", en["article detail"]),
        ("article (de)", de["article detail"]),
        ("live page, 300 updates (en)", en["live article (300 updates)"]),
        ("live page, 300 updates (de)", de["live article (300 updates)"]),
        ("live fragment (en)", en["live fragment"]),
        ("live fragment (de)", de["live fragment"]),
        ("home (en)", en["home"]),
        ("article list (en)", en["article list"]),
        ("organization (en, most linked)", en["organization detail (most linked)"]),
        ("search ?q=gigafactory (en)", en["search ?q=gigafactory (3 % of articles)"]),
        ("home (de)", de["home"]),
        ("search ?q=gigafactory (de)", de["search ?q=gigafactory (3 % of articles)"]),
        ("tag (en, most used)", en["tag (most used)"]),
        ("place (en, most linked)", en["place detail (most linked)"]),
        ("event list (en)", en["event list (upcoming)"]),
        ("event (en)", en["event detail"]),
        ("corrections (en)", en["corrections"]),
        ("RSS feed (en)", en["RSS feed, all articles (30 items)"]),
        ("iCalendar (en)", en["iCalendar, all events (a year back, upcoming)"]),
        ("sitemap index", "/sitemap.xml"),
        ("Google News sitemap", "/news-sitemap.xml"),
    ]


def served_as(setup: str, probed: dict) -> str:
    """How the timed requests are answered, judged from a request after the warm-up."""
    headers = probed["headers"]
    queries = headers.get("x-bench-queries", "?")
    if setup == "varnish":
        hit = len(headers.get("x-varnish", "").split()) == 2
        return "Varnish hit" if hit else f"Varnish pass/miss, {queries} q"
    if setup == "uncached":
        return f"{queries} q"
    return f"hit, {queries} q" if queries == "0" else f"not cached, {queries} q"


def measure_setup(setup, rows, args, folder, results, notes):
    redis = contextlib.nullcontext((None, None))
    if setup == "redis":
        redis = redis_server(folder)
    with redis as (redis_process, redis_url):
        extra = {"PAGE_CACHE_ENABLED": "0" if setup == "uncached" else "1"}
        if redis_url:
            extra["CACHE_URL"] = redis_url
        environment = site_environment(args.database_url, **extra)
        with gunicorn(environment, args.workers, folder) as (server, port):
            front = contextlib.nullcontext((None, None, None))
            if setup == "varnish":
                front = varnish(port, folder)
            with front as (varnishd, varnish_port, vcl_source):
                if vcl_source:
                    notes.append(f"Varnish ran {vcl_source}.")

                def own_pids():
                    pids = [server.pid, *children(server.pid)]
                    if redis_process:
                        pids.append(redis_process.pid)
                    if varnishd:
                        pids += [varnishd.pid, *children(varnishd.pid)]
                    return pids

                cpu = ServerCPU(args.database_url, own_pids)
                try:
                    for name, path in rows:
                        through = varnish_port if (varnishd and not path.startswith("/hello/")) else port
                        first = probe(through, path)
                        if first["status"] != 200:
                            raise SystemExit(f"{setup}: {path} answered {first['status']}")
                        wrk(through, path, args, 1)  # warm-up: every worker, every cache
                        second = probe(through, path)
                        before = cpu.snapshot()
                        result = wrk(through, path, args, args.seconds)
                        seconds, database, ended = cpu.spent(before, cpu.snapshot())
                        result |= {
                            "setup": setup,
                            "page": name,
                            "path": path,
                            "served": "—" if path.startswith("/hello/") else served_as(setup, second),
                            "cpu_ms": seconds * 1000 / max(result["requests"], 1),
                            "db_ms": database * 1000 / max(result["requests"], 1),
                            "ended": ended,
                            "cache_control": second["headers"].get("cache-control", ""),
                        }
                        results.append(result)
                        print(
                            f"{setup:<8} {name:<38} {result['served']:<22} {result['cpu_ms']:6.2f} ms CPU "
                            f"({result['db_ms']:.2f} db) "
                            f"{result['rps']:8.1f} rps p50 {result['p50']:7.2f} p99 {result['p99']:7.2f} "
                            f"{result['errors']}",
                            flush=True,
                        )
                finally:
                    cpu.close()


def worker_memory(path, language, args, folder) -> str:
    """Resident memory of fresh uncached workers after at least --rss-requests requests of `path`,
    in 5 s runs (wrk stops at its duration, not at a number of requests)."""
    environment = site_environment(args.database_url, PAGE_CACHE_ENABLED="0")
    with gunicorn(environment, args.workers, folder) as (server, port):
        started, served = time.perf_counter(), 0
        grown = ["0: " + "/".join(f"{rss_mb(pid):.0f}" for pid in children(server.pid))]
        while served < args.rss_requests:
            served += wrk(port, path, args, 5)["requests"]
            grown.append(f"{served:,}: " + "/".join(f"{rss_mb(pid):.0f}" for pid in children(server.pid)))
    shown = [*grown[: -1 : max(1, len(grown) // 5)], grown[-1]]
    line = (
        f"Worker memory (RSS, MB per worker, after so many uncached requests of the {language} article page "
        f"on fresh workers; {time.perf_counter() - started:.0f} s): {'; '.join(shown)}."
    )
    print(line, flush=True)
    return line


def versions(database_url) -> str:
    def output(*command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except OSError:
            return "?"
        return (done.stdout + done.stderr).strip()

    django_version = output(PYTHON, "-c", "import django; print(django.get_version())")
    gunicorn_version = re.search(r"version (\S+?)\)", output(GUNICORN, "--version"))
    wrk_version = re.search(r"(\d+\.\d+\.\d+)", output(WRK, "--version"))
    redis_version = re.search(r"v=(\S+)", output(REDIS_SERVER, "--version"))
    varnish_version = re.search(r"varnish-(\S+)", output(VARNISHD, "-V") or "")
    import psycopg

    url = urlparse(database_url)
    with psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres") as c:
        pg = c.execute("SHOW server_version").fetchone()[0].split()[0]
    return (
        f"Python {platform.python_version()}, Django {django_version}, "
        f"gunicorn {gunicorn_version.group(1) if gunicorn_version else '?'}, "
        f"PostgreSQL {pg}, Redis {redis_version.group(1) if redis_version else '?'}, "
        f"Varnish {varnish_version.group(1) if varnish_version else '?'}, "
        f"wrk {wrk_version.group(1) if wrk_version else '?'}"
    )


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} × {cpu}"


LANGUAGE_NAMES = {"en": "English", "de": "German"}
TITLES = {
    "uncached": "Uncached (PAGE_CACHE_ENABLED=0)",
    "locmem": "From the page cache, local memory",
    "redis": "From the page cache, Redis",
    "varnish": "Through Varnish (hello-world straight to gunicorn)",
}


def ratio(result) -> str:
    return f"{result['ratio']:.3f}" if result["ratio"] < 0.1 else f"{result['ratio']:.2f}"


def report(results, notes, args, started_at, load_before, version_line) -> str:
    hello = {r["setup"]: r["rps"] for r in results if r["path"] == "/hello/"}
    for r in results:
        r["ratio"] = r["rps"] / hello[r["setup"]] if hello.get(r["setup"]) else 0.0
    load_after = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    lines = [
        "# HTTP benchmark",
        "",
        f"Run {started_at:%Y-%m-%d %H:%M} UTC by `bench/http_bench.py`, {args.articles:,} articles; {machine()}, "
        f"load average {load_before} at the start, {load_after} at the end; {version_line}.",
        f"gunicorn with {args.workers} sync workers (production settings, `bench/http_wsgi.py`); "
        f"wrk {args.threads} threads, {args.connections} connections, {args.seconds} s per row after a 1 s "
        "warm-up. Server CPU = utime + stime of gunicorn's master and workers, the PostgreSQL backends of "
        "the bench database, and the set-up's Redis or varnishd, per request completed. "
        "'× hello' = requests per second over hello-world's (no middleware) in the same set-up.",
        "",
    ]
    by_setup = {}
    for r in results:
        by_setup.setdefault(r["setup"], {})[r["page"]] = r
    setups = list(by_setup)
    pages = list(dict.fromkeys(r["page"] for r in results))
    header = ["page"]
    for setup in setups:
        short = {"uncached": "uncached", "locmem": "page cache (local)", "redis": "page cache (Redis)"}
        name = short.get(setup, setup)
        header += [f"{name} CPU ms", f"{name} × hello"]
    lines += ["| " + " | ".join(header) + " |", "|---|" + "--:|" * (len(header) - 1)]
    for page in pages:
        cells = [page]
        for setup in setups:
            r = by_setup[setup].get(page)
            cells += [f"{r['cpu_ms']:.2f}", ratio(r)] if r else ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    for setup in setups:
        lines += [
            "",
            f"## {TITLES[setup]}",
            "",
            "| page | served | server CPU ms/req | of which PostgreSQL | req/s | × hello | p50 ms | p99 ms |",
            "|---|---|--:|--:|--:|--:|--:|--:|",
        ]
        for r in by_setup[setup].values():
            errors = f" ({r['errors'].strip()})" if r["errors"].strip() else ""
            lines.append(
                f"| {r['page']}{errors} | {r['served']} | {r['cpu_ms']:.2f} | {r['db_ms']:.2f} | {r['rps']:.0f} | "
                f"{ratio(r)} | {r['p50']:.2f} | {r['p99']:.2f} |"
            )
    ended = sum(r["ended"] for r in results)
    if ended:
        notes.append(f"{ended} server processes ended during rows; their CPU is missing from those rows.")
    paths = dict.fromkeys((r["page"], r["path"]) for r in results)
    lines += ["", *notes, "", "Paths: " + "; ".join(f"{page} `{path}`" for page, path in paths) + ".", ""]
    return "\n".join(lines)


def main():
    args = parse_args()
    started_at = datetime.datetime.now(datetime.UTC)
    load_before = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    paths = load_content(args)
    rows = page_rows(paths)
    results, notes = [], []
    version_line = versions(args.database_url)
    # Stopped from outside: leave through the context managers, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory(prefix="newsroom-http-bench-") as folder:
        for setup in args.setups:
            measure_setup(setup, rows, args, Path(folder), results, notes)
            # Written after each set-up, so a run cut short keeps what it measured.
            Path(args.output).write_text(report(results, list(notes), args, started_at, load_before, version_line))
        if args.rss_requests:
            for language in args.rss_languages:
                path = dict(rows)[f"article ({language})"]
                notes.append(worker_memory(path, LANGUAGE_NAMES[language], args, Path(folder)))
    text = report(results, notes, args, started_at, load_before, version_line)
    Path(args.output).write_text(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
