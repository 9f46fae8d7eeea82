import logging

from django.apps import AppConfig
from django.conf import settings
from django.core import checks as system_checks
from django.db.backends.signals import connection_created


class OperationsConfig(AppConfig):
    name = "newsroom.operations"
    label = "operations"

    def ready(self):
        # Not at the top: an app's module imports settings-reading code only once the apps are loaded.
        from newsroom import replicas
        from newsroom.database_restarts import connections_lost
        from newsroom.pagecache.keys import keys_invalidated

        from . import checks
        from .requests import count_queries

        # Every connection counts its statements into the request they serve (newsroom/operations/requests.py).
        connection_created.connect(count_queries, dispatch_uid="newsroom.operations.count_queries")
        system_checks.register(checks.check_error_reporting)
        system_checks.register(checks.check_sentry_dsn)
        # Web workers and the background worker alike (both load the apps). Without a DSN sentry_sdk
        # is never imported; without the SDK, operations.W001 says why nothing is reported.
        if settings.SENTRY_DSN and checks.sentry_sdk_installed():
            # Not at the top: it imports sentry_sdk, which only a set SENTRY_DSN may load.
            from .errors import init_sentry

            try:
                init_sentry()
            except Exception as error:  # noqa: BLE001 - reports are optional; pages are not
                # A malformed DSN (sentry_sdk's BadDsn) would stop every process that loads the apps;
                # operations.W002 says the same in `manage.py check`.
                logging.getLogger(__name__).warning("Errors are not reported: SENTRY_DSN is not usable (%s).", error)

        # The read replica (newsroom/replicas.py): its settings checked; every invalidation of cached
        # pages, in any process (the worker's too), raises the WAL position readers' misses wait for;
        # a replica connection lost mid-request sends the retry to the primary.
        system_checks.register(replicas.check_replica_settings, system_checks.Tags.database)
        if replicas.is_configured():
            keys_invalidated.connect(replicas.on_keys_invalidated, dispatch_uid="newsroom.replicas.wanted_lsn")
            connections_lost.connect(replicas.on_connections_lost, dispatch_uid="newsroom.replicas.lost")
