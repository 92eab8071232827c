"""CII D16B reading and writing: every corpus CII invoice reads fully, survives write → read, and
written documents are valid against the Factur-X EXTENDED schema."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources

import pytest
from lxml import etree

from invoicing.formats import safe_xml
from invoicing.formats.cii_names import explain_unmapped
from invoicing.formats.cii_reader import read_cii
from invoicing.formats.cii_writer import NotExpressibleInCii, write_cii
from invoicing.formats.errors import NotAnInvoice, ReadError
from invoicing.formats.pdf import extract_invoice_xml
from invoicing.model import (
    CreditTransfer,
    InvoiceLine,
    ItemInformation,
    LineVatInformation,
    PaymentInstructions,
    ThirdPartyPayment,
)
from tests.corpus import CORPUS, corpus_dir, expected_entries

COMPREHENSIVE = "valid/xrechnung-testsuite/technical-cases/cius/01.01_comprehensive_test_uncefact.xml"
EXTENSION = "valid/xrechnung-testsuite/business-cases/extension/04.05a-INVOICE_uncefact.xml"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


@cache
def extended_schema() -> etree.XMLSchema:
    path = resources.files("facturx") / "xsd_and_schematron/facturx-extended/Factur-X_EXTENDED.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def corpus_cii_cases() -> list:
    # parametrised at collection time, so look before asking: corpus_dir() skips or fails inside a test
    if not (CORPUS / "expected.jsonl").is_file():
        return [pytest.param(None, id="corpus-absent")]
    return [pytest.param(entry.path, id=entry.path) for entry in expected_entries() if entry.syntax == "CII"]


def corpus_tree(path: str) -> etree._ElementTree:
    data = (corpus_dir() / path).read_bytes()
    return safe_xml.parse(extract_invoice_xml(data).xml if path.endswith(".pdf") else data)


def read_back(invoice):
    tree = safe_xml.parse(write_cii(invoice))
    again, source = read_cii(tree)
    return tree, again, source


# --- the corpus -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", corpus_cii_cases())
def test_a_corpus_cii_invoice_leaves_nothing_unmapped_that_en16931_has_a_term_for(path):
    tree = corpus_tree(path)
    _invoice, source = read_cii(tree)
    assert explain_unmapped(tree, source.unmapped()).unexplained == ()


@pytest.mark.parametrize("path", corpus_cii_cases())
def test_a_corpus_cii_invoice_is_the_same_after_write_and_read(path):
    invoice, _source = read_cii(corpus_tree(path))
    _tree, again, source = read_back(invoice)
    assert again == invoice
    assert source.unmapped() == ()


@pytest.mark.parametrize("path", corpus_cii_cases())
def test_a_written_corpus_invoice_is_valid_against_the_factur_x_extended_schema(path):
    invoice, _source = read_cii(corpus_tree(path))
    tree, _again, _source = read_back(invoice)
    schema = extended_schema()
    assert schema.validate(tree), [error.message for error in schema.error_log]


# --- one XRechnung sample, checked by hand ------------------------------------------------------


def test_the_comprehensive_xrechnung_sample_reads_as_written_in_the_file():
    invoice, source = read_cii(corpus_tree(COMPREHENSIVE))

    assert invoice.number == "1234567"
    assert invoice.issue_date == date(2018, 4, 13)
    assert invoice.specification_identifier == "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    assert invoice.seller.name == "[Seller name]"
    assert invoice.seller.vat_identifier == "ATU123456789"
    assert invoice.seller.tax_registration_identifier == "123/456/789"
    assert invoice.totals.line_net_total == Decimal("10781.25")
    assert invoice.totals.vat_total == Decimal("2048.44")
    assert invoice.totals.vat_total_accounting_currency == Decimal("2048.44")
    assert invoice.totals.total_with_vat == Decimal("12829.69")
    assert invoice.vat_accounting_currency_code == "GBP"
    assert len(invoice.lines) == 2
    assert invoice.lines[1].net_amount == Decimal("6037.5")
    assert invoice.lines[0].price.base_quantity == Decimal("1")  # written on the gross price in this file
    assert invoice.lines[0].price.discount == Decimal("10")
    assert [len(group.credit_transfers) for group in invoice.payment_instructions] == [1, 1]
    assert {group.remittance_information for group in invoice.payment_instructions} == {"Deb. 12345 / Fact. 9876543"}

    seller_name = source.provenance["seller.name"]
    assert seller_name.term_id == "BT-27"
    assert seller_name.xpath == ("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                                 "/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:Name")
    assert seller_name.line == 253
    assert source.provenance["lines[1].net_amount"].line == 238
    assert source.provenance["number"].line == 18


# --- sub lines (XRechnung extension BG-DEX-01, EXTENDED line hierarchy) --------------------------


def test_sub_lines_are_written_with_parent_line_ids_and_read_back_nested():
    invoice, _source = read_cii(corpus_tree(EXTENSION))
    detail = InvoiceLine(identifier="1.1", quantity=Decimal("1"), quantity_unit_code="C62",
                         net_amount=Decimal("60.00"), item=ItemInformation(name="Lizenz"),
                         vat=LineVatInformation(category_code="S", rate=Decimal("19")))
    nested = detail.model_copy(update={"identifier": "1.2.1", "net_amount": Decimal("40.00")})
    group = detail.model_copy(update={"identifier": "1.2", "net_amount": Decimal("40.00"), "sub_lines": (nested,)})
    with_sub_lines = invoice.model_copy(update={
        "lines": (invoice.lines[0].model_copy(update={"sub_lines": (detail, group)}),)})

    tree, again, source = read_back(with_sub_lines)

    parents = tree.xpath("//ram:AssociatedDocumentLineDocument/ram:ParentLineID/text()", namespaces={"ram": RAM})
    assert parents == ["TEST_POSITION_01", "TEST_POSITION_01", "1.2"]
    assert again == with_sub_lines
    assert source.provenance["lines[0].sub_lines[1].sub_lines[0].identifier"].term_id == "BT-126"
    assert source.unmapped() == ()
    assert extended_schema().validate(tree)


def test_a_parent_line_id_naming_no_earlier_line_stays_a_top_level_line_and_is_reported():
    invoice, _source = read_cii(corpus_tree(EXTENSION))
    tree = safe_xml.parse(write_cii(invoice))
    document = tree.find(f".//{{{RAM}}}AssociatedDocumentLineDocument")
    etree.SubElement(document, f"{{{RAM}}}ParentLineID").text = "NO-SUCH-LINE"

    again, source = read_cii(tree)

    assert again.lines == invoice.lines
    assert any(path.endswith("ram:ParentLineID") for path in source.unmapped())


# --- payment instructions --------------------------------------------------------------------


def test_several_accounts_of_one_payment_means_become_one_group_and_come_back_as_one():
    invoice, _source = read_cii(corpus_tree(EXTENSION))
    accounts = (CreditTransfer(account_identifier="DE79000000001234567890"),
                CreditTransfer(account_identifier="4711", account_name="Hausbank",
                               service_provider_identifier="BANKDEFF"))
    paid = invoice.model_copy(update={"payment_instructions": (
        PaymentInstructions(means_type_code="58", remittance_information="R-2020-1", credit_transfers=accounts),)})

    tree, again, _source = read_back(paid)

    assert len(tree.xpath("//ram:SpecifiedTradeSettlementPaymentMeans", namespaces={"ram": RAM})) == 2
    assert tree.xpath("//ram:ProprietaryID/text()", namespaces={"ram": RAM}) == ["4711"]
    assert again.payment_instructions == paid.payment_instructions


# --- what cannot be read or written ------------------------------------------------------------


def test_an_amount_that_is_no_number_is_a_bad_value_naming_term_value_and_line():
    data = (corpus_dir() / EXTENSION).read_bytes().replace(
        b"<ram:GrandTotalAmount>119.00<", b"<ram:GrandTotalAmount>119,00<")

    with pytest.raises(ReadError) as raised:
        read_cii(safe_xml.parse(data))

    assert raised.value.code == "bad-value"
    assert "BT-112" in raised.value.message and "'119,00'" in raised.value.message
    assert raised.value.line == 168


def test_a_date_in_another_format_than_102_is_a_bad_value():
    data = (corpus_dir() / EXTENSION).read_bytes().replace(b'format="102">20200103', b'format="610">20200103')

    with pytest.raises(ReadError, match="BT-2") as raised:
        read_cii(safe_xml.parse(data))

    assert raised.value.code == "bad-value"


def test_a_document_that_is_not_cii_is_refused():
    with pytest.raises(NotAnInvoice):
        read_cii(safe_xml.parse(b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>"))


def test_third_party_payments_are_refused_rather_than_dropped():
    invoice, _source = read_cii(corpus_tree(EXTENSION))
    with_payment = invoice.model_copy(update={"third_party_payments": (
        ThirdPartyPayment(type="DiGA", amount=Decimal("10.00"), description="Zuzahlung"),)})

    with pytest.raises(NotExpressibleInCii, match="BG-DEX-09"):
        write_cii(with_payment)


def test_a_contact_department_is_the_contact_point_when_no_person_is_named():
    data = (corpus_dir() / EXTENSION).read_bytes().replace(
        b"<ram:PersonName>Max Mustermann</ram:PersonName>", b"<ram:DepartmentName>Buchhaltung</ram:DepartmentName>")

    invoice, source = read_cii(safe_xml.parse(data))

    assert invoice.seller.contact.point == "Buchhaltung"
    assert source.provenance["seller.contact.point"].xpath.endswith("ram:DepartmentName")
