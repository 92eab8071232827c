"""A readable rendering of an invoice: parties, lines, VAT breakdown, totals, payment terms and Skonto deadline.

The original (XML or the PDF's XML) is read again with `invoicing.formats.read_document`; the
deadlines come from `invoicing.approvals.deadlines`, counted from the recorded receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from invoicing.approvals.deadlines import Deadlines, deadlines
from invoicing.approvals.facts import InvoiceFacts
from invoicing.formats.errors import ReadError
from invoicing.formats.reader import read_document
from invoicing.model import Invoice


@dataclass(frozen=True)
class InvoiceView:
    """The invoice as read from its original, with its deadlines and the IBANs to pay to."""

    invoice: Invoice
    syntax: str
    profile: str | None
    deadlines: Deadlines
    ibans: tuple[str, ...]


def invoice_view(original: bytes, received_at: datetime) -> InvoiceView | None:
    """The view of `original`, or None when it cannot be read as an invoice."""
    try:
        result = read_document(original)
    except ReadError:
        return None
    invoice = result.invoice
    ibans = tuple(transfer.account_identifier for instruction in invoice.payment_instructions
                  for transfer in instruction.credit_transfers if transfer.account_identifier)
    return InvoiceView(invoice, result.recognition.syntax, result.profile,
                       deadlines(InvoiceFacts.from_invoice(invoice), received_at), ibans)


def address(party) -> list[str]:
    """A party's postal address as lines."""
    place = getattr(party, "postal_address", None)
    if place is None:
        return []
    lines = [place.line_1, place.line_2, place.line_3,
             " ".join(part for part in (place.post_code, place.city) if part), place.country_code]
    return [line for line in lines if line]
