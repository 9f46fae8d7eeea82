import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from newsroom.articles.models import Article
from newsroom.roles import EDITOR, role
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    OrganizationFactory,
    SectionFactory,
    TranslatorFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_an_article_switches_to_german_and_visits_its_organization_and_event(
    live_server, page, screenshot
):
    section = SectionFactory(name_en="Automotive", name_de="Automobil")
    organization = OrganizationFactory(name_en="Japan International Cooperation Agency", name_de="Japanische Agentur")
    event = EventFactory(title_en="Training in Hiroshima", title_de="Schulung in Hiroshima")
    article = ArticleFactory(
        section=section,
        headline_en="Twelve suppliers head to Japan",
        headline_de="Zwölf Zulieferer reisen nach Japan",
        authors=[AuthorFactory(display_name="Ana Ruiz")],
    )
    article.organizations.set([organization])
    article.events.set([event])

    page.goto(f"{live_server.url}/en/")
    screenshot("home-en")
    page.get_by_role("link", name="Twelve suppliers head to Japan").first.click()
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("h1").inner_text() == "Twelve suppliers head to Japan"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("article-en")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(re.compile(r"/de/"))
    assert page.locator("h1").inner_text() == "Zwölf Zulieferer reisen nach Japan"
    assert page.locator("html").get_attribute("lang") == "de"
    screenshot("article-de")

    page.get_by_role("link", name="Japanische Agentur").click()
    assert page.locator("h1").inner_text().startswith("Japanische Agentur")
    screenshot("organization-de")
    page.go_back()
    page.get_by_role("link", name="Schulung in Hiroshima").click()
    assert page.locator("h1").inner_text() == "Schulung in Hiroshima"
    screenshot("event-de")


def pick_autocomplete(page, field: str, text: str):
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_a_draft_that_readers_cannot_see_then_publishes_it(live_server, page, screenshot):
    SectionFactory(name_en="Aerospace", name_de="Luftfahrt")
    OrganizationFactory(name_en="Querétaro Aerocluster", name_de="Luftfahrtcluster Querétaro")
    EventFactory(title_en="FAMEX air show", title_de="Luftfahrtmesse FAMEX")
    editor = UserFactory(username="editor")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["articles", "organizations", "events", "places", "people"]
        )
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline_en", "Querétaro's aerospace cluster grows")
    page.locator("li[aria-controls='tab_id_headline_de']").click()
    page.fill("#id_headline_de", "Querétaros Luftfahrtcluster wächst")
    page.locator("li[aria-controls='tab_id_standfirst_en']").focus()
    page.keyboard.press("ArrowRight")  # jQuery UI switches tabs after a short delay
    page.locator("#id_standfirst_de").wait_for(state="visible", timeout=3000)
    page.locator("#tab_id_body_en").get_by_role("textbox").fill("Sixty-eight companies now.")
    pick_autocomplete(page, "section", "Aerospace")
    pick_autocomplete(page, "organizations", "Querétaro Aerocluster")
    pick_autocomplete(page, "events", "FAMEX")
    screenshot("admin-article-form")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))

    article = Article.objects.get(headline_en="Querétaro's aerospace cluster grows")
    assert article.status == Article.Status.DRAFT
    assert "<p>Sixty-eight companies now.</p>" in article.body_en
    assert article.headline_de == "Querétaros Luftfahrtcluster wächst"
    assert list(article.organizations.values_list("name_en", flat=True)) == ["Querétaro Aerocluster"]
    assert list(article.events.values_list("title_en", flat=True)) == ["FAMEX air show"]
    public_url = f"{live_server.url}{article.url_in('en')}"
    assert page.request.get(public_url).status == 404

    page.locator(f"input[name=_selected_action][value='{article.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert page.request.get(public_url).status == 200

    with translation.override("en"):
        home = reverse("home")
    page.goto(f"{live_server.url}{home}")
    assert page.get_by_role("link", name="Querétaro's aerospace cluster grows").count() == 1


def test_translator_updates_an_outdated_translation_side_by_side_and_an_editor_releases_it(
    live_server, page, screenshot
):
    from newsroom.translations.workflow import record_edit

    article = ArticleFactory(
        headline_en="Jatco opens a second line",
        headline_de="Jatco eröffnet eine zweite Linie",
        standfirst_en="The gearbox maker grows.",
        standfirst_de="Der Getriebehersteller wächst.",
    )
    article.standfirst_en = "The gearbox maker grows in Aguascalientes."
    article.save()
    record_edit(article, by=None)
    translator = TranslatorFactory(username="translator-de")
    translator.set_password("correct-horse-battery")
    translator.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "translator-de")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.locator(".translation-queue a.translation-queue__count--outdated").click()
    page.get_by_role("link", name="Jatco opens a second line").click()

    changes = page.locator(".side-by-side__changes")
    assert changes.locator("ins").inner_text().strip() == "in Aguascalientes"
    assert page.locator("input[name=headline_en], textarea[name=standfirst_en]").count() == 0
    page.get_by_label("Standfirst (German)").fill("Der Getriebehersteller wächst in Aguascalientes.")
    screenshot("admin-side-by-side")
    page.click("input[name=_complete]")
    page.wait_for_load_state()
    assert "until an editor releases your changes" in page.locator(".messagelist").inner_text()

    stored = Article.objects.get(pk=article.pk)
    assert stored.translation_in("de").state == "complete"
    # Readers keep the released German until an editor releases the update.
    page.goto(f"{live_server.url}{stored.url_in('de')}")
    assert page.locator(".standfirst").inner_text() == "Der Getriebehersteller wächst."

    editor = UserFactory(username="editor-de")
    editor.groups.add(role(EDITOR))
    editor.set_password("correct-horse-battery")
    editor.save()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor-de")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.locator(".translation-queue a.translation-queue__count--unreleased[href*='language=de']").click()
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "release_selected")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert "1 translation released." in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}{stored.url_in('de')}")
    assert page.locator(".standfirst").inner_text() == "Der Getriebehersteller wächst in Aguascalientes."
    assert page.locator("h1").inner_text() == "Jatco eröffnet eine zweite Linie"
