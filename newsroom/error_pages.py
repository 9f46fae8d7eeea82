"""Every error a reader or an editor can meet comes with a page in their language, not an empty body;
inside the admin, in the admin's own look."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import TemplateDoesNotExist, loader
from django.template.loader import select_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from newsroom.operations import requests


class ReadableErrorMiddleware:
    """Gives 4xx responses that Django sends without a body (405, 410, …) a rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            400 <= response.status_code < 500
            and not response.streaming
            and not response.content
            and not request.path.startswith("/admin/")
        ):
            try:
                template = select_template([f"{response.status_code}.html", "4xx.html"])
            except TemplateDoesNotExist:
                return response
            response.content = template.render({"status": response.status_code}, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


def permission_denied(request, exception):
    """A refusal inside the admin keeps the admin's look and says why, with a way back; readers
    elsewhere get the public page."""
    if not request.path.startswith("/admin/"):
        return defaults.permission_denied(request, exception)
    reason = str(exception) if exception is not None and str(exception) else ""
    back_url, back_label = reverse("admin:index"), gettext("Go to the start page of the admin")
    referrer = request.headers.get("referer", "")
    if request.method == "POST":
        # The same page again, as it is now, shows what may still be done there.
        back_url, back_label = request.get_full_path(), gettext("Back to the page")
    elif referrer and url_has_allowed_host_and_scheme(referrer, {request.get_host()}, request.is_secure()):
        back_url, back_label = referrer, gettext("Back to the page you came from")
    context = {
        **admin.site.each_context(request),
        "reason": reason or gettext("Your account may not do this here."),
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "admin/403.html", context, status=403)


def bad_request(request, exception):
    """A post too big to read, inside the admin, says so in the admin's look: the usual cause is a
    very long text translated paragraph by paragraph (one field each)."""
    if not request.path.startswith("/admin/") or not isinstance(exception, TooManyFieldsSent):
        return defaults.bad_request(request, exception)
    context = {
        **admin.site.each_context(request),
        "reason": gettext(
            "This page sent more fields than the site accepts at once (%(limit)s), so nothing could be "
            "read. Split the text into shorter ones, or ask the administrators to raise "
            "DATA_UPLOAD_MAX_NUMBER_FIELDS."
        )
        % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
        "back_url": request.get_full_path(),
        "back_label": gettext("Back to the page"),
    }
    return render(request, "admin/400.html", context, status=400)


@requires_csrf_token
def server_error(request):
    """Django's 500 page, rendered as Django's is (no request, so no context processor that might
    fail again), with the request's id to quote: the same id is on its log line and error report."""
    record = requests.current()
    request_id = record.id if record else ""
    try:
        return HttpResponseServerError(loader.get_template("500.html").render({"request_id": request_id}))
    except Exception:  # noqa: BLE001 - the page itself failed (its base template, a static file): still say which request
        reference = gettext("Reference: %(request_id)s") % {"request_id": request_id}
        return HttpResponseServerError(f"<!doctype html><title>500</title><p>{escape(reference)}</p>")
