import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


def require(condition: bool, message: str):
    """Skip with a reason where a checker cannot be installed; never silently in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def vnu_jar():
    require(VNU_JAR.exists(), f"The Nu Html Checker is missing ({VNU_JAR}): run `npm ci`.")
    require(shutil.which("java") is not None, "The Nu Html Checker needs Java: apt-get install default-jre-headless.")
    return VNU_JAR


@pytest.fixture
def axe_source():
    require(AXE_JS.exists(), f"axe-core is missing ({AXE_JS}): run `npm ci`.")
    return AXE_JS.read_text()


@pytest.fixture
def demo_site(settings, tmp_path, django_capture_on_commit_callbacks) -> dict[str, str]:
    """The demo site; the demo accounts' passwords, which load_demo prints (random with DEBUG off)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # With an analytics tool configured, every page shows the cookie banner: it is checked too.
    settings.ANALYTICS_SCRIPT_URL = "/static/js/analytics-demo.js"
    output = io.StringIO()
    # The search documents are built when the demo's transaction commits, which a test's never does.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=output)
    give_pictures()
    return dict(re.findall(r"^Demo \w+: (\S+) / (\S+)$", output.getvalue(), re.MULTILINE))


def give_pictures():
    """The demo's articles have their pictures; the author, organization, person and event whose
    pages are checked get one too (a portrait, a logo, an event's), all as `<picture>`s."""
    from newsroom.articles.models import Author
    from newsroom.events.models import Event
    from newsroom.images.models import Image
    from newsroom.organizations.models import Organization
    from newsroom.people.models import Person

    image = Image.objects.order_by("pk").first()
    Author.objects.filter(pk=Author.objects.first().pk).update(portrait=image)
    Organization.objects.filter(pk=Organization.objects.published().first().pk).update(logo_image=image)
    Person.objects.filter(pk=Person.objects.published().first().pk).update(portrait=image)
    Event.objects.filter(pk=Event.objects.published().first().pk).update(image=image)


def public_pages() -> list[tuple[str, str]]:
    """(name, URL) of every public page type in every language, from the demo content."""
    from newsroom.articles.models import Article, Author, Section, Series, Tag
    from newsroom.events.models import Event
    from newsroom.newsletter.models import Subscription
    from newsroom.organizations.models import Organization
    from newsroom.people.models import Person
    from newsroom.places.models import Place

    pages = []
    untranslated = Article.objects.published().filter(headline_de__in=["", None]).first()
    for language in ("en", "de"):
        with translation.override(language):
            article_list = reverse("articles:list")
            search = reverse("search:results")
            pages += [
                (f"{language}-home", reverse("home")),
                (f"{language}-search-form", search),
                # Results with entity cards, facets and snippets; a misspelling's "did you mean"; no words.
                (f"{language}-search", f"{search}?q=Japan"),
                (f"{language}-search-compound", f"{search}?q=Zulieferer"),
                (f"{language}-search-misspelled", f"{search}?q=Aguascalientez"),
                (f"{language}-search-bad", f"{search}?q=%21%21%21"),
                (f"{language}-filtered", f"{article_list}?kind=analysis&date_from=2026-01-01"),
                (f"{language}-bad-filter", f"{article_list}?date_from=2026-13-45"),
                (f"{language}-events", reverse("events:list")),
                (f"{language}-corrections", reverse("articles:corrections")),
                (f"{language}-past-events", reverse("events:past")),
                (f"{language}-not-found", f"/{language}/no-such-page/"),
            ]
        objects = {
            "article": Article.objects.published().exclude(kind=Article.Kind.INTERVIEW).exclude(is_live=True).first(),
            "live-article": Article.objects.published().filter(is_live=True).first(),
            "interview": Article.objects.published().filter(kind=Article.Kind.INTERVIEW).first(),
            "untranslated-article": untranslated,
            "corrected-article": Article.objects.published().filter(corrections__isnull=False).first(),
            "section": Section.objects.first(),
            "series": Series.objects.first(),
            "tag": Tag.objects.first(),
            "author": Author.objects.first(),
            "organization": Organization.objects.published().first(),
            "person": Person.objects.published().first(),
            "place": Place.objects.published().first(),
            "event": Event.objects.published().first(),
        }
        pages += [(f"{language}-{name}", obj.url_in(language)) for name, obj in objects.items()]
        # The newsletter's pages; those behind a mail's links for a reader who has just signed up.
        reader, _created = Subscription.objects.get_or_create(email="reader@example.com", language=language)
        with translation.override(language):
            pages += [
                (f"{language}-newsletter", reverse("newsletter:subscribe")),
                (f"{language}-newsletter-sent", reverse("newsletter:sent")),
                (f"{language}-newsletter-confirm", reverse("newsletter:confirm", args=[reader.confirmation_token])),
                (f"{language}-newsletter-leave", reverse("newsletter:unsubscribe", args=[reader.unsubscribe_token])),
                (f"{language}-newsletter-bad-link", reverse("newsletter:confirm", args=["not-a-token"])),
                (f"{language}-ai-labels", reverse("articles:ai-labels")),
                (f"{language}-cookie-settings", reverse("cookie-settings")),
            ]
    return pages
