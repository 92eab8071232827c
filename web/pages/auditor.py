"""The auditor's pages: the event timeline (who, what, when), the state after any event or at any time,
the original, and the validation report exactly as recorded at that point."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from invoicing.audit import ChainNotKept, case_integrity, chain_of
from validators.render import render_html
from web import audit
from web.accounts import Principal
from web.i18n import text
from web.permissions import Guard
from web.rendering import language, page

router = APIRouter(include_in_schema=False)


@router.get("/invoices/{case_id}/audit")
def audit_page(request: Request, case_id: UUID, version: int | None = None, at: str = "",
               principal: Principal = Depends(Guard("audit"))):
    lang = language(request)
    invoices = request.app.state.edge.invoices
    case = request.app.state.cases.get(principal, case_id)
    events = invoices.history(case_id)
    errors, notice = [], None
    if at:
        try:
            moment = datetime.fromisoformat(at)
        except ValueError:
            errors = [("at", text("bad_time", lang))]
            moment = None
        if moment is not None:
            version = audit.version_at(events, moment)
            if version is None:
                notice = text("before_first", lang)
    if version is None or version < 1:
        version = len(events) if notice is None else None
    state = then = report_html = None
    if version is not None:
        version = min(version, len(events))
        then = invoices.get_case(case_id, version=version)
        state = audit.state(then)
        report = audit.report_at(events, version)
        report_html = render_html(report, language=lang) if report else None
    return page(request, "audit.html", {
        "case": case, "integrity": case_integrity(invoices, case_id), "events": audit.timeline(events), "selected": version, "state": state, "then": then,
        "report_html": report_html, "errors": errors, "notice": notice, "at": at, "audit_links": True,
        "selected_at": events[version - 1].timestamp if version else None}, status_code=422 if errors else 200)


@router.get("/invoices/{case_id}/report")
def report_page(request: Request, case_id: UUID, principal: Principal = Depends(Guard("read"))):
    lang = language(request)
    case = request.app.state.cases.get(principal, case_id)
    report = audit.report_at(request.app.state.edge.invoices.history(case_id))
    return page(request, "report.html", {"case": case,
                                         "report_html": render_html(report, language=lang) if report else None})


@router.get("/audit/integrity")
def integrity_page(request: Request, principal: Principal = Depends(Guard("audit"))):
    """The log's verification state: the chain's head, the anchors (each checked against the chain now), and
    how to check it all independently."""
    try:
        recorder = chain_of(request.app.state.edge.invoices)
    except ChainNotKept:
        return page(request, "integrity.html", {"kept": False})
    anchors = recorder.anchors()[-20:]
    checked = []
    for anchor in anchors:
        entry = recorder.entry_before(anchor.position + 1)
        checked.append((anchor, entry is not None and (entry.position, entry.hash) == (anchor.position, anchor.hash)))
    return page(request, "integrity.html", {"kept": True, "head": recorder.head(), "anchors": checked[::-1]})
