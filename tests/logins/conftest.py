import pytest
from django.test import Client

from tests.pages import form_data, get_page

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery"  # UserFactory's


def log_in(client: Client, username: str, password: str, **extra):
    """Fill in and send the admin's login form, as a browser does."""
    data = form_data(get_page(client, LOGIN), "login-form")
    data.update(username=[username], password=[password])
    return client.post(LOGIN, data, **extra)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def log_out(client: Client) -> None:
    """The admin's "Log out" button. (Client.logout() would also forget every cookie.)"""
    client.post("/admin/logout/")
    assert not is_logged_in(client)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # These tests log in a few hundred times; what they test is not the hasher's slowness.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
