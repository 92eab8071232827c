"""Every native syntax binding rule (UBL-SR/DT/CR, CII-SR/DT), by official id: a passing and a failing document.

Same discipline as `test_en16931_rules`: the passing document must not report the rule, the
failing one must; cases start from the valid generated base invoice of `en16931_edits`.
"""

from __future__ import annotations

import pytest
from lxml import etree

from invoicing.formats.recognition import recognise
from tests.unit.en16931_edits import (
    SET, U_LINE1, UNCHANGED, Edit, allowance, append, base, build, card, category, document, duplicate,
    exemption_reason, found, payee, remove, set_attribute, set_text, tax_representative, tree,
)
from tests.unit.test_en16931_rules import Case
from validators import en16931

U, C = ("UBL",), ("CII",)
SELLER = ("//cac:AccountingSupplierParty/cac:Party", "//ram:SellerTradeParty")
BUYER = ("//cac:AccountingCustomerParty/cac:Party", "//ram:BuyerTradeParty")
ROOT = ("/*", "/*")
MEANS = ("/*/cac:PaymentMeans", f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans")
LINE = (U_LINE1, "//ram:IncludedSupplyChainTradeLineItem[1]")


def ubl(tag: str, *children, text: str | None = None, **attributes):
    return lambda: tree(tag, *[child() for child in children], text=text, **attributes)


def reference(name: str, times: int) -> Edit:
    return append(ROOT, ubl(f"cac:{name}", ubl("cbc:ID", text="R-1")), times=times)


def first(key) -> Edit:
    """Make sure the element exists (no-op when it does)."""
    return Edit(lambda root, syntax: found(root, syntax, key))


def id_scheme(scheme: str):
    return ubl("cac:PartyIdentification", ubl("cbc:ID", text="ID-1", schemeID=scheme))


def tax_scheme(scheme: str = "VAT", company: str | None = "DE123456789"):
    children = ([ubl("cbc:CompanyID", text=company)] if company else []) + [ubl("cac:TaxScheme", ubl("cbc:ID", text=scheme))]
    return ubl("cac:PartyTaxScheme", *children)


def second_means(code: str = "58", payment_id: str | None = None, name: str | None = None) -> Edit:
    """Copy the payment instruction and change the copy's code (and payment id / code name)."""
    def apply(root, syntax):
        means = found(root, syntax, MEANS)[0]
        copy = etree.fromstring(etree.tostring(means))
        means.addnext(copy)
        tag = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}" + (
            "PaymentMeansCode" if syntax == "UBL" else "") if syntax == "UBL" else \
            "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}TypeCode"
        for el in (means, copy):
            if name is not None and syntax == "UBL":
                el.find(tag).set("name", name)
        copy.find(tag).text = code
        if payment_id is not None and syntax == "UBL":
            copy.find("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}PaymentID").text = payment_id
    return Edit(apply)


