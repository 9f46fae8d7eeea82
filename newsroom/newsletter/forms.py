from django import forms
from django.utils.translation import gettext_lazy as _

from .models import normalize_email


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a complete email address, such as name@example.com."),
        },
    )
    # Hidden from people by the style sheet; simple bots fill in every field they find.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    @property
    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
