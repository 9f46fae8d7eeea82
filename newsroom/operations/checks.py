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


def check_sentry_dsn(app_configs, **kwargs):
    """A DSN sentry_sdk cannot parse: the site starts without reports (apps.ready), and says why."""
    if not settings.SENTRY_DSN or not sentry_sdk_installed():
        return []
    from sentry_sdk.utils import BadDsn, Dsn  # only with a DSN set, as everywhere

    try:
        Dsn(settings.SENTRY_DSN)
    except BadDsn as error:
        return [
            checks.Warning(
                f"SENTRY_DSN is not a valid DSN ({error}): no error is reported.",
                hint="Copy it from the project's settings in Sentry or GlitchTip: https://<key>@<host>/<project>.",
                id="operations.W002",
            )
        ]
    return []


def sentry_sdk_installed() -> bool:
    return importlib.util.find_spec("sentry_sdk") is not None
