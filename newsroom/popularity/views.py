from django.utils.translation import get_language

from .reads import count_read, is_read


class CountsReadsMixin:
    """Counts a read when a detail page has been rendered for a reader (see reads.is_read)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200 and is_read(request):
            article_id, language = self.object.pk, get_language()
            if hasattr(response, "add_post_render_callback"):
                # Only a page that rendered without an error is a read.
                response.add_post_render_callback(lambda _response: count_read(article_id, language))
            else:
                count_read(article_id, language)
        return response
