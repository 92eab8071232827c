"""From a submitted file to the facts the lifecycle records (the reader at the edge).

`recognise_file` never raises for bad input: a file that is not a readable e-invoice becomes an
`Unreadable` fact carrying the reader's code, message and hint. `routing_facts` gives the facts
approval routing and deadlines need (`invoicing.approvals.InvoiceFacts`), or None when unreadable.
"""

from __future__ import annotations

from invoicing.approvals import InvoiceFacts
from invoicing.formats.errors import ReadError
from invoicing.formats.reader import ReadResult, read_document
from invoicing.lifecycle.facts import Recognition, Unreadable
from invoicing.lifecycle.keys import seller_key


def recognise_file(content: bytes) -> Recognition | Unreadable:
    """Read `content` and say what it is and what identifies it, or why it cannot be read."""
    try:
        return recognition_of(read_document(content))
    except ReadError as error:
        return Unreadable(error.code, error.message, error.hint)


def routing_facts(content: bytes) -> InvoiceFacts | None:
    """The approval facts of `content` (BT-10, BT-13, BT-19/133, BT-112, BT-9, BT-20, ...), or None when unreadable."""
    try:
        return InvoiceFacts.from_invoice(read_document(content).invoice)
    except ReadError:
        return None


def recognition_of(result: ReadResult) -> Recognition:
    """The facts of a read invoice: BT-1 number, BT-2 date, seller (BT-27/29/31), BT-10, BT-5, BT-115."""
    invoice, recognition = result.invoice, result.recognition
    seller = invoice.seller
    identifier = seller.identifiers[0].value if seller and seller.identifiers else None
    totals = invoice.totals
    return Recognition(
        syntax=recognition.syntax,
        document_type=recognition.document_type,
        customization_id=recognition.customization_id,
        profile=result.profile,
        container=result.container,
        number=invoice.number,
        issue_date=invoice.issue_date.isoformat() if invoice.issue_date else None,
        seller_name=seller.name if seller else None,
        seller_key=seller_key(vat_id=seller.vat_identifier if seller else None, identifier=identifier,
                              name=seller.name if seller else None),
        buyer_reference=invoice.buyer_reference,
        currency=invoice.currency_code,
        amount_due=totals.amount_due if totals else None,
    )
