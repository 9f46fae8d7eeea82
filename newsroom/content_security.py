"""The one inline script the site allows: the rich-text editor's import map, by its hash.

Browsers treat `<script type="importmap">` as an inline script, and django-prose-editor renders
its map inline without a nonce. Rather than allow inline scripts, pages that carry the map allow
exactly its content; nothing injected could match that hash.
"""

import base64
import functools
import hashlib
import re

from django_prose_editor.widgets import importmap


@functools.cache
def editor_import_map_source() -> str:
    # The URLs inside depend on the static files storage, so this is computed on first use.
    return f"'sha256-{_digest(re.search(r'>(.*)</script>', str(importmap), re.S).group(1))}'"


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


class EditorImportMapMiddleware:
    """Adds the editor's import map hash to the policy of the pages that include the editor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            request.path.startswith("/admin/")
            and content_type.startswith("text/html")
            and not response.streaming
            and b'<script type="importmap"' in response.content
        ):
            response._csp_update = {"script-src": [editor_import_map_source()]}
        return response
