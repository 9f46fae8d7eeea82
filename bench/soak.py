"""Soak and faults: the site on two application servers for ten minutes of mixed traffic, then one
fault after another, counting every response of 500 or more and the memory of every worker.

    .venv/bin/python bench/soak.py [--minutes 10] [--rate 15] [--faults all|none|postgresql,redis,...]
                                   [--fault-seconds 60] [--articles 2000] [--gunicorn-config FILE] [--json]

Everything it starts is its own, on spare ports (never the machine's PostgreSQL or Redis): a
PostgreSQL cluster (synchronous_commit on, as in production: it is the one restarted), Redis, two
gunicorns with two sync workers each (production settings, collected static files, JSON access lines),
Varnish with backends.vcl's director of both, nginx in front (tests/servers.py: SeveralServers), one
`run_worker`. Content is bench/run.py's filler at --articles.

- Readers: open-loop — a request every 1/rate seconds handed to a pool of threads, so a slow server
  does not slow the offered load; latency counts from when the request was due. Every page type in
  both languages (home, article 40 %, lists with filters, section, tag, author, organization,
  person, place, events, search, RSS, iCalendar, sitemaps, robots.txt), articles chosen by Zipf
  (the newest are read most), a read beacon after each article page, 5 % with a consent cookie.
- The newsroom, every minute: an editor (logged in through nginx) creates an article with the admin's
  form and publishes it, and checks that /en/articles/ through nginx shows it within 2 s; a translator
  fills in last minute's article in German on the side-by-side page and marks it complete (released
  to readers: TRANSLATIONS_RELEASE_AUTOMATICALLY), and checks /de/artikel/ shows it within 2 s.
- Measured: responses >= 500 and connection errors (goal 0), latency percentiles per page type, the
  RSS of every gunicorn worker every 10 s (goal: the last minute's mean at most 10 % above minute 2's).
- Faults, after the soak, each --fault-seconds of the same traffic with the fault 15 s in:
  postgresql (`pg_ctl restart -m fast`), redis (killed, 20 s, started on its port), varnish (stopped,
  5 s, started), worker (a gunicorn worker SIGKILLed), task-worker (run_worker SIGKILLed and started
  again). Per fault: the failed requests, per gunicorn worker (its access lines) and at the proxy
  (nginx answering for a server that did not), and the seconds from the fault to the last failure.

A Markdown table is appended to bench/soak-results.md, or with --json one line is printed
(tests/operations/test_soak.py reads it). `make soak` runs the whole of it (~17 minutes).
"""

import argparse
import collections
import concurrent.futures
import contextlib
import datetime
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pages import parse  # noqa: E402
from tests.servers import (  # noqa: E402
    Browser,
    postgresql_cluster,
    redis_server,
    several_servers,
)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "soak-results.md"
FAULTS = ["postgresql", "redis", "varnish", "worker", "task-worker"]
PASSWORD = "soak-password"  # noqa: S105 - the soak's own accounts, on its own database
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
# Seconds into a fault run when the fault happens.
FAULT_AT = 15
VISIBLE_WITHIN = 2.0

ACCOUNTS_AND_ARTICLES = """
import json
from newsroom.articles.models import Article, Section
from tests.factories import EditorFactory, TranslatorFactory
editor = EditorFactory(username="soak-editor", is_superuser=True)
editor.set_password({password!r}); editor.save()
translator = TranslatorFactory(username="soak-translator")
translator.set_password({password!r}); translator.save()
articles = Article.objects.published().newest_first()[:2000]
print(json.dumps({{
    "section": Section.objects.order_by("pk").first().pk,
    "articles": [[a.pk, a.url_in("en"), a.url_in("de")] for a in articles],
}}))
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=15, help="reader requests a second (beacons not counted)")
    parser.add_argument("--faults", default="all", help="all, none, or a comma-separated list of " + ", ".join(FAULTS))
    parser.add_argument("--fault-seconds", type=float, default=60)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=16, help="the readers' pool")
    parser.add_argument(
        "--gunicorn-config",
        type=Path,
        help="a gunicorn configuration file (deploy/gunicorn.conf.py); workers, bind and timeout stay the soak's",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.fault_list = (
        FAULTS if args.faults == "all" else [] if args.faults == "none" else [f for f in args.faults.split(",") if f]
    )
    unknown = set(args.fault_list) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults: {', '.join(sorted(unknown))}")
    return args


def log(message: str):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Content and the servers


def synchronous_commit(cluster):
    """The test clusters commit asynchronously; production (and a restart's lost commits) does not."""
    import psycopg

    with psycopg.connect(cluster.url("postgres"), autocommit=True) as connection:
        connection.execute("ALTER SYSTEM SET synchronous_commit = on")
        connection.execute("SELECT pg_reload_conf()")


def load_content(database_url: str, articles: int) -> dict:
    command = [PYTHON, str(ROOT / "bench" / "run.py"), "--sizes", str(articles), "--database-url", database_url,
               "--load-only"]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=3600).stdout
    return json.loads(out.strip().splitlines()[-1])


