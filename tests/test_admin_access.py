"""A role is enough to enter the admin; the login page says why an account cannot; the user form says
what each role may do and warns about a translator without a language, who sees whom to ask."""

import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from newsroom.roles import ADMINISTRATOR, EDITOR, REPORTER, TRANSLATOR, role
from newsroom.translations.models import TranslatorLanguage
from tests.factories import ArticleFactory, UserFactory
from tests.pages import form_data, get_page, logged_in, parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
USERS = "/admin/auth/user/"


def administrator():
    user = UserFactory(username="ana", first_name="Ana", last_name="López")
    user.groups.add(role(ADMINISTRATOR))
    return user


def log_in(username, password=PASSWORD, **headers):
    """The admin's login form, as a person fills it in; the client, and the page it answered."""
    client = Client(**headers)
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return client, response


def login_error(response) -> str:
    return " ".join(parse(response).texts(class_="errornote"))


def save_user_form(client, user, **changes):
    url = f"{USERS}{user.pk}/change/"
    data = form_data(get_page(client, url), "user_form")
    data.update(changes)
    return client.post(url, data, follow=True)


def role_ids(*names):
    return [str(role(name).pk) for name in names]


def test_a_role_given_on_the_new_user_form_lets_the_person_into_the_admin():
    admin = logged_in(administrator())
    data = form_data(get_page(admin, f"{USERS}add/"), "user_form")
    data.update(
        username=["rita"],
        first_name=["Rita"],
        last_name=["Querétaro Domínguez"],
        password1=[PASSWORD],
        password2=[PASSWORD],
        groups=role_ids(REPORTER),
    )
    admin.post(f"{USERS}add/", data)

    rita = User.objects.get(username="rita")
    assert list(rita.groups.values_list("name", flat=True)) == [REPORTER]
    client, response = log_in("rita")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/articles/article/").status_code == 200


@pytest.mark.parametrize("side", ["the user's", "the role's"])
def test_a_role_given_in_a_shell_is_enough_from_either_side(side):
    user = UserFactory(username="ines", is_staff=False)
    if side == "the user's":
        user.groups.add(role(EDITOR))
        user.save()  # the object in hand keeps the new status
    else:
        role(EDITOR).user_set.add(user)

    _client, response = log_in("ines")
    assert response.status_code == 302


def test_taking_the_last_role_away_closes_the_admin_and_the_login_says_why():
    ines = UserFactory(username="ines", is_staff=False)
    ines.groups.add(role(EDITOR), role(TRANSLATOR))
    admin = logged_in(administrator())

    save_user_form(admin, ines, groups=role_ids(TRANSLATOR))
    ines.refresh_from_db()
    assert ines.is_staff

    save_user_form(admin, ines, groups=[])
    ines.refresh_from_db()
    assert not ines.is_staff
    _client, response = log_in("ines")
    assert response.status_code == 200
    assert "no role in the newsroom" in login_error(response)
    assert "password" not in login_error(response).replace("Your password is right", "")


def test_a_superuser_keeps_the_admin_without_a_role():
    chief = UserFactory(username="chief", is_superuser=True)
    chief.groups.add(role(EDITOR))
    chief.groups.clear()
    chief.refresh_from_db()
    assert chief.is_staff


def test_an_account_without_a_role_is_told_so_only_with_the_right_password():
    UserFactory(username="pablo", is_staff=False)

    _client, right = log_in("pablo")
    _client, wrong = log_in("pablo", "wrong-horse")

    assert "no role in the newsroom" in login_error(right)
    assert "Ask an administrator" in login_error(right)
    assert "no role" not in login_error(wrong)
    assert "The username or the password is wrong." in login_error(wrong)


