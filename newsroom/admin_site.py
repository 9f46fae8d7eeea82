"""Admin URLs that need a stricter rule than Django's own."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

from newsroom.ids import parse_id


def view_on_site(request, content_type_id, object_id):
    """Django's "view on site" redirect, for objects this user may see in the admin only: the
    plain one sends any staff member to any object's address, a draft's included."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model_admin = admin.site._registry.get(content_type.model_class()) if content_type else None
    if (
        model_admin is None
        or not model_admin.has_view_permission(request)
        or parse_id(object_id) is None
        or not model_admin.get_queryset(request).filter(pk=object_id).exists()
    ):
        raise Http404
    return shortcut(request, content_type_id, object_id)
