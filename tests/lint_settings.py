"""The site's settings with django-migration-linter, for `make lint` only: the linter is a development
tool (requirements-dev.txt) and never in production's INSTALLED_APPS."""

import os

os.environ.setdefault("SECRET_KEY", "lint-only-not-a-secret")

from newsroom.settings import *  # noqa: E402, F403
from newsroom.settings import DATABASES, INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]
if DATABASES["default"]["ENGINE"] == "newsroom.postgresql":
    # The linter renders each migration's SQL (sqlmigrate), which connects without reading anything:
    # to the maintenance database every server has, since the site's own may not exist yet (CI lints
    # before the tests create theirs).
    DATABASES["default"]["NAME"] = "postgres"
# Linting needs no shared cache: the warning about a per-process cache is noise here.
SILENCED_SYSTEM_CHECKS = ["newsroom.W001"]
# Unique indexes on the entity tables are built CONCURRENTLY and then attached as the constraint
# (`unique_concurrently` in newsroom/identifiers.py), which holds no long lock; the linter flags any
# unique index however it is built, so these migrations, which only do that, are left out.
MIGRATION_LINTER_OPTIONS = {"ignore_name": ["0006_unique_identifiers", "0007_unique_identifiers"]}