def test_a_switched_off_account_is_told_so_only_with_the_right_password():
    user = UserFactory(username="marta", is_active=False)
    user.groups.add(role(REPORTER))

    _client, right = log_in("marta")
    _client, wrong = log_in("marta", "wrong-horse")
    _client, unknown = log_in("nobody-here")

    assert right.status_code == 200
    assert "switched off" in login_error(right)
    assert login_error(wrong) == login_error(unknown)
    assert "switched off" not in login_error(wrong)


def test_the_login_says_why_in_german_too():
    UserFactory(username="pablo", is_staff=False)

    _client, response = log_in("pablo", HTTP_ACCEPT_LANGUAGE="de")

    assert "keine Rolle" in login_error(response)


def test_each_role_on_the_user_form_says_what_it_may_do_in_the_users_language():
    admin = logged_in(administrator())
    reporter = UserFactory(username="rita")
    Group.objects.create(name="Newsletter desk")

    page = get_page(admin, f"{USERS}{reporter.pk}/change/")
    labels = [label.text for label in page.find("div", class_="field-groups").find_all("label") if label.get("for")]
    assert labels[:4] == [
        "Translator – Translates into the languages set below, on each object's translation page; "
        "reads everything else, the planning board included.",
        "Reporter – Writes articles and submits them for review; changes only their own drafts; "
        "adds tags and images and fixes those readers do not see yet; adds ideas to the planning board and "
        "moves their own assignments along. Does not publish.",
        "Editor – Edits, publishes and unpublishes every article; manages sections, series, tags, authors, "
        "organizations, people, places, events and the library's images; plans and assigns stories; "
        "releases translations; imports agency copy; exports newsletter subscribers.",
        "Administrator – An editor who also manages accounts, their roles and translators' languages, "
        "lifts login locks, deletes newsletter subscriptions, issues and revokes the content API's keys and manages "
        "partners' webhooks.",
    ]
    assert labels[4] == "Newsletter desk"
    assert "without one they cannot log in" in page.find("div", class_="field-groups").text
    assert not page.find_all("input", name="is_staff")

    admin.cookies.load({"django_language": "de"})
    german = get_page(admin, f"{USERS}{reporter.pk}/change/", status=200)
    assert "Schreibt Artikel" in german.find("div", class_="field-groups").text


def test_the_user_list_filters_by_role_under_the_roles_names_in_the_users_language():
    admin = logged_in(administrator())
    rita = UserFactory(username="rita")
    rita.groups.add(role(REPORTER))
    UserFactory(username="nobody")
    admin.cookies.load({"django_language": "de"})

    page = get_page(admin, USERS)
    filters = page.find("nav", id="changelist-filter").text
    assert "Reporter/in" in filters and "Redakteur/in" in filters and "Keine Rolle" in filters
    reporter_filter = next(a["href"] for a in page.find_all("a") if a.text == "Reporter/in")
    listed = get_page(admin, f"{USERS}{reporter_filter}")
    assert [a.text for a in listed.find_all("th", class_="field-username")] == ["rita"]
    without_role = get_page(admin, f"{USERS}?role=none")
    assert [a.text for a in without_role.find_all("th", class_="field-username")] == ["nobody"]


def test_a_translator_without_a_language_is_warned_on_their_user_form_when_saved_and_when_shown():
    admin = logged_in(administrator())
    tomas = UserFactory(username="tomas", first_name="Tomás", last_name="Weber", is_staff=False)

    saved = save_user_form(admin, tomas, groups=role_ids(TRANSLATOR))
    warnings = parse(saved).texts("li", class_="warning")
    assert warnings == [
        "Tomás Weber has the Translator role but no language to translate into, so their translation queue "
        "stays empty. Add a language under “Languages this person translates into”."
    ]
    shown = get_page(admin, f"{USERS}{tomas.pk}/change/")
    assert len(shown.texts("li", class_="warning")) == 1

    TranslatorLanguage.objects.create(user=tomas, language="de")
    assert not get_page(admin, f"{USERS}{tomas.pk}/change/").texts("li", class_="warning")


