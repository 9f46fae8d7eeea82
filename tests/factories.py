import datetime
import functools

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from newsroom.articles.models import Article, Author, Byline, InterviewExchange, Section, Series, Tag
from newsroom.events.models import Event
from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.roles import REPORTER, TRANSLATOR, role
from newsroom.translations.models import LANGUAGE_CODES, TranslatorLanguage
from newsroom.translations.workflow import translate_and_release


class TranslatedFactory(factory.django.DjangoModelFactory):
    """Objects whose translations are complete count as marked complete and released, as an
    editor would leave them; `released_translations=False` leaves them in progress."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def released_translations(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for code in LANGUAGE_CODES:
            if code != self.original_language and self.is_complete_in(code):
                translate_and_release(self, code, by=None)


def hashed(password: str) -> str:
    """The password hashed once per test process and hasher setting: PBKDF2 takes a quarter of a
    second on purpose, which was most of the time of tests that make a user (340 of them in
    test_shared_objects.py). Users made with the same password share its hash; logging in checks it."""
    return _hashed(password, tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hashed(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.Transformer("correct-horse-battery", transform=hashed)
    is_staff = True


class PlaceFactory(TranslatedFactory):
    class Meta:
        model = Place

    name_en = factory.Sequence(lambda n: f"Aguascalientes {n}")
    name_de = factory.LazyAttribute(lambda p: p.name_en)
    kind = Place.Kind.STATE


class OrganizationFactory(TranslatedFactory):
    class Meta:
        model = Organization

    name_en = factory.Sequence(lambda n: f"Jalisco Automotive Cluster {n}")
    name_de = factory.Sequence(lambda n: f"Automobilcluster Jalisco {n}")
    description_en = "A cluster of automotive suppliers."
    description_de = "Ein Verbund von Automobilzulieferern."
    kind = Organization.Kind.CLUSTER


class PersonFactory(TranslatedFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Carmen Hernández {n}")
    position_en = "Director General"
    position_de = "Generaldirektorin"


class SectionFactory(TranslatedFactory):
    class Meta:
        model = Section

    name_en = factory.Sequence(lambda n: f"Automotive {n}")
    name_de = factory.Sequence(lambda n: f"Automobil {n}")


class SeriesFactory(TranslatedFactory):
    class Meta:
        model = Series

    section = factory.SubFactory(SectionFactory)
    name_en = factory.Sequence(lambda n: f"View from the Top {n}")
    name_de = factory.Sequence(lambda n: f"Blick von oben {n}")


class TagFactory(TranslatedFactory):
    class Meta:
        model = Tag

    name_en = factory.Sequence(lambda n: f"Nearshoring {n}")
    name_de = factory.Sequence(lambda n: f"Nearshoring-DE {n}")


class AuthorFactory(TranslatedFactory):
    class Meta:
        model = Author

    display_name = factory.Sequence(lambda n: f"Reporter {n}")
    job_title_en = "Journalist and Industry Analyst"
    job_title_de = "Journalist und Branchenanalyst"


class EventFactory(TranslatedFactory):
    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Automotive Industry Strengthening Program {n}")
    title_de = factory.Sequence(lambda n: f"Programm zur Stärkung der Automobilindustrie {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    end_date = factory.LazyAttribute(lambda e: e.start_date + datetime.timedelta(days=2))


def jpeg_bytes(size=(64, 48), colour=(20, 40, 90), number: int = 0) -> bytes:
    """A small real JPEG. Files of different `number`s differ in their pixels (the library refuses the
    same file twice, and close colours can encode to the same bytes)."""
    import io

    from PIL import Image as Picture
    from PIL import ImageDraw

    picture = Picture.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    # The number in white squares of 4 pixels, bit by bit along the top rows.
    for bit in range(24):
        if number >> bit & 1:
            x, y = (bit % 12) * 5, (bit // 12) * 5
            draw.rectangle([x, y, x + 3, y + 3], fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(TranslatedFactory):
    """An image of the library with its file stored (a small JPEG of its own colour)."""

    class Meta:
        model = Image

    file = factory.Sequence(lambda n: ContentFile(jpeg_bytes(number=n), name=f"photo-{n}.jpg"))
    alt_en = "Workers on the assembly line of a car plant"
    alt_de = "Arbeiter am Montageband eines Autowerks"
    caption_en = "The plant in Aguascalientes."
    caption_de = "Das Werk in Aguascalientes."
    credit_en = "Photo: Cuartoscuro"
    credit_de = "Foto: Cuartoscuro"


class ArticleFactory(TranslatedFactory):
    class Meta:
        model = Article

    headline_en = factory.Sequence(lambda n: f"Aguascalientes courts Japanese suppliers, part {n}")
    headline_de = factory.Sequence(lambda n: f"Aguascalientes wirbt um japanische Zulieferer, Teil {n}")
    standfirst_en = "Twelve local firms train in Hiroshima and Yokohama."
    standfirst_de = "Zwölf lokale Firmen lernen in Hiroshima und Yokohama."
    body_en = "<p>The programme runs for two weeks.</p>"
    body_de = "<p>Das Programm dauert zwei Wochen.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            for order, author in enumerate(extracted or []):
                Byline.objects.create(article=self, author=author, order=order)


class InterviewExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewExchange

    article = factory.SubFactory(ArticleFactory, kind=Article.Kind.INTERVIEW)
    question_en = "What does the cluster need most?"
    question_de = "Was braucht der Cluster am meisten?"
    answer_en = "Suppliers who meet the rules of origin."
    answer_de = "Zulieferer, die die Ursprungsregeln erfüllen."


CONTENT_APPS = ("articles", "editorial", "events", "images", "imports", "organizations", "people", "places")


class EditorFactory(UserFactory):
    """A staff user with every permission on the content apps; `can_publish=False` makes a reporter.

    Tests log editors in with `client.force_login`, so no password is hashed: hashing is slow on purpose.
    """

    class Meta:
        skip_postgeneration_save = True

    password = factory.LazyFunction(lambda: make_password(None))

    @factory.post_generation
    def can_publish(self, create, extracted, **kwargs):
        if not create:
            return
        permissions = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
        if extracted is False:
            permissions = permissions.exclude(codename="publish_article")
        else:
            permissions |= Permission.objects.filter(content_type__app_label="translations")
        self.user_permissions.set(permissions)


class TranslatorFactory(UserFactory):
    """A member of the Translator group who translates into `languages` (German by default)."""

    class Meta:
        skip_postgeneration_save = True

    password = factory.LazyFunction(lambda: make_password(None))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if not create:
            return
        self.groups.add(role(TRANSLATOR))
        for language in ["de"] if extracted is None else extracted:
            TranslatorLanguage.objects.create(user=self, language=language)


class ReporterFactory(UserFactory):
    """A member of the Reporter group: writes and submits, cannot publish."""

    class Meta:
        skip_postgeneration_save = True

    password = factory.LazyFunction(lambda: make_password(None))

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(role(REPORTER))
