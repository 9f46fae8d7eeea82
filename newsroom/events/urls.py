from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "events"

urlpatterns = [
    path(pgettext_lazy("URL", "events/"), views.UpcomingEventListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "events/past/"), views.PastEventListView.as_view(), name="past"),
    path(pgettext_lazy("URL", "events/<slug:slug>/"), views.EventDetailView.as_view(), name="detail"),
]
