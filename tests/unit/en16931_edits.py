"""Small, named edits of a valid generated invoice, in both syntaxes, for the EN 16931 rule cases.

An `Edit` changes a parsed document (root element) in place for the given syntax; edits compose
with `+`. Business terms are addressed by the names of `tests.differential.targets.TARGETS`, or
by a pair of XPaths (UBL, CII). Every edit asserts that its target exists, so a case cannot pass
by editing nothing. `category(code)` turns the base invoice into a valid invoice of another VAT
category (rates, amounts, exemption reason and tax identifiers adjusted).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from random import Random
from typing import Callable

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from tests.differential.builders import insert_before, make, new, sub
from tests.differential.targets import NS, TARGETS

SEED = 17
"""Base invoice: two standard-rated (19 %) lines, credit transfer (58), delivery date and deliver-to address,
no allowances or charges, seller with VAT and legal registration identifiers."""

SET = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
AGR = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
SUM = f"{SET}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
LINE1 = "//ram:IncludedSupplyChainTradeLineItem[1]"
U_LINE1 = "(/*/cac:InvoiceLine|/*/cac:CreditNoteLine)[1]"


@cache
def _generated(syntax: str) -> bytes:
    invoice = generate_invoice(SEED)
    return write_ubl(invoice) if syntax == "UBL" else write_cii(invoice)


def base(syntax: str) -> etree._Element:
    """A fresh parsed copy of the base invoice in `syntax`."""
    return etree.fromstring(_generated(syntax))


@dataclass(frozen=True)
class Edit:
    """A change of a document; `a + b` applies a, then b."""

    apply: Callable[[etree._Element, str], None]

    def __add__(self, other: "Edit") -> "Edit":
        return Edit(lambda root, syntax: (self.apply(root, syntax), other.apply(root, syntax)))

    def __call__(self, root, syntax):
        self.apply(root, syntax)
        return root


UNCHANGED = Edit(lambda root, syntax: None)


def _path(key, syntax: str) -> str:
    if isinstance(key, tuple):
        return key[0] if syntax == "UBL" else key[1]
    return TARGETS[key].ubl if syntax == "UBL" else TARGETS[key].cii


def found(root, syntax: str, key) -> list:
    elements = root.xpath(_path(key, syntax), namespaces=NS)
    assert elements, f"the edit expects {_path(key, syntax)} in the {syntax} document"
    return elements


def remove(key, *, every: bool = True) -> Edit:
    def apply(root, syntax):
        for el in found(root, syntax, key)[: None if every else 1]:
            el.getparent().remove(el)
    return Edit(apply)


def set_text(key, value: str, *, every: bool = False) -> Edit:
    def apply(root, syntax):
        for el in found(root, syntax, key)[: None if every else 1]:
            el.text = value
    return Edit(apply)


def set_attribute(key, name: str, value: str | None) -> Edit:
    def apply(root, syntax):
        for el in found(root, syntax, key)[:1]:
            if value is None:
                el.attrib.pop(name, None)
            else:
                el.set(name, value)
    return Edit(apply)


def build(what: str, argument=None) -> Edit:
    """A group from `tests.differential.builders` (`argument` defaults to a fixed Random)."""
    def apply(root, syntax):
        assert make(root, syntax, what, Random(1) if argument is None else argument), what
    return Edit(apply)


def add(parent_key, ubl: Callable, cii: Callable, before: tuple[list[str], list[str]] = ([], [])) -> Edit:
    """Add an element built by `ubl()`/`cii()` into the first `parent_key` element (before the named children)."""
    def apply(root, syntax):
        parent = found(root, syntax, parent_key)[0]
        insert_before(parent, before[0] if syntax == "UBL" else before[1], (ubl if syntax == "UBL" else cii)())
    return Edit(apply)


def per_syntax(ubl: Edit, cii: Edit) -> Edit:
    return Edit(lambda root, syntax: (ubl if syntax == "UBL" else cii).apply(root, syntax))


def tree(tag: str, *children, text: str | None = None, **attributes):
    """An element with children, e.g. tree("cac:PartyName", tree("cbc:Name", text="X"))."""
    el = new(tag, text, **attributes)
    for child in children:
        el.append(child)
    return el


# --- groups ---------------------------------------------------------------------------------------

def allowance(*, charge: bool = False, reason: bool = True, category: str = "S", amount: str = "10.00",
              base_amount: str | None = None, line: bool = False, amount_given: bool = True) -> Edit:
    """A document (or line) level allowance/charge."""
    def apply(root, syntax):
        assert make(root, syntax, "line-allowance" if line else "document-allowance", (charge, reason, category, amount))
        path = ((f"{U_LINE1}/cac:AllowanceCharge", f"{LINE1}//ram:SpecifiedTradeAllowanceCharge") if line
                else ("/*/cac:AllowanceCharge", f"{SET}/ram:SpecifiedTradeAllowanceCharge"))
        el = found(root, syntax, path)[-1]
        amount_tag = "cbc:Amount" if syntax == "UBL" else "ram:ActualAmount"
        amount_el = el.find(amount_tag.replace("cbc:", f"{{{NS['cbc']}}}").replace("ram:", f"{{{NS['ram']}}}"))
        if base_amount is not None:
            base_el = new("cbc:BaseAmount", base_amount, currencyID="EUR") if syntax == "UBL" else new("ram:BasisAmount", base_amount)
            amount_el.addnext(base_el) if syntax == "UBL" else amount_el.addprevious(base_el)
        if not amount_given:
            el.remove(amount_el)
    return Edit(apply)


def tax_representative(*, name=True, address=True, country=True, vat=True) -> Edit:
    def ubl():
        el = new("cac:TaxRepresentativeParty")
        if name:
            sub(sub(el, "cac:PartyName"), "cbc:Name", "Steuervertretung GmbH")
        if address:
            postal = sub(el, "cac:PostalAddress")
            sub(postal, "cbc:CityName", "Wien")
            if country:
                sub(sub(postal, "cac:Country"), "cbc:IdentificationCode", "AT")
        if vat:
            scheme = sub(el, "cac:PartyTaxScheme")
            sub(scheme, "cbc:CompanyID", "ATU12345678")
            sub(sub(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
        return el

    def cii():
        el = new("ram:SellerTaxRepresentativeTradeParty")
        if name:
            sub(el, "ram:Name", "Steuervertretung GmbH")
        if address:
            postal = sub(el, "ram:PostalTradeAddress")
            sub(postal, "ram:CityName", "Wien")
            if country:
                sub(postal, "ram:CountryID", "AT")
        if vat:
            sub(sub(el, "ram:SpecifiedTaxRegistration"), "ram:ID", "ATU12345678", schemeID="VA")
        return el

    return add(("/*", AGR), ubl, cii, (["Delivery", "PaymentMeans"], ["BuyerOrderReferencedDocument",
                                                                     "ContractReferencedDocument"]))


def payee(*, name: str | None = "Factoring AG") -> Edit:
    def ubl():
        el = new("cac:PayeeParty")
        sub(sub(el, "cac:PartyIdentification"), "cbc:ID", "PAYEE-1")
        if name:
            sub(sub(el, "cac:PartyName"), "cbc:Name", name)
        return el

    def cii():
        el = new("ram:PayeeTradeParty")
        sub(el, "ram:ID", "PAYEE-1")
        if name:
            sub(el, "ram:Name", name)
        return el

    return add(("/*", SET), ubl, cii, (["TaxRepresentativeParty", "Delivery"], ["SpecifiedTradeSettlementPaymentMeans"]))


def card(number: str) -> Edit:
    def ubl():
        return tree("cac:CardAccount", tree("cbc:PrimaryAccountNumberID", text=number), tree("cbc:NetworkID", text="VISA"))

    def cii():
        return tree("ram:ApplicableTradeSettlementFinancialCard", tree("ram:ID", text=number))

    return add(("/*/cac:PaymentMeans", f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans"), ubl, cii,
               (["PayeeFinancialAccount"], ["PayeePartyCreditorFinancialAccount"]))


def gross_price(amount: str) -> Edit:
    def ubl():
        return tree("cac:AllowanceCharge", tree("cbc:ChargeIndicator", text="false"),
                    tree("cbc:Amount", text="0.00", currencyID="EUR"), tree("cbc:BaseAmount", text=amount, currencyID="EUR"))

    def cii():
        return tree("ram:GrossPriceProductTradePrice", tree("ram:ChargeAmount", text=amount))

    return add((f"{U_LINE1}/cac:Price", f"{LINE1}/ram:SpecifiedLineTradeAgreement"), ubl, cii,
               ([], ["NetPriceProductTradePrice"]))


def document(*, identifier: str = "LN-1", type_code: str | None = None, scheme: str | None = None,
             mime: str | None = None) -> Edit:
    """A supporting document / object reference (BG-24, BT-18)."""
    def ubl():
        el = new("cac:AdditionalDocumentReference")
        sub(el, "cbc:ID", identifier, **({"schemeID": scheme} if scheme else {}))
        if type_code:
            sub(el, "cbc:DocumentTypeCode", type_code)
        if mime:
            sub(sub(el, "cac:Attachment"), "cbc:EmbeddedDocumentBinaryObject", "AAAA", mimeCode=mime, filename="a.bin")
        return el

    def cii():
        el = new("ram:AdditionalReferencedDocument")
        sub(el, "ram:IssuerAssignedID", identifier)
        sub(el, "ram:TypeCode", type_code or "916")
        if scheme:
            sub(el, "ram:ReferenceTypeCode", scheme)
        if mime:
            sub(el, "ram:AttachmentBinaryObject", "AAAA", mimeCode=mime, filename="a.bin")
        return el

    return add(("/*", AGR), ubl, cii, (["AccountingSupplierParty"], ["SpecifiedProcuringProject"]))


def buyer_vat_id(value: str = "ATU12345678") -> Edit:
    def ubl():
        return tree("cac:PartyTaxScheme", tree("cbc:CompanyID", text=value), tree("cac:TaxScheme", tree("cbc:ID", text="VAT")))

    def cii():
        return tree("ram:SpecifiedTaxRegistration", tree("ram:ID", text=value, schemeID="VA"))

    return add(("//cac:AccountingCustomerParty/cac:Party", "//ram:BuyerTradeParty"), ubl, cii,
               (["PartyLegalEntity"], []))


def category(code: str) -> Edit:
    """Make the whole invoice (lines and breakdown) valid in VAT category `code`."""
    zero = code not in ("S", "L", "M", "B")

    def apply(root, syntax):
        for key in ("line-category-code", "breakdown-category-code"):
            for el in found(root, syntax, key):
                el.text = code
                rate = el.getparent().find(f"{{{NS['cbc']}}}Percent" if syntax == "UBL"
                                           else f"{{{NS['ram']}}}RateApplicablePercent")
                if code == "O":
                    el.getparent().remove(rate)
                elif zero:
                    rate.text = "0"
        if zero:
            for key in ("breakdown-tax", "vat-total"):
                set_text(key, "0.00", every=True).apply(root, syntax)
            without = found(root, syntax, "total-without-vat")[0].text
            set_text("total-with-vat", without).apply(root, syntax)
            set_text("amount-due", without).apply(root, syntax)
        if code in ("E", "AE", "K", "G", "O"):
            for el in found(root, syntax, ("//cac:TaxSubtotal/cac:TaxCategory", f"{SET}/ram:ApplicableTradeTax")):
                make(el, syntax, "exemption-reason", "Steuerfrei")
        if code in ("AE", "K"):
            buyer_vat_id().apply(root, syntax)
        if code == "O":
            remove("seller-vat-id").apply(root, syntax)
        if code == "B":
            for el in found(root, syntax, ("//cbc:IdentificationCode", "//ram:CountryID")):
                el.text = "IT"
    return Edit(apply)


def tax_currency(code: str = "USD", *, total: str | None = None) -> Edit:
    """A VAT accounting currency (BT-6), with or without the VAT total in it (BT-111)."""
    def apply(root, syntax):
        if syntax == "UBL":
            insert_before(root, ["AccountingCost", "BuyerReference", "InvoicePeriod", "OrderReference"],
                          new("cbc:TaxCurrencyCode", code))
            if total is not None:
                insert_before(root, ["LegalMonetaryTotal"], tree("cac:TaxTotal", tree("cbc:TaxAmount", text=total, currencyID=code)))
        else:
            settlement = found(root, syntax, ("/*", SET))[0]
            insert_before(settlement, ["InvoiceCurrencyCode"], new("ram:TaxCurrencyCode", code))
            if total is not None:
                summation = found(root, syntax, ("/*", SUM))[0]
                insert_before(summation, ["GrandTotalAmount"], new("ram:TaxTotalAmount", total, currencyID=code))
    return Edit(apply)


def line_rate(value: str) -> Edit:
    """Set (or give) the VAT rate of the first line's category."""
    def apply(root, syntax):
        code = found(root, syntax, (f"{U_LINE1}/cac:Item/cac:ClassifiedTaxCategory/cbc:ID",
                                    f"{LINE1}/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"))[0]
        tag = f"{{{NS['cbc']}}}Percent" if syntax == "UBL" else f"{{{NS['ram']}}}RateApplicablePercent"
        rate = code.getparent().find(tag)
        if rate is None:
            rate = etree.Element(tag)
            code.addnext(rate)
        rate.text = value
    return Edit(apply)