def test_the_user_form_keeps_the_languages_a_person_translates_into():
    admin = logged_in(administrator())
    tomas = UserFactory(username="tomas")

    save_user_form(
        admin,
        tomas,
        groups=role_ids(TRANSLATOR),
        **{"translation_languages-TOTAL_FORMS": ["1"], "translation_languages-0-language": ["de"]},
    )

    assert list(TranslatorLanguage.objects.filter(user=tomas).values_list("language", flat=True)) == ["de"]


def test_save_and_continue_shows_the_warning_once():
    admin = logged_in(administrator())
    tomas = UserFactory(username="tomas")

    page = parse(save_user_form(admin, tomas, groups=role_ids(TRANSLATOR), _continue=["1"]))

    assert len(page.texts("li", class_="warning")) == 1


def test_a_translator_without_a_language_sees_whom_to_ask_instead_of_an_empty_queue():
    administrator()
    tomas = UserFactory(username="tomas")
    tomas.groups.add(role(TRANSLATOR))
    ArticleFactory(headline_de="", standfirst_de="", body_de="")
    client = logged_in(tomas)

    for url in ("/admin/", "/admin/translations/translation/"):
        hint = get_page(client, url).find("section", class_="no-language-hint")
        assert "no language to translate into" in hint.text
        assert "Ask an administrator (Ana López)" in hint.text

    assert not get_page(client, "/admin/translations/translation/").find_all("table", id="result_list")

    TranslatorLanguage.objects.create(user=tomas, language="de")
    assert not get_page(client, "/admin/").find_all("section", class_="no-language-hint")
    assert get_page(client, "/admin/translations/translation/").find_all("table", id="result_list")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_staff_status_to_members_of_a_role():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("translations", "0002_roles_and_translation_states")]
    after = [("translations", "0003_reporters_delete_tags_staff_follows_roles")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    rita = UserFactory(username="rita")
    rita.groups.add(role(REPORTER))
    pablo = UserFactory(username="pablo")
    User.objects.update(is_staff=False)  # as accounts were before staff status followed roles
    role(REPORTER).permissions.remove(*role(REPORTER).permissions.filter(codename="delete_tag"))

    try:
        MigrationExecutor(connection).migrate(after)

        assert User.objects.get(pk=rita.pk).is_staff
        assert not User.objects.get(pk=pablo.pk).is_staff
        assert role(REPORTER).permissions.filter(codename="delete_tag").exists()
    finally:
        # The tests after this one need every later migration (translations' 0004 onwards) back.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_deleting_a_group_in_the_admin_closes_the_admin_to_members_without_another_role():
    fact_checkers = Group.objects.create(name="Fact-checkers")
    lena = UserFactory(username="lena", is_staff=False)
    lena.groups.add(fact_checkers)
    ines = UserFactory(username="ines", is_staff=False)
    ines.groups.add(fact_checkers, role(REPORTER))
    admin = logged_in(administrator())

    admin.post(f"/admin/auth/group/{fact_checkers.pk}/delete/", {"post": "yes"})

    assert not Group.objects.filter(name="Fact-checkers").exists()
    assert not User.objects.get(username="lena").is_staff
    _client, response = log_in("lena")
    assert "no role in the newsroom" in login_error(response)
    assert User.objects.get(username="ines").is_staff
    _client, response = log_in("ines")
    assert response.status_code == 302


def test_deleting_groups_from_the_group_list_closes_the_admin_to_their_members():
    groups = [Group.objects.create(name=name) for name in ("Fact-checkers", "Photo desk")]
    members = [UserFactory(username=f"member{n}", is_staff=False) for n in range(2)]
    for group, member in zip(groups, members, strict=True):
        group.user_set.add(member)
    admin = logged_in(administrator())

    ids = [str(group.pk) for group in groups]
    admin.post("/admin/auth/group/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})

    assert not Group.objects.filter(pk__in=ids).exists()
    assert not User.objects.filter(username__in=["member0", "member1"], is_staff=True).exists()


def test_a_permission_deleted_with_its_stale_model_closes_the_admin_to_those_who_held_only_it():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    # A model removed from the code: `remove_stale_contenttypes` deletes its type and permissions.
    gone = ContentType.objects.create(app_label="articles", model="pressrelease")
    permission = Permission.objects.create(content_type=gone, codename="view_pressrelease", name="Can view")
    pablo = UserFactory(username="pablo", is_staff=False)
    pablo.user_permissions.add(permission)
    assert User.objects.get(username="pablo").is_staff

    call_command("remove_stale_contenttypes", interactive=False, verbosity=0)

    assert not Permission.objects.filter(codename="view_pressrelease").exists()
    assert not User.objects.get(username="pablo").is_staff


def in_german(client):
    client.cookies.load({"django_language": "de"})
    return client


def visible_text(page) -> str:
    return page.find("div", id="content").text


# Django's texts of the user forms that its German catalogue lacks, or that speak of sign-ins this
# site does not have.
ENGLISH_ON_USER_FORMS = (
    "After you",
    "Password-based",
    "Single Sign-On",
    "Enabled",
    "Disabled",
    "Raw passwords",
    "Reset password",
    "Set password",
    "Administrator-Status",
)


def test_the_new_user_form_is_german_and_has_no_choice_of_an_account_without_a_password():
    admin = in_german(logged_in(administrator()))

    page = get_page(admin, f"{USERS}add/")

    assert not page.find_all("input", name="usable_password")
    assert not [phrase for phrase in ENGLISH_ON_USER_FORMS if phrase in visible_text(page)]
    assert "Jede Person bekommt ein eigenes Konto mit Passwort und Rolle." in visible_text(page)
    for field in ("password1", "password2"):
        assert "required" in page.find("div", class_=f"field-{field}").find("label")["class"]


def test_an_account_without_a_password_cannot_be_made_even_by_a_forged_form():
    admin = in_german(logged_in(administrator()))
    data = form_data(get_page(admin, f"{USERS}add/"), "user_form")
    # What Django's form sent for "Password-based authentication: Disabled".
    data.update(username=["rita"], usable_password=["false"], password1=[""], password2=[""], groups=role_ids(REPORTER))

    page = parse(admin.post(f"{USERS}add/", data))

    assert not User.objects.filter(username="rita").exists()
    assert "Dieses Feld ist zwingend erforderlich." in page.find("div", class_="field-password1").text
    assert page.find("input", name="username")["value"] == "rita"


def test_the_user_form_and_the_password_page_explain_the_password_in_german():
    admin = in_german(logged_in(administrator()))
    rita = UserFactory(username="rita")
    rita.groups.add(role(REPORTER))

    page = get_page(admin, f"{USERS}{rita.pk}/change/")
    password = page.find("div", class_="field-password")
    assert "so gespeichert, dass niemand sie lesen kann" in password.text
    assert password.find("a", class_="button").text == "Neues Passwort vergeben"
    assert not [phrase for phrase in ENGLISH_ON_USER_FORMS if phrase in visible_text(page)]

    url = f"{USERS}{rita.pk}/password/"
    password_page = get_page(admin, url)
    assert password_page.find("h1").text == "Passwort für rita"
    assert not password_page.find_all("input", name="usable_password")
    assert [button["value"] for button in password_page.find_all("input", type="submit")] == ["Passwort ändern"]
    assert not [phrase for phrase in ENGLISH_ON_USER_FORMS if phrase in visible_text(password_page)]
    data = form_data(password_page, "user_form")
    data.update(password1=["Aguascalientes-2031"], password2=["Aguascalientes-2031"], **{"set-password": ["1"]})
    admin.post(url, data)
    _client, response = log_in("rita", "Aguascalientes-2031")
    assert response.status_code == 302


def test_the_boxes_for_single_permissions_explain_themselves_in_german():
    admin = in_german(logged_in(administrator()))

    # The catalogue the admin's scripts (the two boxes' explanations) read their texts from.
    script = admin.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)[1])

    assert catalogue['Choose %s by selecting them and then select the "Choose" arrow button.'] == (
        "Wählen Sie %s aus, indem Sie sie markieren und dann auf den Pfeil „Auswählen“ klicken."
    )
    assert catalogue["Remove selected %s"] == "Markierte %s entfernen"


