"""An agency's image server on a spare local port: serves the files of a folder, and can be stopped
(connection refused) or made to answer an error, as a real one sometimes does."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.servers import spare_port


class ImageHost:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = spare_port()
        self.host = "127.0.0.1"
        self.requests: list[str] = []
        self.failing = False
        self.server = self.thread = None

    def url(self, name: str) -> str:
        return f"http://{self.host}:{self.port}/{name}"

    def start(self) -> "ImageHost":
        host = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                host.requests.append(self.path)
                if host.failing:
                    self.send_error(503)
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(
            (self.host, self.port), functools.partial(Handler, directory=str(self.folder))
        )
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
