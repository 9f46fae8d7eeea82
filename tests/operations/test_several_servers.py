"""Two application servers agree (issue 19; README, *Several servers*): two gunicorn instances on ports of their own
(two workers each) share one PostgreSQL cluster and one Redis of the test's own and the media bucket,
behind Varnish (a director of both, purged by both) and nginx in front. The tests talk to each
gunicorn directly to name which server does what, and through nginx as readers do.

Sessions are database rows, the cache and page cache's versions, the rate limits' counts and the
next scheduled change live in Redis, reads are added up by each worker's upserts, pictures are in
the bucket: nothing a request needs is kept by one server alone."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.pages import parse
from tests.servers import (
    NGINX,
    POSTGRESQL_BIN,
    VARNISHD,
    Browser,
    migrated_database,
    postgresql_cluster,
    redis_server,
    require_program,
    s3_server,
    several_servers,
)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "several-servers-password"  # noqa: S105 - the test's own editor
# A browser, not a robot: reads by robots are not counted.
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
EDITORS = """
from tests.factories import EditorFactory, SectionFactory
for name in ("edith", "maria"):
    user = EditorFactory(username=name)
    user.set_password({password!r})
    user.save()
print(SectionFactory(name_en="Automotive", name_de="Automobil").pk)
"""


@pytest.fixture(scope="module")
def site():
    require_program(POSTGRESQL_BIN / "initdb", "postgresql")
    require_program(NGINX, "nginx")
    require_program(VARNISHD, "varnish varnish-modules")
    with postgresql_cluster() as cluster, redis_server() as redis, s3_server() as bucket:
        environment = {
            # nginx alone in front of the servers the tests talk to directly.
            "PROXY_HOPS": "1",
            "POPULARITY_FLUSH_SECONDS": "1",
            **bucket.environment(),
        }
        with several_servers(migrated_database(cluster), redis.url, environment) as servers:
            servers.bucket = bucket
            servers.section = int(shell(servers, EDITORS.format(password=PASSWORD)).split()[-1])
            yield servers


def shell(site, code: str) -> str:
    """Python run by `manage.py shell` on the servers' database, as an operator would."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "--command", code],
        env=site.apps[0].environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def new_article(site, headline: str, **fields: str) -> dict:
    """An article made in the database (its id and English address), as another server's editor would."""
    extra = "".join(f", {name}={value}" for name, value in fields.items())
    code = (
        "import json, datetime\nfrom django.utils import timezone\nfrom tests.factories import ArticleFactory\n"
        f"article = ArticleFactory(headline_en={headline!r}{extra})\n"
        "print(json.dumps({'id': article.pk, 'en': article.url_in('en'), 'de': article.url_in('de'),"
        " 'published_at': article.published_at.timestamp()}))"
    )
    return json.loads(shell(site, code).splitlines()[-1])


def server(site, number: int, **headers: str) -> Browser:
    """A browser talking to application server `number` (1 or 2) directly."""
    return Browser(site.apps[number - 1].port, **headers)


def editor_on(site, number: int, username: str = "edith") -> Browser:
    browser = server(site, number)
    browser.log_in(username, PASSWORD)
    return browser


def save_headline(editor: Browser, article: dict, headline: str):
    """The editor's change form, the headline typed, saved: a live article's change goes out at once."""
    path = f"/admin/articles/article/{article['id']}/change/"
    data = editor.form(path, "article_form")
    data.update(headline_en=[headline], _publish_changes=["1"])
    answer = editor.post(path, data)
    assert answer.status == 302, answer.text[-2000:]


def cached(browser: Browser, path: str, header: str = "X-Cache", hit: str = "hit") -> str:
    """GET `path` until the cache in front answers it from memory; the page's text."""
    for _attempt in range(6):
        answer = browser.get(path)
        assert answer.status == 200, answer
        if answer.headers.get(header) == hit:
            return answer.text
    raise AssertionError(f"{path} is not kept: {header} {answer.headers.get(header)}")


# Sessions


def test_an_editor_logged_in_through_one_server_is_logged_in_on_the_other(site):
    on_one = editor_on(site, 1)
    on_two = server(site, 2)
    on_two.cookies = dict(on_one.cookies)
    through_nginx = Browser(site.nginx.port)
    through_nginx.cookies = dict(on_one.cookies)

    assert on_two.get("/admin/").status == 200
    # nginx hands the admin to either server in turn.
    assert [through_nginx.get("/admin/").status for _ in range(6)] == [200] * 6
    upstreams = {line["upstream"] for line in site.nginx.answers() if line["path"] == "/admin/"}
    assert upstreams == {f"127.0.0.1:{port}" for port in site.app_ports}
    assert server(site, 2).get("/admin/").status == 302  # not logged in without the cookie


