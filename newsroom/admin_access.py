"""Who enters the admin: a role is enough, and the login page says why an account cannot enter.

Django lets only accounts with staff status into the admin, a box that is easy to forget when giving
someone a role. Here staff status follows the roles, however they are given (the user form, a shell,
`load_demo`): a role, a permission of one's own or superuser status opens the admin, and taking the
last of them away closes it — an account without a role would only find an empty admin.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.passwords import NewPasswordForm, NewUserForm, UserForm
from newsroom.roles import DESCRIPTIONS, NAMES, ROLES
from newsroom.translations.workflow import is_translator_without_language

CHANGES = {"post_add", "post_remove", "post_clear"}


def has_admin_access_q() -> Q:
    user_model = get_user_model()
    return (
        Q(is_superuser=True)
        | Q(Exists(user_model.groups.through.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(user_model.user_permissions.through.objects.filter(user_id=OuterRef("pk"))))
    )


def update_staff_status(user_ids) -> None:
    """Give staff status to these accounts if they have a role, take it from those without."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    users.filter(has_admin_access_q(), is_staff=False).update(is_staff=True)
    users.filter(~has_admin_access_q(), is_staff=True).update(is_staff=False)


def staff_follows_roles(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of a user's groups or permissions, from either side (`user.groups.add(role)`,
    `role.user_set.add(user)`)."""
    if not reverse:
        if action in CHANGES:
            update_staff_status([instance.pk])
            # The caller's object too, so that a later save of it keeps the new status.
            instance.refresh_from_db(fields=["is_staff"])
        return
    if action == "pre_clear":
        # After a clear the members are gone, and with them who needs updating.
        members = sender.objects.filter(**{instance._meta.model_name: instance}).values_list("user_id", flat=True)
        instance._members_before_clear = list(members)
    elif action in CHANGES:
        update_staff_status(pk_set if action != "post_clear" else instance.__dict__.pop("_members_before_clear", []))


def memberships(model):
    """The rows that make members of a Group or holders of a Permission."""
    user_model = get_user_model()
    return (user_model.groups if model is Group else user_model.user_permissions).through.objects


def remember_members_before_delete(sender, instance, **kwargs):
    """pre_delete of a Group or a Permission: Django deletes its members' rows without an
    m2m_changed, and after the delete nothing says whose staff status needs updating."""
    members = memberships(sender).filter(**{sender._meta.model_name: instance}).values_list("user_id", flat=True)
    instance._members_before_delete = list(members)


def staff_follows_deleted_roles(sender, instance, **kwargs):
    """post_delete of a Group or a Permission: its former members without another role lose staff status."""
    update_staff_status(instance.__dict__.pop("_members_before_delete", []))


class AdminLoginForm(AdminAuthenticationForm):
    """Django's admin login, which blames the password whenever an account may not enter: with the
    right password, this one says what is wrong instead. Without it, every refusal reads the same."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        # Django's blames a missing staff status, which nobody sets by hand here (it follows roles).
        "invalid_login": _("The %(username)s or the password is wrong. Both are case-sensitive."),
        "inactive": _(
            "This account is switched off, so it cannot enter the admin. "
            "If you still work for the newsroom, ask an administrator to switch it on."
        ),
        "no_role": _(
            "Your password is right, but your account has no role in the newsroom yet, so the admin has "
            "nothing for you. Ask an administrator to give you a role (Translator, Reporter or Editor)."
        ),
    }

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["no_role"], code="no_role")
        super().confirm_login_allowed(user)

    def get_invalid_login_error(self):
        if self.is_switched_off_account(self.cleaned_data.get("username"), self.cleaned_data.get("password")):
            return ValidationError(self.error_messages["inactive"], code="inactive")
        return super().get_invalid_login_error()

    @staticmethod
    def is_switched_off_account(username, password) -> bool:
        """An inactive account and its right password (Django's backend refuses inactive accounts
        before it says whether the password was right)."""
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None or user.is_active or not password:
            # One password hash either way, so the time of the answer tells nothing either.
            make_password(password)
            return False
        return user.check_password(password)