def shell(environment: dict, code: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "--verbosity", "0", "--command", code],
        env=environment, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


class TaskWorker:
    """`manage.py run_worker`, which a fault kills and starts again with the same id."""

    def __init__(self, environment: dict, folder: Path):
        self.environment = environment
        self.log = folder / "run_worker.log"
        self.process = None

    def start(self):
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [PYTHON, "manage.py", "run_worker", "--worker-id", "soak-worker", "--no-reload", "--no-startup-delay"],
                env=self.environment, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ---------------------------------------------------------------------------------------------
# Readers


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / rank**s for rank in range(1, n + 1)]


class Readers:
    """Open-loop reader traffic through nginx."""

    def __init__(self, port: int, pages: dict, articles: list, rate: float, threads: int, seed: int = 19):
        self.port = port
        self.rate = rate
        self.random = random.Random(seed)
        self.articles = articles
        self.article_weights = zipf_weights(len(articles))
        # (page type, path) of every other page, both languages.
        self.others = []
        for language in ("en", "de"):
            paths = pages[language]
            for name, path in paths.items():
                if name == "article detail":
                    continue
                kind = re.sub(r" \(.*\)$", "", name)
                self.others.append((kind, path))
        self.others += [("robots.txt", "/robots.txt"), ("sitemap index", "/sitemap.xml")]
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads)
        # (due, latency s, kind, status or error, X-Request-ID, method, path)
        self.records: list[tuple[float, float, str, int | str, str]] = []
        self.lock = threading.Lock()
        self.running = False
        self.thread = threading.Thread(target=self.offer, daemon=True)

    def start(self):
        self.running = True
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join()
        self.pool.shutdown(wait=True)

    def offer(self):
        interval = 1 / self.rate
        due = time.monotonic()
        while self.running:
            due += interval
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.pool.submit(self.read, due, self.random.random())

    def read(self, due: float, chance: float):
        headers = {"User_Agent": CHROME}
        if chance < 0.05:
            headers["Cookie"] = "consent=accepted"
        browser = Browser(self.port, timeout=60, **headers)
        if chance < 0.40 or chance > 0.999:
            pk, en, de = self.random.choices(self.articles, self.article_weights)[0]
            language, path = ("en", en) if chance < 0.2 else ("de", de)
            if self.fetch(browser, due, "article", path) == 200:
                beacon = time.monotonic()
                self.fetch(browser, beacon, "read beacon", f"/{language}/reads/{pk}/", "POST",
                           Referer=f"http://127.0.0.1{path}")  # fmt: skip
        else:
            kind, path = self.random.choice(self.others)
            self.fetch(browser, due, kind, path)

    def fetch(self, browser: Browser, due: float, kind: str, path: str, method: str = "GET", **headers) -> int | str:
        try:
            answer = browser.request(method, path, b"" if method == "POST" else None, **headers)
            status: int | str = answer.status
            request_id = answer.headers.get("X-Request-ID", "")
        except OSError as error:
            status, request_id = type(error).__name__, ""
        with self.lock:
            self.records.append((due, time.monotonic() - due, kind, status, request_id, method, path))
        return status


