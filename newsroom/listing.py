"""Public lists: queryset → filterset → keyset page, with a clear 400 for anything malformed.

Lists never count rows and never OFFSET: a page is the rows after (or before) a cursor made of
the ordering value and the id, which an index answers in the same time on page 1 and page 5,000.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from newsroom.ids import parse_id
from newsroom.pagecache import keys, tagged
from newsroom.translations.templatetags.reader_language import marked_language

CURSOR_PARAMS = ("after", "before")
# Campaign tags that links from newsletters and social media carry; they are not filters.
IGNORED_PARAM_PREFIXES = ("utm_",)
MAX_PARAM_LENGTH = 200


class BadListRequest(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(messages)
        self.messages = messages


@dataclass
class KeysetPage:
    items: list
    next_query: str | None
    previous_query: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_query or self.previous_query)


def encode_cursor(value, pk) -> str:
    return f"{value.isoformat()}~{pk}"


def decode_cursor(model, field_name: str, raw: str):
    value_text, separator, pk_text = raw.rpartition("~")
    if not separator or parse_id(pk_text) is None:
        raise ValidationError("bad cursor")
    value = model._meta.get_field(field_name).to_python(value_text)
    if value is None:
        raise ValidationError("bad cursor")
    if isinstance(value, datetime.datetime):
        # The database compares in UTC: a time with no UTC form (year 0 or 10000) is no cursor of ours.
        value = (timezone.make_aware(value) if timezone.is_naive(value) else value).astimezone(datetime.UTC)
    return value, int(pk_text)


def paginate_by_key(queryset, params: QueryDict, *, key: str, descending: bool, per_page: int) -> KeysetPage:
    """One page of `queryset` ordered by (key, id), from the `after` or `before` cursor in `params`."""
    # An empty cursor is no cursor.
    after, before = params.get("after") or None, params.get("before") or None
    if after and before:
        raise BadListRequest([_("A page can start after one item or end before one, not both.")])
    forward = before is None
    raw = after or before
    query = queryset
    if raw:
        try:
            value, pk = decode_cursor(queryset.model, key, raw)
        except (ValidationError, ValueError, OverflowError) as error:
            raise BadListRequest([_("This page link is not valid. Start again from the first page.")]) from error
        # Rows strictly past the cursor in the reading direction.
        older = descending == forward
        op = "lt" if older else "gt"
        # The plain bound lets the index start at the cursor instead of filtering row by row.
        query = query.filter(**{f"{key}__{op}e": value}).filter(
            Q(**{f"{key}__{op}": value}) | Q(**{key: value, f"pk__{op}": pk})
        )
    reverse_order = descending == forward
    order = [f"-{key}", "-pk"] if reverse_order else [key, "pk"]
    rows = list(query.order_by(*order)[: per_page + 1])
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()

    def link(param, row):
        query_dict = params.copy()
        for name in CURSOR_PARAMS:
            query_dict.pop(name, None)
        query_dict[param] = encode_cursor(getattr(row, key), row.pk)
        return query_dict.urlencode()

    next_query = previous_query = None
    if rows:
        if has_more or not forward:
            next_query = link("after", rows[-1])
        if raw and (forward or has_more):
            previous_query = link("before", rows[0])
    return KeysetPage(rows, next_query, previous_query)


def check_params(params: QueryDict, allowed: set[str]) -> None:
    """Refuse unknown, repeated, overlong or NUL-carrying query parameters with readable messages."""
    messages = []
    for name, values in params.lists():
        if name.startswith(IGNORED_PARAM_PREFIXES):
            continue
        if name not in allowed:
            messages.append(_("“%(name)s” is not a filter of this list.") % {"name": name[:40]})
        elif len(values) > 1:
            messages.append(_("“%(name)s” was given more than once.") % {"name": name})
        elif len(values[0]) > MAX_PARAM_LENGTH or "\x00" in values[0]:
            messages.append(_("The value of “%(name)s” is not valid.") % {"name": name})
    if messages:
        raise BadListRequest(messages)


def _attributes(attrs: dict) -> str:
    """Django's `django/forms/widgets/attrs.html`."""
    escape = conditional_escape
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _rendered(widget: dict) -> str:
    """What Django's templates for an input, a select and its options make of a widget's context."""
    name = conditional_escape(widget["name"])
    if "optgroups" not in widget:
        value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        return f'<input type="{conditional_escape(widget["type"])}" name="{name}"{value}{_attributes(widget["attrs"])}>'
    html = [f'<select name="{name}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            html.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class PythonRendered:
    """A widget of a public list's filter form, rendered in Python: Django's templates (an include
    per option and one for each element's attributes) took 3.6 ms of a list page's ~10. Each of
    these widgets renders what Django's own template would (tests/test_listing_widgets.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(_rendered(self.get_context(name, value, attrs)["widget"]))


class TextInput(PythonRendered, forms.TextInput):
    pass


class HiddenInput(PythonRendered, forms.HiddenInput):
    pass


class Select(PythonRendered, forms.Select):
    pass


class DateInput(PythonRendered, forms.DateInput):
    """A browser date picker; a value it cannot hold (the page says why) is shown empty."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        try:
            datetime.date.fromisoformat(value or "")
        except ValueError:
            return None
        return value


class ObjectSelect(Select):
    """A choice among translatable objects, each option marked with `lang` where the reader's rule
    shows the object's name in another language than the page's.

    Kept rendered in the shared cache per language, name, attributes and chosen value until an
    object of its model changes (`newsroom.pagecache`): the event list's sixty places cost a query
    and ~1.5 ms a request."""

    def render(self, name, value, attrs=None, renderer=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return super().render(name, value, attrs, renderer)
        model = queryset.model

        def rendered() -> str:
            keys.note(keys.list_key(model))
            return str(super(ObjectSelect, self).render(name, value, attrs, renderer))

        chosen = getattr(value, "pk", value)
        described = repr((model._meta.label_lower, name, chosen, sorted((attrs or {}).items()), get_language()))
        cache_key = f"widget:{hashlib.md5(described.encode(), usedforsecurity=False).hexdigest()}"
        return mark_safe(tagged.fragment(cache_key, rendered, tagged.BLOCK_SECONDS))  # noqa: S308 - rendered above

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        language = marked_language(instance) if instance is not None else ""
        if language:
            option["attrs"]["lang"] = language
        return option


class DateRangeForm(forms.Form):
    """Filter form for lists with `date_from` and `date_to`."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext_lazy("The end date is before the start date."))
        return cleaned


class FilteredListView(TemplateView):
    """A filtered, keyset-paginated list. Subclasses set the filterset and the ordering key."""

    filterset_class = None
    key = "published_at"
    descending = True
    paginate_by = 20
    previous_label = gettext_lazy("← Newer")
    next_label = gettext_lazy("Older →")

    def get_queryset(self):
        raise NotImplementedError

    def paginate(self, queryset) -> KeysetPage:
        return paginate_by_key(
            queryset, self.request.GET, key=self.key, descending=self.descending, per_page=self.paginate_by
        )

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        context.update(previous_label=self.previous_label, next_label=self.next_label)
        filterset = self.get_filterset(self.get_queryset())
        context["filter"] = filterset
        try:
            check_params(request.GET, set(filterset.form.fields) | set(CURSOR_PARAMS))
            if filterset.is_bound and not filterset.is_valid():
                raise BadListRequest(
                    [
                        f"{filterset.form.fields[name].label}: {' '.join(errors)}"
                        if name in filterset.form.fields
                        else " ".join(errors)
                        for name, errors in filterset.form.errors.items()
                    ]
                )
            context["page"] = self.paginate(filterset.qs)
        except BadListRequest as error:
            context["errors"] = error.messages
            context["page"] = KeysetPage([], None, None)
            return self.render_to_response(context, status=400)
        return self.render_to_response(context)
