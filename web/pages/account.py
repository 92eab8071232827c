"""Everyone's own account page: the sessions that are logged in (end one, or all others) and the password
change, which ends every other session."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from web.accounts import AccountError, Principal
from web.i18n import text
from web.permissions import Guard
from web.rendering import language, page
from web.session_store import session_id

router = APIRouter(include_in_schema=False)


def sessions_of(request: Request, principal: Principal) -> list[dict]:
    """The principal's active sessions for a page or the API: short id, since, last active, from, this one."""
    edge = request.app.state.edge
    this = session_id(request.state.session.get("sid", "")) if request.state.session.get("sid") else ""
    return [{"id": record.id[:16], "since": record.created_at, "last_seen": record.last_seen,
             "address": record.address, "agent": record.agent, "this": record.id == this}
            for record in edge.sessions.active(principal.login, edge.clock())]


def _page(request: Request, principal: Principal, notice: str = "", errors=(), status_code: int = 200):
    return page(request, "account.html", {"sessions": sessions_of(request, principal), "notice": notice,
                                          "errors": list(errors)}, status_code=status_code)


@router.get("/account")
def account_page(request: Request, done: str = "", principal: Principal = Depends(Guard("signed_in"))):
    return _page(request, principal, text(done, language(request), count="") if done in ("password_changed",)
                 else "")


@router.post("/account/sessions/{short_id}/end")
def end_session(request: Request, short_id: str, principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    edge.sessions.end_one(principal.login, short_id, by=principal.login, now=edge.clock())
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/end-others")
def end_others(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    count = edge.sessions.end_all(principal.login, by=principal.login, now=edge.clock(),
                                  keep=request.state.session.get("sid"))
    return _page(request, principal, text("sessions_ended", language(request), count=count))


@router.post("/account/password")
async def change_password(request: Request, current: str = Form(""), new: str = Form(""),
                          principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    try:
        await run_in_threadpool(edge.accounts.change_password, principal.login, current=current, new=new,
                                by=principal.login)
    except AccountError:
        return _page(request, principal, errors=[("current", text("password_refused", language(request)))],
                     status_code=422)
    edge.sessions.end_all(principal.login, by=principal.login, now=edge.clock(), keep=request.state.session["sid"])
    return RedirectResponse("/account?done=password_changed", status_code=303)
