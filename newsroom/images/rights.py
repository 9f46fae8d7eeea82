"""Where an image whose licence is ending, or ended, is still used: the editors' warnings (the
dashboard, the article form). Whether readers may see an image is `ImageQuerySet.shown_q` /
`Image.is_shown_at` (models.py); this module only reads that rule.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext

from .models import LICENCE_ENDING_WARNING, Image, users_of_images


@dataclass
class LicenceWarning:
    """An image whose licence ends soon or ended, with what still shows (or would show) it."""

    image: Image
    uses: list


def licence_warnings(images) -> list[LicenceWarning]:
    """Each of `images` with the objects before readers, or scheduled to be, that use it: live or
    scheduled articles, published entities. Images nothing public uses are left out."""
    images = list(images)
    found = {image.pk: LicenceWarning(image, []) for image in images}
    if not found:
        return []
    for relation in users_of_images():
        users = before_readers(relation.related_model).filter(**{f"{relation.field.name}__in": list(found)})
        for user in users.order_by("pk"):
            found[getattr(user, relation.field.attname)].uses.append(user)
    return [warning for warning in found.values() if warning.uses]


def before_readers(model):
    """What of `model` an editor has put before readers: live or scheduled articles, published
    entities, every author."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "published_or_scheduled"):
        return queryset.published_or_scheduled()
    if any(field.name == "is_published" for field in model._meta.get_fields()):
        return queryset.filter(is_published=True)
    return queryset


def licences_ending(at=None, within: datetime.timedelta = LICENCE_ENDING_WARNING) -> list[LicenceWarning]:
    """Images shown today whose last day is within a week, with their uses, the soonest first."""
    ending = Image.objects.licence_ending(within=within, at=at).order_by("licence_last_day", "pk")
    return licence_warnings(ending)


def licences_ended(at=None) -> list[LicenceWarning]:
    """Images readers no longer see that live or scheduled articles (or published entities) still name."""
    ended = Image.objects.licence_ended(at=at).in_use().order_by("-licence_last_day", "pk")
    return licence_warnings(ended)


def licence_warning(image, at=None) -> str:
    """What an editor is told under a field that picks `image`: that readers no longer see it, or
    that they stop seeing it within a week; "" otherwise."""
    if image is None or image.licence_last_day is None:
        return ""
    today = timezone.localdate(at)
    day = formats.date_format(image.licence_last_day, "DATE_FORMAT")
    if not image.is_shown_at(at):
        return gettext(
            "The picture's licence ended (its last day was %(day)s): readers see this without it. "
            "Choose another picture, or extend the licence in the library."
        ) % {"day": day}
    if image.licence_last_day - today <= LICENCE_ENDING_WARNING:
        return gettext(
            "The picture's licence ends soon: its last day is %(day)s. From the day after, readers see this without it."
        ) % {"day": day}
    return ""
