"""The content API's URL patterns, for the project's URLconf (newsroom/api_urls.py) to serve once
every app has added its operations."""

from django.urls import path, re_path

from .responses import not_found


def nothing_here(request, *args, **kwargs):
    return not_found().response()


def patterns(api) -> list:
    return [
        *(pattern for pattern in api.urls[0] if getattr(pattern, "name", None) != "api-root"),
        # Ninja's root page points to the Swagger page there is not; any other address is a JSON 404 too.
        path("", nothing_here, name="api-root"),
        re_path(r"", nothing_here),
    ]
