from django.core.management.base import BaseCommand

from newsroom.uploads.kept import KEPT_FOR, remove_expired


class Command(BaseCommand):
    help = f"Delete the images kept for refused forms once they are older than {KEPT_FOR} (run it daily from cron)."

    def handle(self, *args, **options):
        removed = remove_expired()
        self.stdout.write(f"Removed {removed} expired upload(s).")
