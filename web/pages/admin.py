"""The administrator's page: issue an API token for a supplier system (shown once)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from web.accounts import AccountError, Principal
from web.permissions import Guard
from web.rendering import page

router = APIRouter(include_in_schema=False)


@router.get("/accounts")
def accounts_page(request: Request, principal: Principal = Depends(Guard("accounts"))):
    return page(request, "accounts.html", {"token": None, "errors": [], "supplier": "", "label": ""})


@router.post("/accounts/tokens")
def issue(request: Request, supplier: str = Form(""), label: str = Form(""),
          principal: Principal = Depends(Guard("accounts"))):
    accounts = request.app.state.edge.accounts
    account = accounts.find(supplier.strip()) if supplier.strip() else None
    if account is None or "supplier" not in account.roles:
        message = ("Bitte geben Sie den Benutzernamen eines Lieferanten-Zugangs an." if request.state.session.get(
            "lang", "de") == "de" else "Please give the user name of a supplier account.")
        return page(request, "accounts.html", {"token": None, "errors": [("supplier", message)], "supplier": supplier,
                                               "label": label}, status_code=422)
    try:
        token = accounts.issue_token(account.login, label=label, by=principal.login)
    except AccountError as error:
        return page(request, "accounts.html", {"token": None, "errors": [("supplier", str(error))],
                                               "supplier": supplier, "label": label}, status_code=422)
    return page(request, "accounts.html", {"token": token, "errors": [], "supplier": supplier, "label": label})
