""" "Release B" of test_deploy_recipe.py's upgrade: the site's settings plus a test-only app with a
migration release A does not have (tests/operations/upgrade_app)."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.operations.upgrade_app"]
