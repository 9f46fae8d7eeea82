"""Passwords on the admin's user forms: every newsroom account logs in with one.

Django's forms offer to switch "password-based authentication" off, for sites that log people in
through Single Sign-On or LDAP. This site has neither, so that choice would make an account nobody
can log in to; the forms here leave it out and say what they do in the user's language (Django's
German catalogue lacks these texts).
"""

from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    ReadOnlyPasswordHashField,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext_lazy as _


class NewUserForm(AdminUserCreationForm):
    usable_password = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = True
        self.fields["password2"].required = True


class PasswordWidget(ReadOnlyPasswordHashWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_password = value and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        context["button_label"] = _("Set a new password") if has_password else _("Set a password")
        return context


class UserForm(UserChangeForm):
    password = ReadOnlyPasswordHashField(
        label=_("Password"),
        widget=PasswordWidget,
        help_text=_(
            "Passwords are stored so that nobody can read them, administrators neither: "
            "if this person forgot theirs, give them a new one with the button."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and not self.instance.has_usable_password():
            self.fields["password"].help_text = _("This account has no password yet, so nobody can log in to it.")


class NewPasswordForm(AdminPasswordChangeForm):
    usable_password = None

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True
