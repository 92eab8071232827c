"""libxml2's schema verdicts mended where the XML Schema Recommendation (and Xerces, which KoSIT uses) differ:
base64 outside its alphabet (the padded dates are in `test_xsd`)."""

from __future__ import annotations

import pytest
from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from validators import xsd
from validators.xsd import CII_D16B, UBL_INVOICE, schema_errors
from validators.xsd_mending import binary_elements, is_base64

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
DS = "http://www.w3.org/2000/09/xmldsig#"
BINARIES = (f"{{{CBC}}}EmbeddedDocumentBinaryObject", f"{{{RAM}}}AttachmentBinaryObject")


def _with_attachment(writer, value: str) -> tuple[etree._Element, etree._Element]:
    """A generated invoice (seed 2 has attachments) whose first attachment holds `value`, read from its text."""
    root = etree.fromstring(writer(generate_invoice(2)))
    binary = next(element for element in root.iter(*BINARIES))
    binary.text = value
    root = etree.fromstring(etree.tostring(root))  # parsed again, so that elements have their lines
    return root, next(root.iter(*BINARIES))


@pytest.mark.parametrize("writer, location", [(write_ubl, UBL_INVOICE), (write_cii, CII_D16B)], ids=["UBL", "CII"])
@pytest.mark.parametrize("value", ["2024-01-01", "QUJD\u00a0", "-", "\u0661\u0662"])
def test_base64_with_characters_outside_its_alphabet_is_invalid_although_libxml2_lets_it_pass(writer, location, value):
    # XSD 1.0 Part 2, 3.2.16: the lexical space is the base64 alphabet, "=" padding and spaces
    root, binary = _with_attachment(writer, value)
    before = etree.tostring(root)
    errors = schema_errors(root, location)
    assert [(error.line, "base64Binary" in error.message) for error in errors] == [(binary.sourceline, True)]
    assert etree.tostring(root) == before


@pytest.mark.parametrize("value", ["QUJD", "QUJD QUJD\n", "QQ==", "QUI=", ""])
def test_base64_in_its_alphabet_with_spaces_and_right_padding_is_valid(value):
    assert schema_errors(_with_attachment(write_ubl, value)[0], UBL_INVOICE) == []


@pytest.mark.parametrize("value", ["QR==", "QU-_QUJD", "data:application/pdf;base64,QUJD"])
def test_what_libxml2_rejects_itself_is_reported_once(value):
    assert len(schema_errors(_with_attachment(write_ubl, value)[0], UBL_INVOICE)) == 1


def test_a_binary_element_the_schema_does_not_validate_is_not_reported():
    # ext:ExtensionContent takes other namespaces' elements laxly: a ds:X509Certificate has no global
    # declaration, so neither libxml2 nor Xerces validates it
    root = etree.fromstring(write_ubl(generate_invoice(1)))
    extensions = etree.Element(f"{{{EXT}}}UBLExtensions")
    content = etree.SubElement(etree.SubElement(extensions, f"{{{EXT}}}UBLExtension"), f"{{{EXT}}}ExtensionContent")
    etree.SubElement(content, f"{{{DS}}}X509Certificate").text = "2024-01-01"
    root.insert(0, extensions)
    assert schema_errors(root, UBL_INVOICE) == []


def test_the_binary_elements_come_from_the_schema_files():
    ubl = binary_elements(xsd.schema_files(UBL_INVOICE))
    cii = binary_elements(xsd.schema_files(CII_D16B))
    assert f"{{{CBC}}}EmbeddedDocumentBinaryObject" in ubl and f"{{{CBC}}}ID" not in ubl
    assert {f"{{{RAM}}}AttachmentBinaryObject", f"{{{RAM}}}IncludedBinaryObject"} <= cii
    assert f"{{{RAM}}}TypeCode" not in cii


@pytest.mark.parametrize("value, valid", [
    ("", True), ("QUJD", True), (" QU JD\n", True), ("QUI=", True), ("QQ==", True), ("QR==", False),
    ("QUJ=", False), ("Q===", False), ("QUJ", False), ("QUJD=", False), ("=QUJ", False), ("QU=D", False),
    ("QUJD\u00a0", False), ("QU-_", False), ("QQ= =", True)])
def test_the_base64_grammar_of_xml_schema(value, valid):
    # XSD 1.0 Part 2, 3.2.16: quads of the alphabet; "=" only at the end, after a character leaving no bits over
    assert is_base64(value) is valid