def test_superuser_status_is_not_named_like_the_administrator_role():
    admin = in_german(logged_in(administrator()))
    UserFactory(username="chief", is_superuser=True)

    page = get_page(admin, USERS)
    filters = page.find("nav", id="changelist-filter")
    assert "Nach Superuser" in filters.text
    assert "Administrator-Status" not in page.text
    superusers = next(a["href"] for a in filters.find_all("a") if "superuser" in a["href"] and a.text == "Ja")
    listed = get_page(admin, f"{USERS}{superusers}")
    assert [a.text for a in listed.find_all("th", class_="field-username")] == ["chief"]
    roles = dict(zip(page.texts("th", class_="field-username"), page.texts("td", class_="field-roles"), strict=True))
    assert roles == {"ana": "Administrator/in", "chief": "Superuser"}

    form = get_page(admin, f"{USERS}{admin.session['_auth_user_id']}/change/").find("div", class_="field-is_superuser")
    assert form.find("label").text == "Superuser"
    assert "über jede Rolle hinaus" in form.text


def test_a_wrong_password_is_not_blamed_on_a_staff_status_in_either_language():
    UserFactory(username="pablo")

    _client, english = log_in("pablo", "wrong-horse")
    _client, german = log_in("pablo", "wrong-horse", HTTP_ACCEPT_LANGUAGE="de")

    assert login_error(english) == "The username or the password is wrong. Both are case-sensitive."
    assert login_error(german) == (
        "Benutzername oder Passwort ist falsch. Bei beiden kommt es auf Groß- und Kleinschreibung an."
    )


