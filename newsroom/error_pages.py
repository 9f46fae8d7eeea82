"""Every error a reader can meet comes with a page in their language, not an empty body."""

from django.template import TemplateDoesNotExist
from django.template.loader import select_template


class ReadableErrorMiddleware:
    """Gives 4xx responses that Django sends without a body (405, 410, …) a rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            400 <= response.status_code < 500
            and not response.streaming
            and not response.content
            and not request.path.startswith("/admin/")
        ):
            try:
                template = select_template([f"{response.status_code}.html", "4xx.html"])
            except TemplateDoesNotExist:
                return response
            response.content = template.render({"status": response.status_code}, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
