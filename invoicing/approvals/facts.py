"""The facts of an invoice that approval routing and deadlines look at, taken from the EN 16931 model.

`InvoiceFacts` is small, immutable and JSON-able, so the event-sourced side can store it once
(e.g. in `ApprovalRequested`) and every later decision replays from it without re-reading the XML.

Decisions documented here:
- **Amount** for routing ranges and release limits is the gross total BT-112 (the whole claim a
  signature certifies, also for final invoices that deduct earlier payments); `amount_due` (BT-115)
  is kept for the cash discount, whose base it is by the XRechnung convention.
- **Cost centres** are read from BT-19 (document) and BT-133 (lines), written in municipal
  practice as "Kostenstelle.Sachkonto": the part before the first "." is the cost centre.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from invoicing.model import Invoice


class InvoiceFacts(BaseModel):
    """What approval needs to know about one invoice (all fields optional, as invoices may lack them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str | None = None                      # BT-1
    issue_date: date | None = None                 # BT-2
    type_code: str | None = None                   # BT-3
    currency: str | None = None                    # BT-5
    due_date: date | None = None                   # BT-9
    buyer_reference: str | None = None             # BT-10, the Leitweg-ID
    purchase_order_reference: str | None = None    # BT-13
    payment_terms: str | None = None               # BT-20
    seller_name: str | None = None                 # BT-27
    seller_vat_id: str | None = None               # BT-31
    cost_centres: tuple[str, ...] = ()             # from BT-19 and BT-133
    amount: Decimal | None = None                  # BT-112
    amount_due: Decimal | None = None              # BT-115
    is_credit_note: bool = False

    @classmethod
    def from_invoice(cls, invoice: Invoice) -> "InvoiceFacts":
        """The facts of `invoice`."""
        references = [invoice.buyer_accounting_reference] + [line.buyer_accounting_reference for line in invoice.lines]
        centres = tuple(dict.fromkeys(ref.split(".")[0].strip() for ref in references if ref and ref.strip()))
        totals = invoice.totals
        seller = invoice.seller
        return cls(
            number=invoice.number, issue_date=invoice.issue_date, type_code=invoice.type_code,
            currency=invoice.currency_code, due_date=invoice.due_date,
            buyer_reference=invoice.buyer_reference.strip() if invoice.buyer_reference else None,
            purchase_order_reference=invoice.purchase_order_reference, payment_terms=invoice.payment_terms,
            seller_name=seller.name if seller else None, seller_vat_id=seller.vat_identifier if seller else None,
            cost_centres=tuple(centre for centre in centres if centre),
            amount=totals.total_with_vat if totals else None, amount_due=totals.amount_due if totals else None,
            is_credit_note=invoice.is_credit_note,
        )
