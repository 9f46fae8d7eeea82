from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "articles"

urlpatterns = [
    path(pgettext_lazy("URL", "articles/"), views.ArticleListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
    path(pgettext_lazy("URL", "sections/<slug:slug>/"), views.SectionDetailView.as_view(), name="section"),
    path(pgettext_lazy("URL", "series/<slug:slug>/"), views.SeriesDetailView.as_view(), name="series"),
    path(pgettext_lazy("URL", "tags/<slug:slug>/"), views.TagDetailView.as_view(), name="tag"),
    path(pgettext_lazy("URL", "authors/<slug:slug>/"), views.AuthorDetailView.as_view(), name="author"),
    path(pgettext_lazy("URL", "corrections/"), views.CorrectionListView.as_view(), name="corrections"),
]
