"""Log-in, log-out, the language switch and the start page (which sends each role to its own page)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from web.accounts import Principal
from web.i18n import text
from web.permissions import CsrfRefused, Guard, may
from web.rendering import language, page
from web.sessions import LANGUAGES, csrf_matches, fresh, logged_in

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
    principal = await run_in_threadpool(request.app.state.edge.accounts.authenticate, login.strip(), password)
    if principal is None:
        return page(request, "login.html", {"next": safe_next(next), "login": login,
                                            "errors": [("login", text("login_failed", lang))]}, status_code=401)
    request.state.session = logged_in(request.state.session, principal.login)
    return RedirectResponse(safe_next(next, home_of(principal)) if next not in ("", "/") else home_of(principal),
                            status_code=303)


@router.post("/logout")
def logout(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    request.state.session = fresh(language(request))
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
async def switch_language(request: Request, lang: str = Form("de"), next: str = Form("/"), csrf_token: str = Form("")):
    if not csrf_matches(request.state.session, csrf_token):
        raise CsrfRefused("csrf")
    request.state.session = {**request.state.session, "lang": lang if lang in LANGUAGES else "de"}
    return RedirectResponse(safe_next(next), status_code=303)
