"""/api/accounts (administrators) and /api/me (everyone logged in)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
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
