"""The end of a lock as people read it: on the newsroom's clock, naming that clock, since whoever
reads it may sit elsewhere (a translator in Berlin, an editor travelling)."""

from django.conf import settings
from django.template.defaultfilters import time as time_format
from django.utils import timezone
from django.utils.translation import gettext


def newsroom_time(moment) -> str:
    """ "2:45 p.m. Mexico City time", "14:45 Uhr Ortszeit Mexiko-Stadt"."""
    return gettext("%(time)s %(place)s time") % {
        "time": time_format(timezone.localtime(moment)),
        "place": settings.TIME_ZONE_NAME,
    }
