"""The restore drill (README, "Backups and restore"): a site's backup, restored into an empty database
and an empty media storage, serves the same pages; and what a restore must refuse.

Every command runs as an operator runs it, `manage.py` in a process of its own with the site's
environment, against a PostgreSQL cluster of the test's own, its media in a folder or in an S3 bucket
(moto), and each site served by gunicorn."""

import difflib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from django.utils.html import escape

from newsroom.backups import database
from newsroom.backups.manifest import MANIFEST
from tests.servers import (
    POSTGRESQL_BIN,
    collected_static,
    gunicorn_server,
    migrated_database,
    postgresql_cluster,
    s3_server,
)
from tests.whole_site import TEXTS

ROOT = Path(__file__).resolve().parents[2]
# The same secret on both sites, as a restored site's environment has it: the renditions' names are
# an HMAC made with it.
SECRET_KEY = "gunicorn-test-" + "x" * 40

# Site A's content, made through the factories in the site's own process: every object a reader meets,
# in English with German translations released, the article's lead image a JPEG from the library, and
# an article scheduled for tomorrow. Then the renditions, as the worker would make them.
CONTENT = """
import datetime
import json

import django

django.setup()
from django.core.management import call_command
from django.utils import timezone

from newsroom.translations.workflow import translate_and_release
from tests.factories import ArticleFactory
from tests.whole_site import TEXTS, build_site, machine_documents, reader_pages

site = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
for obj in site.translatable_objects:
    translate_and_release(obj, "de", by=None)
scheduled = ArticleFactory(
    headline_en="Nissan opens a third plant in Aguascalientes",
    section=site.section,
    published_at=timezone.now() + datetime.timedelta(days=1),
)
call_command("make_renditions", verbosity=0)
pages = {"robots.txt": "/robots.txt", "scheduled article": scheduled.url_in("en")}
for language in ("en", "de"):
    pages |= {f"{language}: {name}": url for name, url in reader_pages(site, language).items()}
    pages |= {f"{language}: {name}": url for name, url in machine_documents(site, language).items()}
print(json.dumps({"pages": pages, "image": site.image.file.name}))
"""

# What differs between two answers of the same server to the same request: the CSP nonce and the
# CSRF token are new for every response.
PER_RESPONSE = [
    (re.compile(rb'nonce="[^"]*"'), b'nonce="?"'),
    (re.compile(rb"'nonce-[^']*'"), b"'nonce-?'"),
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken" value="?"'),
]


@pytest.fixture(scope="module")
def static_root():
    """The static files collected once, as a release has them: a page names their hashed names."""
    return collected_static()


class Site:
    """manage.py commands with one site's environment: its database and its media."""

    def __init__(self, database_url: str, media: dict[str, str]):
        inherited = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "REDIS_URL"}}
        self.environment = inherited | {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "SECRET_KEY": SECRET_KEY,
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            **media,
        }

    def run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=self.environment, capture_output=True, text=True, timeout=600
        )

    def manage(self, *command: str) -> subprocess.CompletedProcess:
        return self.run("manage.py", *command)

    def served(self):
        """The site under gunicorn, with this site's database, media and secret."""
        served = {"DATABASE_URL", "MEDIA_ROOT", "MEDIA_URL", "SECRET_KEY", "STATIC_ROOT"}
        return gunicorn_server({k: v for k, v in self.environment.items() if k in served or k.startswith("S3_")})


