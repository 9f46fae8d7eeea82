from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "people"

urlpatterns = [
    path(pgettext_lazy("URL", "people/<slug:slug>/"), views.PersonDetailView.as_view(), name="detail"),
]