def failed(status) -> bool:
    return not isinstance(status, int) or status >= 500


# ---------------------------------------------------------------------------------------------
# The newsroom


class Newsroom:
    """Every minute an editor publishes and a translator releases, each through nginx and the admin's
    forms; whether (and how soon) readers see it."""

    def __init__(self, port: int, section: int, folder: Path):
        self.port = port
        self.section = section
        self.events: list[dict] = []
        self.last_article: dict | None = None
        self.running = False
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.number = 0

    def start(self):
        self.editor = Browser(self.port, timeout=60)
        self.editor.log_in("soak-editor", PASSWORD)
        self.translator = Browser(self.port, timeout=60)
        self.translator.log_in("soak-translator", PASSWORD)
        self.running = True
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join(timeout=120)

    def work(self):
        next_round = time.monotonic()
        while self.running:
            for step in (self.publish, self.translate):
                try:
                    step()
                except Exception as error:  # noqa: BLE001 - a failed step is a result, not the end
                    self.events.append({"what": step.__name__, "ok": False, "error": repr(error)[:300]})
            next_round += 60
            while self.running and time.monotonic() < next_round:
                time.sleep(0.5)

    def wait_visible(self, path: str, text: str) -> float | None:
        began = time.monotonic()
        reader = Browser(self.port, timeout=10, User_Agent=CHROME)
        while time.monotonic() - began < VISIBLE_WITHIN + 3:
            with contextlib.suppress(OSError):
                if text in reader.get(path).text:
                    return round(time.monotonic() - began, 2)
            time.sleep(0.1)
        return None

    def publish(self):
        self.number += 1
        headline = f"Soak article {self.number}: plant opens in Querétaro {random.randrange(10**6)}"
        path = "/admin/articles/article/add/"
        data = self.editor.form(path, "article_form")
        data.update(
            headline_en=[headline],
            standfirst_en=["A plant opens and hires."],
            body_en=["<p>The plant in Querétaro hires 500 people this year.</p>"],
            section=[str(self.section)],
            status=["published"],
            _continue=["1"],
        )
        answer = self.editor.post(path, data)
        match = re.fullmatch(r"/admin/articles/article/(\d+)/change/", answer.headers.get("Location", ""))
        if answer.status != 302 or not match:
            raise RuntimeError(f"publishing answered {answer.status}: {answer.text[-500:]}")
        seconds = self.wait_visible("/en/articles/", headline)
        self.events.append({"what": "publish", "ok": seconds is not None and seconds <= VISIBLE_WITHIN,
                            "seconds": seconds, "status": answer.status})  # fmt: skip
        previous, self.last_article = self.last_article, {"id": int(match[1]), "headline": headline}
        self.to_translate = previous

    def translate(self):
        article = getattr(self, "to_translate", None)
        if article is None:
            return
        path = f"/admin/articles/article/{article['id']}/translate/de/"
        data = self.translator.form(path, "translation_form")
        headline = f"Soak-Artikel {article['id']}: Werk in Querétaro eröffnet"
        # The page's fields are named after the original's texts; a long text comes in segments, one a
        # paragraph, typed without the paragraph's tags.
        texts = {
            "headline": headline,
            "standfirst": "Ein Werk eröffnet und stellt ein.",
            "slug": f"soak-artikel-{article['id']}",
        }
        for name in list(data):
            if name in texts:
                data[name] = [texts[name]]
            elif name == "body" or re.fullmatch(r"body-s\d+", name):
                data[name] = ["Das Werk in Querétaro stellt dieses Jahr 500 Menschen ein."]
        data["_complete"] = ["1"]
        answer = self.translator.post(path, data)
        if answer.status == 200:
            errors = [element.text for element in parse(answer.body).find_all(class_="errorlist")]
            raise RuntimeError(f"the translation page refused it: {errors}")
        if answer.status != 302:
            raise RuntimeError(f"the translation answered {answer.status}: {answer.text[-500:]}")
        seconds = self.wait_visible("/de/artikel/", headline)
        self.events.append({"what": "translate", "ok": seconds is not None and seconds <= VISIBLE_WITHIN,
                            "seconds": seconds, "status": answer.status})  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Memory and the servers' own lines


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Memory:
    """The RSS of every gunicorn worker every 10 s: {pid: [(seconds since start, MB)]}."""

    def __init__(self, site):
        self.site = site
        self.samples: dict[int, list[tuple[float, float]]] = collections.defaultdict(list)
        self.running = False
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def start(self):
        self.began = time.monotonic()
        self.running = True
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join()

    def watch(self):
        while self.running:
            at = time.monotonic() - self.began
            for app in self.site.apps:
                for pid in app.worker_pids():
                    if (mb := rss_mb(pid)) is not None:
                        self.samples[pid].append((at, mb))
            time.sleep(10)

    def growth(self, minutes: float) -> dict:
        """Per worker: minute 2's mean, the last minute's mean, the growth in per cent."""
        result = {}
        last_minute = (max(minutes, 2) - 1) * 60
        for pid, samples in self.samples.items():
            baseline = [mb for at, mb in samples if 60 <= at < 120]
            final = [mb for at, mb in samples if at >= last_minute]
            if baseline and final:
                base, end = statistics.mean(baseline), statistics.mean(final)
                result[pid] = {"minute_2_mb": round(base, 1), "last_minute_mb": round(end, 1),
                               "growth_percent": round(100 * (end - base) / base, 1)}  # fmt: skip
        return result


