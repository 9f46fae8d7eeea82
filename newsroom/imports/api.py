"""`POST /api/v1/import/`: an agency sends one ninjs document with a key that may import; it becomes
a draft (or updates the one it made), and the answer says what became of it. A refused document
gets 422 and the report that names each field to fix."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from newsroom.syndication.openapi import Refusal as RefusalSchema
from newsroom.syndication.responses import Refusal, json_response

from . import importing
from .mapping import language_code
from .models import ImportRecord

NOT_ALLOWED = "import_not_allowed"
REFUSED = "refused"
TOO_LARGE = "too_large"
router = Router(tags=["import"])


class Note(Schema):
    field: str
    message: str


class Imported(Schema):
    outcome: str
    article: int | None
    article_admin_url: str | None
    report: list[Note]


class Refused(Schema):
    detail: str
    code: str
    errors: list[Note]


@router.post(
    "/",
    response={200: Imported, 201: Imported, 413: RefusalSchema, 422: Refused, 401: RefusalSchema, 403: RefusalSchema},
    operation_id="import_document",
    url_name="import",
    summary="Import one ninjs document (2.x or 3.x) as a draft article, or as a draft's update or translation",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "description": "One ninjs document."}}},
        }
    },
)
def import_one(request):
    key = request.auth
    if not key.may_import:
        raise Refusal(403, NOT_ALLOWED, _("This key may read, not import: ask the newsroom for a key that may import."))
    size = int(request.headers.get("Content-Length") or 0)
    try:
        if size > settings.IMPORT_MAX_DOCUMENT_BYTES:
            raise RequestDataTooBig
        body = request.body
    except RequestDataTooBig:
        raise Refusal(
            413,
            TOO_LARGE,
            _("A document may be at most %(limit)d bytes.") % {"limit": settings.IMPORT_MAX_DOCUMENT_BYTES},
        ) from None
    language = _declared_language(body)
    if language and not key.allows(language):
        raise Refusal(
            403,
            NOT_ALLOWED,
            _("This key may not import “%(language)s”; it may import %(languages)s.")
            % {"language": language, "languages": ", ".join(key.language_codes) or "–"},
        )
    result = importing.import_document(
        body, by=key.created_by, source=ImportRecord.Source.API, origin=key.name, api_key=key
    )
    if result.outcome == ImportRecord.Outcome.REFUSED:
        return json_response(
            {"detail": _("The document was refused."), "code": REFUSED, "errors": result.report}, status=422
        )
    created = result.outcome in (ImportRecord.Outcome.CREATED, ImportRecord.Outcome.TRANSLATED)
    article = result.record.article_id
    admin_url = (
        request.build_absolute_uri(reverse("admin:articles_article_change", args=[article])) if article else None
    )
    return json_response(
        {"outcome": result.outcome, "article": article, "article_admin_url": admin_url, "report": result.report},
        status=201 if created else 200,
    )


def _declared_language(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    return language_code(document.get("language")) if isinstance(document, dict) else None