UBL_CASES = [
    Case("UBL-SR-01", reference("ContractDocumentReference", 1), reference("ContractDocumentReference", 2), U),
    Case("UBL-SR-02", reference("ReceiptDocumentReference", 1), reference("ReceiptDocumentReference", 2), U),
    Case("UBL-SR-03", reference("DespatchDocumentReference", 1), reference("DespatchDocumentReference", 2), U),
    Case("UBL-SR-04", document(type_code="130"), document(type_code="130") + document(type_code="130"), U),
    Case("UBL-SR-05", UNCHANGED, duplicate(("/*/cac:PaymentTerms/cbc:Note", "")), U),
    Case("UBL-SR-06", build("billing-reference-without-id"),
         build("billing-reference-without-id") + duplicate(("/*/cac:BillingReference/cac:InvoiceDocumentReference", "")), U),
    Case("UBL-SR-07", build("billing-reference-without-id") + append(
        ("/*/cac:BillingReference/cac:InvoiceDocumentReference", ""), ubl("cbc:ID", text="R-0")),
         build("billing-reference-without-id"), U),
    Case("UBL-SR-08", build("period-backwards"), build("period-backwards") + duplicate(("/*/cac:InvoicePeriod", "")), U),
    Case("UBL-SR-09", UNCHANGED, duplicate("seller-name"), U),
    Case("UBL-SR-10", append(SELLER, ubl("cac:PartyName", ubl("cbc:Name", text="Kowalski"))),
         append(SELLER, ubl("cac:PartyName", ubl("cbc:Name", text="Kowalski")), times=2), U),
    Case("UBL-SR-11", UNCHANGED, duplicate(("//cac:AccountingSupplierParty//cac:PartyLegalEntity/cbc:CompanyID", "")), U),
    Case("UBL-SR-12", UNCHANGED, duplicate(("//cac:AccountingSupplierParty//cac:PartyTaxScheme/cbc:CompanyID", "")), U),
    Case("UBL-SR-13", append(SELLER, tax_scheme("FC", "12/345/67890")),
         append(SELLER, tax_scheme("FC", "12/345/67890"), times=2), U),
    Case("UBL-SR-14", UNCHANGED, duplicate(("//cac:AccountingSupplierParty//cbc:CompanyLegalForm", "")), U),
    Case("UBL-SR-15", UNCHANGED, duplicate("buyer-name"), U),
    Case("UBL-SR-16", append(BUYER, id_scheme("0088")), append(BUYER, id_scheme("0088"), times=2), U),
    Case("UBL-SR-17", UNCHANGED, append(("//cac:AccountingCustomerParty//cac:PartyLegalEntity", ""),
                                        ubl("cbc:CompanyID", text="HRB 1"), times=2), U),
    Case("UBL-SR-18", append(BUYER, tax_scheme()), append(BUYER, tax_scheme()) + duplicate(
        ("//cac:AccountingCustomerParty//cac:PartyTaxScheme/cbc:CompanyID", "")), U),
    Case("UBL-SR-19", payee(), payee(name=None), U),
    Case("UBL-SR-20", payee(), payee() + duplicate(("/*/cac:PayeeParty/cac:PartyIdentification", "")), U),
    Case("UBL-SR-21", payee(), payee() + append(("/*/cac:PayeeParty", ""), ubl(
        "cac:PartyLegalEntity", ubl("cbc:CompanyID", text="HRB 1")), times=2), U),
    Case("UBL-SR-22", tax_representative(), tax_representative() + duplicate(("/*/cac:TaxRepresentativeParty/cac:PartyName", "")), U),
    Case("UBL-SR-23", tax_representative(), tax_representative() + duplicate(
        ("/*/cac:TaxRepresentativeParty/cac:PartyTaxScheme", "")), U),
    Case("UBL-SR-24", UNCHANGED, duplicate(("/*/cac:Delivery", "")), U),
    Case("UBL-SR-25", UNCHANGED, duplicate(("/*/cac:Delivery/cac:DeliveryParty/cac:PartyName", "")), U),
    Case("UBL-SR-26", UNCHANGED, duplicate(("/*/cac:PaymentMeans/cbc:PaymentID", "")), U),
    Case("UBL-SR-27", UNCHANGED, duplicate(("/*/cac:PaymentMeans/cbc:PaymentMeansCode", "")), U),
    Case("UBL-SR-28", append(MEANS, ubl("cac:PaymentMandate", ubl("cbc:ID", text="M-1"))),
         append(MEANS, ubl("cac:PaymentMandate", ubl("cbc:ID", text="M-1"), ubl("cbc:ID", text="M-2"))), U),
    Case("UBL-SR-29", append(SELLER, id_scheme("SEPA")), append(SELLER, id_scheme("SEPA"), times=2), U),
    Case("UBL-SR-30", allowance(), allowance() + duplicate(("/*/cac:AllowanceCharge/cbc:AllowanceChargeReason", "")), U),
    Case("UBL-SR-31", allowance(charge=True),
         allowance(charge=True) + duplicate(("/*/cac:AllowanceCharge/cbc:AllowanceChargeReason", "")), U),
    Case("UBL-SR-32", category("E"), category("E") + exemption_reason(), U),
    Case("UBL-SR-33", document(), document() + append(("/*/cac:AdditionalDocumentReference", ""),
                                                      ubl("cbc:DocumentDescription", text="x"), times=2), U),
    Case("UBL-SR-34", append(LINE, ubl("cbc:Note", text="n")), append(LINE, ubl("cbc:Note", text="n"), times=2), U),
    Case("UBL-SR-35", append(LINE, ubl("cac:OrderLineReference", ubl("cbc:LineID", text="1"))),
         append(LINE, ubl("cac:OrderLineReference", ubl("cbc:LineID", text="1"), ubl("cbc:LineID", text="2"))), U),
    Case("UBL-SR-36", build("line-period-backwards"),
         build("line-period-backwards") + duplicate((f"{U_LINE1}/cac:InvoicePeriod", "")), U),
    Case("UBL-SR-37", UNCHANGED, append((f"{U_LINE1}/cac:Price", ""), ubl(
        "cac:AllowanceCharge", ubl("cbc:ChargeIndicator", text="false"), ubl("cbc:Amount", text="1.00", currencyID="EUR"),
        ubl("cbc:Amount", text="1.00", currencyID="EUR"))), U),
    Case("UBL-SR-39", reference("ProjectReference", 1), reference("ProjectReference", 2), U),
    Case("UBL-SR-40", append(BUYER, ubl("cac:PartyName", ubl("cbc:Name", text="Stadt"))),
         append(BUYER, ubl("cac:PartyName", ubl("cbc:Name", text="Stadt")), times=2), U),
    Case("UBL-SR-42", append(SELLER, tax_scheme("FC", "12/345")), append(SELLER, tax_scheme("FC", "12/345"), times=2), U),
    Case("UBL-SR-43", document(type_code="130", scheme="AAA"), document(type_code="916", scheme="AAA"), U),
    Case("UBL-SR-44", second_means(), second_means(payment_id="OTHER"), U),
    Case("UBL-SR-45", append(MEANS, ubl("cbc:PaymentDueDate", text="2026-07-01")),
         append(MEANS, ubl("cbc:PaymentDueDate", text="2026-07-01"), times=2), U),
    Case("UBL-SR-46", set_attribute(("/*/cac:PaymentMeans/cbc:PaymentMeansCode", ""), "name", "Überweisung"),
         second_means(name="Überweisung"), U),
    Case("UBL-SR-47", second_means(), second_means(code="30"), U),
    Case("UBL-SR-48", UNCHANGED, remove("line-category", every=False), U),
    Case("UBL-SR-49", UNCHANGED, append(ROOT, ubl("cac:InvoicePeriod", ubl("cbc:DescriptionCode", text="35")), times=2), U),
    Case("UBL-SR-50", append((f"{U_LINE1}/cac:Item", ""), ubl("cbc:Description", text="d")),
         append((f"{U_LINE1}/cac:Item", ""), ubl("cbc:Description", text="d"), times=2), U),
    Case("UBL-SR-51", append(("//cac:AccountingSupplierParty//cac:PostalAddress", ""), ubl("cac:AddressLine", ubl("cbc:Line", text="x"))),
         append(("//cac:AccountingSupplierParty//cac:PostalAddress", ""), ubl("cac:AddressLine", ubl("cbc:Line", text="x")),
                times=2), U),
    Case("UBL-SR-52", append(LINE, ubl("cac:DocumentReference", ubl("cbc:ID", text="D"))),
         append(LINE, ubl("cac:DocumentReference", ubl("cbc:ID", text="D")), times=2), U),
    Case("UBL-SR-53", UNCHANGED, remove(("//cac:AccountingSupplierParty//cac:PartyTaxScheme/cbc:CompanyID", "")), U),
    Case("UBL-SR-54", card("1234"), card("1234") + card("5678"), U),
    Case("UBL-SR-55", append(MEANS, ubl("cac:PaymentMandate", ubl("cbc:ID", text="M-1"))),
         append(MEANS, ubl("cac:PaymentMandate", ubl("cbc:ID", text="M-1")), times=2), U),
    Case("UBL-SR-56", reference("OriginatorDocumentReference", 1), reference("OriginatorDocumentReference", 2), U),
    Case("UBL-CR-666", document(type_code="130"), document(type_code="130", mime="application/pdf"), U),
    Case("UBL-CR-673", document(type_code="130"), document(type_code="130") + append(
        ("/*/cac:AdditionalDocumentReference", ""), ubl("cbc:DocumentDescription", text="x")), U),
    Case("UBL-DT-01", UNCHANGED, set_text("line-total", "376.165"), U),
    Case("UBL-DT-06", document(mime="application/pdf"), document(mime="application/pdf") + set_attribute(
        ("//cbc:EmbeddedDocumentBinaryObject", ""), "mimeCode", None), U),
    Case("UBL-DT-07", document(mime="application/pdf"), document(mime="application/pdf") + set_attribute(
        ("//cbc:EmbeddedDocumentBinaryObject", ""), "filename", None), U),
]

