"""Who may do what: roles → permissions, and the `Guard` every route declares.

| permission | roles | what |
|---|---|---|
| `submit` | supplier | send invoices |
| `read` | supplier (own invoices only), clerk, budget_holder, finance, auditor | one invoice: status, report, original, rendering |
| `read_all` | clerk, budget_holder, finance, auditor | lists, register, views, inbox |
| `decide` | clerk, budget_holder, finance | certify, approve, reject, return, decide duplicates |
| `export` | finance | export approved invoices (CSV, DATEV) |
| `audit` | auditor | event timeline, state at any event or time, the report as recorded then |
| `accounts` | admin | open accounts, issue API tokens |
| `signed_in` | everyone logged in | log out, own token list |

An auditor reads everything and changes nothing; an admin manages accounts and reads no invoice.
Bearer tokens (supplier systems) work on `/api/` only. Changes by a session need its CSRF token
(form field `csrf_token` or header `X-CSRF-Token`).
"""

from __future__ import annotations

from fastapi import Request

from web.accounts import Principal
from web.sessions import csrf_matches

PERMISSIONS: dict[str, frozenset[str]] = {
    "submit": frozenset({"supplier"}),
    "read": frozenset({"supplier", "clerk", "budget_holder", "finance", "auditor"}),
    "read_all": frozenset({"clerk", "budget_holder", "finance", "auditor"}),
    "decide": frozenset({"clerk", "budget_holder", "finance"}),
    "export": frozenset({"finance"}),
    "audit": frozenset({"auditor"}),
    "accounts": frozenset({"admin"}),
    "signed_in": frozenset({"supplier", "clerk", "budget_holder", "finance", "auditor", "admin"}),
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotAuthenticated(Exception):
    """Nobody is logged in (or the token is unknown)."""


class Forbidden(Exception):
    """The principal's roles do not allow this; `reason` says which permission was missing."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CsrfRefused(Forbidden):
    """A change sent by a session without its CSRF token."""


def may(principal: Principal, permission: str) -> bool:
    return principal.has(*PERMISSIONS[permission])


class Guard:
    """A FastAPI dependency: authenticates, checks the permission and (for session changes) the CSRF token."""

    def __init__(self, permission: str):
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        principal = await authenticate(request)
        if principal is None:
            raise NotAuthenticated()
        if not may(principal, self.permission):
            raise Forbidden(self.permission)
        if principal.via == "session" and request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            if sent is None and request.headers.get("content-type", "").startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")):
                field = (await request.form()).get("csrf_token")
                sent = field if isinstance(field, str) else None  # a file sent under that name is no token
            if not csrf_matches(request.state.session, sent):
                raise CsrfRefused("csrf")
        request.state.principal = principal
        return principal

    def __repr__(self) -> str:
        return f"Guard({self.permission!r})"


async def authenticate(request: Request) -> Principal | None:
    """The principal of a bearer token (on /api/ only) or of the session cookie, or None."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    edge = request.app.state.edge
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        if not request.url.path.startswith("/api/"):
            return None
        return edge.accounts.for_token(header[7:].strip())
    login = request.state.session.get("login")
    return edge.accounts.principal(login) if login else None


def guard(permission: str) -> Guard:
    return Guard(permission)
