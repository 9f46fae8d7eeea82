"""Reads on a streaming replica (DATABASE_REPLICA_URL; README, "Read replicas").

The foundation of issue 19 lists this router whenever a replica is configured; until the router's
decisions land (who reads where, read-your-writes, the page cache's LSN guard: wip/issue-19/design.md,
§9), every read and write goes to the primary, and the replica is only probed by `/readyz`.
"""

from django.db import DEFAULT_DB_ALIAS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
