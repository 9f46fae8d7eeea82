"""System checks for running the site (`manage.py check --deploy` in deploy/upgrade.sh; README,
"Operating"). Each is registered in `apps.OperationsConfig.ready`."""

import importlib.util

from django.conf import settings
from django.core import checks


def check_error_reporting(app_configs, **kwargs):
    """A DSN without the SDK reports nothing: the site starts (reports are optional), and says so."""
    if not settings.SENTRY_DSN or sentry_sdk_installed():
        return []
    return [
        checks.Warning(
            "SENTRY_DSN is set, but sentry_sdk cannot be imported: no error is reported.",
            hint="Install the project's requirements.txt (it pins sentry-sdk), or leave SENTRY_DSN empty.",
            id="operations.W001",
        )
    ]


def sentry_sdk_installed() -> bool:
    return importlib.util.find_spec("sentry_sdk") is not None
