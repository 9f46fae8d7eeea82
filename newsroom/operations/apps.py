from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OperationsConfig(AppConfig):
    name = "newsroom.operations"
    label = "operations"

    def ready(self):
        # Not at the top: an app's module imports settings-reading code only once the apps are loaded.
        from .requests import count_queries

        # Every connection counts its statements into the request they serve (newsroom/operations/requests.py).
        connection_created.connect(count_queries, dispatch_uid="newsroom.operations.count_queries")
