"""Reading a mail: who sent it, which attachments it carries, and what each attachment is by its bytes."""

import pytest

from invoicing.mailbox.attachments import is_invoice, kind_of, root_name
from invoicing.mailbox.reading import read_mail
from tests.mails import BROKEN_XML, DOCX, ORDER_XML, PNG, InvoiceFiles, bounce, mail, plain_pdf

FILES = InvoiceFiles()


def test_the_mail_text_is_no_attachment_and_every_attached_file_is_one_in_order():
    raw = mail(subject="Rechnung  RE-1 ", attachments=[("RE-1.xml", FILES.ubl(1)), ("logo.png", PNG)],
               message_id="<m1@muster.example>", reply_to="Buchhaltung <buha@muster.example>")

    found = read_mail(raw)

    assert [item.filename for item in found.attachments] == ["RE-1.xml", "logo.png"]
    assert found.attachments[0].content == FILES.ubl(1)
    assert (found.message_id, found.from_address, found.reply_to) == ("<m1@muster.example>", "rechnung@muster.example",
                                                                      "buha@muster.example")
    assert found.subject == "Rechnung RE-1" and found.sent_at.isoformat() == "2026-03-02T09:15:00+00:00"


def test_a_mail_without_message_id_or_date_is_read_with_empty_values():
    found = read_mail(b"From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n")
    assert found.message_id == "" and found.sent_at is None and found.attachments == ()


def test_a_delivery_report_has_no_attachments_to_look_into():
    found = read_mail(bounce())
    assert found.content_type == "multipart/report" and found.attachments == ()
    assert found.headers["return-path"] == "<>"


def test_a_file_name_cannot_smuggle_a_path():
    found = read_mail(mail(attachments=[("../../etc/passwd.xml", FILES.cii(1))]))
    assert "/" not in found.attachments[0].filename


@pytest.mark.parametrize("name, content, kind", [
    ("ubl", lambda: FILES.ubl(1), "invoice-xml"),
    ("cii", lambda: FILES.cii(1), "invoice-xml"),
    ("zugferd pdf", lambda: FILES.pdf(1), "invoice-pdf"),
    ("factur-x en16931 pdf", lambda: FILES.pdf(1, profile="EN 16931"), "invoice-pdf"),
    ("invalid ubl", lambda: FILES.ubl(1, invalid=True), "invoice-xml"),
    ("broken xml that means to be an invoice", lambda: BROKEN_XML, "invoice-xml"),
    ("plain pdf", plain_pdf, "pdf"),
    ("order xml", lambda: ORDER_XML, "xml"),
    ("png scan", lambda: PNG, "image"),
    ("word file", lambda: DOCX, "archive"),
    ("text", lambda: "Rechnung über 119,00 €".encode(), "text"),
    ("empty", lambda: b"  \n", "empty"),
])
def test_an_attachment_is_judged_by_its_bytes(name, content, kind):
    assert kind_of(content()) == kind
    assert is_invoice(kind) == kind.startswith("invoice-")


def test_the_name_does_not_matter_an_invoice_called_txt_is_an_invoice_and_a_pdf_called_xml_is_a_pdf():
    found = read_mail(mail(attachments=[("notes.txt", FILES.cii(2)), ("rechnung.xml", plain_pdf())]))
    assert [kind_of(item.content) for item in found.attachments] == ["invoice-xml", "pdf"]


def test_the_root_element_is_found_after_a_prolog_comment_and_byte_order_mark():
    xml = '\ufeff<?xml version="1.0"?>\n<!-- exported -->\n<rsm:CrossIndustryInvoice xmlns:rsm="x"/>'.encode()
    assert root_name(xml) == "CrossIndustryInvoice"
    assert root_name("<Invoice/>".encode("utf-16")) == "Invoice"
    assert root_name(b"%PDF-1.7") is None
