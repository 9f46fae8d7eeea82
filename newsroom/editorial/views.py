from django.db.models import F
from django.shortcuts import render
from django.utils import formats, timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from newsroom.articles.models import Article
from newsroom.previews import render_preview

from . import workflow
from .models import PreviewLink
from .pending import changes_shown


def unavailable(request, message: str, status: int):
    response = render(request, "editorial/preview_link_unavailable.html", {"message": message}, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def preview_link(request, token: str, language: str | None = None):
    """The article a share link names, as readers will see it; nothing else of the newsroom."""
    link = PreviewLink.from_token(token)
    # A link shows its one language: the other may not be ready for the person it was sent to.
    if link is None or (language is not None and language != link.language):
        return unavailable(request, _("This preview link is not valid. Check that you copied the whole address."), 404)
    language = link.language
    with translation.override(language):
        if link.is_withdrawn:
            return unavailable(
                request, _("This preview link was withdrawn. Ask the person who sent it to you for a new one."), 410
            )
        if link.is_expired:
            expired = formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")
            return unavailable(
                request,
                _("This preview link stopped working on %(date)s: ask the person who sent it to you for a new one.")
                % {"date": expired},
                410,
            )
        if link.article.is_embargoed:
            # A share link is outside the newsroom, where an embargo holds everything: not a word
            # of the article until the second its embargo lifts.
            return unavailable(
                request,
                _("This article is under embargo until %(time)s. The link works from then on.")
                % {"time": workflow.newsroom_time(link.article.embargo_until)},
                403,
            )
    if request.method == "GET":
        PreviewLink.objects.filter(pk=link.pk).update(times_opened=F("times_opened") + 1)
    # A live article's changes not yet published are what the link is for: read it with them applied.
    with changes_shown(link.article):
        return render_preview(request, Article.objects.get(pk=link.article_id), language, single_language=True)
