"""From a submitted file to the facts the lifecycle records (the reader at the edge).

`recognise_file` never raises for bad input: a file that is not a readable e-invoice becomes an
`Unreadable` fact carrying the reader's code, message and hint. `routing_facts` gives the facts
approval routing and deadlines need (`invoicing.approvals.InvoiceFacts`), `accounting_facts` those
the views need (`invoicing.lifecycle.accounting.CaseFacts`), each None when unreadable;
`read_submission` reads the file once for both recognition and accounting facts; `read_once` also hands
back what was read (`ReadResult`, with the parsed tree), so the validation can check the same tree.
"""

from __future__ import annotations

import logging
from datetime import datetime

from invoicing.approvals import InvoiceFacts
from invoicing.formats.errors import ReadError
from invoicing.formats.reader import ReadResult, read_document
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.facts import Recognition, Unreadable
from invoicing.lifecycle.keys import seller_key

log = logging.getLogger(__name__)


def recognise_file(content: bytes) -> Recognition | Unreadable:
    """Read `content` and say what it is and what identifies it, or why it cannot be read."""
    try:
        return recognition_of(read_document(content))
    except ReadError as error:
        return Unreadable(error.code, error.message, error.hint)


def read_submission(content: bytes, received_at: datetime) -> tuple[Recognition | Unreadable, CaseFacts | None]:
    """Read `content` once: what it is (as `recognise_file`) and its accounting facts (None when unreadable)."""
    found, facts, _ = read_once(content, received_at)
    return found, facts


def read_once(content: bytes, received_at: datetime
              ) -> tuple[Recognition | Unreadable, CaseFacts | None, ReadResult | None]:
    """Read `content` once: what it is, its accounting facts, and the reading itself (None when unreadable)."""
    try:
        result = read_document(content)
    except ReadError as error:
        return Unreadable(error.code, error.message, error.hint), None, None
    try:
        facts = CaseFacts.from_invoice(result.invoice, received_at)
    except (ValueError, ArithmeticError):  # an amount or term the views cannot use must not stop the pipeline
        log.exception("The accounting facts of a readable invoice could not be taken; the views stay without them.")
        facts = None
    return recognition_of(result), facts, result


def accounting_facts(content: bytes, received_at: datetime) -> CaseFacts | None:
    """The accounting facts of `content` received at `received_at`, or None when it cannot be read as an invoice."""
    return read_submission(content, received_at)[1]


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
