"""The content API at /api/v1/ (django-ninja): partners read the published site as JSON with a key.

Each resource is a router of its own, added below; the OpenAPI description is served at
/api/v1/openapi.json without a key, and no Swagger page (it needs scripts from a CDN that the
Content-Security-Policy forbids). Every refusal is JSON `{"detail", "code"}`.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from . import access, serving
from .entities import RESOURCES, router_for
from .responses import RATE_LIMITED, Refusal, invalid_key, invalid_parameter, not_found


class KeyBearer(HttpBearer):
    """`Authorization: Bearer nr_…` and nothing else: a key in the query string would stay in every
    log on its way. A known key is counted, and refused beyond its rate."""

    def authenticate(self, request, token):
        key = access.key_for(token)
        if key is None:
            return None
        wait = access.seconds_refused(request, key)
        access.count(key, refused=bool(wait))
        if wait:
            raise Refusal(
                429,
                RATE_LIMITED,
                _("This key may make %(rate)d requests a minute; try again in %(seconds)d seconds.")
                % {"rate": key.requests_per_minute, "seconds": wait},
                headers={"Retry-After": str(wait)},
            )
        access.note_use(key)
        return key


api = NinjaAPI(
    title=f"{settings.SITE_NAME} content API",
    version="1",
    description="The published articles, organizations, people, places and events, in each language.",
    urls_namespace="api",
    docs_url=None,
    auth=KeyBearer(),
)


@api.exception_handler(Refusal)
def refused(request, exc):
    return exc.response()


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return invalid_key().response()


@api.exception_handler(Http404)
def nothing_found(request, exc):
    return not_found().response()


@api.exception_handler(ValidationError)
def invalid(request, exc):
    # ninja answers 422 with pydantic's list; a partner gets 400 and the parameter's name.
    error = exc.errors[0]
    name = ".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0])
    return invalid_parameter(name, error["msg"]).response()


api.add_router("articles/", serving.router)
for resource in RESOURCES:
    api.add_router(f"{resource.path}/", router_for(resource))
