from django.urls import path

from . import views

app_name = "images"

urlpatterns = [
    # renditions.MAKING_PATH: pages build these URLs themselves, without reversing one per picture.
    path("images/r/<int:pk>/<str:key>/<str:name>", views.rendition, name="rendition"),
]