# The cache and the page cache


def test_a_headline_saved_on_one_server_is_on_the_other_servers_cached_page(site):
    article = new_article(site, "Tachi-S hires 700 in Querétaro")
    reader_on_one = server(site, 1)
    assert "Tachi-S hires 700 in Querétaro" in cached(reader_on_one, "/en/articles/")

    save_headline(editor_on(site, 2), article, "Tachi-S hires 900 in Querétaro")

    page = reader_on_one.get("/en/articles/").text
    assert "Tachi-S hires 900 in Querétaro" in page and "hires 700" not in page


def test_varnish_forgets_a_page_whichever_server_saved_the_change(site):
    article = new_article(site, "Mazda opens a second line")
    reader = Browser(site.nginx.port)
    assert "Mazda opens a second line" in cached(reader, article["en"], "X-Cache", "HIT")

    save_headline(editor_on(site, 1), article, "Mazda opens a third line")
    after_one = reader.get(article["en"])
    assert "Mazda opens a third line" in after_one.text
    assert "Mazda opens a third line" in cached(reader, article["en"], "X-Cache", "HIT")

    save_headline(editor_on(site, 2), article, "Mazda opens a fourth line")
    after_two = reader.get(article["en"])
    assert "Mazda opens a fourth line" in after_two.text
    assert after_one.headers["X-Cache"] == after_two.headers["X-Cache"] == "MISS"


# Rate limits


def sign_up(browser: Browser, email: str) -> int:
    data = browser.form("/en/newsletter/", "newsletter_form")
    data["email"] = [email]
    return browser.post("/en/newsletter/", data).status


def test_the_newsletter_limit_counts_sign_ups_on_both_servers(site):
    # One client (its address forwarded by the proxy) signing up ten addresses, in turn on each server.
    one, two = (server(site, n, X_Forwarded_For="203.0.113.50") for n in (1, 2))
    answers = [sign_up((one, two)[n % 2], f"reader{n}@example.com") for n in range(10)]

    assert answers == [302] * 10
    assert sign_up(one, "reader10@example.com") == 429
    assert sign_up(two, "reader11@example.com") == 429
    assert sign_up(server(site, 2, X_Forwarded_For="198.51.100.20"), "reader12@example.com") == 302


def test_five_failed_logins_split_over_two_servers_lock_the_account(site):
    def log_in(number: int, password: str) -> int:
        browser = server(site, number, X_Forwarded_For=f"198.51.100.{number + 10}")
        data = browser.form("/admin/login/", "login-form")
        data.update(username=["maria"], password=[password])
        return browser.post("/admin/login/", data).status

    answers = [log_in(1 + n % 2, f"wrong-guess-{n}") for n in range(5)]

    assert answers == [200, 200, 200, 200, 429]
    assert log_in(1, PASSWORD) == 429
    assert log_in(2, PASSWORD) == 429


# Scheduled publication


def test_an_article_scheduled_seconds_ahead_appears_on_both_servers_at_its_time_without_a_save(site):
    scheduled = new_article(
        site, "Nissan starts the night shift", published_at="timezone.now() + datetime.timedelta(seconds=5)"
    )
    readers = [server(site, 1), server(site, 2)]
    for reader in readers:
        assert "Nissan starts the night shift" not in cached(reader, "/en/articles/")
    assert time.time() < scheduled["published_at"], "too slow to see the lists before its time"

    time.sleep(scheduled["published_at"] - time.time() + 0.5)

    for reader in readers:
        assert "Nissan starts the night shift" in reader.get("/en/articles/").text
    assert "Nissan starts the night shift" in Browser(site.nginx.port).get(scheduled["en"]).text


