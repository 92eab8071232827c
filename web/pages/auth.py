"""Log-in, log-out, the language switch and the start page (which sends each role to its own page)."""

from __future__ import annotations

from datetime import timezone

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from web.accounts import Principal
from web.i18n import text
from web.permissions import CsrfRefused, Guard, may
from web.rendering import language, page
from web.sessions import LANGUAGES, csrf_matches, fresh, logged_in
from web.signin import Refused

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only paths on this site (no scheme, no `//host`): no open redirect after log-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def home_of(principal: Principal) -> str:
    for permission, path in (("submit", "/supplier"), ("decide", "/inbox"), ("read_all", "/register"),
                             ("accounts", "/accounts")):
        if may(principal, permission):
            return path
    return "/login"


@router.get("/")
def start(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    return RedirectResponse(home_of(principal), status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", {"next": safe_next(next), "login": "", "errors": []})


@router.post("/login")
async def login(request: Request, login: str = Form(""), password: str = Form(""), next: str = Form("/"),
                csrf_token: str = Form("")):
    if not csrf_matches(request.state.session, csrf_token):
        raise CsrfRefused("csrf")
    lang = language(request)
    if not login.strip() or not password:
        return page(request, "login.html", {"next": safe_next(next), "login": login,
                                            "errors": [("login", text("login_missing", lang))]}, status_code=422)
    edge = request.app.state.edge
    outcome = await run_in_threadpool(edge.signin.check, login.strip(), password, client_address(request))
    if isinstance(outcome, Refused):
        return _refused(request, outcome, login, next, lang)
    principal = outcome
    token = await run_in_threadpool(edge.sessions.open, principal.login, now=edge.clock(),
                                    address=client_address(request), agent=request.headers.get("user-agent", ""))
    request.state.session = logged_in(request.state.session, principal.login, token)
    return RedirectResponse(safe_next(next, home_of(principal)) if next not in ("", "/") else home_of(principal),
                            status_code=303)


def client_address(request: Request) -> str:
    """The address a request came from (the proxy's, unless uvicorn is told to trust it)."""
    return request.client.host if request.client else "unknown"


def _refused(request: Request, refusal: Refused, login: str, next: str, lang: str):
    if refusal.reason == "wrong":
        message, status, headers = text("login_failed", lang), 401, {}
    elif refusal.reason == "wait" or refusal.until is None:  # a lock always says until when (`signin.waiting`)
        message, status = text("login_wait", lang, seconds=refusal.seconds), 429
        headers = {"Retry-After": str(refusal.seconds)}
    else:
        until = refusal.until.astimezone(timezone.utc).strftime("%H:%M UTC")  # the pages' times are UTC
        message, status, headers = text("login_locked", lang, until=until), 429, {"Retry-After": str(refusal.seconds)}
    response = page(request, "login.html", {"next": safe_next(next), "login": login, "errors": [("login", message)]},
                    status_code=status)
    response.headers.update(headers)
    return response


@router.post("/logout")
def logout(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    edge.sessions.end(request.state.session["sid"], by=principal.login, now=edge.clock())
    request.state.session = fresh(language(request))
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
async def switch_language(request: Request, lang: str = Form("de"), next: str = Form("/"), csrf_token: str = Form("")):
    if not csrf_matches(request.state.session, csrf_token):
        raise CsrfRefused("csrf")
    request.state.session = {**request.state.session, "lang": lang if lang in LANGUAGES else "de"}
    return RedirectResponse(safe_next(next), status_code=303)
