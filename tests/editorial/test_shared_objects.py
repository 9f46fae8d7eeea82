"""Who may make, change and delete what articles share — tags, sections, series, authors,
organizations, people, places, events — per role, enforced on the server.

A reporter makes tags and fixes the ones readers do not see yet; what readers see on a live or
scheduled article (a tag's name, also in the article's structured data) is changed by an editor.
Each action is done as its user would — the admin's own form, its popup from the article form, the
bulk delete — and where a role is not offered the form, by posting what an editor's form sends.
The test then checks the database.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from newsroom.articles.models import Article, Byline, Tag
from newsroom.roles import ADMINISTRATOR, EDITOR, REPORTER, TRANSLATOR, role
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
    SeriesFactory,
    TagFactory,
    TranslatorFactory,
    UserFactory,
)
from tests.pages import form_data, get_page, parse

pytestmark = pytest.mark.django_db

NEW_NAME = "Querétaro aerospace cluster"


def put_tag(article, tag):
    article.tags.add(tag)


def put_section(article, section):
    article.section = section
    article.save()


def put_series(article, series):
    article.series = series
    article.save()


def put_author(article, author):
    Byline.objects.create(article=article, author=author)


def put_in(relation):
    def put(article, obj):
        getattr(article, relation).add(obj)

    return put


# Per shared object: its factory, the field that names it, how an article uses it, and what else
# its add form needs.
SHARED = {
    "tag": (TagFactory, "name_en", put_tag, dict),
    "section": (SectionFactory, "name_en", put_section, dict),
    "series": (SeriesFactory, "name_en", put_series, lambda: {"section": str(SectionFactory().pk)}),
    "author": (AuthorFactory, "display_name", put_author, dict),
    "organization": (OrganizationFactory, "name_en", put_in("organizations"), lambda: {"kind": "cluster"}),
    "person": (PersonFactory, "name", put_in("people"), dict),
    "place": (PlaceFactory, "name_en", put_in("places"), lambda: {"kind": "city"}),
    "event": (
        EventFactory,
        "title_en",
        put_in("events"),
        lambda: {"start_date": "2026-06-10", "end_date": "2026-06-11"},
    ),
}


def admin_url(kind: str, suffix: str = "") -> str:
    model = SHARED[kind][0]._meta.model
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def full_form(url: str, form_id: str) -> dict[str, list[str]]:
    """What the form at `url` sends when someone allowed everything submits it untouched."""
    chief, _created = User.objects.get_or_create(username="chief", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(chief)
    return form_data(get_page(client, url), form_id)


def shared_object(kind: str, used_by: str | None, user=None):
    """A `kind` used by no article, or by a live, scheduled or draft article (of `user`, if given)."""
    factory, _name, put, _extra = SHARED[kind]
    obj = factory()
    if used_by is not None:
        states = {
            "live": {},
            "scheduled": {"published_at": timezone.now() + datetime.timedelta(days=1)},
            "draft": {"status": Article.Status.DRAFT, "published_at": None},
        }
        article = ArticleFactory(created_by=user, **states[used_by])
        put(article, obj)
    return obj


def name_of(kind: str, obj) -> str:
    obj.refresh_from_db()
    return getattr(obj, SHARED[kind][1])


def rename(client, kind, obj, query="") -> bool:
    url = admin_url(kind, f"{obj.pk}/change/{query}")
    model_name = SHARED[kind][0]._meta.model._meta.model_name
    data = full_form(url, f"{model_name}_form")
    data[SHARED[kind][1]] = [NEW_NAME]
    client.post(url, data)
    return name_of(kind, obj) == NEW_NAME


def make_new(client, kind, query="", name=NEW_NAME) -> bool:
    url = admin_url(kind, f"add/{query}")
    model = SHARED[kind][0]._meta.model
    data = full_form(url, f"{model._meta.model_name}_form")
    data[SHARED[kind][1]] = [name]
    data.update({field: [value] for field, value in SHARED[kind][3]().items()})
    client.post(url, data)
    return model.objects.filter(**{SHARED[kind][1]: name}).exists()


def delete(client, kind, obj, query="") -> bool:
    client.post(admin_url(kind, f"{obj.pk}/delete/{query}"), {"post": "yes"})
    return not type(obj).objects.filter(pk=obj.pk).exists()


def bulk_delete(client, kind, obj) -> bool:
    data = {"action": ["delete_selected"], "_selected_action": [str(obj.pk)], "index": ["0"], "post": ["yes"]}
    client.post(admin_url(kind), data)
    return not type(obj).objects.filter(pk=obj.pk).exists()


def create(client, user, kind):
    return make_new(client, kind)


def create_in_the_article_forms_popup(client, user, kind):
    return make_new(client, kind, "?_to_field=id&_popup=1")


def rename_one_no_article_uses(client, user, kind):
    return rename(client, kind, shared_object(kind, None))


def rename_one_on_a_draft(client, user, kind):
    return rename(client, kind, shared_object(kind, "draft", user))


def rename_one_on_a_live_article(client, user, kind):
    return rename(client, kind, shared_object(kind, "live", user))


def rename_one_on_a_scheduled_article(client, user, kind):
    return rename(client, kind, shared_object(kind, "scheduled", user))


def rename_one_on_a_live_article_in_the_popup(client, user, kind):
    return rename(client, kind, shared_object(kind, "live", user), "?_to_field=id&_popup=1")


def delete_one_on_own_draft(client, user, kind):
    return delete(client, kind, shared_object(kind, "draft", user))


def delete_one_on_a_colleagues_draft(client, user, kind):
    return delete(client, kind, shared_object(kind, "draft"))


def delete_one_on_a_live_article(client, user, kind):
    return delete(client, kind, shared_object(kind, "live", user))


def delete_one_on_a_live_article_in_the_popup(client, user, kind):
    return delete(client, kind, shared_object(kind, "live", user), "?_popup=1")


def bulk_delete_one_on_own_draft(client, user, kind):
    return bulk_delete(client, kind, shared_object(kind, "draft", user))


def bulk_delete_one_on_a_live_article(client, user, kind):
    return bulk_delete(client, kind, shared_object(kind, "live", user))


def restore_an_earlier_name_on_a_live_article(client, user, kind):
    import reversion
    from reversion.models import Version

    obj = shared_object(kind, "live", user)
    with reversion.create_revision():
        obj.save()
    earlier = Version.objects.get_for_object(obj).first()
    with reversion.create_revision():
        setattr(obj, SHARED[kind][1], "Renamed since")
        obj.save()
    url = admin_url(kind, f"{obj.pk}/history/{earlier.pk}/")
    data = full_form(url, f"{SHARED[kind][0]._meta.model._meta.model_name}_form")
    client.post(url, data)
    return name_of(kind, obj) != "Renamed since"


EDITORS = {EDITOR, ADMINISTRATOR}
# What a reporter may do to a tag; to any other shared object, nothing but read it.
REPORTER_ON_TAGS = {
    create,
    create_in_the_article_forms_popup,
    rename_one_no_article_uses,
    rename_one_on_a_draft,
    delete_one_on_own_draft,
    bulk_delete_one_on_own_draft,
}
ACTIONS = [
    create,
    create_in_the_article_forms_popup,
    rename_one_no_article_uses,
    rename_one_on_a_draft,
    rename_one_on_a_live_article,
    rename_one_on_a_scheduled_article,
    rename_one_on_a_live_article_in_the_popup,
    delete_one_on_own_draft,
    delete_one_on_a_colleagues_draft,
    delete_one_on_a_live_article,
    delete_one_on_a_live_article_in_the_popup,
    bulk_delete_one_on_own_draft,
    bulk_delete_one_on_a_live_article,
    restore_an_earlier_name_on_a_live_article,
]


# An article's section and its writers' author entries cannot be deleted while it has them.
PROTECTED = {"section", "author"}
DELETES_OF_USED = {
    delete_one_on_own_draft,
    delete_one_on_a_colleagues_draft,
    delete_one_on_a_live_article,
    delete_one_on_a_live_article_in_the_popup,
    bulk_delete_one_on_own_draft,
    bulk_delete_one_on_a_live_article,
}


def allowed(role_name, action, kind) -> bool:
    if kind in PROTECTED and action in DELETES_OF_USED:
        return False
    if role_name in EDITORS:
        return True
    return role_name == REPORTER and kind == "tag" and action in REPORTER_ON_TAGS


def member_of(name: str) -> User:
    if name == TRANSLATOR:
        return TranslatorFactory(username="translator")
    user = UserFactory(username=name.lower())
    user.groups.add(role(name))
    return user


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
@pytest.mark.parametrize("kind", SHARED)
# Administrators are editors here (tests/editorial/test_roles.py tells them apart).
@pytest.mark.parametrize("role_name", [REPORTER, EDITOR, TRANSLATOR])
def test_each_role_may_do_exactly_what_it_is_allowed_to_shared_objects(role_name, kind, action):
    user = member_of(role_name)
    client = Client()
    client.force_login(user)

    assert action(client, user, kind) is allowed(role_name, action, kind)


def test_a_reporter_sees_why_a_tag_on_a_live_article_is_read_only_and_readers_keep_its_name():
    reporter = member_of(REPORTER)
    tag = TagFactory(name_en="Nearshoring")
    article = ArticleFactory(headline_en="Nissan moves its engine line to Aguascalientes")
    article.tags.add(tag)
    client = Client()
    client.force_login(reporter)
    url = admin_url("tag", f"{tag.pk}/change/")

    page = get_page(client, url)
    assert not page.find_all("input", name="name_en")
    assert not page.find_all("input", type="submit")
    warning = " ".join(page.texts("li", class_="warning"))
    assert "only an editor can rename or delete it" in warning

    data = full_form(url, "tag_form")
    data["name_en"] = ["Nearshoring scam"]
    assert client.post(url, data).status_code == 403
    assert client.post(admin_url("tag", f"{tag.pk}/delete/"), {"post": "yes"}).status_code == 403

    reader_page = Client().get(article.url_in("en"))
    assert "Nearshoring scam" not in reader_page.content.decode()
    assert "Nearshoring" in " ".join(parse(reader_page).texts("a"))


def test_a_reporter_fixes_the_typo_in_the_tag_they_just_made_for_their_draft():
    reporter = member_of(REPORTER)
    client = Client()
    client.force_login(reporter)
    assert make_new(client, "tag", "?_to_field=id&_popup=1", name="Queretaro aerospace clustr")
    tag = Tag.objects.get(name_en="Queretaro aerospace clustr")
    ArticleFactory(created_by=reporter, status=Article.Status.DRAFT, published_at=None).tags.add(tag)

    assert rename(client, "tag", tag)
    assert not get_page(client, admin_url("tag", f"{tag.pk}/change/")).find_all("li", class_="warning")


def test_a_reporter_cannot_delete_a_tag_an_editors_waiting_change_puts_on_a_live_article():
    reporter = member_of(REPORTER)
    editor = Client()
    editor.force_login(member_of(EDITOR))
    tag = TagFactory(name_en="Seat makers")
    article = ArticleFactory(headline_en="Tachi-S creates 700 jobs in Aguascalientes")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(get_page(editor, url), "article_form")
    data.update(tags=[str(tag.pk)], _save_without_publishing=["1"])
    assert editor.post(url, data).status_code == 302
    client = Client()
    client.force_login(reporter)

    assert not delete(client, "tag", tag)
    assert not bulk_delete(client, "tag", tag)
    refusal = parse(
        client.post(
            admin_url("tag"),
            {"action": "delete_selected", "_selected_action": [str(tag.pk)], "index": "0"},
            follow=True,
        )
    )
    # (The refused bulk delete above left the same message waiting for this page.)
    assert set(refusal.texts("li", class_="error")) == {
        "The tag “Seat makers” is in an editor's changes to a live article, not yet published: "
        "only an editor can delete it."
    }

    data = form_data(get_page(editor, url), "article_form")
    data["_publish_changes"] = ["1"]
    editor.post(url, data)
    assert list(article.tags.all()) == [tag]
    assert "Seat makers" in " ".join(parse(Client().get(article.url_in("en"))).texts("a"))


def test_a_reporters_bulk_delete_of_tags_an_editor_must_delete_says_why_in_german_and_deletes_none():
    reporter = member_of(REPORTER)
    live = TagFactory(name_en="Nearshoring", name_de="Nearshoring")
    ArticleFactory(headline_en="Nissan moves its engine line to Aguascalientes").tags.add(live)
    colleagues = TagFactory(name_en="Automotive suppliers", name_de="Automobilzulieferindustrie")
    ArticleFactory(status=Article.Status.DRAFT, published_at=None).tags.add(colleagues)
    own = TagFactory(name_en="Querétaro aerospace clustr")
    ArticleFactory(created_by=reporter, status=Article.Status.DRAFT, published_at=None).tags.add(own)
    client = Client()
    client.force_login(reporter)
    client.cookies.load({"django_language": "de"})
    selected = [str(tag.pk) for tag in (live, colleagues, own)]

    response = client.post(
        admin_url("tag"), {"action": "delete_selected", "_selected_action": selected, "index": "0"}, follow=True
    )

    page = parse(response)
    assert page.texts("li", class_="error") == [
        "Das Thema „Nearshoring“ steht an einem veröffentlichten oder geplanten Artikel, wo Leser es sehen: "
        "Nur Redakteurinnen und Redakteure können es löschen. Bitten Sie die Redaktion darum, wenn es weg soll.",
        "Das Thema „Automobilzulieferindustrie“ steht auch an einem Artikel von Kolleginnen oder Kollegen: "
        "Nur Redakteurinnen und Redakteure können es löschen.",
    ]
    assert page.texts("li", class_="info") == ["Es wurde nichts gelöscht."]
    assert "geschützter verwandter Objekte" not in page.text
    assert Tag.objects.filter(pk__in=selected).count() == 3
    # Without the tags an editor must delete, the reporter's own goes as before, after Django's confirmation.
    confirm = parse(client.post(admin_url("tag"), {"action": "delete_selected", "_selected_action": [str(own.pk)]}))
    assert "Sind Sie sicher" in confirm.text
    assert bulk_delete(client, "tag", own)
