"""Log lines as JSON, one object a line, with the request they were logged in (README, "Operating").

`settings.LOGGING` is `logging_config(LOG_LEVEL, LOG_FORMAT)`: every `logging` record (ours, Django's,
axes', the worker's) goes to stderr, as JSON (`time`, `level`, `logger`, `message`, and `request_id`,
`user_id` while a request is served) or, with `LOG_FORMAT=text` (the default under DEBUG), as plain
lines. The per-request access line is written by `requests.RequestLog` itself, in the same shape.
"""

import logging

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from . import requests

# The fields of every JSON line, renamed from logging's attributes.
RENAMED = {"levelname": "level", "name": "logger"}


class JsonFormatter(_JsonFormatter):
    def __init__(self, **kwargs):
        kwargs.setdefault("rename_fields", RENAMED)
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("{levelname}{name}{message}", style="{", **kwargs)


class RequestContextFilter(logging.Filter):
    """Adds the id of the request being served (and its staff user's) to every record logged in it."""

    def filter(self, record):
        current = requests.current()
        if current is not None:
            record.request_id = current.id
            if current.user_id is not None:
                record.user_id = current.user_id
        return True


def logging_config(level: str = "INFO", fmt: str = "json") -> dict:
    if fmt not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT is json or text, not {fmt!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "newsroom.operations.logs.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "newsroom.operations.logs.JsonFormatter"},
            "text": {"format": "{levelname} {name}: {message}", "style": "{"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request"]},
        },
        "root": {"handlers": ["console"], "level": level},
        # Axes says at INFO what it does with every login; its warnings (failures, lockouts) are the news.
        "loggers": {"axes": {"level": "WARNING"}},
    }