class RoleField(forms.ModelMultipleChoiceField):
    """The roles as boxes, each with what it may do."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, group):
        if group.name not in DESCRIPTIONS:
            return group.name
        return format_html(
            '<strong>{}</strong> <span class="role-description">– {}</span>',
            NAMES[group.name],
            DESCRIPTIONS[group.name],
        )


class RoleFilter(admin.SimpleListFilter):
    """The user list by role, named as the roles column and the user form name them."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        groups = Group.objects.order_by("name")
        return [(str(group.pk), NAMES.get(group.name, group.name)) for group in groups] + [("none", _("No role"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(groups__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(groups__pk=self.value())
        return queryset


class SuperuserFilter(admin.BooleanFieldListFilter):
    """Django's German calls superuser status "Administrator-Status", which reads as the
    Administrator role: its filter listed the superusers only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("superuser")


class RolesOnTheUserForm:
    """For the user admin: roles chosen on the same form as the account (its first one too), staff
    status left to follow them, and a translator without a language or an account without a role
    warned about."""

    form = UserForm
    add_form = NewUserForm
    change_password_form = NewPasswordForm
    list_display = ("username", "first_name", "last_name", "roles", "is_active")
    list_filter = (RoleFilter, "is_active", ("is_superuser", SuperuserFilter))
    filter_horizontal = ("user_permissions",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles"), {"fields": ("is_active", "groups")}),
        (_("Permissions"), {"classes": ("collapse",), "fields": ("is_superuser", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Roles"), {"fields": ("groups",)}),
    )

    class Media:
        css = {"all": ["css/admin-roles.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "is_superuser":
            return super().formfield_for_dbfield(
                db_field,
                request,
                label=_("Superuser"),
                help_text=_(
                    "Every permission, beyond any role: for those who run the site. "
                    "The newsroom's administrators get the Administrator role instead."
                ),
                **kwargs,
            )
        if db_field.name != "groups":
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        first_the_roles = Case(*(When(name=name, then=Value(rank)) for rank, name in enumerate(ROLES)), default=99)
        return RoleField(
            queryset=Group.objects.order_by(first_the_roles, "name"),
            required=False,
            label=_("Roles"),
            help_text=_(
                "A role lets this person into the admin and says what they may do there: "
                "without one they cannot log in to it. A translator also needs their languages, below."
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, user):
        names = [NAMES.get(group.name, group.name) for group in user.groups.all()]
        if user.is_superuser:
            # Not a role, but what lets a superuser without one in: shown where roles are looked for.
            names.append(gettext("Superuser"))
        return ", ".join(str(name) for name in names) or self.get_empty_value_display()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Changed roles already moved staff status; superuser status, which is no role, may have too.
        update_staff_status([form.instance.pk])
        self.warn_about_set_up(request, form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            user = self.get_object(request, unquote(object_id))
            if user is not None:
                self.warn_about_set_up(request, user, unless_shown=True)
        return super().change_view(request, object_id, form_url, extra_context)

    def warn_about_set_up(self, request, user, unless_shown=False):
        """What keeps this person from their work in the admin, which the form itself lets pass."""
        user = get_user_model().objects.get(pk=user.pk)  # fresh, without a permission cache of before the save
        name = user.get_full_name() or user.get_username()
        if user.is_active and not user.is_staff:
            text = gettext(
                "%(name)s has no role, so they cannot log in to the admin. Give them a role under “Roles”."
            ) % {"name": name}
        elif is_translator_without_language(user):
            text = gettext(
                "%(name)s has the Translator role but no language to translate into, so their translation queue "
                "stays empty. Add a language under “Languages this person translates into”."
            ) % {"name": name}
        else:
            return
        # After "Save and continue editing", the warning of the save is shown on this page already.
        if unless_shown and any(str(message) == text for message in messages.get_messages(request)):
            return
        self.message_user(request, text, messages.WARNING)
