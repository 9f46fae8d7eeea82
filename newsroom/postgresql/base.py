"""Django's PostgreSQL backend, with new connections retried while the server restarts.

A restart refuses connections for a moment ("connection refused", "the database system is starting
up"); a request that needs a connection then waits for it, up to `CONNECT_RETRY_SECONDS` (the
DATABASES entry's key, default 5), rather than fail at once. Errors that waiting cannot mend (a
wrong password, a database that does not exist, a host name that does not resolve) fail at once.
"""

import logging
import time

from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)

CONNECT_RETRY_SECONDS = 5
FIRST_PAUSE, LONGEST_PAUSE = 0.05, 0.5  # seconds between attempts, doubling
# SQLSTATE classes of a server that is away or busy for now: connection exceptions, insufficient
# resources (too many clients), operator intervention (shutting down, starting up). Refused or
# reset connections carry no SQLSTATE at all.
PASSING_STATES = ("08", "53", "57")
# Nor does a host name that does not resolve: a mistake in DATABASE_URL, not a restart (psycopg 3
# resolves it itself, libpq in its own words). A name server that does not answer now is waited for.
UNKNOWN_HOST = ("failed to resolve host", "could not translate host name")
NAME_SERVER_AWAY = "Temporary failure in name resolution"


def is_passing(error) -> bool:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if state is not None:
        return state.startswith(PASSING_STATES)
    message = str(error)
    return not any(words in message for words in UNKNOWN_HOST) or NAME_SERVER_AWAY in message


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + self.settings_dict.get("CONNECT_RETRY_SECONDS", CONNECT_RETRY_SECONDS)
        pause, attempts = FIRST_PAUSE, 1
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if not is_passing(error) or time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause, attempts = min(pause * 2, LONGEST_PAUSE), attempts + 1
                continue
            if attempts > 1:
                logger.warning("Connected to the database after %s attempts.", attempts)
            return connection
