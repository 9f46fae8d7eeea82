import datetime

import pytest
from django.utils import timezone

from newsroom.articles.models import Article
from newsroom.translations.models import readable_in_by_texts_q
from tests.factories import ArticleFactory, InterviewExchangeFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

DANGEROUS_BODY = (
    "<p>Nissan opens a second plant.</p>"
    "<script>alert('stolen cookies')</script>"
    '<p><img src="x" onerror="alert(1)">Production starts in May.</p>'
)


# Slugs


def test_a_new_article_gets_a_slug_in_each_language_from_that_languages_headline():
    article = ArticleFactory(headline_en="Nissan doubles output", headline_de="Nissan verdoppelt die Produktion")

    assert article.slug_en == "nissan-doubles-output"
    assert article.slug_de == "nissan-verdoppelt-die-produktion"


def test_a_second_article_with_the_same_headline_gets_a_suffixed_slug_in_each_language():
    first = ArticleFactory(headline_en="Nissan doubles output", headline_de="Nissan verdoppelt")
    second = ArticleFactory(headline_en="Nissan doubles output", headline_de="Nissan verdoppelt")
    third = ArticleFactory(headline_en="Nissan doubles output", headline_de="Nissan verdoppelt")

    assert [first.slug_en, second.slug_en, third.slug_en] == [
        "nissan-doubles-output",
        "nissan-doubles-output-2",
        "nissan-doubles-output-3",
    ]
    assert [first.slug_de, second.slug_de, third.slug_de] == [
        "nissan-verdoppelt",
        "nissan-verdoppelt-2",
        "nissan-verdoppelt-3",
    ]


def test_a_new_slug_does_not_take_a_slug_another_article_has_in_another_language():
    english = ArticleFactory(headline_en="Tesla Gigafactory Monterrey", headline_de="", standfirst_de="", body_de="")
    german = ArticleFactory(headline_en="Tesla builds in Nuevo León", headline_de="Tesla Gigafactory Monterrey")

    assert english.slug_en == "tesla-gigafactory-monterrey"
    assert german.slug_de == "tesla-gigafactory-monterrey-2"


def test_an_article_may_have_the_same_slug_in_both_languages():
    article = ArticleFactory(headline_en="Nearshoring", headline_de="Nearshoring")

    assert article.slug_en == article.slug_de == "nearshoring"


def test_an_article_keeps_its_slug_when_saved_again():
    article = ArticleFactory(headline_en="Nissan doubles output")
    article.headline_en = "Nissan triples output"
    article.save()

    article.refresh_from_db()
    assert article.slug_en == "nissan-doubles-output"


def test_an_editors_own_slug_is_kept():
    article = ArticleFactory(headline_en="Nissan doubles output", slug_en="nissan-aguascalientes")

    assert article.slug_en == "nissan-aguascalientes"


def test_an_article_without_a_german_headline_gets_no_german_slug_and_its_german_url_uses_the_english_one():
    article = ArticleFactory(headline_en="Nissan doubles output", headline_de="", standfirst_de="", body_de="")

    assert not article.slug_de
    assert article.slug_in("de") == "nissan-doubles-output"
    assert article.url_in("de").endswith("/nissan-doubles-output/")
    assert article.url_in("de").startswith("/de/")


def test_a_german_headline_gets_an_ascii_slug_spelled_the_german_way():
    article = ArticleFactory(headline_de="Zwölf Zulieferer für Querétaro – Straße frei")

    assert article.slug_de == "zwoelf-zulieferer-fuer-queretaro-strasse-frei"


def test_sections_and_tags_get_unique_slugs_per_language_too():
    first, second = SectionFactory(name_en="Automotive", name_de="Auto"), SectionFactory(name_en="Automotive")
    tag, other_tag = TagFactory(name_en="Energy", name_de="Energie"), TagFactory(name_en="Energy", name_de="Energie")

    assert (first.slug_en, second.slug_en) == ("automotive", "automotive-2")
    assert (tag.slug_de, other_tag.slug_de) == ("energie", "energie-2")


# Sanitizing


def test_a_script_and_an_event_handler_are_removed_from_the_body_on_create():
    article = Article.objects.create(
        headline_en="Nissan opens a second plant",
        body_en=DANGEROUS_BODY,
        body_de=DANGEROUS_BODY,
        section=SectionFactory(),
    )

    article.refresh_from_db()
    for body in (article.body_en, article.body_de):
        assert "<script" not in body
        assert "stolen cookies" not in body
        assert "onerror" not in body
        assert "<p>Nissan opens a second plant.</p>" in body
        assert "Production starts in May." in body


def test_a_script_and_an_event_handler_are_removed_from_the_body_when_an_article_is_saved_again():
    article = ArticleFactory()
    article.body_de = DANGEROUS_BODY
    article.save()

    article.refresh_from_db()
    assert "<script" not in article.body_de
    assert "onerror" not in article.body_de
    assert "<p>Nissan opens a second plant.</p>" in article.body_de


