"""The clerks' pages: inbox and the invoice page (readable invoice, findings, history, allowed actions).
Suppliers see their own invoice page with receipt, verdict and messages, and nothing else of the
city's side. The register, the views and exports are in `web.pages.views`.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from invoicing.approvals import Message
from invoicing.approvals.assignment import parse_rows, prefill
from invoicing.approvals.clock import city_day
from invoicing.lifecycle.errors import LifecycleError
from validators.render import render_html
from web import audit
from web.accounts import Principal
from web.actions import ACTIONS, TEXT_FIELD, carry_out, offers, why_nothing
from web.i18n import text
from web.inbox import LISTS, inbox
from web.invoice_view import address, attachment_file, invoice_view
from web.listing import paging
from web.originals import original_response
from web.permissions import Guard, may
from web.rendering import language, page
from web.status import case_status, messages

router = APIRouter(include_in_schema=False)


@router.get("/inbox")
def inbox_page(request: Request, list: str = "", cursor: str = "", principal: Principal = Depends(Guard("decide"))):
    only = list if list in LISTS else None
    asked = paging(request)
    lists = inbox(request.app.state.edge, request.app.state.cases, principal, only=only, cursor=cursor or None,
                  size=asked.size if only else 25)
    return page(request, "inbox.html", {"lists": lists, "only": only, "size": asked.size})


def invoice_context(request: Request, principal: Principal, case_id: UUID) -> dict:
    edge, lang = request.app.state.edge, language(request)
    case = request.app.state.cases.get(principal, case_id)
    events = edge.invoices.history(case_id)
    report = audit.report_at(events)
    internal = may(principal, "read_all")
    policy = edge.invoices.policy_now()  # with the recorded absences
    view = invoice_view(edge.invoices.original(case_id), case.received_at) if internal else None
    return {"case": case, "status": case_status(case, internal), "events": audit.timeline(events) if internal else [], "internal": internal,
            "report_html": render_html(report, language=lang) if report and internal else None,
            "messages": messages(case, audit.report_dict_at(events), lang), "view": view, "address": address,
            "offers": offers(principal, case, policy, edge.invoices.clock()), "has_report": report is not None,
            "why_nothing": why_nothing(principal, case, policy, edge.invoices.clock()),
            "units": edge.policy.units, "today": city_day(edge.clock()),
            "kontierung": _prefilled(case, policy) if internal else None}


def _prefilled(case, policy) -> list | None:
    """The Kontierung rows to offer with sachlich richtig: as recorded, else pre-filled from the policy."""
    step = case.open_step
    if step is None or step.kind not in ("sachlich", "sachlich_rechnerisch") or case.facts is None:
        return None
    return prefill(case.facts, case.progress.route, policy)


@router.get("/invoices/{case_id}")
def invoice_page(request: Request, case_id: UUID, received: int = 0, again: int = 0, done: str = "",
                 principal: Principal = Depends(Guard("read"))):
    context = invoice_context(request, principal, case_id)
    return page(request, "invoice.html", {**context, "received": received, "again": again, "done": done,
                                          "errors": [], "refusal": None})


@router.post("/invoices/{case_id}/actions/{action}")
def act(request: Request, case_id: UUID, action: str, step: str = Form(""), text_: str = Form("", alias="text"),
        unit: str = Form(""), target: str = Form(""), addressed_to: str = Form(""),
        kost1: list[str] = Form([]), kost2: list[str] = Form([]), konto: list[str] = Form([]),
        betrag: list[str] = Form([]), principal: Principal = Depends(Guard("decide"))):
    lang = language(request)
    edge = request.app.state.edge
    if action not in ACTIONS:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    request.app.state.cases.get(principal, case_id)
    errors, refusal = [], None
    rows = parse_rows(kost1, kost2, konto, betrag) if action == "certify" else []  # the Kontierung, if sent
    if TEXT_FIELD[action] != "comment" and not text_.strip():
        errors = [(f"text-{action}", text("reason_required", lang))]
    elif action == "assign_to_unit" and not unit:
        errors = [(f"unit-{action}", text("unit_required", lang))]
    elif action == "reassign" and not target.strip():
        errors = [(f"target-{action}", text("target_required", lang))]
    elif isinstance(rows, Message):
        errors = [(f"text-{action}", rows.en if lang == "en" else rows.de)]
    else:
        person = target.strip() if action == "reassign" and edge.policy.person(target.strip()) else None
        group = target.strip() if action == "reassign" and person is None else None
        try:
            # no rows: certified without a Kontierung
            assignment = [row.model_dump(mode="json", exclude_none=True) for row in rows] or None
            carry_out(edge.invoices, case_id, action, principal, step=step or None, text=text_, unit=unit or None,
                      person=person, group=group, addressed_to=addressed_to or None, assignment=assignment)
            return RedirectResponse(f"/invoices/{case_id}?done={action}", status_code=303)
        except LifecycleError as error:
            refusal = error
    context = invoice_context(request, principal, case_id)
    return page(request, "invoice.html", {**context, "received": 0, "again": 0, "done": "", "errors": errors,
                                          "refusal": refusal, "failed_action": action, "sent_text": text_},
                status_code=409 if refusal else 422)


@router.post("/invoices/{case_id}/answer")
def supplier_answer(request: Request, case_id: UUID, text_: str = Form("", alias="text"),
                    principal: Principal = Depends(Guard("submit"))):
    """The supplier answers the question addressed to them, on their own invoice's page."""
    lang = language(request)
    case = request.app.state.cases.get(principal, case_id)
    errors, refusal = [], None
    if not text_.strip():
        errors = [("supplier-answer", text("answer_required", lang))]
    else:
        try:
            request.app.state.edge.invoices.answer_as_supplier(case.id, sender=principal.sender, answer=text_)
            return RedirectResponse(f"/invoices/{case_id}?done=answer_clarification", status_code=303)
        except LifecycleError as error:
            refusal = error
    context = invoice_context(request, principal, case_id)
    return page(request, "invoice.html", {**context, "received": 0, "again": 0, "done": "", "errors": errors,
                                          "refusal": refusal}, status_code=409 if refusal else 422)


@router.get("/invoices/{case_id}/original")
def original(request: Request, case_id: UUID, principal: Principal = Depends(Guard("read"))):
    case = request.app.state.cases.get(principal, case_id)
    return original_response(request.app.state.edge.invoices.original(case_id), case)


@router.get("/invoices/{case_id}/attachments/{kind}/{index}")
def attachment(request: Request, case_id: UUID, kind: str, index: int, principal: Principal = Depends(Guard("read"))):
    """One attachment of the invoice (an embedded document, BT-125, or another file of the PDF), as a download."""
    request.app.state.cases.get(principal, case_id)
    if not may(principal, "read_all"):
        return page(request, "error.html", {"title_key": "forbidden", "text_key": "forbidden_text"}, status_code=403)
    found = attachment_file(request.app.state.edge.invoices.original(case_id), kind, index)
    if found is None:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    name, media, content = found
    safe = "".join(char if char.isalnum() or char in "._-" else "_" for char in name) or "attachment"
    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{safe}"', "X-Original-Media-Type": media})
