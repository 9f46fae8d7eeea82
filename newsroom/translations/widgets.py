"""A one-line text too long to read in a one-line input (a 150-character headline, a caption):
a box of several lines that grows as it is typed into, saved as the one line it is."""

import re
from math import ceil

from django import forms

# Past this, a one-line input of the translation column shows only part of the text.
LONG_LINE = 60
# About what a line of the translation column holds, for browsers that do not grow the box.
CHARACTERS_A_LINE = 45
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


class LongLineInput(forms.Textarea):
    """Rows from the text's length; the stylesheet's `field-sizing` grows it where browsers can.
    Lines the box wraps are one line: a line break typed into it is saved as a space."""

    def __init__(self, length: int, attrs=None):
        rows = min(8, max(2, ceil(length / CHARACTERS_A_LINE)))
        super().__init__(attrs={**(attrs or {}), "rows": rows, "cols": 40})
        self.attrs["class"] = " ".join(filter(None, [self.attrs.get("class"), "long-line"]))

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def fit_to_length(field: forms.Field, *texts: str) -> forms.Field:
    """Give `field` a growing box where its one-line input would hide most of the longest of `texts`."""
    length = max((len(text or "") for text in texts), default=0)
    if length > LONG_LINE and type(field.widget) is forms.TextInput:
        field.widget = LongLineInput(length, attrs=field.widget.attrs)
    return field
