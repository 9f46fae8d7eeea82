from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from . import consent, sitemaps, views
from .admin_site import view_on_site
from .editorial.views import preview_link
from .logins.views import login
from .pagecache.http import language_independent
from .sitemaps import SITEMAPS, NewsSitemap

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
# In the admin's own look under /admin/, saying why; the public page elsewhere.
handler403 = "newsroom.error_pages.permission_denied"
handler400 = "newsroom.error_pages.bad_request"
# With the request's id, which an editor can quote and the logs and error reports carry.
handler500 = "newsroom.error_pages.server_error"

urlpatterns = [
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    # The admin's login, which also makes the browser known to the user (newsroom/logins).
    path("admin/login/", login),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Share links carry their language; outside the language prefixes (the second form is the link's
    # language spelled out, anything else is a 404).
    path("preview/<str:token>/", preview_link, name="preview-link"),
    path("preview/<str:token>/<str:language>/", preview_link, name="preview-link-in"),
    # The content API, for partners' software: no language prefix (each request names its language),
    # and its URLconf by name, imported at the first API request, so that processes serving only
    # pages never load ninja and pydantic (include() would import it now).
    URLResolver(RoutePattern("api/v1/"), "newsroom.api_urls", app_name="api", namespace="api"),
    # A picture's rendition made on its first request, then redirected to where it is stored.
    path("", include("newsroom.images.urls")),
    # The reader's cookie choice, posted from the banner on any page, in any language.
    path("consent/", consent.record_choice, name="consent"),
    # One URL per page and language inside each sitemap, so the sitemaps themselves have none.
    path("sitemap.xml", language_independent(sitemaps.index), name="sitemap-index"),
    path("sitemap-<section>.xml", language_independent(sitemaps.sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "news-sitemap.xml",
        language_independent(sitemaps.sitemap),
        {"sitemaps": {"news": NewsSitemap}},
        name="news-sitemap",
    ),
    path(
        "robots.txt",
        language_independent(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
]

urlpatterns += i18n_patterns(
    # First: every article page shown posts a read beacon, the most frequent request after pages.
    path("", include("newsroom.popularity.urls")),
    path("", views.HomeView.as_view(), name="home"),
    path(pgettext_lazy("URL", "cookies/"), consent.CookieSettingsView.as_view(), name="cookie-settings"),
    path("", include("newsroom.articles.urls")),
    path("", include("newsroom.search.urls")),
    path("", include("newsroom.organizations.urls")),
    path("", include("newsroom.people.urls")),
    path("", include("newsroom.places.urls")),
    path("", include("newsroom.events.urls")),
    path("", include("newsroom.newsletter.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
