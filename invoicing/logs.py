"""How every process logs: one line per record, JSON for log collectors or readable text, at `LOG_LEVEL`.

`configure(level, format)` is called once by whoever starts a long-running process (`invoicing serve`,
`invoicing worker`); it replaces the root logger's handlers, so uvicorn's and Dramatiq's records come
out the same way. `format` is "json", "text" or "auto" (text when stderr is a terminal, as for
`make demo`; JSON otherwise, as under systemd or in a container).

Each record carries the ids of what is being handled, when known: `request_id` (the web edge
registers it, `add_context`) and `case_id` (the workers set `case_id` around each message; the
web edge registers the case of the requested page). A JSON line looks like

    {"time": "2026-03-02T09:15:02.114Z", "level": "INFO", "logger": "workers.dispatcher", "process": 4121,
     "message": "…", "request_id": "4be0…", "case_id": "9f0c…"}

and tracebacks come as one string in `exc_info`. Ids absent from the context are left out.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

case_id: ContextVar[str | None] = ContextVar("case_id", default=None)
"""The case a worker is handling right now (set around each message, None between messages)."""

CONTEXT_FIELDS = ("request_id", "case_id")
"""The ids a record may carry, in the order a text line shows them."""

_getters: dict[str, list[Callable[[], str | None]]] = {"request_id": [], "case_id": [case_id.get]}


def add_context(name: str, getter: Callable[[], str | None]) -> None:
    """Let `getter` supply the field `name` ("request_id" or "case_id") of records that have none yet."""
    if name not in _getters:
        raise ValueError(f"{name!r} is not a context field; use one of {', '.join(CONTEXT_FIELDS)}.")
    if getter not in _getters[name]:
        _getters[name].append(getter)


class ContextFilter(logging.Filter):
    """Puts the current request and case ids on each record (the first getter that knows one wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, getters in _getters.items():
            if getattr(record, name, None) is not None:
                continue
            for getter in getters:
                value = getter()
                if value is not None:
                    setattr(record, name, str(value))
                    break
        return True


class TextFormatter(logging.Formatter):
    """`2026-03-02 10:15:02,114 INFO workers.dispatcher: message [request_id=… case_id=…]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{name}={getattr(record, name)}" for name in CONTEXT_FIELDS
                       if getattr(record, name, None) is not None)
        if not ids:
            return line
        head, newline, trace = line.partition("\n")  # the ids stay on the first line, before a traceback
        return f"{head} [{ids}]{newline}{trace}"


def json_formatter() -> logging.Formatter:
    """One JSON object per record: time (UTC, ISO 8601), level, logger, process, message, the ids, exc_info."""
    formatter = JsonFormatter("{asctime}{levelname}{name}{process}{message}", style="{",
                              rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                              json_ensure_ascii=False)
    formatter.converter = time.gmtime
    formatter.default_time_format = "%Y-%m-%dT%H:%M:%S"
    formatter.default_msec_format = "%s.%03dZ"
    return formatter


def configure(level: str = "INFO", format: str = "auto", stream: TextIO | None = None) -> None:
    """Send every record at `level` or above to `stream` (default stderr) as JSON or text; see the module."""
    stream = stream or sys.stderr
    if format == "auto":
        format = "text" if stream.isatty() else "json"
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(json_formatter() if format == "json" else TextFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
