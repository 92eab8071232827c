"""Every native EN 16931 rule, by official id: a passing and a failing document for each syntax it binds to.

Each case starts from a valid generated invoice (`en16931_edits.base`, UBL and CII) and applies
small named edits. The passing document must not report the rule, the failing one must. The
VAT category families start from the same invoice turned into a valid invoice of the category.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lxml import etree

from invoicing.formats.recognition import recognise
from tests.unit.en16931_edits import (
    AGR, LINE1, SET, SUM, U_LINE1, UNCHANGED, Edit, add, allowance, allowance_rate, base, build, buyer_vat_id, card,
    category, document, empty_period, exemption_code, exemption_reason, gross_price, line_rate, note, payee,
    period_code, reason_code, remove, set_attribute, set_text, tax_currency, tax_representative, total, tree,
)
from validators import en16931
from validators.en16931 import NOT_IMPLEMENTED
from validators.en16931.vat import CATEGORIES

BOTH = ("UBL", "CII")


@dataclass(frozen=True)
class Case:
    """A rule, the syntaxes to try it in, and the edits that make it pass and fail."""

    rule: str
    passing: Edit
    failing: Edit
    syntaxes: tuple[str, ...] = BOTH


def at(ubl: str, cii: str) -> tuple[str, str]:
    """A pair of XPaths (UBL, CII) for an edit."""
    return ubl, cii


SELLER_VAT = at("//cac:AccountingSupplierParty//cac:PartyTaxScheme/cbc:CompanyID",
                "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID")
SELLER_LEGAL = at("//cac:AccountingSupplierParty//cac:PartyLegalEntity/cbc:CompanyID",
                  "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID")
SELLER_ENDPOINT = at("//cac:AccountingSupplierParty//cbc:EndpointID",
                     "//ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID")
BUYER_ENDPOINT = at("//cac:AccountingCustomerParty//cbc:EndpointID",
                    "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID")
ALL_LINES = at("/*/cac:InvoiceLine", "//ram:IncludedSupplyChainTradeLineItem")
OTHER_LINES = at("/*/cac:InvoiceLine[position() > 1]", "//ram:IncludedSupplyChainTradeLineItem[position() > 1]")
FIRST_LINE_CODE = at(f"{U_LINE1}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID",
                     f"{LINE1}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode")
SECOND_BREAKDOWN_CODE = at("(/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID)[2]",
                           f"({SET}/ram:ApplicableTradeTax/ram:CategoryCode)[2]")
DOC_ALLOWANCE_CATEGORY = at("/*/cac:AllowanceCharge/cac:TaxCategory/cbc:ID",
                            f"{SET}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode")
EXEMPTION_REASON = at("//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", f"{SET}/ram:ApplicableTradeTax/ram:ExemptionReason")
DELIVERY_DATE = at("/*/cac:Delivery/cbc:ActualDeliveryDate", "//ram:ActualDeliverySupplyChainEvent")
DELIVER_TO_COUNTRY = at("/*/cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country",
                        "//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID")
SELLER_COUNTRY = at("//cac:AccountingSupplierParty//cac:Country/cbc:IdentificationCode",
                    "//ram:SellerTradeParty/ram:PostalTradeAddress/ram:CountryID")
TAX_TOTAL_AMOUNT = at("/*/cac:LegalMonetaryTotal/cbc:PayableAmount", f"{SUM}/ram:TaxTotalAmount")


def seller_id(scheme: str) -> Edit:
    return add(("//cac:AccountingSupplierParty/cac:Party", f"{AGR}/ram:SellerTradeParty"),
               lambda: tree("cac:PartyIdentification", tree("cbc:ID", text="4000001000005", schemeID=scheme)),
               lambda: tree("ram:GlobalID", text="4000001000005", schemeID=scheme), (["PostalAddress"], ["Name"]))


def origin(country: str) -> Edit:
    return add((f"{U_LINE1}/cac:Item", f"{LINE1}/ram:SpecifiedTradeProduct"),
               lambda: tree("cac:OriginCountry", tree("cbc:IdentificationCode", text=country)),
               lambda: tree("ram:OriginTradeCountry", tree("ram:ID", text=country)),
               (["CommodityClassification", "ClassifiedTaxCategory"], []))


def delivery_location(scheme: str) -> Edit:
    return add(("/*/cac:Delivery/cac:DeliveryLocation", "//ram:ShipToTradeParty"),
               lambda: tree("cbc:ID", text="4000001000005", schemeID=scheme),
               lambda: tree("ram:GlobalID", text="4000001000005", schemeID=scheme), (["Address"], ["Name"]))


CASES: list[Case] = [
    Case("BR-01", UNCHANGED, remove("specification-id")),
    Case("BR-02", UNCHANGED, remove("invoice-number")),
    Case("BR-03", UNCHANGED, remove("issue-date")),
    Case("BR-04", UNCHANGED, remove("type-code")),
    Case("BR-05", UNCHANGED, remove("currency")),
    Case("BR-06", UNCHANGED, remove("seller-name")),
    Case("BR-07", UNCHANGED, remove("buyer-name")),
    Case("BR-08", UNCHANGED, remove("seller-address")),
    Case("BR-09", UNCHANGED, remove("seller-country")),
    Case("BR-10", UNCHANGED, remove("buyer-address")),
    Case("BR-11", UNCHANGED, remove("buyer-country")),
    Case("BR-12", UNCHANGED, remove("line-total")),
    Case("BR-13", UNCHANGED, remove("total-without-vat")),
    Case("BR-14", UNCHANGED, remove("total-with-vat")),
    Case("BR-15", UNCHANGED, remove("amount-due")),
    Case("BR-16", UNCHANGED, remove(ALL_LINES)),
    Case("BR-17", payee(), payee(name=None)),
    Case("BR-18", tax_representative(), tax_representative(name=False)),
    Case("BR-19", tax_representative(), tax_representative(address=False)),
    Case("BR-20", tax_representative(), tax_representative(country=False)),
    Case("BR-21", UNCHANGED, remove("line-id", every=False)),
    Case("BR-22", UNCHANGED, remove("line-quantity", every=False)),
    Case("BR-23", UNCHANGED, set_attribute("line-quantity", "unitCode", None)),
    Case("BR-24", UNCHANGED, remove("line-net", every=False)),
    Case("BR-25", UNCHANGED, remove("item-name", every=False)),
    Case("BR-26", UNCHANGED, remove("item-price", every=False)),
    Case("BR-27", UNCHANGED, set_text("item-price", "-1.00")),
    Case("BR-28", gross_price("30.00"), gross_price("-5.00")),
    Case("BR-29", UNCHANGED, build("period-backwards")),
    Case("BR-30", UNCHANGED, build("line-period-backwards")),
    Case("BR-31", allowance(), allowance(amount_given=False)),
    Case("BR-32", allowance(), allowance() + remove("allowance-category")),
    Case("BR-33", allowance(), allowance(reason=False)),
    Case("BR-36", allowance(charge=True), allowance(charge=True, amount_given=False)),
    Case("BR-37", allowance(charge=True), allowance(charge=True) + remove("allowance-category")),
    Case("BR-38", allowance(charge=True), allowance(charge=True, reason=False)),
    Case("BR-41", allowance(line=True), allowance(line=True, amount_given=False)),
    Case("BR-42", allowance(line=True), allowance(line=True, reason=False)),
    Case("BR-43", allowance(line=True, charge=True), allowance(line=True, charge=True, amount_given=False)),
    Case("BR-44", allowance(line=True, charge=True), allowance(line=True, charge=True, reason=False)),
    Case("BR-45", UNCHANGED, remove("breakdown-taxable")),
    Case("BR-46", UNCHANGED, remove("breakdown-tax")),
    Case("BR-47", UNCHANGED, remove("breakdown-category-code")),
    Case("BR-48", UNCHANGED, remove("breakdown-rate")),
    Case("BR-49", UNCHANGED, remove("payment-means-code")),
    Case("BR-50", UNCHANGED, set_text("payment-account-id", " ")),
    Case("BR-51", card("1234"), card("1234567890123456")),
    Case("BR-52", document(), document(identifier="")),
    Case("BR-53", tax_currency(total="80.00"), tax_currency()),
    Case("BR-54", UNCHANGED, build("item-attribute-without-value")),
    Case("BR-55", UNCHANGED, build("billing-reference-without-id")),
    Case("BR-56", tax_representative(), tax_representative(vat=False)),
    Case("BR-57", UNCHANGED, build("deliver-to-without-country")),
    Case("BR-61", UNCHANGED, remove("payment-account-id")),
    Case("BR-62", UNCHANGED, set_attribute(SELLER_ENDPOINT, "schemeID", None)),
    Case("BR-63", UNCHANGED, set_attribute(BUYER_ENDPOINT, "schemeID", None)),
    Case("BR-64", build("standard-id-without-scheme") + set_attribute(
        at(f"{U_LINE1}//cac:StandardItemIdentification/cbc:ID", f"{LINE1}//ram:GlobalID"), "schemeID", "0160"),
         build("standard-id-without-scheme")),
    Case("BR-65", build("classification-without-list") + set_attribute(
        at(f"{U_LINE1}//cbc:ItemClassificationCode", f"{LINE1}//ram:ClassCode"), "listID", "STI"),
         build("classification-without-list")),

    Case("BR-CO-03", period_code("35") + remove(at("/*/cac:InvoicePeriod/cbc:DescriptionCode", f"{SET}//ram:DueDateTypeCode")),
         build("tax-point-date-and-code")),
    Case("BR-CO-04", UNCHANGED, remove("line-category", every=False)),
    Case("BR-CO-09", UNCHANGED, set_text(SELLER_VAT, "XX123456789")),
    Case("BR-CO-10", UNCHANGED, set_text("line-total", "376.17")),
    Case("BR-CO-11", allowance() + total("AllowanceTotalAmount", "AllowanceTotalAmount", "10.00"), allowance()),
    Case("BR-CO-12", allowance(charge=True) + total("ChargeTotalAmount", "ChargeTotalAmount", "10.00"),
         allowance(charge=True)),
    Case("BR-CO-13", UNCHANGED, set_text("total-without-vat", "376.17")),
    Case("BR-CO-14", UNCHANGED, set_text("vat-total", "71.48")),
    Case("BR-CO-15", UNCHANGED, set_text("total-with-vat", "447.64")),
    Case("BR-CO-16", UNCHANGED, set_text("amount-due", "447.64")),
    Case("BR-CO-17", UNCHANGED, set_text("breakdown-tax", "75.00")),
    Case("BR-CO-18", UNCHANGED, remove("breakdown")),
    Case("BR-CO-19", period_code("35"), empty_period(line=False)),
    Case("BR-CO-20", UNCHANGED, empty_period(line=True)),
    Case("BR-CO-21", allowance(), allowance(reason=False)),
    Case("BR-CO-22", allowance(charge=True), allowance(charge=True, reason=False)),
    Case("BR-CO-23", allowance(line=True), allowance(line=True, reason=False)),
    Case("BR-CO-24", allowance(line=True, charge=True), allowance(line=True, charge=True, reason=False)),
    Case("BR-CO-26", UNCHANGED, build("seller-without-ids")),

    Case("BR-DEC-01", allowance(amount="10.50"), allowance(amount="10.005")),
    Case("BR-DEC-02", allowance(base_amount="100.00"), allowance(base_amount="100.001")),
    Case("BR-DEC-05", allowance(charge=True, amount="10.50"), allowance(charge=True, amount="10.005")),
    Case("BR-DEC-06", allowance(charge=True, base_amount="100.00"), allowance(charge=True, base_amount="100.001")),
    Case("BR-DEC-09", UNCHANGED, set_text("line-total", "376.160")),
    Case("BR-DEC-10", total("AllowanceTotalAmount", "AllowanceTotalAmount", "0.00"),
         total("AllowanceTotalAmount", "AllowanceTotalAmount", "0.000")),
    Case("BR-DEC-11", total("ChargeTotalAmount", "ChargeTotalAmount", "0.00"),
         total("ChargeTotalAmount", "ChargeTotalAmount", "0.000")),
    Case("BR-DEC-12", UNCHANGED, set_text("total-without-vat", "376.160")),
    Case("BR-DEC-13", UNCHANGED, set_text("vat-total", "71.475"), ("CII",)),
    Case("BR-DEC-14", UNCHANGED, set_text("total-with-vat", "447.630")),
    Case("BR-DEC-15", tax_currency(total="80.00"), tax_currency(total="80.005"), ("CII",)),
    Case("BR-DEC-16", total("PrepaidAmount", "TotalPrepaidAmount", "0.00"),
         total("PrepaidAmount", "TotalPrepaidAmount", "0.001")),
    Case("BR-DEC-17", total("PayableRoundingAmount", "RoundingAmount", "0.00"),
         total("PayableRoundingAmount", "RoundingAmount", "0.001")),
    Case("BR-DEC-18", UNCHANGED, set_text("amount-due", "447.630")),
    Case("BR-DEC-19", UNCHANGED, set_text("breakdown-taxable", "376.160")),
    Case("BR-DEC-20", UNCHANGED, set_text("breakdown-tax", "71.470")),
    Case("BR-DEC-23", UNCHANGED, set_text("line-net", "101.300")),
    Case("BR-DEC-24", allowance(line=True, amount="1.00"), allowance(line=True, amount="1.005")),
    Case("BR-DEC-25", allowance(line=True, base_amount="10.00"), allowance(line=True, base_amount="10.001")),
    Case("BR-DEC-27", allowance(line=True, charge=True, amount="1.00"), allowance(line=True, charge=True, amount="1.005")),
    Case("BR-DEC-28", allowance(line=True, charge=True, base_amount="10.00"),
         allowance(line=True, charge=True, base_amount="10.001")),

    Case("BR-CL-01", set_text("type-code", "384"), set_text("type-code", "999")),
    Case("BR-CL-03", UNCHANGED, set_attribute(TAX_TOTAL_AMOUNT, "currencyID", "EURO")),
    Case("BR-CL-04", UNCHANGED, set_text("currency", "EUX")),
    Case("BR-CL-05", tax_currency("USD", total="80.00"), tax_currency("EUX", total="80.00")),
    Case("BR-CL-06", period_code("35", "5"), period_code("99")),
    Case("BR-CL-07", document(type_code="130", scheme="AAA"), document(type_code="130", scheme="XXX9")),
    Case("BR-CL-08", note("AAI"), note("QQQ")),
    Case("BR-CL-10", seller_id("0088"), seller_id("9999")),
    Case("BR-CL-11", set_attribute(SELLER_LEGAL, "schemeID", "0002"), set_attribute(SELLER_LEGAL, "schemeID", "9999")),
    Case("BR-CL-13", build("classification-without-list") + set_attribute(
        at(f"{U_LINE1}//cbc:ItemClassificationCode", f"{LINE1}//ram:ClassCode"), "listID", "STI"),
         build("classification-without-list") + set_attribute(
        at(f"{U_LINE1}//cbc:ItemClassificationCode", f"{LINE1}//ram:ClassCode"), "listID", "ZZ9")),
    Case("BR-CL-14", set_text(SELLER_COUNTRY, "AT"), set_text(SELLER_COUNTRY, "XX")),
    Case("BR-CL-15", origin("DE"), origin("XX")),
    Case("BR-CL-16", set_text("payment-means-code", "30"), set_text("payment-means-code", "99")),
    Case("BR-CL-17", allowance(), allowance() + set_text(DOC_ALLOWANCE_CATEGORY, "X")),
    Case("BR-CL-18", UNCHANGED, set_text("line-category-code", "X")),
    Case("BR-CL-19", allowance() + reason_code("95"), allowance() + reason_code("999")),
    Case("BR-CL-20", allowance(charge=True) + reason_code("FC"), allowance(charge=True) + reason_code("ZZZ9")),
    Case("BR-CL-21", build("standard-id-without-scheme") + set_attribute(
        at(f"{U_LINE1}//cac:StandardItemIdentification/cbc:ID", f"{LINE1}//ram:GlobalID"), "schemeID", "0160"),
         build("standard-id-without-scheme") + set_attribute(
        at(f"{U_LINE1}//cac:StandardItemIdentification/cbc:ID", f"{LINE1}//ram:GlobalID"), "schemeID", "9999")),
    Case("BR-CL-22", category("E") + exemption_code("VATEX-EU-F"), category("E") + exemption_code("VATEX-EU-999")),
    Case("BR-CL-23", set_attribute("line-quantity", "unitCode", "C62"), set_attribute("line-quantity", "unitCode", "QQQ9")),
    Case("BR-CL-24", document(mime="application/pdf"), document(mime="application/zip")),
    Case("BR-CL-25", set_attribute(SELLER_ENDPOINT, "schemeID", "0088"), set_attribute(SELLER_ENDPOINT, "schemeID", "9999")),
    Case("BR-CL-26", delivery_location("0088"), delivery_location("9999")),

    Case("BR-B-01", category("B"), category("B") + set_text(SELLER_COUNTRY, "DE")),
    Case("BR-B-02", category("B"), category("B") + set_text(FIRST_LINE_CODE, "S")),
    Case("BR-IC-11", category("K"), category("K") + remove(DELIVERY_DATE)),
    Case("BR-IC-12", category("K"), category("K") + remove(DELIVER_TO_COUNTRY)),
    Case("BR-O-11", category("O"), category("O") + build("second-breakdown") + set_text(SECOND_BREAKDOWN_CODE, "S")),
    Case("BR-O-12", category("O"), category("O") + set_text(FIRST_LINE_CODE, "S")),
    Case("BR-O-13", category("O") + allowance(category="O"), category("O") + allowance(category="S")),
    Case("BR-O-14", category("O") + allowance(charge=True, category="O"), category("O") + allowance(charge=True, category="S")),
]


def _family_cases():
    """Rules -01…-10 of every VAT category family, from a valid invoice of that category."""
    for c in CATEGORIES:
        code, f = c.code, c.family
        valid = category(code)
        wrong_rate = {"S": "0", "O": "7", "AF": "-1", "AG": "-1"}.get(f, "19")
        good_rate = "7" if f in ("AF", "AG") else None
        kept_rate = allowance_rate(good_rate) if good_rate else UNCHANGED
        missing_ids = buyer_vat_id() if f == "O" else remove("seller-vat-id")
        broken = build("second-breakdown") if f == "O" else remove("breakdown") + remove(OTHER_LINES)
        yield Case(f"BR-{f}-01", valid, valid + broken)
        yield Case(f"BR-{f}-02", valid, valid + missing_ids)
        yield Case(f"BR-{f}-03", valid + allowance(category=code) + kept_rate,
                   valid + allowance(category=code) + kept_rate + missing_ids)
        yield Case(f"BR-{f}-04", valid + allowance(charge=True, category=code) + kept_rate,
                   valid + allowance(charge=True, category=code) + kept_rate + missing_ids)
        yield Case(f"BR-{f}-05", valid, valid + line_rate(wrong_rate))
        yield Case(f"BR-{f}-06", valid + allowance(category=code) + kept_rate,
                   valid + allowance(category=code) + allowance_rate(wrong_rate))
        yield Case(f"BR-{f}-07", valid + allowance(charge=True, category=code) + kept_rate,
                   valid + allowance(charge=True, category=code) + allowance_rate(wrong_rate))
        cii = f not in ("AF", "AG")  # -08/-09 of AF and AG can never fail in the CII artefacts
        yield Case(f"BR-{f}-08", valid, valid + set_text("breakdown-taxable", "400.00"), BOTH if cii else ("UBL",))
        yield Case(f"BR-{f}-09", valid, valid + set_text("breakdown-tax", "5.00" if f not in ("S", "AF", "AG") else "80.00"),
                   BOTH if cii else ("UBL",))
        needs_reason = f in ("E", "AE", "IC", "G", "O")
        yield Case(f"BR-{f}-10", valid, valid + (remove(EXEMPTION_REASON) if needs_reason else exemption_reason()))


CASES += list(_family_cases())
_IDS = [f"{case.rule}-{syntax}" for case in CASES for syntax in case.syntaxes]
_PAIRS = [(case, syntax) for case in CASES for syntax in case.syntaxes]


def reported(edit: Edit, syntax: str) -> list:
    """The native findings on the edited base document, written out and parsed again like a received file."""
    document = etree.ElementTree(etree.fromstring(etree.tostring(edit(base(syntax), syntax))))
    return en16931.check(document, recognise(document))


@pytest.mark.parametrize(("case", "syntax"), _PAIRS, ids=_IDS)
def test_the_passing_document_does_not_report_the_rule(case: Case, syntax: str):
    assert case.rule not in {f.rule_id for f in reported(case.passing, syntax)}


@pytest.mark.parametrize(("case", "syntax"), _PAIRS, ids=_IDS)
def test_the_failing_document_reports_the_rule_with_messages_and_location(case: Case, syntax: str):
    findings = [f for f in reported(case.failing, syntax) if f.rule_id == case.rule]
    assert findings, f"{case.rule} did not fire"
    finding = findings[0]
    assert finding.layer == "en16931" and finding.level in ("error", "warning")
    assert finding.message and finding.message_de and finding.message != finding.message_de
    assert "{" not in finding.message + finding.message_de
    assert finding.location.startswith("/") and finding.line
    assert finding.terms


def test_every_implemented_rule_has_a_pass_and_a_fail_case_for_each_syntax_it_binds_to():
    # the syntax binding rules (UBL-*, CII-*) have their cases in test_en16931_syntax_rules
    covered = {(case.rule, syntax) for case, syntax in _PAIRS}
    for syntax in BOTH:
        implemented = {rule_id for family, ids in en16931.implemented_ids(syntax).items()
                       if family.startswith("BR") for rule_id in ids}
        assert implemented <= {rule for rule, s in covered if s == syntax}, syntax


def test_the_base_documents_and_every_category_variant_are_clean():
    for syntax in BOTH:
        assert reported(Edit(lambda root, s: None), syntax) == []
        for c in CATEGORIES:
            assert reported(category(c.code), syntax) == [], (c.code, syntax)


def test_the_official_levels_are_kept():
    assert {f.level for f in reported(card("1234567890123456"), "UBL") if f.rule_id == "BR-51"} == {"warning"}
    assert {f.level for f in reported(remove("invoice-number"), "CII") if f.rule_id == "BR-02"} == {"error"}


def test_a_message_names_the_value_found_and_what_is_expected():
    finding = next(f for f in reported(set_text("line-total", "376.17"), "UBL") if f.rule_id == "BR-CO-10")
    assert "'376.17'" in finding.message and "376.16" in finding.message
    assert "'376.17'" in finding.message_de and "376.16" in finding.message_de


def test_a_missing_value_is_worded_in_each_language():
    finding = next(f for f in reported(remove("invoice-number"), "UBL") if f.rule_id == "BR-02")
    assert "not given" in finding.message and "nicht angegeben" in finding.message_de


def test_rules_without_a_native_check_are_listed_with_the_reason():
    assert {"BR-CO-05", "BR-CO-06", "BR-CO-07", "BR-CO-08"} <= set(NOT_IMPLEMENTED)
    assert all(reason for reason in NOT_IMPLEMENTED.values())
    implemented = {rule_id for ids in en16931.implemented_ids().values() for rule_id in ids}
    assert not implemented & {"BR-CO-05", "BR-CO-06", "BR-CO-07", "BR-CO-08"}


def test_a_rule_that_raises_makes_the_layer_fail_instead_of_passing(monkeypatch):
    import validators.en16931 as layer

    def broken(view):
        raise ZeroDivisionError("boom")

    always, gated, evaluations, grouped = layer._plan("UBL")
    rule = always[0][0]
    monkeypatch.setattr(layer, "_plan_cached", lambda syntax: (((rule, broken),) + always, gated, evaluations, grouped))
    with pytest.raises(en16931.RulesFailed, match=rule.id):
        reported(Edit(lambda root, s: None), "UBL")


_ = (AGR, SUM)
