from django.urls import path
from django.utils.translation import pgettext_lazy

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path(pgettext_lazy("URL", "articles/"), views.ArticleListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/"), views.ArticleDetailView.as_view(), name="detail"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/updates/"), views.LiveUpdatesView.as_view(), name="live-updates"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/rss/"), feeds.LIVE_UPDATE_FEEDS[0], name="live-rss"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/atom/"), feeds.LIVE_UPDATE_FEEDS[1], name="live-atom"),
    path(pgettext_lazy("URL", "sections/<slug:slug>/"), views.SectionDetailView.as_view(), name="section"),
    path(pgettext_lazy("URL", "series/<slug:slug>/"), views.SeriesDetailView.as_view(), name="series"),
    path(pgettext_lazy("URL", "tags/<slug:slug>/"), views.TagDetailView.as_view(), name="tag"),
    path(pgettext_lazy("URL", "authors/<slug:slug>/"), views.AuthorDetailView.as_view(), name="author"),
    path(pgettext_lazy("URL", "corrections/"), views.CorrectionListView.as_view(), name="corrections"),
    path(pgettext_lazy("URL", "ai-labels/"), views.AiLabelsView.as_view(), name="ai-labels"),
    # Feeds: RSS 2.0 and Atom, of everything and of one section, series, organization or author.
    path(pgettext_lazy("URL", "feed/rss/"), feeds.ArticleFeed(), name="feed-rss"),
    path(pgettext_lazy("URL", "feed/atom/"), feeds.ArticleAtomFeed(), name="feed-atom"),
    path(pgettext_lazy("URL", "sections/<slug:slug>/rss/"), feeds.SECTION_FEEDS[0], name="section-rss"),
    path(pgettext_lazy("URL", "sections/<slug:slug>/atom/"), feeds.SECTION_FEEDS[1], name="section-atom"),
    path(pgettext_lazy("URL", "series/<slug:slug>/rss/"), feeds.SERIES_FEEDS[0], name="series-rss"),
    path(pgettext_lazy("URL", "series/<slug:slug>/atom/"), feeds.SERIES_FEEDS[1], name="series-atom"),
    path(pgettext_lazy("URL", "organizations/<slug:slug>/rss/"), feeds.ORGANIZATION_FEEDS[0], name="organization-rss"),
    path(
        pgettext_lazy("URL", "organizations/<slug:slug>/atom/"), feeds.ORGANIZATION_FEEDS[1], name="organization-atom"
    ),
    path(pgettext_lazy("URL", "authors/<slug:slug>/rss/"), feeds.AUTHOR_FEEDS[0], name="author-rss"),
    path(pgettext_lazy("URL", "authors/<slug:slug>/atom/"), feeds.AUTHOR_FEEDS[1], name="author-atom"),
]
