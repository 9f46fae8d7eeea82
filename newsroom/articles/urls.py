from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "articles"

urlpatterns = [
    path(pgettext_lazy("URL", "articles/"), views.ArticleListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
    path(pgettext_lazy("URL", "sections/<slug:slug>/"), views.SectionView.as_view(), name="section"),
    path(pgettext_lazy("URL", "series/<slug:slug>/"), views.SeriesView.as_view(), name="series"),
    path(pgettext_lazy("URL", "tags/<slug:slug>/"), views.TagView.as_view(), name="tag"),
    path(pgettext_lazy("URL", "authors/<slug:slug>/"), views.AuthorView.as_view(), name="author"),
]
