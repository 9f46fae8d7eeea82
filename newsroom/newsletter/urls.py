from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "newsletter"

urlpatterns = [
    path(pgettext_lazy("URL", "newsletter/"), views.subscribe, name="subscribe"),
    path(pgettext_lazy("URL", "newsletter/check-your-inbox/"), views.sent, name="sent"),
    path(pgettext_lazy("URL", "newsletter/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(pgettext_lazy("URL", "newsletter/unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
