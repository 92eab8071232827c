"""/api/invoices: submit (multipart or raw body) → receipt; status, report, original, history, state; decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from invoicing.lifecycle.errors import InvoiceNotFound, NotAllowedNow
from validators.render import render_html
from validators.report import ValidationReport
from web import audit
from web.accounts import Principal
from web.actions import TEXT_FIELD, carry_out
from web.intake import submit
from web.listing import page_json, paging
from web.originals import original_response
from web.permissions import Guard, may
from web.refusals import accepted_language
from web.status import status_of

router = APIRouter(prefix="/api/invoices", tags=["invoices"])

_RAW_TYPES = {"application/xml", "text/xml", "application/pdf", "application/octet-stream"}
_BODY_DOC = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
    "application/xml": {"schema": {"type": "string", "format": "binary"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}


class ReceiptOut(BaseModel):
    """What a supplier system is told at once."""

    case_id: UUID
    received_at: datetime
    content_hash: str
    size: int
    first: bool
    status_url: str


@router.post("", status_code=202, response_model=ReceiptOut, openapi_extra=_BODY_DOC,
             summary="Submit an invoice (multipart field `file`, or the file as the raw body)")
async def submit_invoice(request: Request, principal: Principal = Depends(Guard("submit"))):
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return JSONResponse({"code": "file-missing", "message": "The form has no file in field 'file'.",
                                 "hint": "Send the invoice as multipart field 'file'."}, status_code=422)
        content, filename = await upload.read(), upload.filename or "upload"
    elif content_type in _RAW_TYPES or not content_type:
        content = await request.body()
        filename = request.headers.get("x-filename") or request.query_params.get("filename") or "upload"
    else:
        return JSONResponse({"code": "unsupported-media-type", "message": f"Content type {content_type} is not taken.",
                             "hint": "Send multipart/form-data or the raw file (XML or PDF)."}, status_code=415)
    edge = request.app.state.edge
    receipt = await run_in_threadpool(submit, edge.invoices, principal, content, filename=filename, channel="api",
                                      limit=edge.settings.max_upload_bytes)
    return ReceiptOut(case_id=receipt.case_id, received_at=receipt.received_at, content_hash=receipt.content_hash,
                      size=receipt.size, first=receipt.first, status_url=f"/api/invoices/{receipt.case_id}")


@router.get("", summary="List invoices a page at a time, newest first (suppliers: their own); `next`/`previous` "
                         "are the cursors of the neighbouring pages, `total` how many match")
def list_invoices(request: Request, status: str | None = None, q: str | None = None,
                  limit: int = Query(100, ge=1, le=500), cursor: str | None = None, sort: str | None = None,
                  dir: Literal["asc", "desc"] | None = None, principal: Principal = Depends(Guard("read"))):
    found, items = request.app.state.cases.page(principal, status=status, q=q, paging=paging(request, limit=limit))
    return page_json(found, [item.as_dict() for item in items])


@router.get("/{case_id}", summary="Status of one invoice")
def get_invoice(request: Request, case_id: UUID, lang: Literal["de", "en"] | None = None,
                principal: Principal = Depends(Guard("read"))):
    case = request.app.state.cases.get(principal, case_id)
    report = audit.report_dict_at(request.app.state.edge.invoices.history(case_id))
    return status_of(case, lang or accepted_language(request.headers.get("accept-language")), report,
                     internal=may(principal, "read_all"))


@router.get("/{case_id}/report", summary="The validation report as recorded (JSON; HTML with format=html; the KoSIT "
            "report XML with format=kosit)",
            responses={200: {"content": {"application/json": {}, "text/html": {}, "application/xml": {}}}})
def get_report(request: Request, case_id: UUID, format: Literal["json", "html", "kosit"] = "json",
               lang: Literal["de", "en"] | None = None, version: int | None = None,
               principal: Principal = Depends(Guard("read"))):
    cases = request.app.state.cases
    cases.get(principal, case_id)
    events = request.app.state.edge.invoices.history(case_id)
    if version is not None and principal.has("supplier") and not principal.has("auditor"):
        version = None  # replay of earlier states is for auditors; a supplier gets the report as it stands
    stored = audit.report_dict_at(events, version)
    if stored is None:
        raise InvoiceNotFound("This invoice has no validation report yet.", "Ask again in a few seconds.")
    if format == "json":
        return stored
    report = ValidationReport.from_dict(stored)  # the report as recorded (as `audit.report_at` reads it)
    if format == "kosit":
        from validators.kosit_format import kosit_report_of_submission

        if report.kosit_accepted is None:  # recorded before reports carried KoSIT's own scenario and verdict
            raise NotAllowedNow("This report was recorded before reports carried the official validator's "
                                       "scenario and verdict, so it cannot be written in the KoSIT format.",
                                       "Ask for format=json or html, or have an auditor run "
                                       "`invoicing audit reproduce CASE_ID`.")
        case = cases.get(principal, case_id)
        original = request.app.state.edge.invoices.original(case_id)
        xml = kosit_report_of_submission(report, original, case.submissions[0].filename,
                                         engine=f"einvoice-receiving: {audit.engine_at(events, version)}")
        return Response(xml, media_type="application/xml")
    language = lang or accepted_language(request.headers.get("accept-language"))
    body = render_html(report, language=language)
    return HTMLResponse(f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
                        f'<title>Prüfbericht / validation report</title></head><body><main>{body}</main></body></html>')


@router.get("/{case_id}/original", summary="The file exactly as received",
            responses={200: {"content": {"application/xml": {}, "application/pdf": {}}}})
def get_original(request: Request, case_id: UUID, principal: Principal = Depends(Guard("read"))):
    case = request.app.state.cases.get(principal, case_id)
    return original_response(request.app.state.edge.invoices.original(case_id), case)


@router.get("/{case_id}/history", summary="Every event of the invoice: who, what, when")
def get_history(request: Request, case_id: UUID, principal: Principal = Depends(Guard("read_all"))):
    request.app.state.cases.get(principal, case_id)
    return {"events": [entry.as_dict() for entry in audit.timeline(request.app.state.edge.invoices.history(case_id))]}


@router.get("/{case_id}/state", summary="The invoice's state after an event (version) or at a time (auditors)")
def get_state(request: Request, case_id: UUID, version: int | None = Query(None, ge=1), at: datetime | None = None,
              principal: Principal = Depends(Guard("audit"))):
    invoices = request.app.state.edge.invoices
    request.app.state.cases.get(principal, case_id)
    events = invoices.history(case_id)
    if at is not None:
        version = audit.version_at(events, at)
        if version is None:
            raise InvoiceNotFound("The invoice had not arrived at that time.", "Choose a later time.")
    version = min(version or len(events), len(events))
    case = invoices.get_case(case_id, version=version)
    return {"version": version, "at": events[version - 1].timestamp.isoformat(),
            "state": {name: audit._plain(value) for name, value in audit.state(case)},
            "report": audit.report_dict_at(events, version)}


class Decision(BaseModel):
    """What a person sends with a decision; which text field an action needs is in `web.actions.TEXT_FIELD`."""

    step: str | None = None
    comment: str = ""
    reason: str = ""
    question: str = ""
    answer: str = ""
    unit: str | None = None
    person: str | None = None
    group: str | None = None
    addressed_to: str | None = None
    assignment: list[dict] | None = None
    """With `certify` of sachlich richtig: the Kontierung, rows of cost_centre, cost_object, account, amount."""


def _decide(action: str):
    def endpoint(request: Request, case_id: UUID, decision: Decision,
                 principal: Principal = Depends(Guard("decide"))):
        request.app.state.cases.get(principal, case_id)
        invoices = request.app.state.edge.invoices
        recorded = carry_out(invoices, case_id, action, principal, step=decision.step,
                             text=getattr(decision, TEXT_FIELD[action]), unit=decision.unit, person=decision.person,
                             group=decision.group, addressed_to=decision.addressed_to,
                             assignment=decision.assignment if action == "certify" else None)
        return {"recorded": list(recorded), "status": invoices.get_case(case_id).status}

    endpoint.__name__ = f"{action}_invoice"
    return endpoint


for _action, _summary in (
        ("certify", "Certify the open step (sachlich / rechnerisch richtig; `step` is its kind)"),
        ("approve", "Give the payment order (Anordnung), the last step"),
        ("deny", "Refuse to certify the open step (reason required)"),
        ("request_clarification", "Ask a question on the open step (question; addressed_to: a login or 'supplier')"),
        ("answer_clarification", "Answer the open question (answer)"),
        ("assign_to_unit", "Assign an invoice from the clearing inbox to a unit (unit, reason)"),
        ("reassign", "Hand the open step to another person or group (person or group, reason)"),
        ("reject", "Reject the invoice (reason required)"),
        ("return", "Return the invoice to the supplier (reason required)"),
        ("dismiss_duplicate", "Decide a suspected duplicate is not one (reason required)"),
        ("confirm_duplicate", "Confirm a suspected duplicate (reason required)")):
    router.add_api_route(f"/{{case_id}}/{_action.replace('_', '-')}", _decide(_action), methods=["POST"],
                         summary=_summary)
