"""The admin's login, which remembers the browser, and the page of a locked-out login."""

import math

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .known_browsers import remember_browser
from .limits import Lock
from .times import newsroom_time


def login(request):
    """The admin's own login view; a browser that logs in becomes known to that user."""
    response = admin.site.login(request)
    if request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
        remember_browser(response, request.user.get_username())
    return response


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer to a login refused or stopped by a lock (AXES_LOCKOUT_CALLABLE). It reads the
    same for a username that exists and one that does not."""
    # None only when an administrator unlocked it a moment ago: then it ends now.
    lock = AxesProxyHandler.get_implementation().lock(request, credentials) or Lock(Lock.ACCOUNT, timezone.now())
    seconds = max((lock.ends_at - timezone.now()).total_seconds(), 0)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "lock": lock,
        "until": newsroom_time(lock.ends_at),
        "minutes": max(math.ceil(seconds / 60), 1),
        # For the administrator who lifts a network's lock: the address the failed-logins list shows.
        "address": request.axes_ip_address,
    }
    response = TemplateResponse(request, "admin/logins/locked_out.html", context, status=429)
    response["Retry-After"] = str(math.ceil(seconds))
    add_never_cache_headers(response)
    return response.render()