def allowance_rate(value: str) -> Edit:
    """Set (or give) the VAT rate of the last document level allowance/charge."""
    def apply(root, syntax):
        code = found(root, syntax, ("/*/cac:AllowanceCharge/cac:TaxCategory/cbc:ID",
                                    f"{SET}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode"))[-1]
        tag = f"{{{NS['cbc']}}}Percent" if syntax == "UBL" else f"{{{NS['ram']}}}RateApplicablePercent"
        rate = code.getparent().find(tag)
        if rate is None:
            rate = etree.Element(tag)
            code.addnext(rate)
        rate.text = value
    return Edit(apply)


def exemption_reason(text: str = "Steuerfrei") -> Edit:
    """Give the (first) VAT breakdown an exemption reason text (BT-120)."""
    def apply(root, syntax):
        category_el = found(root, syntax, ("//cac:TaxSubtotal/cac:TaxCategory", f"{SET}/ram:ApplicableTradeTax"))[0]
        assert make(category_el, syntax, "exemption-reason", text)
    return Edit(apply)


def total(ubl_name: str, cii_name: str, value: str) -> Edit:
    """Add a document total (BG-22) element, e.g. the sum of allowances."""
    return add(("/*/cac:LegalMonetaryTotal", SUM), lambda: tree(f"cbc:{ubl_name}", text=value, currencyID="EUR"),
               lambda: tree(f"ram:{cii_name}", text=value),
               (["PayableRoundingAmount", "PayableAmount"], ["TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount"]))


