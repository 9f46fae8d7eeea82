import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopularityConfig(AppConfig):
    name = "newsroom.popularity"
    verbose_name = _("Most popular")

    def ready(self):
        # Here, not at the top: reads.py imports the models, which load after the app configs.
        from newsroom.articles.models import Article
        from newsroom.translations.demand import count_reads_with

        from .models import ReadCount
        from .reads import flush_at_exit

        # A worker stopped in the ordinary way (a deploy, gunicorn's max_requests) keeps its reads.
        atexit.register(flush_at_exit)
        # The translation queue puts first the articles that readers of a language most often got
        # in their original: the reads of the last days in that language.
        count_reads_with(Article, lambda article, language: ReadCount.objects.in_window(language).reads_of(article))
