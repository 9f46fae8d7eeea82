from django.db import models

from .forms import ImageUploadField, StoresUploadsWhenValid


class ImageUploadAdminMixin:
    """Every image field of an admin form gets the newsroom's upload field, which keeps this user's
    upload when the form is refused (see kept.py); the form stores new files while it validates,
    so a storage that fails is a form error (see StoresUploadsWhenValid)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs.pop("widget", None)  # the admin's file input, which the field's own extends
            return db_field.formfield(form_class=ImageUploadField, owner=request.user, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        return type(base.__name__, (StoresUploadsWhenValid, base), {})
