"""A readable rendering of an invoice: every business term it carries, its deadlines and its attachments.

The original (XML or the PDF's XML) is read again with `invoicing.formats.read_document`; the
deadlines come from `invoicing.approvals.deadlines`, counted from the recorded receipt. The terms
are laid out by `web.invoice_detail` in the standard's order; attachments are the embedded
documents (BT-125) and, for a PDF, the PDF's other embedded files.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime

from invoicing.approvals.deadlines import Deadlines, deadlines
from invoicing.approvals.facts import InvoiceFacts
from invoicing.formats.errors import ReadError
from invoicing.formats.pdf import embedded_files
from invoicing.formats.reader import read_document
from invoicing.model import Invoice
from web.invoice_detail import attachments


@dataclass(frozen=True)
class Attachment:
    """A file that came with the invoice: where it is (`kind` "embedded" or "pdf", `index`), name, type, size."""

    kind: str
    index: int
    filename: str
    mime: str
    size: int
    description: str | None = None


@dataclass(frozen=True)
class InvoiceView:
    """The invoice as read from its original, with its deadlines, the IBANs to pay to and its attachments."""

    invoice: Invoice
    syntax: str
    profile: str | None
    deadlines: Deadlines
    ibans: tuple[str, ...]
    files: tuple[Attachment, ...] = ()


def invoice_view(original: bytes, received_at: datetime) -> InvoiceView | None:
    """The view of `original`, or None when it cannot be read as an invoice."""
    try:
        result = read_document(original)
    except ReadError:
        return None
    invoice = result.invoice
    ibans = tuple(transfer.account_identifier for instruction in invoice.payment_instructions
                  for transfer in instruction.credit_transfers if transfer.account_identifier)
    files = [Attachment("embedded", index, item.filename, item.mime_code, len(item.content), text)
             for index, item, text in attachments(invoice)]
    if result.container == "pdf":
        chosen = result.embedded.attachment_name if result.embedded else None
        files += [Attachment("pdf", index, name, _mime(name), len(content))
                  for index, (name, content) in enumerate(_pdf_files(original)) if name != chosen]
    return InvoiceView(invoice, result.recognition.syntax, result.profile,
                       deadlines(InvoiceFacts.from_invoice(invoice), received_at), ibans, tuple(files))


def attachment_file(original: bytes, kind: str, index: int) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of one attachment of the invoice in `original`, or None."""
    try:
        result = read_document(original)
    except ReadError:
        return None
    if kind == "embedded":
        found = attachments(result.invoice)
        if 0 <= index < len(found):
            item = found[index][1]
            return item.filename, item.mime_code, item.content
    elif kind == "pdf" and result.container == "pdf":
        files = _pdf_files(original)
        if 0 <= index < len(files):
            name, content = files[index]
            return name, _mime(name), content
    return None


def _pdf_files(original: bytes) -> list[tuple[str, bytes]]:
    try:
        return embedded_files(original)
    except ReadError:
        return []


def _mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def address(party) -> list[str]:
    """A party's postal address as lines."""
    place = getattr(party, "postal_address", None)
    if place is None:
        return []
    lines = [place.line_1, place.line_2, place.line_3,
             " ".join(part for part in (place.post_code, place.city) if part), place.country_code]
    return [line for line in lines if line]
