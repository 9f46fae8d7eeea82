"""Production settings and the headers every response carries."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.pages import url_in

pytestmark = pytest.mark.django_db


def production_check(**environment):
    """`manage.py check --deploy` in the README's production set-up, changed by `environment`."""
    environment = (
        {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "REDIS_URL"}
        }
        | {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "news.example.com",
            # The shared cache; the check does not connect to it.
            "CACHE_URL": "redis://127.0.0.1:6379/0",
        }
        | environment
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env={key: value for key, value in environment.items() if value is not None},
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_a_warning():
    result = production_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_shared_cache_is_warned_that_rate_limits_would_count_per_worker():
    result = production_check(CACHE_URL=None)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr and "10 per worker" in result.stderr
    assert "CACHE_URL" in result.stderr


def test_development_keeps_its_local_cache_without_a_warning():
    result = production_check(CACHE_URL=None, DEBUG="1")
    assert "newsroom.W001" not in result.stdout + result.stderr


@pytest.mark.parametrize("path", ["home", "articles:list", "events:list"])
def test_public_pages_carry_the_security_headers(client, path):
    response = client.get(url_in("de", path), secure=True)
    policy = response["Content-Security-Policy"]
    scripts = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in scripts and "'self'" in scripts
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_allows_only_the_editors_import_map_as_inline_script(client):
    client.force_login(EditorFactory(username="editor"))
    response = client.get(f"/admin/articles/article/{ArticleFactory().pk}/change/", secure=True)
    scripts = next(p for p in response["Content-Security-Policy"].split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in scripts
    assert "'sha256-" in scripts


def test_cookies_are_secure_http_only_and_same_site(client):
    response = client.get("/admin/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    UserFactory(username="staff")  # password "correct-horse-battery"
    response = client.post(
        "/admin/login/",
        {"username": "staff", "password": "correct-horse-battery", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
