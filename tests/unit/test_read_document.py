"""`read_document` refuses everything that is not an accepted e-invoice with a specific, actionable error."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from invoicing.formats.errors import ReadError
from invoicing.formats.reader import read_document
from tests.unit.test_safe_xml import BILLION_LAUGHS, EXTERNAL_ENTITY


def blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refusal(data: bytes, **limits) -> ReadError:
    with pytest.raises(ReadError) as refused:
        read_document(data, **limits)
    assert refused.value.message and refused.value.hint
    return refused.value


def test_an_empty_file():
    assert refusal(b"").code == "empty-file"


def test_text_that_is_not_xml():
    error = refusal(b"Rechnung Nr. 4711 ueber 100 EUR")
    assert error.code == "not-xml"
    assert error.line == 1


def test_xml_that_is_not_an_invoice_names_its_root():
    error = refusal(b"<?xml version='1.0'?><Bestellung><Nr>1</Nr></Bestellung>")
    assert error.code == "not-an-invoice"
    assert "Bestellung" in error.message


def test_zugferd_1_is_unsupported():
    error = refusal(b'<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')
    assert error.code == "unsupported-syntax"
    assert "ZUGFeRD 1.0" in error.message


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused(document):
    assert refusal(document).code == "forbidden-xml"


@pytest.mark.parametrize("magic, named", [
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
    (b"PK\x03\x04" + bytes(64), "Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "Office document"),
])
def test_images_and_office_files_are_not_e_invoices(magic, named):
    error = refusal(magic)
    assert error.code == "not-an-invoice"
    assert named in error.message


def test_a_plain_pdf_has_no_embedded_invoice():
    error = refusal(blank_pdf())
    assert error.code == "no-embedded-invoice"
    assert "not an e-invoice" in error.hint


def test_a_password_protected_pdf():
    assert refusal(blank_pdf(password="geheim")).code == "encrypted-pdf"


def test_a_truncated_pdf():
    data = blank_pdf()
    assert refusal(data[: len(data) // 2]).code == "broken-pdf"


def test_a_file_of_hundreds_of_megabytes_is_refused_before_reading():
    huge = b"<" + b"a" * (300 * 1024 * 1024)
    error = refusal(huge)
    assert error.code == "too-large"
    assert "314,572,801" in error.message
