"""Cookie consent: readers get only strictly necessary cookies until they accept analytics.

The choice is one cookie, read on the server: the analytics script is not even in a page's HTML
until the reader has accepted, and declining deletes the cookies it set. The banner's buttons are
plain form posts, so it works without JavaScript; the page at `articles:cookies` changes the choice.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from newsroom.public_pages import PublicPageMixin

CONSENT_COOKIE = "consent"
ACCEPTED, DECLINED = "accepted", "declined"
# Long enough not to pester, short enough to ask again within the 13 months regulators accept.
CONSENT_MAX_AGE = 180 * 24 * 60 * 60


def choice(request) -> str | None:
    value = request.COOKIES.get(CONSENT_COOKIE)
    return value if value in (ACCEPTED, DECLINED) else None


def context(request) -> dict:
    """For every template: whether to ask, and the analytics script once the reader has agreed."""
    script = settings.ANALYTICS_SCRIPT_URL
    current = choice(request) if script else None
    return {
        "analytics_configured": bool(script),
        "consent_choice": current,
        "asks_for_consent": bool(script) and current is None and not request.path.startswith("/admin/"),
        "analytics_script_url": script if current == ACCEPTED else "",
    }


def same_origin(request) -> bool:
    """Whether a POST comes from our own pages. The banner is on every page, so it carries no CSRF
    token (which would give every reader a cookie); the browser's Origin, or else Referer, says
    where the form was. Without either, the request is refused."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


@csrf_exempt
@require_POST
def record_choice(request):
    if not same_origin(request):
        raise PermissionDenied
    value = request.POST.get("choice")
    if value not in (ACCEPTED, DECLINED):
        raise PermissionDenied
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        CONSENT_COOKIE,
        value,
        max_age=CONSENT_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    if value == DECLINED:
        # Tools name their cookies after a prefix (Matomo: `_pk_id.<site>.<hash>`).
        for name in request.COOKIES:
            if any(name == prefix or name.startswith(f"{prefix}.") for prefix in settings.ANALYTICS_COOKIES):
                response.delete_cookie(name)
    return response


class CookieSettingsView(PublicPageMixin, TemplateView):
    """What cookies we set and why; the reader's choice, to change at any time (linked from the footer)."""

    template_name = "consent/cookie_settings.html"
    page_name = _("Cookie settings")
    extra_context = {"hides_consent_banner": True}  # the page itself offers the choice
