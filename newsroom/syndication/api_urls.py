"""The content API's URLconf, which newsroom/urls.py names by its dotted path: Django imports it at
the first request under /api/v1/, so processes that only serve pages never load ninja or pydantic."""

from django.urls import path, re_path

from .api import api
from .responses import not_found


def nothing_here(request, *args, **kwargs):
    return not_found().response()


urlpatterns = [
    *(pattern for pattern in api.urls[0] if getattr(pattern, "name", None) != "api-root"),
    # Ninja's root page points to the Swagger page there is not; any other address is a JSON 404 too.
    path("", nothing_here, name="api-root"),
    re_path(r"", nothing_here),
]