SCHEDULE_CHANGE = """
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from newsroom.editorial import pending
from tests.factories import ArticleFactory
article = ArticleFactory(headline_en="BMW builds batteries")
changed = pending.snapshot(article)
changed["fields"] = {**changed["fields"], "headline_en": "BMW builds batteries in San Luis Potosí"}
due = timezone.now() + datetime.timedelta(seconds=5)
pending.keep(article, changed, by=get_user_model().objects.get(username="edith"), publish_at=due)
print(json.dumps({"id": article.pk, "en": article.url_in("en"), "due": due.timestamp()}))
"""
PUBLISHED_CHANGES = """
from reversion.models import Version
from newsroom.articles.models import Article
article = Article.objects.get(pk={pk})
print(article.headline_en)
print(sum("Scheduled changes published" in v.revision.comment for v in Version.objects.get_for_object(article)))
"""


def test_a_scheduled_change_is_published_once_with_requests_on_both_servers(site):
    article = json.loads(shell(site, SCHEDULE_CHANGE).splitlines()[-1])
    time.sleep(max(0, article["due"] - time.time()))

    # Readers on both servers, four at a time, as the change falls due: each request may publish it.
    def read(number: int):
        server(site, 1 + number % 2).get(f"/en/?n={number}")

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    headline, revisions = shell(site, PUBLISHED_CHANGES.format(pk=article["id"])).splitlines()[-2:]
    assert headline == "BMW builds batteries in San Luis Potosí"
    assert revisions == "1"
    for number in (1, 2):
        assert "BMW builds batteries in San Luis Potosí" in server(site, number).get(article["en"]).text


# Popularity


READ_COUNT = """
from django.db.models import Sum
from newsroom.popularity.models import ReadCount
print(ReadCount.objects.filter(article_id={pk}).aggregate(n=Sum("count"))["n"] or 0)
"""


def beacon(site, number: int, article: dict, reader: int) -> int:
    browser = server(site, number, User_Agent=CHROME, X_Forwarded_For=f"203.0.113.{reader}")
    path = f"/en/reads/{article['id']}/"
    return browser.request("POST", path, b"", Referer=f"http://127.0.0.1{article['en']}").status


# The ranking is worked out at most every five minutes (ranking.RANKING_SECONDS); earlier tests'
# pages worked out an empty one.
RANKING_DUE = """
from django.core.cache import cache
from newsroom.popularity.ranking import due_key
cache.delete(due_key("en"))
"""


def test_reads_counted_on_two_servers_add_up(site):
    article = new_article(site, "Audi's plant in Puebla reads most")
    shell(site, RANKING_DUE)

    answers = [beacon(site, 1 + n % 2, article, n) for n in range(40)]
    # A graceful restart (HUP): each old worker writes the reads it holds as it stops.
    for app in site.apps:
        workers = set(app.worker_pids())
        app.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while set(app.worker_pids()) & workers and time.monotonic() < deadline:
            time.sleep(0.2)

    assert answers == [204] * 40
    assert shell(site, READ_COUNT.format(pk=article["id"])).split()[-1] == "40"
    pages = [server(site, n).get("/en/") for n in (1, 2)]
    blocks = [parse(page.body).find("section", class_="most-popular").text for page in pages]
    assert "Audi's plant in Puebla reads most" in blocks[0], [page.headers.get("X-Cache") for page in pages]
    assert blocks[0] == blocks[1]


# Media


def test_an_image_uploaded_on_one_server_is_shown_by_the_other(site):
    from PIL import Image as Picture

    picture = io.BytesIO()
    Picture.new("RGB", (1200, 800), (30, 90, 160)).save(picture, "JPEG")
    editor = editor_on(site, 1)
    data = editor.form("/admin/images/image/add/", "image_form")
    data.update(alt_en=["The seat plant in Querétaro"], caption_en=["The seat plant"], credit_en=["Tachi-S"])
    data["_continue"] = ["1"]  # to the new image's change form, whose address names it
    answer = editor.post(
        "/admin/images/image/add/", data, files={"file": ("plant.jpg", picture.getvalue(), "image/jpeg")}
    )
    assert answer.status == 302, answer.text[-2000:]
    image_id = re.fullmatch(r"/admin/images/image/(\d+)/change/", answer.headers["Location"])[1]
    article = new_article(site, "Tachi-S shows its plant", image_id=image_id)

    page = parse(server(site, 2).get(article["en"]).body)
    source = page.find("figure", class_="article__image").find("img")["src"]
    if source.startswith("/"):
        # Not made yet: the making view (on the other server) makes it from the original in the bucket.
        made = server(site, 2).get(source)
        assert made.status == 302, made
        source = made.headers["Location"]
    assert source.startswith(site.bucket.media_url)
    status, headers, _body = site.bucket.fetch(source)
    assert status == 200 and headers["Content-Type"].startswith("image/")


