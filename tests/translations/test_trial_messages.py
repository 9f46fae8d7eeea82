"""What the translation admin says when it does not do what was asked, as a new user's trial found
it: why a translation was not released, which texts an item still lacks."""

import pytest
from django.test import Client

from newsroom.roles import role as group_of
from newsroom.translations.models import Translation
from newsroom.translations.workflow import mark_complete
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translations/translation/"


def logged_in_as(role: str, username: str) -> Client:
    user = UserFactory(username=username)
    user.groups.add(group_of(role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return logged_in_as("Editor", "editor")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_releasing_a_missing_and_an_in_progress_translation_says_why_they_were_not_released(editor):
    missing = ArticleFactory(released_translations=False).translation_in("de")
    Translation.objects.filter(pk=missing.pk).update(state=Translation.State.MISSING)
    translation = ArticleFactory(released_translations=False).translation_in("de")
    Translation.objects.filter(pk=translation.pk).update(state=Translation.State.IN_PROGRESS)

    response = editor.post(
        QUEUE,
        {"action": "release_selected", "_selected_action": [missing.pk, translation.pk], "state": "all", "index": "0"},
        follow=True,
    )

    said = messages_of(response)
    assert "0 translations released." in said
    assert "2 could not be released: only complete translations can be released (Missing, In progress)." in said, said
    assert not Translation.objects.filter(pk__in=[missing.pk, translation.pk], released_at__isnull=False).exists()


def test_releasing_one_released_before_says_it_had_nothing_new(editor):
    translation = ArticleFactory().translation_in("de")
    assert translation.is_released and not translation.awaits_release
    waiting = ArticleFactory(released_translations=False)
    waiting_translation = mark_complete(waiting, "de", by=None)

    response = editor.post(
        QUEUE + "?state=all",
        {
            "action": "release_selected",
            "_selected_action": [translation.pk, waiting_translation.pk],
            "state": "all",
            "index": "0",
        },
        follow=True,
    )

    said = messages_of(response)
    assert said[:2] == ["1 translation released.", "1 was already released, with no changes since."], said
    assert Translation.objects.get(pk=waiting_translation.pk).is_released
