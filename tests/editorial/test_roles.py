"""Who may do what to an article, per role, enforced on the server.

Each action is done the way its user would do it — through the admin's own form or action — and
where a role is not offered the form, by posting what an editor's form would send (a forged request).
The test then checks what happened in the database, not which button was shown.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from newsroom.articles.models import Article
from newsroom.roles import ADMINISTRATOR, EDITOR, REPORTER, TRANSLATOR, role
from tests.factories import ArticleFactory, SectionFactory, TranslatorFactory, UserFactory
from tests.pages import form_data, get_page

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"


def change_url(article):
    return f"{ARTICLES}{article.pk}/change/"


def member_of(name: str) -> User:
    if name == TRANSLATOR:
        return TranslatorFactory(username="translator")
    user = UserFactory(username=name.lower())
    user.groups.add(role(name))
    return user


def full_form(url: str, form_id: str) -> dict[str, list[str]]:
    """What the form at `url` sends when someone allowed everything submits it untouched."""
    chief, _created = User.objects.get_or_create(username="chief", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(chief)
    return form_data(get_page(client, url), form_id)


def save_article(client, article, **changes) -> None:
    data = full_form(change_url(article), "article_form")
    data.update({name: [value] for name, value in changes.items()})
    data["_publish_changes"] = ["1"]  # for a live article: publish the change at once
    client.post(change_url(article), data)
    article.refresh_from_db()


def edit_own_draft(client, user):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user)
    save_article(client, article, headline_en="Changed by its writer", status="draft")
    return article.headline_en == "Changed by its writer"


def edit_someone_elses_draft(client, user):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save_article(client, article, headline_en="Changed by a colleague", status="draft")
    return article.headline_en == "Changed by a colleague"


def submit_own_draft_for_review(client, user):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user)
    save_article(client, article, status="in_review")
    return article.status == Article.Status.IN_REVIEW


def publish_own_draft_through_the_form(client, user):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, created_by=user)
    save_article(client, article, status="published")
    return article.status == Article.Status.PUBLISHED


def edit_a_published_article(client, user):
    article = ArticleFactory(created_by=user)
    save_article(client, article, headline_en="Changed after publication")
    return article.headline_en == "Changed after publication"


def run_action(client, action, article):
    data = full_form(ARTICLES, "changelist-form")
    data.update(action=[action], _selected_action=[str(article.pk)], index=["0"])
    client.post(ARTICLES, data)
    article.refresh_from_db()


def publish_with_the_action(client, user):
    article = ArticleFactory(status=Article.Status.IN_REVIEW, published_at=None, created_by=user)
    run_action(client, "publish", article)
    return article.status == Article.Status.PUBLISHED


def unpublish_with_the_action(client, user):
    article = ArticleFactory(created_by=user)
    run_action(client, "unpublish", article)
    return article.status == Article.Status.UNPUBLISHED


def delete_own_draft(client, user):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user)
    client.post(f"{ARTICLES}{article.pk}/delete/", {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists()


def write_a_new_article(client, user):
    data = full_form(f"{ARTICLES}add/", "article_form")
    data.update(headline_en=["Filed by " + user.username], section=[str(SectionFactory().pk)], status=["draft"])
    client.post(f"{ARTICLES}add/", data)
    return Article.objects.filter(headline_en="Filed by " + user.username).exists()


def forge_inline_row(client, user, prefix, **row):
    """Post a new row of one of the article's inlines on the user's own draft, form or not."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user)
    save_article(client, article, **{f"{prefix}-TOTAL_FORMS": "1", **{f"{prefix}-0-{k}": v for k, v in row.items()}})
    return getattr(article, prefix).exists()


def add_a_correction_to_own_draft(client, user):
    when = {"published_at_0": "2026-01-01", "published_at_1": "10:00:00"}
    return forge_inline_row(client, user, "corrections", kind="correction", text_en="A forged note.", **when)


def make_a_share_link_for_own_draft(client, user):
    until = {"expires_at_0": "2030-01-01", "expires_at_1": "10:00:00"}
    return forge_inline_row(client, user, "preview_links", language="en", **until)


def restore_an_earlier_revision(client, user):
    import reversion
    from reversion.models import Version

    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=user, headline_en="Earlier")
    with reversion.create_revision():
        article.save()
    with reversion.create_revision():
        article.headline_en = "Later"
        article.save()
    earlier = Version.objects.get_for_object(article).last()
    url = f"{ARTICLES}{article.pk}/history/{earlier.pk}/"
    data = full_form(url, "article_form")
    client.post(url, data)
    article.refresh_from_db()
    return article.headline_en == "Earlier"


def create_an_account(client, user):
    data = full_form("/admin/auth/user/add/", "user_form")
    data.update(username=["newcomer"], password1=["Cluster-Bajio-2026"], password2=["Cluster-Bajio-2026"])
    client.post("/admin/auth/user/add/", data)
    return User.objects.filter(username="newcomer").exists()


ACTIONS = {
    edit_own_draft: {REPORTER, EDITOR, ADMINISTRATOR},
    edit_someone_elses_draft: {EDITOR, ADMINISTRATOR},
    submit_own_draft_for_review: {REPORTER, EDITOR, ADMINISTRATOR},
    publish_own_draft_through_the_form: {EDITOR, ADMINISTRATOR},
    edit_a_published_article: {EDITOR, ADMINISTRATOR},
    publish_with_the_action: {EDITOR, ADMINISTRATOR},
    unpublish_with_the_action: {EDITOR, ADMINISTRATOR},
    delete_own_draft: {EDITOR, ADMINISTRATOR},
    write_a_new_article: {REPORTER, EDITOR, ADMINISTRATOR},
    add_a_correction_to_own_draft: {EDITOR, ADMINISTRATOR},
    make_a_share_link_for_own_draft: {EDITOR, ADMINISTRATOR},
    restore_an_earlier_revision: {REPORTER, EDITOR, ADMINISTRATOR},
    create_an_account: {ADMINISTRATOR},
}


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
@pytest.mark.parametrize("role_name", [REPORTER, EDITOR, TRANSLATOR, ADMINISTRATOR])
def test_each_role_may_do_exactly_what_it_is_allowed(role_name, action):
    user = member_of(role_name)
    client = Client()
    client.force_login(user)

    assert action(client, user) is (role_name in ACTIONS[action])
