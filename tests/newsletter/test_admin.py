"""Editors' view of the subscribers: the list with its filters, and the CSV export that only the
holders of its permission get, by the button or the action, forged requests included."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from newsroom.newsletter.models import Subscription
from newsroom.roles import ADMINISTRATOR, EDITOR, role
from tests.factories import ReporterFactory, TranslatorFactory, UserFactory
from tests.pages import get_page, logged_in

from .conftest import subscription

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/newsletter/subscription/"
EXPORT = f"{CHANGELIST}export/"


def member_of(name: str):
    user = UserFactory(username=name.lower())
    user.groups.add(role(name))
    return user


def rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="newsletter-subscriptions-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def subscribers():
    return [
        subscription("ana.ruiz@example.com", "en"),
        subscription("jonas.weber@example.de", "de"),
        subscription("pending@example.com", "en", Subscription.Status.PENDING),
        subscription("gone@example.com", "de", Subscription.Status.UNSUBSCRIBED),
    ]


@pytest.fixture
def editor():
    return logged_in(member_of(EDITOR))


def test_editors_see_the_subscribers_filtered_by_language_and_status_and_searched_by_address(editor, subscribers):
    page = get_page(editor, f"{CHANGELIST}?language__exact=de&status__exact=confirmed")
    assert page.texts("th", class_="field-email") == ["jonas.weber@example.de"]

    page = get_page(editor, f"{CHANGELIST}?q=pending")
    assert page.texts("th", class_="field-email") == ["pending@example.com"]


def test_nobody_adds_or_changes_a_subscription_in_the_admin(editor, subscribers):
    superuser = logged_in(UserFactory(username="chief", is_superuser=True))

    assert superuser.get(f"{CHANGELIST}add/").status_code == 403
    response = superuser.post(
        f"{CHANGELIST}{subscribers[2].pk}/change/", {"email": "x@example.com", "status": "confirmed"}
    )
    assert response.status_code == 403
    assert Subscription.objects.get(pk=subscribers[2].pk).status == Subscription.Status.PENDING


def test_the_export_button_downloads_the_filtered_list_with_every_column(editor, subscribers):
    page = get_page(editor, f"{CHANGELIST}?language__exact=de")
    button = next(a for a in page.find_all("a") if a["href"].startswith(EXPORT))

    table = rows(editor.get(button["href"]))

    assert table[0] == ["email", "language", "status", "signed_up", "confirmed", "unsubscribed"]
    assert [row[:3] for row in table[1:]] == [
        ["jonas.weber@example.de", "de", "confirmed"],
        ["gone@example.com", "de", "unsubscribed"],
    ]
    jonas, gone = table[1:]
    assert jonas[3] and jonas[4] and not jonas[5]
    assert gone[5].startswith(str(subscribers[3].unsubscribed_at.year))


def test_the_export_action_downloads_the_selected_subscriptions(editor, subscribers):
    chosen = [subscribers[0], subscribers[2]]

    response = editor.post(
        CHANGELIST, {"action": "export_as_csv", "_selected_action": [str(s.pk) for s in chosen], "index": "0"}
    )

    assert sorted(row[0] for row in rows(response)[1:]) == ["ana.ruiz@example.com", "pending@example.com"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(editor):
    for address in ("=1+2@example.com", "+49@example.com", "-1@example.com", "plain@example.com"):
        subscription(address)

    cells = [row[0] for row in rows(editor.get(EXPORT))[1:]]

    assert sorted(cells) == ["'+49@example.com", "'-1@example.com", "'=1+2@example.com", "plain@example.com"]


@pytest.mark.parametrize("who", ["reporter", "translator", "viewer without the export permission"])
def test_without_the_export_permission_the_button_and_a_forged_export_get_403(who, subscribers):
    if who == "reporter":
        user = ReporterFactory(username="rosa")
    elif who == "translator":
        user = TranslatorFactory(username="tomas")
    else:
        user = UserFactory(username="viewer")
        user.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    client = logged_in(user)

    assert client.get(EXPORT).status_code == 403
    forged = {"action": "export_as_csv", "_selected_action": [str(subscribers[0].pk)], "index": "0"}
    response = client.post(CHANGELIST, forged)
    assert response.status_code == 403
    assert b"example.com" not in response.content
    if who.startswith("viewer"):
        assert EXPORT not in client.get(CHANGELIST).content.decode()


def test_the_roles_give_editors_and_administrators_the_list_and_the_export_and_others_nothing():
    def can(name, codename):
        return member_of(name).has_perm(f"newsletter.{codename}")

    assert can(EDITOR, "view_subscription") and can(EDITOR, "export_subscription")
    assert can(ADMINISTRATOR, "export_subscription") and can(ADMINISTRATOR, "delete_subscription")
    assert not can(EDITOR, "delete_subscription") and not can(EDITOR, "change_subscription")
    assert not ReporterFactory().has_perm("newsletter.view_subscription")
    assert not TranslatorFactory().has_perm("newsletter.view_subscription")


def test_an_administrator_deletes_a_subscription_on_request(subscribers):
    administrator = logged_in(member_of(ADMINISTRATOR))

    administrator.post(f"{CHANGELIST}{subscribers[0].pk}/delete/", {"post": "yes"})

    assert not Subscription.objects.filter(pk=subscribers[0].pk).exists()


def test_a_malformed_filter_on_the_export_is_a_400_not_a_500(editor, subscribers):
    assert editor.get(f"{EXPORT}?created_at__gte=not-a-date").status_code == 400
