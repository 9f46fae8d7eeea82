import re

from django.conf import settings
from django.utils import translation

from .views import read_beacon


class ReadBeaconMiddleware:
    """Answers a reader's read beacon before the rest of the stack runs.

    Every article page shown posts one, however the page was served, so under a spike served by
    the page cache or the CDN the beacons are most of what reaches Python. A reader has no session:
    nothing further down (sessions, CSRF, messages, the URL resolver) has anything to add. A beacon
    with a session cookie (someone from the newsroom, perhaps) goes the long way, through the
    same view, where the session says who it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        # The same addresses as popularity/urls.py under the language prefixes.
        self.path = re.compile(rf"/(?P<language>{languages})/reads/(?P<article_id>[0-9]+)/")

    def __call__(self, request):
        if request.method == "POST" and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            match = self.path.fullmatch(request.path_info)
            if match:
                with translation.override(match["language"]):
                    return read_beacon(request, int(match["article_id"]))
        return self.get_response(request)
