from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "newsroom.worker"
    verbose_name = _("Background worker")

    def ready(self):
        # It imports the models, which are loaded only now.
        from .periodic import check_periodic_tasks

        checks.register(check_periodic_tasks)
