"""Every native XRechnung rule, by official id: one passing and one failing document per syntax it binds to.

Each case starts from a valid generated XRechnung (UBL and CII) and applies small named edits
(`tests.unit.xrechnung_edits`). A passing case must not report the rule, a failing case must.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from invoicing.formats.recognition import recognise
from validators.rules import xrechnung
from validators.rules.base import CVD, EXTENSION, STANDARD
from validators.scenario import Scenario
from tests.unit.xrechnung_edits import (
    AGR, DEL, INVALID_IBAN, LINE1, SET, SUM, U_LINE1, U_SELLER, UNCHANGED, Edit, accounting_currency, add, allowance,
    attachments, base, base_quantity, card, change_amount, credit_transfer_account, cvd_vehicle, deliver_to,
    direct_debit, duplicate, external_document, means_code, only_card, periods, price_discount, remove,
    set_attribute, set_text, split_first_line, sub_lines, third_party_payment)

C_SELLER, C_BUYER = f"{AGR}/ram:SellerTradeParty", f"{AGR}/ram:BuyerTradeParty"
C_CONTACT = f"{C_SELLER}/ram:DefinedTradeContact"
C_MEANS = f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans"
C_LINE1_NET = f"{LINE1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"
U_BUYER = "/*/cac:AccountingCustomerParty/cac:Party"


@dataclass(frozen=True)
class Case:
    """A rule, a syntax and scenario variant, and the edits that make it pass and fail."""

    rule: str
    syntax: str
    passing: Edit
    failing: Edit
    variant: str = STANDARD

    def __str__(self) -> str:
        return f"{self.rule}-{self.syntax}"


def cases(rule: str, failing, passing=UNCHANGED, *, variant: str = STANDARD, syntaxes=("UBL", "CII")) -> list[Case]:
    """Cases for `rule`; an edit may be one Edit, a {syntax: Edit} dict, or a function of the syntax."""
    def pick(edit, syntax):
        if isinstance(edit, Edit):
            return edit
        return edit[syntax] if isinstance(edit, dict) else edit(syntax)
    return [Case(rule, syntax, pick(passing, syntax), pick(failing, syntax), variant) for syntax in syntaxes]


def both(ubl: Edit, cii: Edit) -> dict[str, Edit]:
    return {"UBL": ubl, "CII": cii}


def _party_id(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return add(U_SELLER, f"<cac:PartyIdentification><cbc:ID schemeID='{scheme}'>4000001000005</cbc:ID>"
                             "</cac:PartyIdentification>", first=True)
    return add(C_SELLER, f"<ram:GlobalID schemeID='{scheme}'>4000001000005</ram:GlobalID>", first=True)


def _legal_id(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return set_attribute(f"{U_SELLER}/cac:PartyLegalEntity/cbc:CompanyID", "schemeID", scheme)
    return set_attribute(f"{C_SELLER}/ram:SpecifiedLegalOrganization/ram:ID", "schemeID", scheme)


def _item_id(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return add(f"{U_LINE1}/cac:Item", f"<cac:StandardItemIdentification><cbc:ID schemeID='{scheme}'>4000001000005"
                                          "</cbc:ID></cac:StandardItemIdentification>")
    return add(f"{LINE1}/ram:SpecifiedTradeProduct", f"<ram:GlobalID schemeID='{scheme}'>4000001000005</ram:GlobalID>",
               first=True)


def _endpoint_scheme(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return set_attribute(f"{U_SELLER}/cbc:EndpointID", "schemeID", scheme)
    return set_attribute(f"{C_SELLER}/ram:URIUniversalCommunication/ram:URIID", "schemeID", scheme)


def _location_id(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return add("/*", f"<cac:Delivery><cac:DeliveryLocation><cbc:ID schemeID='{scheme}'>4000001000005</cbc:ID>"
                         "</cac:DeliveryLocation></cac:Delivery>")
    return (remove(f"{DEL}/ram:ShipToTradeParty", required=False)
            + add(DEL, f"<ram:ShipToTradeParty><ram:GlobalID schemeID='{scheme}'>4000001000005</ram:GlobalID>"
                       "<ram:Name>Lager</ram:Name></ram:ShipToTradeParty>", first=True))


def _classification(syntax: str, scheme: str) -> Edit:
    if syntax == "UBL":
        return add(f"{U_LINE1}/cac:Item", f"<cac:CommodityClassification><cbc:ItemClassificationCode listID='{scheme}'>"
                                          "4711</cbc:ItemClassificationCode></cac:CommodityClassification>")
    return add(f"{LINE1}/ram:SpecifiedTradeProduct", f"<ram:DesignatedProductClassification><ram:ClassCode "
                                                     f"listID='{scheme}'>4711</ram:ClassCode></ram:DesignatedProductClassification>")


def _line_object(syntax: str, code: str) -> Edit:
    if syntax == "UBL":
        return add(U_LINE1, f"<cac:DocumentReference><cbc:ID>OBJ-1</cbc:ID><cbc:DocumentTypeCode>{code}"
                            "</cbc:DocumentTypeCode></cac:DocumentReference>")
    return add(f"{LINE1}/ram:SpecifiedLineTradeSettlement", f"<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>"
                                                            f"OBJ-1</ram:IssuerAssignedID><ram:TypeCode>{code}</ram:TypeCode>"
                                                            "</ram:AdditionalReferencedDocument>", first=True)


CASES = [
    # --- BR-DE: parties, addresses, contact --------------------------------------------------------
    *cases("BR-DE-2", both(remove(f"{U_SELLER}/cac:Contact"), remove(C_CONTACT))),
    *cases("BR-DE-3", both(set_text(f"{U_SELLER}/cac:PostalAddress/cbc:CityName", ""),
                           set_text(f"{C_SELLER}/ram:PostalTradeAddress/ram:CityName", ""))),
    *cases("BR-DE-4", both(remove(f"{U_SELLER}/cac:PostalAddress/cbc:PostalZone"),
                           remove(f"{C_SELLER}/ram:PostalTradeAddress/ram:PostcodeCode"))),
    *cases("BR-DE-5", both(remove(f"{U_SELLER}/cac:Contact/cbc:Name"), remove(f"{C_CONTACT}/ram:PersonName")),
           passing=both(UNCHANGED, remove(f"{C_CONTACT}/ram:PersonName")
                        + add(C_CONTACT, "<ram:DepartmentName>Buchhaltung</ram:DepartmentName>", first=True))),
    *cases("BR-DE-6", both(remove(f"{U_SELLER}/cac:Contact/cbc:Telephone"),
                           remove(f"{C_CONTACT}/ram:TelephoneUniversalCommunication"))),
    *cases("BR-DE-7", both(remove(f"{U_SELLER}/cac:Contact/cbc:ElectronicMail"),
                           remove(f"{C_CONTACT}/ram:EmailURIUniversalCommunication"))),
    *cases("BR-DE-8", both(remove(f"{U_BUYER}/cac:PostalAddress/cbc:CityName"),
                           remove(f"{C_BUYER}/ram:PostalTradeAddress/ram:CityName"))),
    *cases("BR-DE-9", both(set_text(f"{U_BUYER}/cac:PostalAddress/cbc:PostalZone", " "),
                           set_text(f"{C_BUYER}/ram:PostalTradeAddress/ram:PostcodeCode", " "))),
    *cases("BR-DE-10", lambda s: deliver_to(s, None, "79098"), passing=lambda s: deliver_to(s, "Freiburg", "79098")),
    *cases("BR-DE-11", lambda s: deliver_to(s, "Freiburg", None), passing=lambda s: deliver_to(s, "Freiburg", "79098")),
    *cases("BR-DE-15", both(remove("/*/cbc:BuyerReference"), set_text(f"{AGR}/ram:BuyerReference", ""))),
    *cases("BR-DE-27", both(set_text(f"{U_SELLER}/cac:Contact/cbc:Telephone", "12"),
                            set_text(f"{C_CONTACT}/ram:TelephoneUniversalCommunication/ram:CompleteNumber", "0-1")),
           passing=both(set_text(f"{U_SELLER}/cac:Contact/cbc:Telephone", "+49 761 123"),
                        set_text(f"{C_CONTACT}/ram:TelephoneUniversalCommunication/ram:CompleteNumber", "0761/123"))),
    *cases("BR-DE-28", both(set_text(f"{U_SELLER}/cac:Contact/cbc:ElectronicMail", "rechnung@example"),
                            set_text(f"{C_CONTACT}/ram:EmailURIUniversalCommunication/ram:URIID", "a b@example.org")),
           passing=both(set_text(f"{U_SELLER}/cac:Contact/cbc:ElectronicMail", "müller@müller.de"),
                        set_text(f"{C_CONTACT}/ram:EmailURIUniversalCommunication/ram:URIID", "tim.tom@example.org"))),
    # --- BR-DE: VAT, document, attachments -----------------------------------------------------
    *cases("BR-DE-14", both(remove("/*/cac:TaxTotal/cac:TaxSubtotal[1]/cac:TaxCategory/cbc:Percent"),
                            remove(f"{SET}/ram:ApplicableTradeTax[1]/ram:RateApplicablePercent"))),
    *cases("BR-DE-16", both(remove(f"{U_SELLER}/cac:PartyTaxScheme"), remove(f"{C_SELLER}/ram:SpecifiedTaxRegistration")),
           passing=both(remove(f"{U_SELLER}/cac:PartyTaxScheme") + add("/*", (
               "<cac:TaxRepresentativeParty><cac:PartyName><cbc:Name>Vertreter</cbc:Name></cac:PartyName>"
               "<cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID>"
               "</cac:TaxScheme></cac:PartyTaxScheme></cac:TaxRepresentativeParty>")),
               remove(f"{C_SELLER}/ram:SpecifiedTaxRegistration") + add(AGR, (
                   "<ram:SellerTaxRepresentativeTradeParty><ram:Name>Vertreter</ram:Name><ram:SpecifiedTaxRegistration>"
                   "<ram:ID schemeID='VA'>DE123456789</ram:ID></ram:SpecifiedTaxRegistration>"
                   "</ram:SellerTaxRepresentativeTradeParty>")))),
    *cases("BR-DE-17", both(set_text("/*/cbc:InvoiceTypeCode", "383"), set_text("//rsm:ExchangedDocument/ram:TypeCode", "383")),
           passing=both(set_text("/*/cbc:InvoiceTypeCode", "326"), set_text("//rsm:ExchangedDocument/ram:TypeCode", "877"))),
    *cases("BR-DE-21", both(set_text("/*/cbc:CustomizationID", "urn:cen.eu:en16931:2017"),
                            set_text("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", "urn:cen.eu:en16931:2017"))),
    *cases("BR-DE-22", lambda s: attachments(s, ("a.pdf", "application/pdf"), ("a.pdf", "application/pdf")),
           passing=lambda s: attachments(s, ("a.pdf", "application/pdf"), ("b.pdf", "application/pdf"))),
    *cases("BR-DE-26", both(set_text("/*/cbc:InvoiceTypeCode", "384"), set_text("//rsm:ExchangedDocument/ram:TypeCode", "384")),
           passing=both(set_text("/*/cbc:InvoiceTypeCode", "384") + add("/*", (
               "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>R-1</cbc:ID></cac:InvoiceDocumentReference>"
               "</cac:BillingReference>")),
               set_text("//rsm:ExchangedDocument/ram:TypeCode", "384") + add(SET, (
                   "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>R-1</ram:IssuerAssignedID>"
                   "</ram:InvoiceReferencedDocument>")))),
    *cases("BR-DE-TMP-32", both(
        remove("/*/cac:Delivery/cbc:ActualDeliveryDate", required=False) + remove("/*/cac:InvoicePeriod", required=False)
        + remove("//cac:InvoiceLine/cac:InvoicePeriod", required=False),
        remove(f"{DEL}/ram:ActualDeliverySupplyChainEvent", required=False)
        + remove(f"{SET}/ram:BillingSpecifiedPeriod", required=False)
        + remove("//ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod", required=False))),
    *cases("BR-TMP-2", lambda s: external_document(s, "example.org/a.pdf"),
           passing=lambda s: external_document(s, "https://example.org/a.pdf")),
    # --- BR-DE: payment --------------------------------------------------------------------------
    *cases("BR-DE-1", both(remove("/*/cac:PaymentMeans"), remove(C_MEANS))),
    *cases("BR-DE-18", both(set_text("/*/cac:PaymentTerms/cbc:Note", "#SKONTO#TAGE=14#PROZENT=2#\n"),
                            set_text(f"{SET}/ram:SpecifiedTradePaymentTerms/ram:Description", "#SKONTO#TAGE=14#PROZENT=2.00#")),
           passing=both(set_text("/*/cac:PaymentTerms/cbc:Note", "Zahlbar in 30 Tagen.\n#SKONTO#TAGE=14#PROZENT=2.00#\n"),
                        set_text(f"{SET}/ram:SpecifiedTradePaymentTerms/ram:Description",
                                 "  #SKONTO#TAGE=7#PROZENT=3.00#BASISBETRAG=-10.00#  \n"))),
    *cases("BR-DE-19", both(set_text("/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", INVALID_IBAN),
                            set_text(f"{C_MEANS}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID", "DE 0212 0300"))),
    *cases("BR-DE-20", lambda s: direct_debit(s, INVALID_IBAN), passing=direct_debit),
    *cases("BR-DE-23-a", both(remove("/*/cac:PaymentMeans/cac:PayeeFinancialAccount"),
                              remove(f"{C_MEANS}/ram:PayeePartyCreditorFinancialAccount"))),
    *cases("BR-DE-23-b", card),
    *cases("BR-DE-24-a", both(means_code("UBL", "48") + remove("/*/cac:PaymentMeans/cac:PayeeFinancialAccount"),
                              means_code("CII", "54") + remove(f"{C_MEANS}/ram:PayeePartyCreditorFinancialAccount")),
           passing=only_card),
    *cases("BR-DE-24-b", lambda s: only_card(s) + credit_transfer_account(s), passing=only_card),
    *cases("BR-DE-25-a", both(direct_debit("UBL") + remove("/*/cac:PaymentMeans/cac:PaymentMandate"),
                              direct_debit("CII") + remove(f"{C_MEANS}/ram:PayerPartyDebtorFinancialAccount")),
           passing=direct_debit),
    *cases("BR-DE-25-b", lambda s: direct_debit(s) + credit_transfer_account(s), passing=direct_debit),
    *cases("BR-DE-30", both(direct_debit("UBL") + remove(f"{U_SELLER}/cac:PartyIdentification"),
                            direct_debit("CII") + remove(f"{SET}/ram:CreditorReferenceID")), passing=direct_debit),
    *cases("BR-DE-31", both(direct_debit("UBL") + remove("/*/cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount"),
                            direct_debit("CII") + remove(f"{C_MEANS}/ram:PayerPartyDebtorFinancialAccount/ram:IBANID")),
           passing=direct_debit),
    # --- BR-DEX: extension only ----------------------------------------------------------------------
    *cases("BR-DEX-01", lambda s: attachments(s, ("a.zip", "application/zip")),
           passing=lambda s: attachments(s, ("a.xml", "application/xml")), variant=EXTENSION),
    *cases("BR-DEX-02", lambda s: split_first_line(s, "5"), passing=split_first_line, variant=EXTENSION),
    *cases("BR-DEX-03", lambda s: sub_lines(s, "1.00", vat=2), passing=lambda s: sub_lines(s, "1.00"), variant=EXTENSION),
    *cases("BR-DEX-04", lambda s: _party_id(s, "XR11"), passing=lambda s: _party_id(s, "0088"), variant=EXTENSION),
    *cases("BR-DEX-05", lambda s: _legal_id(s, "0321"), passing=lambda s: _legal_id(s, "0198"), variant=EXTENSION),
    *cases("BR-DEX-06", lambda s: _item_id(s, "XR11"), passing=lambda s: _item_id(s, "0160"), variant=EXTENSION),
    *cases("BR-DEX-07", lambda s: _endpoint_scheme(s, "XR11"), passing=lambda s: _endpoint_scheme(s, "XR01"),
           variant=EXTENSION),
    *cases("BR-DEX-08", lambda s: _location_id(s, "0321"), passing=lambda s: _location_id(s, "0088"), variant=EXTENSION),
    *cases("BR-DEX-09", third_party_payment(adjust_payable=False), passing=third_party_payment(), variant=EXTENSION,
           syntaxes=("UBL",)),
    *cases("BR-DEX-10", third_party_payment(type_=None), passing=third_party_payment(), variant=EXTENSION,
           syntaxes=("UBL",)),
    *cases("BR-DEX-11", third_party_payment(amount=None), passing=third_party_payment(), variant=EXTENSION,
           syntaxes=("UBL",)),
    *cases("BR-DEX-12", third_party_payment(description=None), passing=third_party_payment(), variant=EXTENSION,
           syntaxes=("UBL",)),
    *cases("BR-DEX-13", third_party_payment(amount="10.005"), passing=third_party_payment(amount="10.50"),
           variant=EXTENSION, syntaxes=("UBL",)),
    *cases("BR-DEX-14", third_party_payment(currency="USD"), passing=third_party_payment(), variant=EXTENSION,
           syntaxes=("UBL",)),
    # --- CVD only ----------------------------------------------------------------------------------
    *cases("BR-DE-CVD-01", both(cvd_vehicle("UBL") + remove("/*/cac:ContractDocumentReference"),
                                cvd_vehicle("CII") + remove(f"{AGR}/ram:ContractReferencedDocument")),
           passing=cvd_vehicle, variant=CVD),
    *cases("BR-DE-CVD-02", both(cvd_vehicle("UBL") + set_text("/*/cac:OriginatorDocumentReference/cbc:ID", ""),
                                cvd_vehicle("CII") + remove(f"{AGR}/ram:AdditionalReferencedDocument[ram:TypeCode = '50']")),
           passing=cvd_vehicle, variant=CVD),
    *cases("BR-DE-CVD-03", lambda s: cvd_vehicle(s, vehicles=0), passing=cvd_vehicle, variant=CVD),
    *cases("BR-DE-CVD-04", lambda s: cvd_vehicle(s, category="M5"), passing=lambda s: cvd_vehicle(s, category="N3"),
           variant=CVD),
    *cases("BR-DE-CVD-05", lambda s: cvd_vehicle(s, attribute="diesel"),
           passing=lambda s: cvd_vehicle(s, attribute="zero-emission"), variant=CVD),
    *cases("BR-DE-CVD-06-a", lambda s: cvd_vehicle(s, attributes=2), passing=cvd_vehicle, variant=CVD),
    *cases("BR-DE-CVD-06-b", lambda s: cvd_vehicle(s, vehicles=2), passing=cvd_vehicle, variant=CVD),
    *cases("BR-TMP-CVD-01", lambda s: cvd_vehicle(s) + _classification(s, "XY"),
           passing=lambda s: cvd_vehicle(s) + _classification(s, "STI"), variant=CVD),
    # --- PEPPOL-EN16931 rules adopted by XRechnung ---------------------------------------------------
    *cases("PEPPOL-EN16931-R001", both(remove("/*/cbc:ProfileID"),
                                       remove("//ram:BusinessProcessSpecifiedDocumentContextParameter"))),
    *cases("PEPPOL-EN16931-R005", lambda s: accounting_currency(s, "EUR", None),
           passing=lambda s: accounting_currency(s, "USD", "20.00")),
    *cases("PEPPOL-EN16931-R008", add("/*", "<cbc:Note> </cbc:Note>"), syntaxes=("UBL",)),
    *cases("PEPPOL-EN16931-R010", both(remove(f"{U_BUYER}/cbc:EndpointID"), remove(f"{C_BUYER}/ram:URIUniversalCommunication"))),
    *cases("PEPPOL-EN16931-R020", both(remove(f"{U_SELLER}/cbc:EndpointID"), remove(f"{C_SELLER}/ram:URIUniversalCommunication"))),
    *cases("PEPPOL-EN16931-R040", lambda s: allowance(s, amount="12.00"), passing=allowance),
    *cases("PEPPOL-EN16931-R041", lambda s: allowance(s, base=None), passing=allowance),
    *cases("PEPPOL-EN16931-R042", lambda s: allowance(s, percent=None), passing=allowance),
    *cases("PEPPOL-EN16931-R043", lambda s: allowance(s, indicator="1"), passing=allowance),
    *cases("PEPPOL-EN16931-R044", lambda s: price_discount(s, indicator="true"), passing=price_discount),
    *cases("PEPPOL-EN16931-R046", lambda s: price_discount(s, gross_delta="0.50"), passing=price_discount),
    *cases("PEPPOL-EN16931-R053", both(duplicate("/*/cac:TaxTotal"), duplicate(f"{SUM}/ram:TaxTotalAmount"))),
    *cases("PEPPOL-EN16931-R054", lambda s: accounting_currency(s, "USD", None),
           passing=lambda s: accounting_currency(s, "USD", "20.00")),
    *cases("PEPPOL-EN16931-R055", lambda s: accounting_currency(s, "USD", "-20.00"),
           passing=lambda s: accounting_currency(s, "USD", "20.00")),
    *cases("PEPPOL-EN16931-R061", both(direct_debit("UBL") + remove("/*/cac:PaymentMeans/cac:PaymentMandate/cbc:ID"),
                                       direct_debit("CII") + remove(f"{SET}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID")),
           passing=direct_debit),
    *cases("PEPPOL-EN16931-R101", lambda s: _line_object(s, "50"), passing=lambda s: _line_object(s, "130")),
    *cases("PEPPOL-EN16931-R110", lambda s: periods(s, ("2026-01-01", "2027-12-31"), ("2025-12-01", "2026-02-28")),
           passing=lambda s: periods(s, ("2026-01-01", "2027-12-31"), ("2026-01-01", "2026-02-28"))),
    *cases("PEPPOL-EN16931-R111", lambda s: periods(s, ("2026-01-01", "2027-12-31"), ("2026-02-01", "2028-01-31")),
           passing=lambda s: periods(s, ("2026-01-01", "2027-12-31"), ("2026-02-01", "2027-12-31"))),
    *cases("PEPPOL-EN16931-R120", both(change_amount(f"{U_LINE1}/cbc:LineExtensionAmount", "1.00"),
                                       change_amount(C_LINE1_NET, "-0.03"))),
    *cases("PEPPOL-EN16931-R121", lambda s: base_quantity(s, "0"), passing=lambda s: base_quantity(s, "1")),
    *cases("PEPPOL-EN16931-R130", lambda s: base_quantity(s, "1", unit="KGM"), passing=lambda s: base_quantity(s, "1")),
]


def findings(syntax: str, edit: Edit, variant: str = STANDARD):
    tree = edit(base(syntax))
    return xrechnung.check(tree, recognise(tree), Scenario("test", True, variant))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_passing_document_does_not_report_the_rule(case: Case):
    assert case.rule not in {finding.rule_id for finding in findings(case.syntax, case.passing, case.variant)}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_failing_document_reports_the_rule_with_messages_and_location(case: Case):
    reported = [f for f in findings(case.syntax, case.failing, case.variant) if f.rule_id == case.rule]
    assert reported, f"{case.rule} did not fire"
    finding = reported[0]
    assert finding.layer == "xrechnung" and finding.level == xrechnung.RULES.rules[case.rule].level
    assert finding.message and finding.message_de and "{" not in finding.message + finding.message_de
    assert finding.location.startswith("/") and finding.line


def test_every_rule_has_a_pass_and_a_fail_case_for_each_syntax_it_binds_to():
    covered = {(case.rule, case.syntax) for case in CASES}
    bound = {(rule.id, syntax) for rule in xrechnung.RULES.rules.values()
             for syntax in ("UBL", "CII") if rule.check_for(syntax)}
    assert bound - covered == set()
    assert covered - bound == set()


def test_the_generated_base_documents_are_clean_in_every_scenario():
    for syntax in ("UBL", "CII"):
        for variant in (STANDARD, EXTENSION):
            assert [f.rule_id for f in findings(syntax, UNCHANGED, variant) if f.level != "information"] == []


def test_extension_and_cvd_rules_stay_silent_in_the_standard_scenario():
    assert "BR-DEX-01" not in {f.rule_id for f in findings("UBL", attachments("UBL", ("a.zip", "application/zip")))}
    assert "BR-DE-CVD-03" not in {f.rule_id for f in findings("CII", UNCHANGED)}


def test_the_official_levels_of_the_warnings_and_the_information():
    levels = {rule.id: rule.level for rule in xrechnung.RULES.rules.values()}
    assert {rule for rule, level in levels.items() if level == "warning"} == {
        "BR-DE-17", "BR-DE-19", "BR-DE-20", "BR-DE-21", "BR-DE-26", "BR-DE-27", "BR-DE-28", "BR-TMP-2", "BR-DEX-02",
        "PEPPOL-EN16931-R120"}
    assert {rule for rule, level in levels.items() if level == "information"} == {"BR-DE-TMP-32"}


def test_a_message_names_what_was_found_and_what_is_expected():
    finding = next(f for f in findings("UBL", set_text("/*/cbc:InvoiceTypeCode", "383")) if f.rule_id == "BR-DE-17")
    assert "'383'" in finding.message and "380" in finding.message and "'383'" in finding.message_de
    assert finding.terms == ("BT-3",) and finding.location == "/Invoice/cbc:InvoiceTypeCode"


def test_a_missing_value_is_worded_in_each_language():
    finding = next(f for f in findings("UBL", remove(f"{U_SELLER}/cac:Contact/cbc:Telephone")) if f.rule_id == "BR-DE-27")
    assert "is not given" in finding.message and "ist nicht angegeben" in finding.message_de
