"""Rendering pages: one Jinja environment, the language of the session, and the words of `web.i18n`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from web import codes, formatting, history, i18n, invoice_detail, listing, refusals, status
from web.accounts import Principal
from web.audit import brief

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(status_name=i18n.status_name, event_name=i18n.event_name, step_name=i18n.step_name, brief=brief)
templates.env.filters.update(formatting.FILTERS)
templates.env.filters["count"] = listing.count_text  # paged lists (web.listing)
templates.env.globals["page_sizes"] = listing.SIZES
templates.env.globals.update(cell=formatting.cell, code_name=codes.code_name, unit_name=codes.unit,
                             invoice_sections=invoice_detail.sections, line_sections=invoice_detail.line_sections,
                             refusal_text=refusals.in_language, rejection_text=status.rejection_text,
                             history_line=history.line)

NAV = (  # (permission, path, text key): what the header offers to whom
    ("submit", "/supplier", "supplier_home"),
    ("decide", "/inbox", "inbox"),
    ("read_all", "/register", "register"),
    ("read_all", "/views", "views"),
    ("read_all", "/charts", "charts"),
    ("accounts", "/accounts", "accounts"),
    ("decide", "/absences", "absences"),
    ("signed_in", "/account", "my_account"),
)


def language(request: Request) -> str:
    return request.state.session.get("lang", "de")


def page(request: Request, template: str, context: dict | None = None, *, status_code: int = 200):
    """Render `template` with the session's language, the principal (if any) and the CSRF token."""
    from web.permissions import may

    lang = language(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None and request.state.session.get("login"):
        principal = request.app.state.edge.accounts.principal(request.state.session["login"])
    values = {
        "request": request, "lang": lang, "t": partial(i18n.text, lang=lang), "principal": principal,
        "csrf": request.state.session["csrf"], "path": request.url.path,
        "nav": [(path, key) for permission, path, key in NAV if principal and may(principal, permission)],
        "may": (lambda permission: principal is not None and may(principal, permission)),
        "column": partial(i18n.column, lang=lang),
    }
    values.update(context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)
