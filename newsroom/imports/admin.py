from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import importing
from .models import ImportRecord

# What one upload may hold: a day's agency copy, not an archive (that is `import_ninjs`'s job).
MAX_DOCUMENTS = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file] or super().clean(None)


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("ninjs files"),
        widget=MultipleFileInput(attrs={"accept": ".json,.jsonl,.ndjson,application/json"}),
        help_text=_(
            "One document a file (.json), or JSON Lines with one document a line (.jsonl). ninjs 2.x and 3.x; "
            "each becomes a draft, or updates the draft it made before."
        ),
    )

    def documents(self) -> list[tuple[str, bytes]]:
        """(origin, document) pairs: a line of JSON Lines is named by its file and line."""
        found = []
        for upload in self.cleaned_data["files"]:
            data = upload.read()
            if upload.name.endswith((".jsonl", ".ndjson")):
                lines = data.splitlines()
                found += [(f"{upload.name}:{n}", line) for n, line in enumerate(lines, start=1) if line.strip()]
            else:
                found.append((upload.name, data))
        return found

    def clean(self):
        cleaned = super().clean()
        if "files" in cleaned and len(self.documents()) > MAX_DOCUMENTS:
            raise forms.ValidationError(
                _(
                    "At most %(count)d documents can be imported at once; "
                    "import an archive with the import_ninjs command."
                ),
                params={"count": MAX_DOCUMENTS},
            )
        for upload in cleaned.get("files", []):
            upload.seek(0)
        return cleaned


def report_list(report: list[dict]):
    return format_html(
        '<ul class="import-report">{}</ul>',
        format_html_join("", "<li><code>{}</code>: {}</li>", ((note["field"], note["message"]) for note in report)),
    )


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "shown_headline", "language", "outcome", "notes", "came_from", "by"]
    list_filter = ["outcome", "source", "language"]
    search_fields = ["headline", "source_uri", "origin"]
    date_hierarchy = "imported_at"
    fields = [
        "imported_at",
        "outcome",
        "article_link",
        "shown_report",
        "headline",
        "language",
        "source_uri",
        "source_version",
        "work_id",
        "image_source",
        "source",
        "origin",
        "by",
        "api_key",
    ]
    readonly_fields = fields
    change_list_template = "admin/imports/importrecord/change_list.html"

    # A log: written by imports only, kept as it happened.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("imports.add_importrecord")

    @admin.display(description=_("headline"), ordering="headline")
    def shown_headline(self, record):
        return record.headline or record.source_uri or "–"

    @admin.display(description=_("from"), ordering="source")
    def came_from(self, record):
        # The way in and, below it, who or what sent it: two columns would not fit a laptop's width.
        return format_html('{}<br><span class="help">{}</span>', record.get_source_display(), record.origin or "")

    @admin.display(description=_("notes"))
    def notes(self, record):
        return len(record.report) or ""

    @admin.display(description=_("article"))
    def article_link(self, record):
        if record.article_id is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[record.article_id]), record.article
        )

    @admin.display(description=_("report"))
    def shown_report(self, record):
        return report_list(record.notes()) if record.report else "–"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="imports_importrecord_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        results = []
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                results = [
                    importing.import_document(raw, by=request.user, source=ImportRecord.Source.ADMIN, origin=origin)
                    for origin, raw in sorted(form.documents(), key=lambda pair: importing.is_translation(pair[1]))
                ]
                form = ImportForm()
        else:
            form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import ninjs documents"),
            "form": form,
            "results": [
                (result.record, report_list(result.report) if result.record.report else "") for result in results
            ],
            "refused": sum(result.outcome == ImportRecord.Outcome.REFUSED for result in results),
        }
        return TemplateResponse(request, "admin/imports/importrecord/import.html", context)
