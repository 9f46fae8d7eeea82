from django.core.management.base import BaseCommand
from django.utils import timezone

from newsroom.logins.limits import remove_expired_failures


class Command(BaseCommand):
    help = (
        "Delete the records of failed admin logins that no longer count towards a lock (run it daily from cron); "
        "locks still running are kept."
    )

    def handle(self, *args, **options):
        attempts, browsers = remove_expired_failures(timezone.now())
        self.stdout.write(f"Removed {attempts} expired failed-login record(s) and {browsers} of known browsers.")
