"""The translations app's admin as Django's autodiscover finds it: the translation queue and the
user admin registered, once. The admin base of every translatable model is in `base`."""

from django.contrib import admin
from django.contrib.auth.models import User

from newsroom.admin_access import AdminLoginForm

from ..models import GlossaryTerm, MemoryEntry, Translation
from .glossary import GlossaryTermAdmin, MemoryEntryAdmin
from .queue import TranslationAdmin
from .users import NewsroomUserAdmin

admin.site.register(Translation, TranslationAdmin)
admin.site.register(GlossaryTerm, GlossaryTermAdmin)
admin.site.register(MemoryEntry, MemoryEntryAdmin)
admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
admin.site.login_form = AdminLoginForm