_ATTRIBUTES = {"UBL-DT-08": "schemeName", "UBL-DT-09": "schemeAgencyName", "UBL-DT-10": "schemeDataURI",
               "UBL-DT-11": "schemeURI", "UBL-DT-12": "format", "UBL-DT-13": "unitCodeListIdentifier",
               "UBL-DT-14": "unitCodeListAgencyIdentifier", "UBL-DT-15": "unitCodeListAgencyName",
               "UBL-DT-16": "listAgencyName", "UBL-DT-17": "listName", "UBL-DT-18": "name", "UBL-DT-19": "languageID",
               "UBL-DT-20": "listURI", "UBL-DT-21": "listSchemeURI", "UBL-DT-22": "languageLocaleID", "UBL-DT-23": "uri",
               "UBL-DT-24": "currencyCodeListVersionID", "UBL-DT-25": "characterSetCode", "UBL-DT-26": "encodingCode",
               "UBL-DT-27": "schemeAgencyID", "UBL-DT-28": "listAgencyID"}
UBL_CASES += [Case(rule_id, set_attribute(("/*/cac:PaymentMeans/cbc:PaymentMeansCode", ""), "name", "x")
                   if attribute == "name" else UNCHANGED,
                   set_attribute("invoice-number", attribute, "x"), U) for rule_id, attribute in _ATTRIBUTES.items()]


