"""A mail server stand-in for tests that run the worker in a process of its own: it speaks enough
SMTP for Django's backend, keeps the recipients of every mail it takes in, and can hang."""

import contextlib
import socketserver
import threading


class SMTPStandIn:
    """After `stall_after` mails it takes in the next one's data and never answers, as a mail
    server that hangs; `stall_after = None` lets the next connections through again."""

    def __init__(self, stall_after: int | None = None):
        self.stall_after = stall_after
        self.received: list[str] = []  # one recipient per mail taken in, the unanswered one too
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def handler(self):
        stand_in = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.say("220 stand-in ESMTP")
                recipients = []
                while line := self.rfile.readline():
                    verb = line[:4].decode("ascii", "replace").upper()
                    if verb in ("EHLO", "HELO"):
                        self.say("250 stand-in")
                    elif verb == "MAIL":
                        recipients = []
                        self.say("250 OK")
                    elif verb == "RCPT":
                        recipients.append(line.decode().split("<", 1)[1].split(">", 1)[0])
                        self.say("250 OK")
                    elif verb == "DATA":
                        self.say("354 End data with <CR><LF>.<CR><LF>")
                        while self.rfile.readline() not in (b".\r\n", b""):
                            pass
                        with stand_in.lock:
                            stand_in.received.extend(recipients)
                            hangs = stand_in.stall_after is not None and len(stand_in.received) > stand_in.stall_after
                        if hangs:
                            stand_in.stopping.wait()
                            return
                        self.say("250 OK")
                    elif verb == "QUIT":
                        self.say("221 Bye")
                        return
                    else:
                        self.say("250 OK")

            def say(self, reply: str):
                self.wfile.write(reply.encode() + b"\r\n")

        return Handler

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        with contextlib.suppress(OSError):
            self.server.shutdown()
        self.server.server_close()