def succeeded(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


def backup_folder(destination: Path) -> Path:
    (folder,) = destination.iterdir()
    return folder


def fetched(server, pages: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    answers = {}
    for name, path in pages.items():
        status, _headers, body = server.get(path, timeout=60)
        for pattern, replacement in PER_RESPONSE:
            body = pattern.sub(replacement, body)
        answers[name] = (status, body)
    return answers


def differences(first: dict, second: dict) -> dict[str, str]:
    """Page name → what differs (status, or the lines of a diff)."""
    found = {}
    for name, (status, body) in first.items():
        other_status, other_body = second[name]
        if status != other_status:
            found[name] = f"status {status} against {other_status}"
        elif body != other_body:
            diff = difflib.unified_diff(
                body.decode(errors="replace").splitlines(), other_body.decode(errors="replace").splitlines(), n=0
            )
            found[name] = "\n".join(list(diff)[2:12])
    return found


def media_of_folder(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def media_of_bucket(s3, bucket: str) -> dict[str, bytes]:
    client = s3.client()
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@pytest.mark.parametrize("storage", ["filesystem", "s3"])
def test_a_backup_restored_into_an_empty_database_and_storage_serves_the_same_pages(storage, tmp_path, static_root):
    with ExitStack() as stack:
        cluster = stack.enter_context(postgresql_cluster())
        if storage == "s3":
            s3 = stack.enter_context(s3_server("site-a"))
            s3.client().create_bucket(Bucket="site-b")
            media_a = s3.environment()
            media_b = media_a | {"S3_BUCKET": "site-b", "MEDIA_URL": f"{s3.endpoint_url}/site-b/"}
            media_of = lambda media: media_of_bucket(s3, media["S3_BUCKET"])  # noqa: E731
        else:
            media_a = {"MEDIA_ROOT": str(tmp_path / "a")}
            media_b = {"MEDIA_ROOT": str(tmp_path / "b")}
            media_of = lambda media: media_of_folder(Path(media["MEDIA_ROOT"]))  # noqa: E731
        media_a["STATIC_ROOT"] = media_b["STATIC_ROOT"] = str(static_root)
        site_a = Site(migrated_database(cluster, "site"), media_a)
        content = json.loads(succeeded(site_a.run("-c", CONTENT)).splitlines()[-1])
        pages = content["pages"]

        succeeded(site_a.manage("make_backup", str(tmp_path / "backups")))
        backup = backup_folder(tmp_path / "backups")
        manifest = json.loads((backup / MANIFEST).read_text())
        cluster.create_database("restored")
        site_b = Site(cluster.url("restored"), media_b)
        restored = succeeded(site_b.manage("restore_backup", str(backup)))

        a = stack.enter_context(site_a.served())
        b = stack.enter_context(site_b.served())
        pages_a, again_a, pages_b = fetched(a, pages), fetched(a, pages), fetched(b, pages)
        files_a, files_b = media_of(media_a), media_of(media_b)
        if storage == "s3":
            original_b = s3.client().head_object(Bucket="site-b", Key=content["image"])
        refused = site_b.manage("restore_backup", str(backup))
        overwritten = site_b.manage("restore_backup", str(backup), "--yes")
        again_b = fetched(b, {name: pages[name] for name in ("en: article", "de: article")})

    # What the backup holds: the database, the library's original and nothing made from it.
    assert manifest["database"]["engine"] == "postgresql" and manifest["database"]["compound_dictionary"]
    assert [file["name"] for file in manifest["media"]["files"]] == [content["image"]]
    assert manifest["media"]["left_out"] == ["renditions/", "kept-uploads/"]
    assert manifest["media"]["storage"] == ("s3:site-a" if storage == "s3" else "filesystem")
    if storage == "s3":
        # An original is not public: the restore set its CacheControl again, and its type.
        assert manifest["media"]["files"][0]["cache_control"] == "private, no-store"
        assert (original_b["CacheControl"], original_b["ContentType"]) == ("private, no-store", "image/jpeg")
    assert f"release {manifest['version']}" in restored and "1 media files copied" in restored
    assert "compound dictionary is on the database server" in restored

    # The pages: each answered the same by both servers, the scheduled article by neither.
    assert differences(pages_a, again_a) == {}, "a server's own answers differ in what the test does not remove"
    assert {name for name, (status, _body) in pages_a.items() if status != 200} == {"scheduled article"}
    if storage == "s3":
        # Pages link media at the bucket's address: the one thing that differs, by the operator's choice.
        pages_b, again_b = (
            {
                name: (status, body.replace(media_b["MEDIA_URL"].encode(), media_a["MEDIA_URL"].encode()))
                for name, (status, body) in answers.items()
            }
            for answers in (pages_b, again_b)
        )
    assert differences(pages_a, pages_b) == {}
    assert len(pages) > 60
    article_de = pages_b["de: article"][1].decode()
    assert escape(TEXTS["de"]["headline"]) in article_de and "/renditions/" in article_de

    # The original's bytes, and the renditions made again from it under the same names.
    assert files_b[content["image"]] == files_a[content["image"]]
    assert sorted(files_b) == sorted(files_a)
    assert any(name.startswith("renditions/") for name in files_b)

    assert refused.returncode != 0
    assert "Refused: the database restored has" in refused.stderr
    # Told to, it overwrites the site it made, and the site is the same again.
    assert "Overwriting, as --yes says" in succeeded(overwritten)
    assert differences({name: pages_a[name] for name in again_b}, again_b) == {}


COUNT_TABLES = "from django.db import connection; print(len(connection.introspection.table_names()))"


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    with postgresql_cluster() as cluster:
        site = Site(migrated_database(cluster, "site"), {"MEDIA_ROOT": str(tmp_path / "a")})
        succeeded(site.manage("make_backup", str(tmp_path / "backups"), "--no-media"))
        backup = backup_folder(tmp_path / "backups")
        assert "good" in succeeded(site.manage("check_backup", str(backup)))
        dump = backup / "database.dump"
        data = bytearray(dump.read_bytes())
        data[len(data) // 2] ^= 0x01
        dump.write_bytes(bytes(data))
        cluster.create_database("empty")
        target = Site(cluster.url("empty"), {"MEDIA_ROOT": str(tmp_path / "b")})

        checked = target.manage("check_backup", str(backup))
        refused = target.manage("restore_backup", str(backup), "--yes")
        tables = succeeded(target.manage("shell", "--verbosity", "0", "-c", COUNT_TABLES))

    assert checked.returncode != 0 and "database.dump: checksum differs" in checked.stderr
    assert refused.returncode != 0 and "database.dump: checksum differs" in refused.stderr
    assert tables.split() == ["0"]


def test_a_backup_whose_dump_fails_ends_with_an_error_and_leaves_no_manifest(tmp_path):
    with postgresql_cluster() as cluster:
        cluster.create_database("site")
        site = Site(cluster.url("site"), {"MEDIA_ROOT": str(tmp_path / "a")})
        cluster.stop()
        failed = site.manage("make_backup", str(tmp_path / "backups"))

    assert failed.returncode != 0
    assert "Backup failed, nothing kept" in failed.stderr
    assert list((tmp_path / "backups").rglob(MANIFEST)) == []


def test_a_bucket_that_is_down_fails_the_backup_and_refuses_the_restore_before_anything_is_touched(tmp_path):
    with s3_server("site-a") as s3:
        s3.client().put_object(Bucket="site-a", Key="images/press-line.jpg", Body=b"JPEG", ContentType="image/jpeg")
        site = Site(f"sqlite:///{tmp_path / 'a.sqlite3'}", s3.environment())
        succeeded(site.manage("make_backup", str(tmp_path / "backups")))
        s3.stop()
        failed = site.manage("make_backup", str(tmp_path / "backups"))
        target = Site(f"sqlite:///{tmp_path / 'b.sqlite3'}", s3.environment())
        refused = target.manage("restore_backup", str(backup_folder(tmp_path / "backups")))
        tables = succeeded(target.manage("shell", "--verbosity", "0", "-c", COUNT_TABLES))

    assert failed.returncode != 0 and "Backup failed, nothing kept" in failed.stderr
    assert len(list((tmp_path / "backups").iterdir())) == 1  # the first, whole backup only
    assert refused.returncode != 0 and "The media storage cannot be read, nothing restored" in refused.stderr
    assert tables.split() == ["0"]


SQLITE_CONTENT = """
import django

django.setup()
from django.core.management import call_command

from tests.whole_site import TEXTS, build_site

call_command("migrate", verbosity=0)
site = build_site("en", TEXTS["en"], other=lambda key: TEXTS["de"][key])
print(site.image.file.name)
"""
# Rows a restore makes again: the renditions (their files were left out) and the images' state of them.
MADE_AGAIN = {"images_rendition", "images_image"}


def rows(path: Path) -> dict[str, list]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
            for table in tables
            if table not in MADE_AGAIN
        }
    found["sqlite_sequence"] = [row for row in found["sqlite_sequence"] if row[0] not in MADE_AGAIN]
    return found


def test_the_sqlite_site_of_make_run_is_backed_up_and_restored_too(tmp_path):
    site_a = Site(f"sqlite:///{tmp_path / 'a.sqlite3'}", {"MEDIA_ROOT": str(tmp_path / "a")})
    image = succeeded(site_a.run("-c", SQLITE_CONTENT)).split()[-1]
    # A refused form's kept upload (newsroom/uploads/kept.py) and a rendition (newsroom/images/renditions.py).
    for scrap in ("kept-uploads/1765100000-0f3a", "renditions/ab/ab12/card-800x450.webp"):
        (tmp_path / "a" / scrap).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "a" / scrap).write_bytes(b"made again, or expired")
    succeeded(site_a.manage("make_backup", str(tmp_path / "backups")))
    backup = backup_folder(tmp_path / "backups")
    assert [file["name"] for file in json.loads((backup / MANIFEST).read_text())["media"]["files"]] == [image]
    site_b = Site(f"sqlite:///{tmp_path / 'b.sqlite3'}", {"MEDIA_ROOT": str(tmp_path / "b")})

    restored = succeeded(site_b.manage("restore_backup", str(backup)))

    assert json.loads((backup / MANIFEST).read_text())["database"]["engine"] == "sqlite"
    assert "Database restored" in restored
    assert rows(tmp_path / "b.sqlite3") == rows(tmp_path / "a.sqlite3")
    assert (tmp_path / "b" / image).read_bytes() == (tmp_path / "a" / image).read_bytes()
    assert site_b.manage("restore_backup", str(backup)).returncode != 0

    # A backup of a newer release (a migration this code does not have) is refused, before anything.
    newer = tmp_path / "newer"
    shutil.copytree(backup, newer)
    manifest = json.loads((newer / MANIFEST).read_text())
    manifest["migrations"]["articles"] = "9999_next_release"
    (newer / MANIFEST).write_text(json.dumps(manifest))
    site_c = Site(f"sqlite:///{tmp_path / 'c.sqlite3'}", {"MEDIA_ROOT": str(tmp_path / "c")})
    refused = site_c.manage("restore_backup", str(newer))
    assert refused.returncode != 0 and "articles.9999_next_release" in refused.stderr
    assert not (tmp_path / "c").exists()

    # After a point-in-time recovery of the database: the files the storage lost, back; the rest untouched.
    (tmp_path / "b" / image).unlink()
    copied = succeeded(site_b.manage("restore_backup", str(backup), "--media-only"))
    assert "1 of the backup's 1 media files were missing" in copied
    assert (tmp_path / "b" / image).read_bytes() == (tmp_path / "a" / image).read_bytes()


# A pg_dump in front of the real one, noting the command line it was given.
PG_DUMP_WITNESS = """#!/bin/sh
printf '%s\\n' "$0" "$@" >> "$(dirname "$0")/argv"
exec /usr/bin/pg_dump "$@"
"""


def test_pg_dump_gets_the_password_in_its_environment_and_not_on_its_command_line(tmp_path):
    with postgresql_cluster() as cluster:
        cluster.create_database("site")
        cluster._run(str(POSTGRESQL_BIN / "psql"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                     "-d", "site", "-c", "CREATE ROLE newsroom LOGIN PASSWORD 'c0rrect-h0rse'")  # fmt: skip
        # Passwords from now on: a dump without it is refused.
        (cluster.data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 scram-sha-256\n")
        cluster._pg_ctl("reload")
        witness = tmp_path / "bin"
        witness.mkdir()
        (witness / "pg_dump").write_text(PG_DUMP_WITNESS)
        (witness / "pg_dump").chmod(0o755)
        url = f"postgres://newsroom:c0rrect-h0rse@127.0.0.1:{cluster.port}/site"
        site = Site(url, {"MEDIA_ROOT": str(tmp_path / "a"), "PATH": f"{witness}:{os.environ['PATH']}"})
        made = site.manage("make_backup", str(tmp_path / "backups"), "--no-media")
        site.environment["DATABASE_URL"] = url.replace("c0rrect", "wr0ng")
        refused = site.manage("make_backup", str(tmp_path / "refused"), "--no-media")

    assert made.returncode == 0, made.stderr[-3000:]
    argv = (witness / "argv").read_text()
    assert "--format=custom" in argv and "c0rrect-h0rse" not in argv
    assert refused.returncode != 0 and "password authentication failed" in refused.stderr


def test_the_database_password_is_in_the_childs_environment_never_on_its_command_line(tmp_path):
    settings_dict = {"NAME": "newsroom", "USER": "site", "PASSWORD": "s3cret-pw", "HOST": "db.example", "PORT": 5433}
    settings_dict["OPTIONS"] = {"sslmode": "require", "options": "-c jit=off"}

    environment = database.libpq_environment(settings_dict)
    commands = [database.dump_command(tmp_path / "d"), database.restore_command(tmp_path / "d", "newsroom", clean=True)]

    assert environment["PGPASSWORD"] == "s3cret-pw"
    assert (environment["PGHOST"], environment["PGPORT"], environment["PGSSLMODE"]) == ("db.example", "5433", "require")
    assert not any("s3cret-pw" in part for command in commands for part in command)


def test_the_nightly_script_keeps_the_last_fourteen_backups_readable_by_their_owner_only(tmp_path):
    backups = tmp_path / "backups"
    for day in range(1, 17):
        (backups / f"200001{day:02d}T033000Z-old").mkdir(parents=True)
        (backups / f"200001{day:02d}T033000Z-old" / MANIFEST).write_text("{}")
    (backups / "19991231T033000Z-killed").mkdir()
    site = Site(f"sqlite:///{tmp_path / 'site.sqlite3'}", {"MEDIA_ROOT": str(tmp_path / "media")})
    environment = site.environment | {"NEWSROOM_BACKUPS": str(backups)}

    done = subprocess.run(
        ["sh", str(ROOT / "deploy" / "backup.sh")], env=environment, capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stderr[-3000:]
    finished = sorted(folder.parent.name for folder in backups.glob(f"*/{MANIFEST}"))
    assert len(finished) == 14
    assert finished[:2] == ["20000104T033000Z-old", "20000105T033000Z-old"]
    (new,) = [name for name in finished if not name.endswith("-old")]
    assert (backups / "19991231T033000Z-killed").is_dir()  # unfinished: the operator's to look at
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert stat.S_IMODE((backups / new).stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in (backups / new).iterdir()} == {0o600}


@pytest.mark.django_db
def test_the_dictionary_probe_finds_the_german_dictionary_files_and_leaves_nothing_behind():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the German dictionary is PostgreSQL's (CI runs the tests on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_ts_dict")
        (before,) = cursor.fetchone()

    assert database.compound_dictionary_installed(connection)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_ts_dict")
        assert cursor.fetchone() == (before,)
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsroom_restore_probe'")
        assert cursor.fetchone() is None
