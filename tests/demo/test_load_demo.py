"""The demo's logins: the documented passwords for `make run` (DEBUG on), random ones printed once
anywhere else, so a staging or production site does not open to a guessable pattern; there, accounts
that exist are left as their administrators set them."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from newsroom.articles.models import Article
from newsroom.demo.management.commands.load_demo import DEMO_USERS
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR, role
from newsroom.translations.models import Translation, TranslatorLanguage
from tests.logins.conftest import is_logged_in, log_in

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^Demo \w+: (\w+) (/ \S+|\(.+\))$", re.MULTILINE)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load_demo(*args) -> tuple[dict[str, str], str]:
    output = io.StringIO()
    call_command("load_demo", *args, stdout=output)
    return dict(LOGIN_LINE.findall(output.getvalue())), output.getvalue()


def logs_in(username: str, password: str) -> bool:
    client = Client(REMOTE_ADDR="198.51.100.20")
    log_in(client, username, password)
    return is_logged_in(client)


def test_with_debug_off_each_demo_account_gets_a_random_password_printed_once(settings):
    settings.DEBUG = False

    printed, output = load_demo()

    passwords = {username: line.removeprefix("/ ") for username, line in printed.items()}
    assert set(passwords) == set(DEMO_USERS)
    assert len(set(passwords.values())) == len(DEMO_USERS)
    for username, password in passwords.items():
        assert len(password) >= 16 and username not in password and "demo" not in password
        assert not logs_in(username, DEMO_USERS[username][0])
        assert logs_in(username, password)
    assert "shown only now" in output


def test_run_again_with_debug_off_it_keeps_the_passwords_but_replaces_a_documented_one(settings):
    settings.DEBUG = False
    first, _output = load_demo()

    # A database that `make run` filled, then put on a server: the editor still has the documented password.
    editor = User.objects.get(username="editor")
    editor.set_password(DEMO_USERS["editor"][0])
    editor.save()

    again, _output = load_demo()

    assert again["reporter"] == again["translator"] == "(keeps its password)"
    assert logs_in("reporter", first["reporter"].removeprefix("/ "))
    assert again["editor"].startswith("/ ") and again["editor"] != first["editor"]
    assert not logs_in("editor", DEMO_USERS["editor"][0])
    assert logs_in("editor", again["editor"].removeprefix("/ "))


def test_with_debug_on_make_run_gives_the_documented_passwords(settings):
    settings.DEBUG = True

    printed, output = load_demo()

    assert printed == {username: f"/ {password}" for username, (password, _role) in DEMO_USERS.items()}
    assert logs_in("editor", "editor-demo-2026")
    assert "shown only now" not in output


def set_up_by_an_administrator():
    """What a staging site's administrator may have done to the demo accounts since the last load."""
    User.objects.filter(username="editor").update(is_active=False)
    User.objects.filter(username="reporter").update(is_superuser=True)
    translator = User.objects.get(username="translator")
    translator.set_unusable_password()
    translator.save()
    translator.groups.set([role(EDITOR)])
    TranslatorLanguage.objects.filter(user=translator).delete()


def roles_of(username: str) -> list[str]:
    return list(User.objects.get(username=username).groups.values_list("name", flat=True))


def test_with_debug_off_accounts_that_exist_are_left_as_their_administrator_set_them(settings):
    settings.DEBUG = False
    first, _output = load_demo()
    set_up_by_an_administrator()

    again, output = load_demo()

    editor, reporter, translator = (User.objects.get(username=name) for name in ("editor", "reporter", "translator"))
    assert not editor.is_active
    assert reporter.is_superuser and reporter.is_staff
    assert not translator.has_usable_password()
    assert roles_of("translator") == [EDITOR]
    assert not TranslatorLanguage.objects.filter(user=translator).exists()
    assert not logs_in("editor", first["editor"].removeprefix("/ "))
    assert logs_in("reporter", first["reporter"].removeprefix("/ "))
    assert again == {
        "editor": "(keeps its password, switched off)",
        "reporter": "(keeps its password, superuser)",
        "translator": "(has no usable password)",
        "admin": "(keeps its password)",
    }
    assert "Left as they were: editor, reporter, translator, admin" in output
    assert "--reset-demo-accounts" in output
    assert "shown only now" not in output


def test_with_debug_off_the_reset_option_restores_the_demo_accounts(settings):
    settings.DEBUG = False
    first, _output = load_demo()
    set_up_by_an_administrator()

    again, output = load_demo("--reset-demo-accounts")

    assert User.objects.get(username="editor").is_active
    assert not User.objects.get(username="reporter").is_superuser
    assert [roles_of(name) for name in ("editor", "reporter", "translator")] == [[EDITOR], [REPORTER], [TRANSLATOR]]
    assert TranslatorLanguage.objects.filter(user__username="translator", language="de").exists()
    assert again["editor"] == again["reporter"] == "(keeps its password)"
    assert logs_in("editor", first["editor"].removeprefix("/ "))
    # The account shut with an unusable password gets a new one, printed once.
    assert again["translator"].startswith("/ ")
    assert logs_in("translator", again["translator"].removeprefix("/ "))
    assert "shown only now" in output and "Left as they were" not in output


def test_with_debug_on_make_run_restores_the_demo_accounts_and_their_documented_logins(settings):
    settings.DEBUG = False
    load_demo()
    set_up_by_an_administrator()
    settings.DEBUG = True

    load_demo()

    for username, (password, role_name) in DEMO_USERS.items():
        assert roles_of(username) == [role_name]
        assert logs_in(username, password)
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_demo_translators_outdated_translation_is_not_offered_as_the_translation_of_its_new_original(settings):
    settings.DEBUG = True
    load_demo()
    translator = Client()
    translator.force_login(User.objects.get(username="translator"))
    # The one whose original was corrected (the live article's is outdated by an update).
    outdated = Translation.objects.exclude(object_id__in=live_article_ids()).get(
        state=Translation.State.OUTDATED, language="de"
    )

    page = translator.get(f"/admin/articles/article/{outdated.object_id}/translate/de/").content.decode()

    # Remembered is what the translator confirmed: the earlier original with its translation, a close match.
    assert "Translated before: an original" in page
    assert "Translated before: the same original" not in page


def live_article_ids() -> list[str]:
    return [str(pk) for pk in Article.objects.filter(is_live=True).values_list("pk", flat=True)]


def test_the_demo_live_article_is_released_in_german_with_its_newest_update_waiting_for_the_translator(client):
    load_demo()
    article = Article.objects.get(is_live=True)

    assert article.is_live_now
    assert article.live_updates.count() >= 12
    assert article.translation_in("de").state == Translation.State.OUTDATED
    assert article.readable_languages == ["en", "de"]
    newest = article.live_updates.first()
    assert newest.body_en and not newest.body_de
    page = client.get(article.url_in("de")).content.decode()
    assert f'id="update-{newest.pk}"' in page
    assert 'lang="en"' in page
