"""The content API's URLconf, which newsroom/urls.py names by its dotted path: Django imports it at
the first request under /api/v1/, so processes that only serve pages never load ninja or pydantic.
Here, above the apps, the import's operation joins the syndication app's API: syndication knows
nothing of imports."""

from newsroom.imports.api import router as imports
from newsroom.syndication.api import api
from newsroom.syndication.api_urls import patterns

api.add_router("import/", imports)
urlpatterns = patterns(api)