def test_the_formatting_editors_can_make_survives_sanitizing():
    body = (
        "<h2>Outlook</h2><p><strong>Strong</strong> and <em>light</em>, "
        '<a href="https://example.com/report">the report</a>.</p><ul><li><p>One</p></li></ul>'
    )
    article = ArticleFactory(body_en=body)

    article.refresh_from_db()
    assert "<h2>Outlook</h2>" in article.body_en
    assert "<strong>Strong</strong>" in article.body_en
    assert 'href="https://example.com/report"' in article.body_en
    assert "<li>" in article.body_en


# Completeness


def completeness_examples():
    """Articles in every translation state the rule knows, with their expected complete languages."""
    untranslated_body = ArticleFactory(body_de="")
    open_interview = InterviewExchangeFactory(answer_de="").article
    translated_interview = InterviewExchangeFactory().article
    return {
        "interview with an untranslated answer": (open_interview, {"en"}),
        "interview with every answer translated": (translated_interview, {"en", "de"}),
        "translated": (ArticleFactory(), {"en", "de"}),
        "no German text at all": (
            ArticleFactory(headline_de="", standfirst_de="", body_de=""),
            {"en"},
        ),
        "German headline, no German body": (untranslated_body, {"en"}),
        "German headline and body, no German standfirst": (ArticleFactory(standfirst_de=None), {"en"}),
        "no standfirst in either language": (ArticleFactory(standfirst_en="", standfirst_de=""), {"en", "de"}),
        "written in German, not translated": (
            ArticleFactory(original_language="de", headline_en="", standfirst_en="", body_en=""),
            {"de"},
        ),
        "written in German and translated": (ArticleFactory(original_language="de"), {"en", "de"}),
        "English caption without a German one": (ArticleFactory(lead_image_caption_en="Plant in May"), {"en"}),
        "translated, not released": (ArticleFactory(released_translations=False), {"en"}),
    }


@pytest.mark.parametrize("language", ["en", "de"])
def test_is_readable_in_and_the_readable_in_queryset_agree(language):
    examples = completeness_examples()
    articles = [article for article, _expected in examples.values()]

    in_python = {article.pk for article in Article.objects.all() if article.is_readable_in(language)}
    in_database = set(Article.objects.readable_in(language).values_list("pk", flat=True))
    by_texts = set(Article.objects.filter(readable_in_by_texts_q(Article, language)).values_list("pk", flat=True))

    expected = {article.pk for article, languages in examples.values() if language in languages}
    assert in_python == expected
    assert in_database == expected
    assert by_texts == expected
    assert len(articles) == Article.objects.count()


def test_an_interview_is_translated_only_when_every_question_and_answer_is():
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW)
    InterviewExchangeFactory(article=interview)
    untranslated = InterviewExchangeFactory(article=interview, answer_de="")

    assert not Article.objects.get(pk=interview.pk).is_complete_in("de")
    assert not Article.objects.complete_in("de").filter(pk=interview.pk).exists()
    assert Article.objects.complete_in("en").filter(pk=interview.pk).exists()

    untranslated.answer_de = "Zulieferer, die die Ursprungsregeln erfüllen."
    untranslated.save()

    assert Article.objects.get(pk=interview.pk).is_complete_in("de")
    assert Article.objects.complete_in("de").filter(pk=interview.pk).exists()


def test_exchanges_only_count_for_interviews():
    news = ArticleFactory(kind=Article.Kind.NEWS)
    InterviewExchangeFactory(article=news, question_de="")

    assert Article.objects.get(pk=news.pk).is_complete_in("de")
    assert Article.objects.complete_in("de").filter(pk=news.pk).exists()


def test_a_german_interview_needs_every_exchange_in_english_to_be_complete_in_english():
    interview = ArticleFactory(kind=Article.Kind.INTERVIEW, original_language="de")
    InterviewExchangeFactory(article=interview, question_en="")

    assert not Article.objects.get(pk=interview.pk).is_complete_in("en")
    assert not Article.objects.complete_in("en").filter(pk=interview.pk).exists()
    assert Article.objects.complete_in("de").filter(pk=interview.pk).exists()


# Publication


def test_published_excludes_drafts_unpublished_and_scheduled_articles():
    now = timezone.now()
    visible = ArticleFactory(status=Article.Status.PUBLISHED, published_at=now - datetime.timedelta(minutes=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status=Article.Status.IN_REVIEW, published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=now - datetime.timedelta(days=1))
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=now + datetime.timedelta(minutes=5))
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)

    assert list(Article.objects.published()) == [visible]


def test_a_scheduled_article_becomes_public_when_its_time_comes(time_machine):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    article = ArticleFactory(published_at=publish_at)

    assert article.is_scheduled
    assert not Article.objects.published().exists()

    time_machine.move_to(publish_at + datetime.timedelta(seconds=1))
    assert article.is_published
    assert list(Article.objects.published()) == [article]
