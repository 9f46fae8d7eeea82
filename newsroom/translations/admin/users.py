"""The user admin: roles, login locks, and the languages a person translates into."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from newsroom.admin_access import RolesOnTheUserForm
from newsroom.logins.admin import LoginLockAdminMixin

from ..models import TranslatorLanguage


class TranslatorLanguageInline(admin.TabularInline):
    model = TranslatorLanguage
    extra = 0
    verbose_name_plural = _("Languages this person translates into")


class NewsroomUserAdmin(LoginLockAdminMixin, RolesOnTheUserForm, UserAdmin):
    inlines = [*UserAdmin.inlines, TranslatorLanguageInline]
