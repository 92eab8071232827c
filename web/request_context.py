"""Request ids, and the ids on every log record written while a request is handled.

Each request gets an id: the caller's `X-Request-ID` when it is well-formed (a reverse proxy's,
say: up to 64 letters, digits, `-`, `_`, `.`), else a new one (asgi-correlation-id). The answer
carries it back in `X-Request-ID`; log records carry it as `request_id`, and as `case_id` the case
the route names (`/api/invoices/{case_id}`, `/invoices/{case_id}` …), see `invoicing.logs`.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from uuid import uuid4

from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from fastapi import FastAPI

from invoicing import logs

HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
_scope: ContextVar[dict | None] = ContextVar("request_scope", default=None)


def well_formed(value: str) -> bool:
    """True for a request id a caller may choose (nothing that could forge or break a log line)."""
    return _WELL_FORMED.fullmatch(value) is not None


def routed_case() -> str | None:
    """The `case_id` path parameter of the request being handled (the router fills it in)."""
    scope = _scope.get()
    return (scope.get("path_params") or {}).get("case_id") if scope is not None else None


class _KeepScope:
    """Keeps the request's scope at hand for `routed_case` (pure ASGI: no extra task)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        token = _scope.set(scope if scope["type"] == "http" else None)
        try:
            await self.app(scope, receive, send)
        finally:
            _scope.reset(token)


def install(app: FastAPI) -> None:
    """Add the request ids to `app` (outermost, so every other layer's records carry them)."""
    logs.add_context("request_id", correlation_id.get)
    logs.add_context("case_id", routed_case)
    app.add_middleware(_KeepScope)
    app.add_middleware(CorrelationIdMiddleware, header_name=HEADER, generator=lambda: uuid4().hex,
                       validator=well_formed, update_request_header=True)