def cii(tag: str, *children, text: str | None = None, **attributes):
    return ubl(tag, *children, text=text, **attributes)


CII_DOCUMENT = ("", "//ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument")
CII_CASES = [
    Case("CII-SR-463", allowance(), allowance() + remove(("", f"{SET}/ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator")), C),
    Case("CII-SR-464", UNCHANGED, append(MEANS, None, cii("ram:PayerSpecifiedDebtorFinancialInstitution",
                                                            cii("ram:BICID", text="SOLADES1RAV"))), C),
    Case("CII-SR-465", UNCHANGED, append(("", "//ram:SellerTradeParty/ram:DefinedTradeContact"), None,
                                         cii("ram:DepartmentName", text="Vertrieb")), C),
    Case("CII-SR-466", UNCHANGED, append(("", "//ram:BuyerTradeParty/ram:DefinedTradeContact"), None,
                                         cii("ram:DepartmentName", text="Schulamt")), C),
    Case("CII-SR-467", second_means(), second_means(code="30"), C),
    Case("CII-SR-468", append(MEANS, None, cii("ram:Information", text="Überweisung")),
         append(MEANS, None, cii("ram:Information", text="Überweisung")) + second_means() + set_text(
             ("", f"({SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:Information)[2]"), "Lastschrift"), C),
    Case("CII-SR-469", UNCHANGED, duplicate(("", f"{SET}/ram:PaymentReference")), C),
    Case("CII-SR-470", UNCHANGED, append(("", "//ram:PayeePartyCreditorFinancialAccount"), None,
                                         cii("ram:ProprietaryID", text="123")), C),
    Case("CII-SR-471", allowance(), allowance() + duplicate(("", f"{SET}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax")), C),
    Case("CII-SR-472", allowance(), allowance() + append(("", f"{SET}/ram:SpecifiedTradeAllowanceCharge"), None,
                                                          cii("ram:RateApplicablePercent", text="19"), times=2), C),
    Case("CII-SR-473", allowance(), allowance() + duplicate(("", f"{SET}/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount")), C),
    Case("CII-SR-474", UNCHANGED, append(("", "//ram:IncludedSupplyChainTradeLineItem[1]/ram:SpecifiedLineTradeSettlement"),
                                         None, cii("ram:AdditionalReferencedDocument", cii("ram:IssuerAssignedID", text="O"),
                                                   cii("ram:TypeCode", text="130")), times=2), C),
    Case("CII-SR-475", document() + append(CII_DOCUMENT, None, cii("ram:Name", text="a")),
         document() + append(CII_DOCUMENT, None, cii("ram:Name", text="a")) + duplicate(CII_DOCUMENT), C),
    Case("CII-SR-476", document(mime="application/pdf"), document(mime="application/pdf") + duplicate(CII_DOCUMENT), C),
    Case("CII-DT-031", UNCHANGED, set_attribute("line-total", "currencyID", "EUR"), C),
]

CASES = UBL_CASES + CII_CASES
_PAIRS = [(case, syntax) for case in CASES for syntax in case.syntaxes]
_IDS = [f"{case.rule}-{syntax}" for case, syntax in _PAIRS]


def reported(edit: Edit, syntax: str) -> set[str]:
    document_ = etree.ElementTree(etree.fromstring(etree.tostring(edit(base(syntax), syntax))))
    return {f.rule_id for f in en16931.check(document_, recognise(document_))}


@pytest.mark.parametrize(("case", "syntax"), _PAIRS, ids=_IDS)
def test_the_passing_document_does_not_report_the_rule(case, syntax):
    assert case.rule not in reported(case.passing, syntax)


@pytest.mark.parametrize(("case", "syntax"), _PAIRS, ids=_IDS)
def test_the_failing_document_reports_the_rule(case, syntax):
    assert case.rule in reported(case.failing, syntax)


def test_every_implemented_syntax_rule_has_a_case():
    covered = {(case.rule, syntax) for case, syntax in _PAIRS}
    for syntax in ("UBL", "CII"):
        implemented = {rule_id for family, ids in en16931.implemented_ids(syntax).items()
                       if family.startswith(("UBL-", "CII-")) for rule_id in ids}
        assert implemented <= {rule for rule, s in covered if s == syntax}, syntax