def test_the_editor_role_names_everything_an_editor_manages():
    from newsroom.roles import CONTENT, permission_names

    admin = in_german(logged_in(administrator()))
    label = next(
        label.text
        for label in get_page(admin, f"{USERS}add/").find("div", class_="field-groups").find_all("label")
        if label.text.startswith("Redakteur/in")
    )

    # Bylines, interview questions and corrections are parts of an article, edited on its form.
    parts = {"byline", "interviewexchange", "correction"}
    editors = set(permission_names(EDITOR))
    managed = [
        apps.get_model(app, model)._meta.verbose_name_plural
        for app, models in CONTENT.items()
        for model in models
        if model not in parts and (app, f"delete_{model}") in editors
    ]
    with translation.override("de"):
        missing = [str(name) for name in managed if str(name) not in label]
    assert missing == []


def test_saving_a_user_without_a_role_warns_that_they_cannot_log_in():
    admin = in_german(logged_in(administrator()))
    data = form_data(get_page(admin, f"{USERS}add/"), "user_form")
    data.update(username=["lena"], first_name=["Lena"], last_name=["Vogt"], password1=[PASSWORD], password2=[PASSWORD])

    page = parse(admin.post(f"{USERS}add/", data, follow=True))

    warning = (
        "Lena Vogt hat keine Rolle und kann sich deshalb nicht in der Verwaltung anmelden. "
        "Vergeben Sie eine Rolle unter „Rollen“."
    )
    assert page.texts("li", class_="warning") == [warning]
    lena = User.objects.get(username="lena")
    save_user_form(admin, lena, groups=role_ids(REPORTER))
    assert not get_page(admin, f"{USERS}{lena.pk}/change/").texts("li", class_="warning")
    # A switched-off account cannot log in anyway: no warning about its role.
    save_user_form(admin, lena, groups=[], is_active=[])
    assert not get_page(admin, f"{USERS}{lena.pk}/change/").texts("li", class_="warning")
