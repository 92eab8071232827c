"""The administrator's page: issue an API token for a supplier system (shown once); see and lift log-in locks;
end every session of an account."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from web.accounts import AccountError, Principal
from web.i18n import text
from web.permissions import Guard
from web.rendering import language, page

router = APIRouter(include_in_schema=False)


def _page(request: Request, status_code: int = 200, **context):
    values = {"token": None, "errors": [], "supplier": "", "label": "", "notice": "",
              "locks": request.app.state.edge.signin.locks(), **context}
    return page(request, "accounts.html", values, status_code=status_code)


@router.get("/accounts")
def accounts_page(request: Request, principal: Principal = Depends(Guard("accounts"))):
    return _page(request)


@router.post("/accounts/locks/lift")
def lift_lock(request: Request, key: str = Form(""), principal: Principal = Depends(Guard("accounts"))):
    request.app.state.edge.signin.lift(key, by=principal.login)
    return _page(request, notice=text("lock_lifted", language(request)))


@router.post("/accounts/sessions/end")
def end_sessions(request: Request, login: str = Form(""), principal: Principal = Depends(Guard("accounts"))):
    edge = request.app.state.edge
    count = edge.sessions.end_all(login.strip(), by=principal.login, now=edge.clock())
    return _page(request, notice=text("sessions_ended", language(request), count=count))


@router.post("/accounts/tokens")
def issue(request: Request, supplier: str = Form(""), label: str = Form(""),
          principal: Principal = Depends(Guard("accounts"))):
    accounts = request.app.state.edge.accounts
    account = accounts.find(supplier.strip()) if supplier.strip() else None
    if account is None or "supplier" not in account.roles:
        message = ("Bitte geben Sie den Benutzernamen eines Lieferanten-Zugangs an." if request.state.session.get(
            "lang", "de") == "de" else "Please give the user name of a supplier account.")
        return _page(request, 422, errors=[("supplier", message)], supplier=supplier, label=label)
    try:
        token = accounts.issue_token(account.login, label=label, by=principal.login)
    except AccountError as error:
        return _page(request, 422, errors=[("supplier", str(error))], supplier=supplier, label=label)
    return _page(request, token=token, supplier=supplier, label=label)