def note(subject: str) -> Edit:
    """An invoice note (BG-1) with subject code `subject` (UBL: written as #CODE# before the text)."""
    def ubl():
        return tree("cbc:Note", text=f"#{subject}#Hinweis")

    def cii():
        return tree("ram:IncludedNote", tree("ram:Content", text="Hinweis"), tree("ram:SubjectCode", text=subject))

    return add(("/*", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument"), ubl, cii, (["DocumentCurrencyCode"], []))


def reason_code(value: str) -> Edit:
    """Give the last document level allowance/charge a reason code (BT-98/BT-105)."""
    def apply(root, syntax):
        el = found(root, syntax, ("/*/cac:AllowanceCharge", f"{SET}/ram:SpecifiedTradeAllowanceCharge"))[-1]
        if syntax == "UBL":
            insert_before(el, ["AllowanceChargeReason", "MultiplierFactorNumeric", "Amount"],
                          new("cbc:AllowanceChargeReasonCode", value))
        else:
            insert_before(el, ["Reason", "CategoryTradeTax"], new("ram:ReasonCode", value))
    return Edit(apply)


def exemption_code(value: str) -> Edit:
    """Give the (first) VAT breakdown an exemption reason code (BT-121)."""
    def apply(root, syntax):
        el = found(root, syntax, ("//cac:TaxSubtotal/cac:TaxCategory", f"{SET}/ram:ApplicableTradeTax"))[0]
        if syntax == "UBL":
            insert_before(el, ["TaxExemptionReason", "TaxScheme"], new("cbc:TaxExemptionReasonCode", value))
        else:
            insert_before(el, ["TaxPointDate", "DueDateTypeCode", "RateApplicablePercent"], new("ram:ExemptionReasonCode", value))
    return Edit(apply)


def empty_period(*, line: bool) -> Edit:
    """An invoicing period without dates (BG-14), or the same for the first line (BG-26)."""
    def apply(root, syntax):
        if syntax == "UBL":
            parent = found(root, syntax, (U_LINE1 if line else "/*", "/*"))[0]
            before = ["OrderLineReference", "AllowanceCharge", "Item"] if line else ["OrderReference", "BillingReference",
                                                                                     "AccountingSupplierParty"]
            insert_before(parent, before, new("cac:InvoicePeriod"))
        else:
            parent = found(root, syntax, ("/*", f"{LINE1}/ram:SpecifiedLineTradeSettlement" if line else SET))[0]
            before = ["SpecifiedTradeAllowanceCharge", "SpecifiedTradeSettlementLineMonetarySummation"] if line else [
                "SpecifiedTradeAllowanceCharge", "SpecifiedTradePaymentTerms", "SpecifiedTradeSettlementHeaderMonetarySummation"]
            insert_before(parent, before, tree("ram:BillingSpecifiedPeriod", tree("ram:Description", text="Zeitraum")))
    return Edit(apply)


def period_code(value: str, cii_value: str | None = None) -> Edit:
    """The VAT point date code (BT-8): UBL InvoicePeriod/DescriptionCode, CII breakdown DueDateTypeCode."""
    def apply(root, syntax):
        if syntax == "UBL":
            insert_before(root, ["OrderReference", "BillingReference", "AccountingSupplierParty"],
                          tree("cac:InvoicePeriod", tree("cbc:StartDate", text="2026-05-01"), tree("cbc:DescriptionCode", text=value)))
        else:
            tax = found(root, syntax, ("/*", f"{SET}/ram:ApplicableTradeTax"))[0]
            insert_before(tax, ["RateApplicablePercent"], new("ram:DueDateTypeCode", cii_value or value))
    return Edit(apply)


def duplicate(key, times: int = 1) -> Edit:
    """Copy the first element at `key` and put the copies right after it."""
    def apply(root, syntax):
        el = found(root, syntax, key)[0]
        for _ in range(times):
            el.addnext(copy.deepcopy(el))
    return Edit(apply)


def append(parent_key, make_ubl: Callable | None, make_cii: Callable | None = None, times: int = 1) -> Edit:
    """Append new children (built by `make_ubl()` / `make_cii()`) to the first `parent_key` element."""
    def apply(root, syntax):
        parent = found(root, syntax, parent_key)[0]
        build_child = make_ubl if syntax == "UBL" else make_cii
        for _ in range(times):
            parent.append(build_child())
    return Edit(apply)
