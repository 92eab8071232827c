"""/api/accounts (administrators) and /api/me (everyone logged in)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from web.accounts import AccountError, Principal
from web.permissions import Guard

router = APIRouter(prefix="/api", tags=["accounts"])


class NewAccount(BaseModel):
    """An account to open."""

    login: str
    name: str
    roles: list[str]
    password: str
    email: str = ""
    organisation: str = ""


class NewToken(BaseModel):
    """A label for an API token (which system uses it)."""

    label: str = ""


@router.get("/me", summary="Who the caller is")
def me(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    return {"login": principal.login, "name": principal.name, "roles": list(principal.roles),
            "via": principal.via, "csrf_token": request.state.session["csrf"] if principal.via == "session" else None}


@router.post("/accounts", status_code=201, summary="Open an account")
def open_account(request: Request, account: NewAccount, principal: Principal = Depends(Guard("accounts"))):
    try:
        request.app.state.edge.accounts.open_account(account.login, name=account.name, roles=account.roles,
                                                     password=account.password, email=account.email,
                                                     organisation=account.organisation, by=principal.login)
    except AccountError as error:
        return JSONResponse({"code": "account-refused", "message": str(error), "hint": ""}, status_code=422)
    return {"login": account.login}


@router.post("/accounts/{login}/tokens", status_code=201, summary="Issue an API token (shown once)")
def issue_token(request: Request, login: str, body: NewToken, principal: Principal = Depends(Guard("accounts"))):
    try:
        token = request.app.state.edge.accounts.issue_token(login, label=body.label, by=principal.login)
    except AccountError as error:
        return JSONResponse({"code": "account-refused", "message": str(error), "hint": ""}, status_code=404)
    return {"token": token}


class PasswordChange(BaseModel):
    """The current password and the new one (at least 8 characters)."""

    current: str
    new: str


class LockKey(BaseModel):
    """A locked key as listed by GET /api/accounts/locks, e.g. "login:sroth" or "address:192.0.2.1"."""

    key: str


@router.get("/me/sessions", summary="The caller's sessions that are logged in")
def my_sessions(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    from web.pages.account import sessions_of

    return {"sessions": jsonable_encoder(sessions_of(request, principal))}


@router.post("/me/sessions/end-others", summary="End every other session of the caller")
def end_my_other_sessions(request: Request, principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    return {"ended": edge.sessions.end_all(principal.login, by=principal.login, now=edge.clock(),
                                           keep=request.state.session.get("sid"))}


@router.post("/me/password", summary="Change the caller's password (ends every other session)")
def change_my_password(request: Request, body: PasswordChange, principal: Principal = Depends(Guard("signed_in"))):
    edge = request.app.state.edge
    try:
        edge.accounts.change_password(principal.login, current=body.current, new=body.new, by=principal.login)
    except AccountError as error:
        return JSONResponse({"code": "password-refused", "message": str(error),
                             "hint": "Send the current password and a new one of at least 8 characters."},
                            status_code=422)
    ended = edge.sessions.end_all(principal.login, by=principal.login, now=edge.clock(),
                                  keep=request.state.session.get("sid"))
    return {"changed": True, "sessions_ended": ended}


@router.get("/accounts/locks", summary="Log-in locks in force (accounts and addresses)")
def locks(request: Request, principal: Principal = Depends(Guard("accounts"))):
    return {"locks": [{"key": lock.key, "until": lock.locked_until.isoformat(), "failures": lock.count}
                      for lock in request.app.state.edge.signin.locks()]}


@router.post("/accounts/locks/lift", summary="Lift a log-in lock (recorded)")
def lift(request: Request, body: LockKey, principal: Principal = Depends(Guard("accounts"))):
    request.app.state.edge.signin.lift(body.key, by=principal.login)
    return {"lifted": body.key}


@router.post("/accounts/{login}/sessions/end", summary="End every session of an account")
def end_sessions_of(request: Request, login: str, principal: Principal = Depends(Guard("accounts"))):
    edge = request.app.state.edge
    return {"ended": edge.sessions.end_all(login, by=principal.login, now=edge.clock())}
