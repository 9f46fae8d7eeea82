from django.core.management.base import BaseCommand

from newsroom.uploads.kept import remove_expired


class Command(BaseCommand):
    help = "Delete the images kept for refused forms once they are a day old (run it daily from cron)."

    def handle(self, *args, **options):
        removed = remove_expired()
        self.stdout.write(f"Removed {removed} expired upload(s).")
