"""Stand-ins for machine translation services, speaking their documented HTTP APIs on a spare local
port: DeepL's `POST /v2/translate` and LibreTranslate's `POST /translate`. Each records the requests
it got, and can be told to answer slowly or with an error, as a real service sometimes does."""

import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What the stand-ins "translate": the words they know, each a whole word, tags left as they are.
WORDS = {
    "Jatco": "Jatco",
    "hires": "stellt",
    "workers": "Arbeiter ein",
    "builds": "baut",
    "a": "eine",
    "A": "Eine",
    "second": "zweite",
    "line": "Linie",
    "in": "in",
    "Aguascalientes": "Aguascalientes",
}


def translate_words(html: str) -> str:
    """Word by word, outside tags only, as `tag_handling=html` / `format=html` promise."""
    return "".join(
        part if part.startswith("<") else re.sub(r"[A-Za-z]+", lambda m: WORDS.get(m[0], m[0].upper()), part)
        for part in re.split(r"(<[^>]*>)", html)
    )


class FakeService:
    def __init__(self):
        self.requests: list[dict] = []
        # Set to answer these texts instead of translating (a service that misbehaves).
        self.answers: list[str] | None = None
        self.status = 200
        self.delay = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def handler_class(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "json": json.loads(body or b"null") if "json" in self.headers.get("Content-Type", "") else None,
                }
                service.requests.append(request)
                if service.delay:
                    time.sleep(service.delay)
                status, answer = service.answer(request)
                if service.status != 200:
                    status, answer = service.status, {"message": "refused"}
                content = json.dumps(answer).encode()
                with contextlib.suppress(OSError):
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)

            def log_message(self, *args):
                pass

        return Handler

    def answer(self, request) -> tuple[int, dict]:
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class FakeDeepL(FakeService):
    key = "secret-key:fx"

    def answer(self, request):
        if request["path"] != "/v2/translate":
            return 404, {"message": "Not found"}
        if request["headers"].get("Authorization") != f"DeepL-Auth-Key {self.key}":
            return 403, {"message": "Authorization failure, check auth_key"}
        body = request["json"]
        if not isinstance(body, dict) or not isinstance(body.get("text"), list) or "target_lang" not in body:
            return 400, {"message": "Bad request"}
        if len(body["text"]) > 50:
            return 413, {"message": "Too many texts"}
        texts = self.answers or [translate_words(text) for text in body["text"]]
        return 200, {
            "translations": [
                {"detected_source_language": body.get("source_lang", "EN"), "text": text} for text in texts
            ]
        }


class FakeLibreTranslate(FakeService):
    key = ""

    def answer(self, request):
        if request["path"] != "/translate":
            return 404, {"error": "Not found"}
        body = request["json"]
        if self.key and body.get("api_key") != self.key:
            return 403, {"error": "Invalid API key"}
        if not body.get("q") or not body.get("target"):
            return 400, {"error": "Invalid request: missing q parameter"}
        texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
        translated = [translate_words(text) for text in texts]
        return 200, {"translatedText": translated if isinstance(body["q"], list) else translated[0]}