# A server or a worker dying, Varnish restarted


class Readers:
    """Reader requests through nginx from a few threads, each answer noted."""

    PATHS = ["/en/", "/de/", "/en/articles/", "/de/artikel/", "/en/events/", "/en/feed/rss/", "/robots.txt"]

    def __init__(self, port: int, threads: int = 3, uncached: bool = True):
        self.port = port
        self.uncached = uncached
        self.answers: list[int | str] = []
        self.running = True
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(threads)]
        self.paths = self.PATHS

    def read(self, number: int):
        browser = Browser(self.port, timeout=60)
        position = number
        while self.running:
            path = self.paths[position % len(self.paths)]
            # A query string of its own: neither Varnish nor the page cache answers it.
            path = f"{path}?reader={number}-{position}" if self.uncached and path.endswith("/") else path
            position += 1
            try:
                self.answers.append(browser.get(path).status)
            except OSError as error:
                self.answers.append(type(error).__name__)

    def failed(self) -> list:
        return [answer for answer in self.answers if not isinstance(answer, int) or answer >= 500]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()


def requests_served(app) -> int:
    """The access lines a server has written so far."""
    return app.log.read_text(errors="replace").count('"logger": "newsroom.requests"')


def test_a_drained_server_leaves_varnishs_director_and_readers_lose_no_page(site):
    drain = Path(site.apps[0].environment["READYZ_DRAIN_FILE"])
    try:
        drain.touch()
        assert server(site, 1).get("/readyz").status == 503
        # Two failed probes of three, a probe every five seconds.
        deadline = time.monotonic() + 30
        while site.healthy_in_varnish()[0] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert site.healthy_in_varnish() == [False, True]

        before = requests_served(site.apps[0])
        with Readers(site.nginx.port) as readers:
            time.sleep(3)
        after = requests_served(site.apps[0])
    finally:
        drain.unlink(missing_ok=True)

    assert len(readers.answers) > 10
    assert readers.failed() == []
    assert after == before  # every reader's page came from the other server
    site.wait_until_varnish_sees_every_server()


def test_a_killed_worker_costs_at_most_its_request(site):
    with Readers(site.nginx.port) as readers:
        time.sleep(2)
        os.kill(site.apps[0].worker_pids()[0], signal.SIGKILL)
        time.sleep(3)

    assert len(readers.answers) > 20
    assert len(readers.failed()) <= 1, readers.failed()
    # The master started a new worker in its place.
    assert len(site.apps[0].worker_pids()) == 2


EVENTS = """
from tests.factories import EventFactory
EventFactory.create_batch(600)
"""


def test_restarting_varnish_behind_nginx_fails_no_request(site):
    # A calendar of many events names its keys in a header longer than nginx's default buffer.
    shell(site, EVENTS)
    readers = Readers(site.nginx.port, uncached=False)
    readers.paths = [*Readers.PATHS, "/en/events/calendar.ics"]
    assert len(Browser(site.apps[0].port).get("/en/events/calendar.ics").headers["Surrogate-Key"]) > 4096
    with readers:
        time.sleep(2)
        site.varnish.stop()
        time.sleep(3)
        site.varnish.start()
        time.sleep(2)

    assert len(readers.answers) > 20
    assert readers.failed() == []
    site.wait_until_varnish_sees_every_server()
    # Through Varnish again: nginx takes a Varnish that refused it back once its fail_timeout is over
    # (the gunicorns answer meanwhile, with their own lower-case "hit" or "miss").
    deadline = time.monotonic() + 20
    while (through := Browser(site.nginx.port).get("/en/").headers["X-Cache"]) not in {"MISS", "HIT"}:
        assert time.monotonic() < deadline, f"nginx still bypasses Varnish: X-Cache {through}"
        time.sleep(0.5)


def test_a_killed_server_costs_readers_no_page(site):
    try:
        with Readers(site.nginx.port) as readers:
            time.sleep(2)
            site.apps[0].process.send_signal(signal.SIGKILL)
            time.sleep(4)

        assert len(readers.answers) > 20
        assert readers.failed() == [], [line for line in site.nginx.answers() if line["status"] >= 500]
    finally:
        site.restart_app(1)
    # Back: Varnish's probe finds it ready again.
    site.wait_until_varnish_sees_every_server()