def access_lines(site) -> list[dict]:
    """Every JSON access line of both servers' workers (pid, status, time, request id)."""
    lines = []
    for app in site.apps:
        with contextlib.suppress(OSError):
            for line in app.log.read_text(errors="replace").splitlines():
                if line.startswith("{") and '"newsroom.requests"' in line:
                    with contextlib.suppress(ValueError):
                        record = json.loads(line)
                        record["server"] = app.port
                        lines.append(record)
    return lines


def errors_logged(site) -> list[str]:
    """What the servers logged at ERROR (an exception's first and last lines), first ten."""
    found = []
    for app in site.apps:
        with contextlib.suppress(OSError):
            for line in app.log.read_text(errors="replace").splitlines():
                if line.startswith("{") and '"level": "ERROR"' in line:
                    with contextlib.suppress(ValueError):
                        record = json.loads(line)
                        trace = record.get("exc_info", "").strip().splitlines()
                        found.append(f"{record.get('message', '')[:200]} {trace[-1][:300] if trace else ''}")
    return found[:10]


def warnings_logged(site, since: datetime.datetime) -> int:
    count = 0
    for app in site.apps:
        with contextlib.suppress(OSError):
            for line in app.log.read_text(errors="replace").splitlines():
                if line.startswith("{") and '"level": "WARNING"' in line and '"newsroom.requests"' not in line:
                    with contextlib.suppress(ValueError, KeyError):
                        if datetime.datetime.fromisoformat(json.loads(line)["time"]) >= since:
                            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Faults


def fault_run(name: str, args, site, cluster, redis, task_worker, readers) -> dict:
    """`name` FAULT_AT seconds into a window of --fault-seconds of the same traffic."""
    began = time.monotonic()
    began_wall = datetime.datetime.now(datetime.UTC)
    first = len(readers.records)
    time.sleep(FAULT_AT)
    fault_at = time.monotonic()
    detail = ""
    if name == "postgresql":
        cluster.restart()
    elif name == "redis":
        redis.stop()
        time.sleep(20)
        redis.start()
    elif name == "varnish":
        site.varnish.stop()
        time.sleep(5)
        site.varnish.start()
    elif name == "worker":
        app = random.choice(site.apps)
        victim = random.choice(app.worker_pids())
        os.kill(victim, signal.SIGKILL)
        detail = f"worker {victim} of :{app.port}"
    elif name == "task-worker":
        task_worker.kill()
        time.sleep(2)
        task_worker.start()
    fault_done = time.monotonic()
    time.sleep(max(0, args.fault_seconds - (time.monotonic() - began)))
    window = readers.records[first:]
    failures = [r for r in window if failed(r[3])]
    in_workers = collections.Counter(
        f"{line['pid']}"
        for line in access_lines(site)
        if line.get("status", 0) >= 500 and datetime.datetime.fromisoformat(line["time"]) >= began_wall
    )
    return {
        "fault": name,
        "detail": detail,
        "requests": len(window),
        "failed": len(failures),
        "failed_per_worker": dict(in_workers),
        "failed_at_proxy": max(0, len(failures) - sum(in_workers.values())),
        "fault_seconds": round(fault_done - fault_at, 1),
        "last_failure_after": round(max(r[0] for r in failures) - fault_at, 1) if failures else None,
        "errors": sorted({str(r[3]) for r in failures}),
        "failed_kinds": dict(collections.Counter(f"{r[5]} {r[2]}" for r in failures)),
        "warnings": warnings_logged(site, began_wall),
    }


