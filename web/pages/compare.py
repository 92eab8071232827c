"""Side by side: a suspected duplicate and the earlier invoice with the same seller and number.

The deciding fields (seller, VAT id, number, dates, amounts, Leitweg-ID, order reference, file, hash,
receipt) come from the cases' recorded facts; each row says whether the two agree. City readers only.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request

from web.accounts import Principal
from web.i18n import column, text
from web.permissions import Guard
from web.rendering import language, page

router = APIRouter(include_in_schema=False)


def deciding_fields(case, lang: str) -> list[tuple[str, object]]:
    """(label, value) of the fields that decide whether two invoices are one."""
    found = case.accounting_facts
    invoice = found.invoice if found else None
    recognition = case.recognition or {}
    first = case.submissions[0]
    return [
        (column("supplier", lang), recognition.get("seller_name")),
        (text("vat_id", lang), invoice.seller_vat_id if invoice else None),
        (text("number", lang), recognition.get("number")),
        (text("issue_date", lang), invoice.issue_date if invoice else recognition.get("issue_date")),
        (column("gross", lang), invoice.amount if invoice else None),
        (text("amount_due", lang), recognition.get("amount_due")),
        (text("leitweg", lang), recognition.get("buyer_reference")),
        (text("order_ref", lang), invoice.purchase_order_reference if invoice else None),
        (text("received_at", lang), case.received_at),
        (text("file", lang), first.filename),
        (text("content_hash", lang), case.content_hash),
        (text("status", lang), case.status),
    ]


@router.get("/invoices/{case_id}/compare/{other_id}")
def compare(request: Request, case_id: UUID, other_id: UUID, principal: Principal = Depends(Guard("read_all"))):
    lang = language(request)
    cases = request.app.state.cases
    this, other = cases.get(principal, case_id), cases.get(principal, other_id)
    rows = [(label, left, right, left == right)
            for (label, left), (_, right) in zip(deciding_fields(this, lang), deciding_fields(other, lang))]
    return page(request, "compare.html", {"this": this, "other": other, "rows": rows})
