"""Make the library's renditions here and now: after installing or migrating (images moved from the
old fields have none), after a change of the specs (`SPECS_VERSION`: every image gets a new key),
and after a restore (backups leave renditions out: they are made again from the originals)."""

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from newsroom.images import renditions
from newsroom.images.models import Image, Rendition
from newsroom.images.tasks import measured


class Command(BaseCommand):
    help = "Make the renditions of the images whose set is not ready (with --all: of every image, checking each file)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every image: give it the key of today's specs, and make again what is missing from the storage.",
        )
        parser.add_argument("--image", type=int, action="append", default=[], help="Only this image (repeatable).")

    def handle(self, *args, all, image, **options):
        images = Image.objects.shown().exclude(file="").order_by("pk")
        if image:
            images = images.filter(pk__in=image)
            if images.count() < len(set(image)):
                raise CommandError("No such image, or its licence ended: " + ", ".join(map(str, image)))
        elif not all:
            images = images.filter(renditions_ready=False)
        seen = made = 0
        for found in images.iterator(chunk_size=100):
            measured(found)
            if all or image:
                self.renew(found)
            made += renditions.make_all(found)
            seen += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{found.pk}: {found.renditions_key}, ready: {found.renditions_ready}")
        self.stdout.write(f"{seen} images looked at, {made} renditions made.")

    def renew(self, image: Image) -> None:
        """The key of today's specs, and the rows of files the storage lost (a restore) forgotten."""
        if image.take_renditions_key():
            Image.objects.filter(pk=image.pk).update(renditions_key=image.renditions_key, renditions_ready=False)
        storage = storages[renditions.STORAGE]
        lost = [
            row.pk
            for row in Rendition.objects.filter(image=image, key=image.renditions_key, made_at__isnull=False)
            if not storage.exists(renditions.path_of(row.key, row.name))
        ]
        if lost:
            Rendition.objects.filter(pk__in=lost).delete()
            Image.objects.filter(pk=image.pk).update(renditions_ready=False)
            image.renditions_ready = False
