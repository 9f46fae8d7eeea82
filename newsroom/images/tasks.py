"""The renditions' background work: made after a save (queue "images"), swept every few minutes."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from . import renditions
from .models import Image, Rendition, displayed_facts

# The sweep's share of images whose renditions were never made (moved from the old fields, restored
# from a backup without renditions) per run: about 3 s of the worker's time each, on queue "images".
SWEEP_BATCH = 100


@task(queue_name="images")
def make_renditions(image_id: int, key: str) -> None:
    """Make the image's renditions of `key`, unless the image has a newer key by now (a second save
    came before the worker: its own task makes those)."""
    image = Image.objects.filter(pk=image_id, renditions_key=key).first()
    if image is None or not image.is_shown_at():
        return
    measured(image)
    renditions.make_all(image)


def measured(image: Image) -> Image:
    """An image moved from the old fields may lack its displayed size: read it from the file."""
    if image.width and image.height:
        return image
    with image.file.open("rb") as file:
        image.format, image.width, image.height, image.has_alpha = displayed_facts(file)
    Image.objects.filter(pk=image.pk).update(
        format=image.format, width=image.width, height=image.height, has_alpha=image.has_alpha
    )
    return image


@task()
def sweep_renditions() -> None:
    """Delete what readers must no longer get or no page links: every rendition of an image whose
    licence ended (an extended licence makes them again), and those of an image's old keys once its
    current set is ready. Then enqueue a batch of the sets nobody made (or is making)."""
    ended = Rendition.objects.filter(image__in=Image.objects.licence_ended())
    renditions.delete_renditions(ended)
    Image.objects.licence_ended().filter(renditions_ready=True).update(renditions_ready=False)

    old = Rendition.objects.filter(image__renditions_ready=True).exclude(key=F("image__renditions_key"))
    renditions.delete_renditions(old)

    for image in waiting()[:SWEEP_BATCH]:
        make_renditions.enqueue(image.pk, image.renditions_key)


def waiting():
    """Shown images whose set is not ready and which no claim younger than CLAIM_SECONDS is making."""
    recent = timezone.now() - datetime.timedelta(seconds=renditions.CLAIM_SECONDS)
    busy = Rendition.objects.filter(
        image=OuterRef("pk"), key=OuterRef("renditions_key"), made_at__isnull=True, claimed_at__gte=recent
    )
    return Image.objects.shown().filter(~Q(renditions_key=""), renditions_ready=False).exclude(Exists(busy))
