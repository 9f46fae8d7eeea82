"""A partner's webhook receiver on a spare local port, started and stopped by the test: it checks
every request it gets with the reference library (`standardwebhooks`, as a partner would), and
answers as it is told, request by request: an error twice and then 200, slowly, with Retry-After.
Stopped, its port is closed (connection refused); started again, it listens on the same port."""

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.servers import spare_port


@dataclass
class Answer:
    status: int = 200
    headers: dict = field(default_factory=dict)
    body: bytes = b"ok"
    # Seconds to wait before answering (longer than the sender's timeout: it gives up first).
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    # What `Webhook(secret).verify` said: None when it verified.
    refusal: str | None

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    def __init__(self, secret: str = ""):
        self.secret = secret
        self.port = spare_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks/newsroom"
        self.received: list[Received] = []
        self.script: list[Answer] = []
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def answer(self, *answers: Answer) -> None:
        """The next requests get these, in turn; after them, 200."""
        self.script.extend(answers)

    def start(self) -> "Receiver":
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=10)
            self.server = self.thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def verify(self, body: bytes, headers: dict, secret: str | None = None) -> str | None:
        if not (secret or self.secret):
            return "no secret to verify with"
        try:
            Webhook(secret or self.secret).verify(body, headers)
        except WebhookVerificationError as refusal:
            return str(refusal)
        return None

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = dict(self.headers)
                receiver.received.append(Received(self.path, headers, body, receiver.verify(body, headers)))
                answer = receiver.script.pop(0) if receiver.script else Answer()
                if answer.delay:
                    time.sleep(answer.delay)
                with contextlib.suppress(OSError):
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        return Handler