# ---------------------------------------------------------------------------------------------
# Summary


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(records) -> dict:
    by_kind = collections.defaultdict(list)
    for _due, latency, kind, status, *_rest in records:
        if not failed(status):
            by_kind[kind].append(latency * 1000)
    return {
        kind: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.5), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
        }  # fmt: skip
        for kind, values in sorted(by_kind.items())
    }


def versions() -> str:
    def output(*command):
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
            return (done.stdout + done.stderr).strip()
        return "?"

    nginx = re.search(r"nginx/(\S+)", output("/usr/sbin/nginx", "-v"))
    varnish = re.search(r"varnish-(\S+)", output("/usr/sbin/varnishd", "-V"))
    gunicorn = re.search(r"version (\S+?)\)", output(str(ROOT / ".venv" / "bin" / "gunicorn"), "--version"))
    return (
        f"Python {platform.python_version()}, gunicorn {gunicorn[1] if gunicorn else '?'}, PostgreSQL 15, "
        f"nginx {nginx[1] if nginx else '?'}, Varnish {varnish[1] if varnish else '?'}"
    )


def markdown(result: dict) -> str:
    soak = result["soak"]
    lines = [
        f"## Soak {result['started']} UTC: {result['minutes']} minutes at {result['rate']} reader requests/s",
        "",
        f"{os.cpu_count()} cores, load average {result['load_before']} before, {result['load_after']} after; "
        f"{result['versions']}; {result['articles']} articles, two gunicorns × 2 sync workers behind Varnish "
        "and nginx, one run_worker (bench/soak.py).",
        "",
        f"**{soak['requests']} requests** (readers and beacons), **{soak['failed']} responses ≥ 500 or "
        f"connection errors** {soak['errors'] or ''}; offered {soak['offered_rate']} requests/s of readers.",
        "",
        "| page type | requests | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {kind} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |"
            for kind, row in soak["latency"].items()
        ),
        "",
        "| worker | minute 2 MB | last minute MB | growth |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {pid} | {row['minute_2_mb']} | {row['last_minute_mb']} | {row['growth_percent']:+.1f} % |"
            for pid, row in soak["memory"].items()
        ),
        "",
        f"Newsroom: {soak['published_visible']} of {soak['published']} articles published on /en/articles/ "
        f"within {VISIBLE_WITHIN:g} s (slowest {soak['publish_slowest']} s), {soak['translated_visible']} of "
        f"{soak['translated']} translations on /de/artikel/ within {VISIBLE_WITHIN:g} s "
        f"(slowest {soak['translate_slowest']} s); steps that failed: {soak['newsroom_failed'] or 'none'}.",
        "",
    ]
    if soak["failures"] or result["server_errors"]:
        lines += [f"Failed during the soak: {soak['failures']}; logged at ERROR: {result['server_errors']}.", ""]
    if result["faults"]:
        lines += [
            "| fault | requests | failed | per gunicorn worker | at the proxy | last failure after | warnings |",
            "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
            *(
                f"| {f['fault']} {f['detail']} | {f['requests']} | {f['failed']} | "
                f"{', '.join(f'{pid}: {n}' for pid, n in f['failed_per_worker'].items()) or '—'} | "
                f"{f['failed_at_proxy']} | "
                f"{'—' if f['last_failure_after'] is None else str(f['last_failure_after']) + ' s'} | "
                f"{f['warnings']} |"
                for f in result["faults"]
            ),
            "",
        ]
    return "\n".join(lines) + "\n"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args) -> dict:
    started = datetime.datetime.now(datetime.UTC)
    load_before = load_average()
    with postgresql_cluster() as cluster, redis_server() as redis, tempfile.TemporaryDirectory() as folder:
        synchronous_commit(cluster)
        database_url = cluster.url("newsroom_soak")
        log(f"filling {args.articles} articles (bench/run.py)")
        pages = load_content(database_url, args.articles)
        environment = {
            "PROXY_HOPS": "2",  # nginx → Varnish → gunicorn
            "TRANSLATIONS_RELEASE_AUTOMATICALLY": "1",
            # One client (this script) sends every beacon: counted all, as many readers' would be.
            "POPULARITY_READS_PER_MINUTE": "1000000",
            "DB_CONN_MAX_AGE": "60",
        }
        with several_servers(database_url, redis.url, environment, config=args.gunicorn_config) as site:
            made = json.loads(
                shell(site.apps[0].environment, ACCOUNTS_AND_ARTICLES.format(password=PASSWORD)).splitlines()[-1]
            )
            task_worker = TaskWorker(site.apps[0].environment, Path(folder))
            task_worker.start()
            readers = Readers(site.nginx.port, pages, made["articles"], args.rate, args.threads)
            newsroom = Newsroom(site.nginx.port, made["section"], Path(folder))
            memory = Memory(site)
            log(f"soak: {args.minutes} minutes at {args.rate} requests/s")
            readers.start()
            memory.start()
            newsroom.start()
            soak_began = time.monotonic()
            try:
                time.sleep(args.minutes * 60)
                soak_records = list(readers.records)
                soak_seconds = time.monotonic() - soak_began
                memory.stop()
                faults = []
                for name in args.fault_list:
                    log(f"fault: {name}")
                    faults.append(fault_run(name, args, site, cluster, redis, task_worker, readers))
                    log(json.dumps(faults[-1]))
            finally:
                newsroom.stop()
                readers.stop()
                memory.running = False
                task_worker.stop()
                server_errors = errors_logged(site)
    soak_failures = [r for r in soak_records if failed(r[3])]
    published = [e for e in newsroom.events if e["what"] == "publish"]
    translated = [e for e in newsroom.events if e["what"] == "translate"]

    def slowest(events):
        seconds = [e["seconds"] for e in events if e.get("seconds") is not None]
        return max(seconds) if seconds else None

    readers_offered = sum(1 for r in soak_records if r[2] != "read beacon")
    return {
        "started": f"{started:%Y-%m-%d %H:%M}",
        "minutes": args.minutes,
        "rate": args.rate,
        "articles": args.articles,
        "load_before": load_before,
        "load_after": load_average(),
        "versions": versions(),
        "soak": {
            "requests": len(soak_records),
            "failed": len(soak_failures),
            "errors": sorted({str(r[3]) for r in soak_failures}),
            "offered_rate": round(readers_offered / soak_seconds, 1),
            "latency": summary(soak_records),
            "memory": memory.growth(args.minutes),
            "published": len(published),
            "published_visible": sum(e["ok"] for e in published),
            "publish_slowest": slowest(published),
            "translated": len(translated),
            "translated_visible": sum(e["ok"] for e in translated),
            "translate_slowest": slowest(translated),
            "newsroom_failed": [e for e in newsroom.events if not e["ok"]],
            "failures": [f"{r[5]} {r[6]} {r[3]} at {r[0] - soak_records[0][0]:.1f} s" for r in soak_failures][:20],
        },
        "server_errors": server_errors,
        "faults": faults,
    }


def main():
    args = parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result), flush=True)
        return
    table = markdown(result)
    print(table)
    with open(RESULTS, "a") as results:
        if results.tell() == 0:
            results.write("# Soak and faults (bench/soak.py)\n\n")
        results.write(table + "\n")


if __name__ == "__main__":
    main()
