"""An image saved with a new renditions key (a new file or focal point) has its renditions made by
the worker: enqueued in the save's own transaction, so a save rolled back enqueues nothing."""

from django.db.models.signals import post_save

from . import tasks
from .models import Image


def image_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.__dict__.pop("_renditions_to_make", False):
        tasks.make_renditions.enqueue(instance.pk, instance.renditions_key)


def connect() -> None:
    post_save.connect(image_saved, sender=Image, dispatch_uid="images.renditions")
