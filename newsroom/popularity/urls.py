from django.urls import path

from . import views

app_name = "popularity"

# Inside the language prefix: the read is counted in the page's language, and a refusal says why in it.
urlpatterns = [
    path("reads/<int:article_id>/", views.read_beacon, name="read"),
]
