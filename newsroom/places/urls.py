from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "places"

urlpatterns = [
    path(pgettext_lazy("URL", "places/<slug:slug>/"), views.PlaceDetailView.as_view(), name="detail"),
]
