"""Schema checks accept schema-valid invoices and say where the others break the schema."""

from __future__ import annotations

import pytest
from lxml import etree

from invoicing.formats import safe_xml
from invoicing.formats.errors import ForbiddenXml
from tests.corpus import expected_entries
from validators.xsd import SchemaError, schema_errors, schema_name

UBL_INVOICE = """\
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>R-1</cbc:ID>
  <cbc:IssueDate>2025-01-31</cbc:IssueDate>
  <cac:AccountingSupplierParty><cac:Party/></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party/></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">0.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:LineExtensionAmount currencyID="EUR">0.00</cbc:LineExtensionAmount>
    <cac:Item/>
  </cac:InvoiceLine>
</Invoice>
"""

UBL_CREDIT_NOTE = (
    UBL_INVOICE.replace("Invoice-2", "CreditNote-2").replace("<Invoice ", "<CreditNote ")
    .replace("</Invoice>", "</CreditNote>").replace("InvoiceLine>", "CreditNoteLine>")
)

CII_INVOICE = """\
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>R-1</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250131</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Beratung</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>0.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>0.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Verkäufer GmbH</ram:Name></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Käufer AG</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <!--payment means-->
      <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode></ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>0.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>0.00</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount>0.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>0.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def errors(text: str, syntax: str, document_type: str) -> list[SchemaError]:
    return schema_errors(text.encode("utf-8"), syntax, document_type)


@pytest.mark.parametrize(("text", "syntax", "document_type"), [
    (UBL_INVOICE, "UBL", "Invoice"),
    (UBL_CREDIT_NOTE, "UBL", "CreditNote"),
    (CII_INVOICE, "CII", "CrossIndustryInvoice"),
])
def test_a_schema_valid_document_has_no_errors(text, syntax, document_type):
    assert errors(text, syntax, document_type) == []


def test_an_already_parsed_tree_is_accepted():
    assert schema_errors(safe_xml.parse(UBL_INVOICE.encode()), "UBL", "Invoice") == []


def test_an_error_names_the_element_and_its_line():
    text = UBL_INVOICE.replace("<cbc:IssueDate>", "<cbc:Unknown/><cbc:IssueDate>")
    [error] = errors(text, "UBL", "Invoice")
    assert "Unknown" in error.message and "not expected" in error.message
    assert error.line == 5


def test_a_malformed_value_is_a_schema_error():
    [error] = errors(UBL_INVOICE.replace("2025-01-31", "31.01.2025"), "UBL", "Invoice")
    assert "IssueDate" in error.message and error.line == 5


def test_a_credit_note_is_not_a_schema_valid_invoice():
    [error] = errors(UBL_CREDIT_NOTE, "UBL", "Invoice")
    assert "No matching global declaration" in error.message


PAYEE_BANK_WITH_NAME = """<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>
      <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>COBADEFFXXX</ram:BICID><ram:Name>{name}</ram:Name>
      </ram:PayeeSpecifiedCreditorFinancialInstitution></ram:SpecifiedTradeSettlementPaymentMeans>"""


def test_a_d16b_element_that_factur_x_extended_lacks_is_not_a_schema_error():
    # D16B allows a name for the payee's bank (the corpus's XMLinvalidV2PDF.pdf has one and is
    # schema-valid for the reference validator); the Factur-X EXTENDED schema does not.
    document = CII_INVOICE.replace("<!--payment means-->", PAYEE_BANK_WITH_NAME.format(name="Commerzbank"))
    assert errors(document, "CII", "CrossIndustryInvoice") == []


def test_the_rest_of_the_document_is_still_checked_when_a_d16b_element_is_set_aside():
    document = CII_INVOICE.replace("<!--payment means-->", PAYEE_BANK_WITH_NAME.format(name="Commerzbank")).replace(
        "<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:Unknown/>")
    [error] = errors(document, "CII", "CrossIndustryInvoice")
    assert "Unknown" in error.message and error.line is not None


def test_an_unknown_document_type_is_refused():
    with pytest.raises(ValueError, match="No schema for UBL 'Order'"):
        errors(UBL_INVOICE, "UBL", "Order")
    assert schema_name("CII", "CrossIndustryInvoice") == "Factur-X_EXTENDED.xsd"


def test_bytes_go_through_the_safe_parser():
    with pytest.raises(ForbiddenXml):
        errors('<!DOCTYPE Invoice [<!ENTITY x "y">]>' + UBL_INVOICE, "UBL", "Invoice")


@pytest.mark.parametrize("syntax", ["UBL", "CII"])
def test_xml_files_of_the_corpus_get_the_reference_schema_verdict(syntax):
    entries = [e for e in expected_entries() if e.syntax == syntax and e.file.suffix.lower() == ".xml"]
    assert entries
    disagreements = {}
    for entry in entries:
        tree = safe_xml.parse(entry.file.read_bytes())
        found = schema_errors(tree, syntax, etree.QName(tree.getroot()).localname)
        if (not found) != entry.schema_valid:
            disagreements[entry.path] = found[:1]
    assert disagreements == {}
