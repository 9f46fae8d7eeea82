from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views
from .admin_site import view_on_site
from .editorial.views import preview_link

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Share links carry their language; outside the language prefixes (the second form is the link's
    # language spelled out, anything else is a 404).
    path("preview/<str:token>/", preview_link, name="preview-link"),
    path("preview/<str:token>/<str:language>/", preview_link, name="preview-link-in"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("newsroom.articles.urls")),
    path("", include("newsroom.organizations.urls")),
    path("", include("newsroom.people.urls")),
    path("", include("newsroom.places.urls")),
    path("", include("newsroom.events.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
