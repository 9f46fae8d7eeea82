from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, Correction, InterviewExchange, LiveUpdate, Section, Series, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "slug")


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("job_title", "bio")


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "slug", "standfirst", "body", "lead_image_caption")


@register(InterviewExchange)
class InterviewExchangeTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(Correction)
class CorrectionTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(LiveUpdate)
class LiveUpdateTranslationOptions(TranslationOptions):
    fields = ("headline", "body")
