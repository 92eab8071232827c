"""Mails for the mailbox tests: what suppliers, mail systems and autoresponders send.

    raw = mail(attachments=[("RE-1.xml", files.ubl(1))], subject="Rechnung RE-1")

Attachment contents come from the generator (`InvoiceFiles`): valid UBL, CII and ZUGFeRD PDF,
the same invoices with totals one euro off (rejected by BR-CO-15), a broken XML, a plain PDF,
an image, a Word file and an XML that is no invoice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import cache
from random import Random

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator.files import as_en16931
from invoicing.generator.invoices import generate_invoice

CITY = "rechnungseingang@stadt.example"
SENT = datetime(2026, 3, 2, 9, 15, tzinfo=timezone.utc)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
DOCX = b"PK\x03\x04" + bytes(60)
BROKEN_XML = b"<Invoice><ID>1</Invoice>"
ORDER_XML = b'<?xml version="1.0"?>\n<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>7</ID></Order>'


@cache
def plain_pdf(text: str = "Rechnung 4711") -> bytes:
    """A PDF with one blank page and no embedded files: what a scanner or a print-to-PDF makes."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class InvoiceFiles:
    """Generated invoice files, one distinct invoice per (seed, n)."""

    seed: int = 2026

    def _invoice(self, n: int, invalid: bool = False):
        invoice = generate_invoice(Random(f"mail-{self.seed}-{n}").getrandbits(63), kind="standard")
        if invalid:
            totals = invoice.totals
            invoice = invoice.model_copy(update={"totals": totals.model_copy(
                update={"total_with_vat": totals.total_with_vat + Decimal("1.00")})})
        return invoice

    def ubl(self, n: int, *, invalid: bool = False) -> bytes:
        return _cached("ubl", self.seed, n, invalid, lambda: write_ubl(self._invoice(n, invalid)))

    def cii(self, n: int, *, invalid: bool = False) -> bytes:
        return _cached("cii", self.seed, n, invalid, lambda: write_cii(self._invoice(n, invalid)))

    def pdf(self, n: int, *, invalid: bool = False, profile: str = "XRECHNUNG") -> bytes:
        def make() -> bytes:
            invoice = self._invoice(n, invalid)
            xml = write_cii(invoice if profile == "XRECHNUNG" else as_en16931(invoice))
            return embed_invoice_xml(xml, profile=profile)
        return _cached(f"pdf-{profile}", self.seed, n, invalid, make)


_FILES: dict = {}


def _cached(kind: str, seed: int, n: int, invalid: bool, make) -> bytes:
    key = (kind, seed, n, invalid)
    if key not in _FILES:
        _FILES[key] = make()
    return _FILES[key]


def mail(*, sender: str = "Muster GmbH <rechnung@muster.example>", subject: str = "Rechnung",
         attachments: list[tuple[str, bytes]] | tuple = (), body: str = "Sehr geehrte Damen und Herren,\nanbei unsere Rechnung.",
         message_id: str | None = None, reply_to: str | None = None, headers: dict[str, str] | None = None,
         to: str = CITY, date: datetime = SENT) -> bytes:
    """A supplier's mail; `message_id=""` leaves the Message-ID out, None makes a fresh one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    if message_id != "":
        message["Message-ID"] = message_id or make_msgid(domain="muster.example")
    if reply_to:
        message["Reply-To"] = reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for name, content in attachments:
        maintype, subtype = _declared_type(name)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def bounce(*, original: str = "Eingangsbestätigung", to: str = CITY, message_id: str | None = None) -> bytes:
    """A delivery status notification from a mail server (multipart/report, null return path)."""
    from email.mime.base import MIMEBase
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("report", report_type="delivery-status")
    message["Return-Path"] = "<>"
    message["From"] = "Mail Delivery System <MAILER-DAEMON@mx.muster.example>"
    message["To"] = to
    message["Subject"] = f"Undelivered Mail Returned to Sender: {original}"
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = message_id or make_msgid(domain="mx.muster.example")
    message["Auto-Submitted"] = "auto-replied"
    message.attach(MIMEText("This is the mail system at host mx.muster.example.\n\nI'm sorry to have to inform you "
                            "that your message could not be delivered.", "plain", "utf-8"))
    from email.message import Message

    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; mx.muster.example"
    per_recipient["Final-Recipient"] = "rfc822; nobody@muster.example"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    status = MIMEBase("message", "delivery-status")
    status.set_payload([per_message, per_recipient])
    message.attach(status)
    return message.as_bytes()


def out_of_office(*, sender: str = "Erika Muster <erika@muster.example>", message_id: str | None = None) -> bytes:
    """An autoresponder's answer (RFC 3834)."""
    return mail(sender=sender, subject="Abwesenheitsnotiz: Eingangsbestätigung", body="Ich bin bis 10.3. abwesend.",
                message_id=message_id, headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"})


def _declared_type(name: str) -> tuple[str, str]:
    lowered = name.lower()
    if lowered.endswith(".xml"):
        return "application", "xml"
    if lowered.endswith(".pdf"):
        return "application", "pdf"
    if lowered.endswith(".png"):
        return "image", "png"
    return "application", "octet-stream"
