"""`create_app(edge)`: the ASGI application — API under /api (OpenAPI at /api/docs), pages everywhere else.

Cross-cutting parts live here: the session cookie (loaded before, written after each request),
security headers, the upload limit, and how refusals are answered (JSON for /api, pages otherwise).
Operations have modules of their own: `/healthz` and `/readyz` (`web.health`), `/metrics`
(`web.metrics`), request ids in answers and logs (`web.request_context`), the self-hosted API
documentation (`web.api_docs`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from invoicing.formats.errors import ReadError
from invoicing.lifecycle.errors import ApprovalRefused, Conflict, IntegrityAlarm, InvoiceNotFound, LifecycleError
from invoicing.open_steps.inbox import BadInboxCursor
from projections.paging import BadCursor
from web import api_docs, health, metrics, request_context
from web.cases import Cases
from web.permissions import CsrfRefused, Forbidden, NotAuthenticated
from web.refusals import accepted_language, read_error
from web.refusals import as_dict as refusal_dict
from web.rendering import page
from web.sessions import COOKIE, SessionCodec, persisted, resolve
from web.uploads import BodyLimit
from web.wiring import Edge

STATIC = Path(__file__).parent / "static"
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def create_app(edge: Edge, *, verdict_wait: float = 8.0) -> FastAPI:
    """The web application over `edge` (nothing is started; uvicorn or a test client runs it).

    `verdict_wait`: seconds an upload page waits for the workers' verdict before showing the receipt alone.
    """
    from web.api import accounts as api_accounts
    from web.api import invoices as api_invoices
    from web.api import views as api_views
    from web.pages import (
        absences,
        account,
        admin,
        auditor,
        auth,
        charts,
        clerk,
        compare,
        supplier,
    )
    from web.pages import (
        views as view_pages,
    )

    app = api_docs.documented_app(
        title="E-Rechnungseingang / e-invoice receipt", version="1.0", openapi_url="/api/openapi.json",
        description="Submit XRechnung and ZUGFeRD/Factur-X invoices, follow their status, certify and approve "
                    "them. Supplier systems authenticate with `Authorization: Bearer inv_…`; people with the "
                    "session cookie (changes need the `X-CSRF-Token` header).")
    app.state.edge = edge
    app.state.cases = Cases(edge.invoices, edge.read)
    app.state.verdict_wait = verdict_wait
    app.state.sessions = SessionCodec(edge.secret_key, max_age_seconds=edge.settings.session_hours * 3600)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (api_invoices.router, api_views.router, api_accounts.router,
                   auth.router, account.router, supplier.router, clerk.router, compare.router, view_pages.router,
                   auditor.router, admin.router, absences.router, charts.router, health.router):
        app.include_router(router)
    _sessions_and_headers(app, edge)
    _refusals(app)
    app.add_middleware(BodyLimit, limit=edge.settings.max_upload_bytes)
    metrics.install(app)
    request_context.install(app)
    return app


def _sessions_and_headers(app: FastAPI, edge: Edge) -> None:
    codec: SessionCodec = app.state.sessions

    @app.middleware("http")
    async def session(request: Request, call_next):
        loaded = codec.load(request.cookies.get(COOKIE))
        if loaded.get("sid"):
            request.state.session = await run_in_threadpool(resolve, loaded, edge.sessions, edge.clock())
        else:
            request.state.session = persisted(loaded)
        before = persisted(loaded)
        response = await call_next(request)
        after = persisted(request.state.session)
        if after != before or COOKIE not in request.cookies:
            response.set_cookie(COOKIE, codec.dump(after), max_age=codec.max_age, httponly=True,
                                secure=edge.settings.cookie_secure, samesite="lax", path="/")
        response.headers.setdefault("Content-Security-Policy",
                                    api_docs.CSP if api_docs.is_documentation(request.url.path) else _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if edge.settings.cookie_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def api_language(request: Request, default: str = "en") -> str:
    """The language of an API refusal: `?lang=`, else Accept-Language, else English (as before; `message_de`
    always comes along)."""
    wanted = request.query_params.get("lang")
    return wanted if wanted in ("de", "en") else accepted_language(request.headers.get("accept-language"), default)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _refusals(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _error):
        if _is_api(request):
            return JSONResponse({"code": "not-authenticated", "message": "Log in or send a bearer token.",
                                 "hint": "Authorization: Bearer inv_…"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden):
        csrf = isinstance(error, CsrfRefused)
        if _is_api(request):
            return JSONResponse({"code": "csrf" if csrf else "forbidden",
                                 "message": "The CSRF token is missing or wrong." if csrf
                                 else f"Your role does not allow this (needs '{error.reason}').",
                                 "hint": "Send X-CSRF-Token." if csrf else "Ask an administrator."},
                                status_code=403)
        return page(request, "error.html", {"title_key": "forbidden",
                                            "text_key": "csrf_text" if csrf else "forbidden_text"}, status_code=403)

    @app.exception_handler(InvoiceNotFound)
    async def not_found(request: Request, error: InvoiceNotFound):
        if _is_api(request):
            return JSONResponse(error.as_dict(), status_code=404)
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)

    @app.exception_handler(IntegrityAlarm)
    async def alarm(request: Request, error: IntegrityAlarm):  # a finding for the auditors, never a 500
        if _is_api(request):
            return JSONResponse(error.as_dict(), status_code=409)
        return page(request, "integrity_alarm.html", {"detail": error.message}, status_code=409)

    @app.exception_handler(LifecycleError)
    async def refused(request: Request, error: LifecycleError):
        status = 409 if isinstance(error, Conflict) else 403 if isinstance(error, ApprovalRefused) else 422
        return JSONResponse(refusal_dict(error, api_language(request)), status_code=status)

    @app.exception_handler(BadCursor)
    @app.exception_handler(BadInboxCursor)
    async def bad_cursor(request: Request, error: ValueError):  # a stale or edited page link: start at the first page
        if _is_api(request):
            return JSONResponse({"code": "bad-cursor", "message": str(error),
                                 "hint": "Pass a `next` or `previous` cursor exactly as a page gave it, or leave "
                                         "`cursor` out to start at the first page."}, status_code=422)
        query = [(key, value) for key, value in request.query_params.multi_items() if key != "cursor"]
        return RedirectResponse(request.url.path + (f"?{urlencode(query)}" if query else ""), status_code=303)

    @app.exception_handler(ReadError)
    async def unreadable(request: Request, error: ReadError):
        status = 413 if error.code == "too-large" else 415
        message, hint = read_error(error.code, error.message, error.hint, api_language(request))
        return JSONResponse({**error.as_dict(), "message": message, "hint": hint, "message_en": error.message},
                            status_code=status)

    @app.exception_handler(404)
    async def missing(request: Request, _error):
        if _is_api(request):
            return JSONResponse({"code": "not-found", "message": "No such resource.", "hint": "See /api/docs."},
                                status_code=404)
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)


def settle_heap() -> None:
    """Call once in a server process after the application is built: what startup made lives as long as the
    process, so the collector's full passes need not walk it again (`gc.freeze`). At a million invoices a
    full pass over it during a report page took about 45 ms every few requests; frozen, about 2 ms."""
    import gc

    gc.collect()
    gc.freeze()
