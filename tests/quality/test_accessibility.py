"""axe-core, injected into Chromium, finds no WCAG 2.2 AA violation on any public page type."""

import pytest

from .conftest import public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def context_options():
    # axe is injected as an inline script, which the site's own policy rightly refuses.
    return {"bypass_csp": True}


def test_every_public_page_type_has_no_accessibility_violation(live_server, page, screenshot, demo_site, axe_source):
    found = []
    pages = public_pages()
    for name, url in pages:
        page.goto(f"{live_server.url}{url}")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async (tags) => (await axe.run({runOnly: tags})).violations"
            ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            AXE_TAGS,
        )
        found += [f"{url} {violation}" for violation in violations]
        # A full-page picture of every page type in both languages, for people to look at.
        screenshot(name)
    assert len(pages) >= 36
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_admins_article_and_translation_pages_have_no_accessibility_violation(
    live_server, page, demo_site, axe_source, language
):
    from django.utils import timezone

    from newsroom.articles.models import Article
    from newsroom.planning.models import PlannedStory
    from newsroom.translations.models import Translation

    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", demo_site["editor"])
    page.click("input[type=submit]")
    import reversion
    from reversion.models import Version

    interview = Article.objects.filter(kind=Article.Kind.INTERVIEW).first()
    # The corrected article's (the live article's is outdated by its newest update too).
    live = [str(pk) for pk in Article.objects.filter(is_live=True).values_list("pk", flat=True)]
    outdated = Translation.objects.exclude(object_id__in=live).get(state=Translation.State.OUTDATED).content_object
    with reversion.create_revision():
        outdated.headline_en += " (updated)"
        outdated.save()
    newer, older = Version.objects.get_for_object(outdated)[:2]
    history = f"/admin/articles/article/{outdated.pk}/history/"
    found = []
    for url in (
        "/admin/articles/article/add/",
        f"/admin/articles/article/{interview.pk}/change/",
        "/admin/",
        "/admin/translations/translation/",
        f"/admin/articles/article/{outdated.pk}/translate/de/",
        f"/admin/articles/article/{interview.pk}/translate/de/",
        f"/admin/articles/article/{outdated.pk}/translate/de/preview/",
        history,
        f"{history}compare/?from={older.pk}&to={newer.pk}",
        f"{history}{older.pk}/",
        f"/admin/articles/article/{interview.pk}/preview/{language}/",
        # The planning board: the demo's week, one day of it, and a plan.
        "/admin/planning/plannedstory/calendar/",
        f"/admin/planning/plannedstory/calendar/?day={timezone.localdate().isoformat()}",
        f"/admin/planning/plannedstory/{PlannedStory.objects.filter(article__isnull=True).first().pk}/change/",
    ):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async (tags) => (await axe.run({runOnly: tags})).violations"
            ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            AXE_TAGS,
        )
        found += [f"{url} {violation}" for violation in violations]
    assert found == [], "\n".join(found)
