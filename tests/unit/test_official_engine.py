"""The official cross-check engine runs the published rule files and reports what they say."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from invoicing.formats.errors import ForbiddenXml
from tests.corpus import expected_entries
from validators.official import OfficialEngineFailed, OfficialFinding, ruleset, run_official

UBL_INVOICE = """\
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>R-1</cbc:ID>
  <cbc:IssueDate>2025-01-31</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Verkäufer GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PostalAddress><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Käufer AG</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Beratung</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>
"""

UBL_CREDIT_NOTE = (
    UBL_INVOICE.replace("Invoice-2", "CreditNote-2").replace("<Invoice ", "<CreditNote ").replace("</Invoice>", "</CreditNote>")
    .replace("InvoiceTypeCode>380", "CreditNoteTypeCode>381").replace("InvoiceTypeCode>", "CreditNoteTypeCode>")
    .replace("InvoiceLine>", "CreditNoteLine>").replace("InvoicedQuantity", "CreditedQuantity")
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
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Verkäufer GmbH</ram:Name>
        <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Käufer AG</ram:Name>
        <ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>19.00</ram:CalculatedAmount>
        <ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>100.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount>119.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""

# The empty ram:ApplicableHeaderTradeDelivery is mandatory in CII, yet Factur-X warns about it.
EMPTY_ELEMENT_WARNING = "PEPPOL-EN16931-R008"
# Rule ids of XRechnung (and the Peppol rules it adopts): not part of the EN 16931 artefacts.
XRECHNUNG_ID = re.compile(r"^(BR-DE-|BR-DEX-|BR-TMP-|PEPPOL-)")


def official(text: str, syntax: str):
    return run_official(text.encode("utf-8"), syntax)


def test_rule_set_versions_come_from_the_rule_file_headers():
    assert ruleset("UBL") == "CEN EN 16931 UBL 1.3.16"
    assert re.fullmatch(r"Factur-X EN16931 1\.\d\d(\.\d+)?", ruleset("CII"))


def test_a_complete_ubl_invoice_passes_every_rule():
    result = official(UBL_INVOICE, "UBL")
    assert result.findings == ()
    assert result.ruleset == "CEN EN 16931 UBL 1.3.16"
    assert result.engine.startswith("saxonche ")


def test_a_complete_ubl_credit_note_passes_every_rule():
    assert official(UBL_CREDIT_NOTE, "UBL").findings == ()


def test_a_failed_fatal_assert_is_an_error_with_official_id_message_and_location():
    result = official(UBL_INVOICE.replace("<cbc:ID>R-1</cbc:ID>", ""), "UBL")
    assert result.errors == {"BR-02"}
    [finding] = result.findings
    assert finding.level == "error" and finding.flag == "fatal"
    assert finding.message.startswith("[BR-02]-An Invoice shall have an Invoice number")
    assert finding.location.startswith("/*:Invoice[namespace-uri()=")


def test_a_warning_flag_is_a_warning_not_an_error():
    version = "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>"
    result = official(UBL_INVOICE.replace("<cbc:CustomizationID>", version), "UBL")
    assert result.errors == frozenset()
    assert result.warnings == {"UBL-CR-002"}


def test_a_complete_cii_invoice_passes_every_rule_except_the_empty_element_warning():
    result = official(CII_INVOICE, "CII")
    assert [(f.rule_id, f.level, f.flag) for f in result.findings] == [(EMPTY_ELEMENT_WARNING, "warning", "warning")]
    assert result.ruleset.startswith("Factur-X EN16931 ")


def test_an_unflagged_cii_assert_is_an_error():
    wrong_sum = CII_INVOICE.replace(
        "<ram:LineTotalAmount>100.00</ram:LineTotalAmount>\n        <ram:TaxBasisTotalAmount>",
        "<ram:LineTotalAmount>101.00</ram:LineTotalAmount>\n        <ram:TaxBasisTotalAmount>")
    result = official(wrong_sum, "CII")
    assert "BR-CO-10" in result.errors
    finding = next(f for f in result.findings if f.rule_id == "BR-CO-10")
    assert finding.flag is None
    assert finding.message == "[BR-CO-10]-Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131)."


def test_an_unflagged_factur_x_report_without_id_is_information():
    result = official(CII_INVOICE.replace("<ram:ID>R-1</ram:ID>", '<ram:ID schemeID="X">R-1</ram:ID>'), "CII")
    assert OfficialFinding(
        rule_id="", level="information", flag=None,
        message="Attribute @schemeID' marked as not used in the given context.",
        location="/*:CrossIndustryInvoice[namespace-uri()='urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100'][1]"
                 "/*:ExchangedDocument[namespace-uri()='urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100'][1]"
                 "/*:ID[namespace-uri()='urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100'][1]",
    ) in result.findings
    assert result.errors == frozenset()


def test_a_dynamic_error_in_the_rules_is_a_failure_not_an_empty_result():
    bad_indicator = "<cac:AllowanceCharge><cbc:ChargeIndicator>maybe</cbc:ChargeIndicator></cac:AllowanceCharge>"
    document = UBL_INVOICE.replace("<cac:TaxTotal>", bad_indicator + "<cac:TaxTotal>")
    with pytest.raises(OfficialEngineFailed, match='The string "maybe" cannot be cast to a boolean'):
        official(document, "UBL")
    assert official(UBL_INVOICE, "UBL").findings == ()  # the engine stays usable afterwards


def test_a_document_of_the_other_syntax_is_refused():
    with pytest.raises(ValueError, match="not a UBL invoice"):
        official(CII_INVOICE, "UBL")
    with pytest.raises(ValueError, match="not a CII invoice"):
        official(UBL_INVOICE, "CII")


def test_a_document_type_declaration_never_reaches_saxon():
    with pytest.raises(ForbiddenXml):
        official('<!DOCTYPE Invoice [<!ENTITY x "y">]>' + UBL_INVOICE, "UBL")


def test_concurrent_runs_give_the_same_findings_as_serial_ones():
    broken = UBL_INVOICE.replace("<cbc:ID>R-1</cbc:ID>", "")
    jobs = [(UBL_INVOICE, "UBL"), (broken, "UBL"), (CII_INVOICE, "CII")] * 8
    serial = [official(*job) for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda job: official(*job), jobs))
    assert parallel == serial


def test_en16931_ubl_examples_get_exactly_the_expected_errors_and_warnings():
    # These files carry no XRechnung 3.0 ID: their expectations come from the CEN rules alone.
    entries = [e for e in expected_entries() if e.path.startswith("valid/en16931-examples/") and e.syntax == "UBL"]
    assert len(entries) == 48
    differences = {}
    for entry in entries:
        result = run_official(entry.file.read_bytes(), "UBL")
        if (result.errors, result.warnings) != (entry.errors, entry.warnings):
            differences[entry.path] = (sorted(result.errors ^ entry.errors), sorted(result.warnings ^ entry.warnings))
    assert differences == {}


def test_factur_x_rules_find_the_expected_cen_errors_on_valid_cii_files():
    # The Factur-X file carries the CEN business rules under their own ids; its FX-* rules and the
    # Peppol empty-element warning are extra. (It lacks CEN's CII-DT-* rules, which these files
    # never trigger.)
    entries = [e for e in expected_entries() if e.path.startswith("valid/") and e.syntax == "CII"]
    assert len(entries) == 56
    differences = {}
    for entry in entries:
        result = run_official(entry.file.read_bytes(), "CII")
        found = {i for i in result.errors if not i.startswith("FX-")}
        expected = {i for i in entry.errors if not XRECHNUNG_ID.match(i)}
        if found != expected:
            differences[entry.path] = sorted(found ^ expected)
    assert differences == {}


def test_non_boolean_charge_indicators_in_the_corpus_stop_the_cen_rules():
    # The corpus README names the eight mutants on which the CEN 1.3.16 UBL XSLT stops (FORG0001).
    entries = [e for e in expected_entries() if re.search(r"ubl-inv-peppol-en16931-r04[34]__", e.path)]
    stopped = set()
    for entry in entries:
        try:
            run_official(entry.file.read_bytes(), "UBL")
        except OfficialEngineFailed:
            stopped.add(entry.path.rsplit("/", 1)[-1])
    assert stopped == {f"ubl-inv-peppol-en16931-r043__{n}.xml" for n in (3, 4, 5, 8, 9, 10)} | {
        f"ubl-inv-peppol-en16931-r044__{n}.xml" for n in (3, 5)}
