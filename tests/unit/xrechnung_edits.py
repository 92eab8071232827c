"""Small, named edits of a valid generated XRechnung, for the pass and fail cases of the XRechnung rules.

An edit is a function that changes a parsed document in place. `Edit`s compose with `+`, so a
case reads like a sentence: `direct_debit() + remove(f"{SET}/ram:CreditorReferenceID")`.
Paths use the prefixes below; UBL paths start at the root element (`/*`), CII paths at
`rsm:CrossIndustryInvoice`. Every edit checks that its target exists, so a case cannot pass by
editing nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Callable

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from validators.rules.base import NS

SEED = 1
"""Generated invoice the cases start from: credit transfer (58), standard-rated and zero-rated lines."""

_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())

AGR = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
DEL = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"
SET = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
LINE1 = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[1]"
SUM = f"{SET}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
U_SELLER = "/*/cac:AccountingSupplierParty/cac:Party"
U_LINE1 = "/*/cac:InvoiceLine[1]"

VALID_IBAN, INVALID_IBAN = "DE02120300000000202051", "DE02120300000000202052"


@cache
def _generated(syntax: str) -> bytes:
    invoice = generate_invoice(SEED)
    return write_ubl(invoice) if syntax == "UBL" else write_cii(invoice)


def base(syntax: str) -> etree._ElementTree:
    """A fresh, parsed copy of the generated XRechnung 3.0 invoice in `syntax`."""
    return etree.ElementTree(etree.fromstring(_generated(syntax)))


def find(tree: etree._ElementTree, path: str) -> list[etree._Element]:
    found = tree.xpath(path, namespaces=NS)
    assert found, f"the test edit expects {path} in the base document"
    return found


@dataclass(frozen=True)
class Edit:
    """A change to a document; `a + b` applies a, then b."""

    apply: Callable[[etree._ElementTree], None]

    def __call__(self, tree: etree._ElementTree) -> etree._ElementTree:
        self.apply(tree)
        return tree

    def __add__(self, other: "Edit") -> "Edit":
        return Edit(lambda tree: (self.apply(tree), other.apply(tree)))


UNCHANGED = Edit(lambda tree: None)


def set_text(path: str, value: str) -> Edit:
    """Set the text of every element at `path`."""
    def apply(tree):
        for element in find(tree, path):
            element.text = value
    return Edit(apply)


def set_attribute(path: str, name: str, value: str) -> Edit:
    def apply(tree):
        for element in find(tree, path):
            element.set(name, value)
    return Edit(apply)


def remove(path: str, *, required: bool = True) -> Edit:
    """Remove every element at `path` (optionally tolerating that there is none)."""
    def apply(tree):
        for element in (find(tree, path) if required else tree.xpath(path, namespaces=NS)):
            element.getparent().remove(element)
    return Edit(apply)


def fragment(xml: str) -> list[etree._Element]:
    return list(etree.fromstring(f"<wrapper {_DECLARATIONS}>{xml}</wrapper>"))


def add(parent: str, xml: str, *, first: bool = False) -> Edit:
    """Add the elements of `xml` to the first element at `parent` (as last children, or first)."""
    def apply(tree):
        target = find(tree, parent)[0]
        for position, element in enumerate(fragment(xml)):
            if first:
                target.insert(position, element)
            else:
                target.append(element)
    return Edit(apply)


def duplicate(path: str) -> Edit:
    def apply(tree):
        element = find(tree, path)[0]
        element.addnext(copy.deepcopy(element))
    return Edit(apply)


def change_amount(path: str, delta: str) -> Edit:
    """Add `delta` to the amount at `path`."""
    def apply(tree):
        element = find(tree, path)[0]
        element.text = str(Decimal(element.text) + Decimal(delta))
    return Edit(apply)


def with_value(path: str, make: Callable[[str], Edit]) -> Edit:
    """An edit built from the current text at `path` (e.g. a price that must match the base document)."""
    def apply(tree):
        found = find(tree, path)[0]
        make(str(found if isinstance(found, str) else found.text).strip()).apply(tree)
    return Edit(apply)


# --- edits both syntaxes need, one builder per syntax ---------------------------------------------

def direct_debit(syntax: str, iban: str = VALID_IBAN) -> Edit:
    """Turn the credit transfer into a complete SEPA direct debit (code 59, mandate, creditor ID, IBAN)."""
    if syntax == "UBL":
        return (set_text("/*/cac:PaymentMeans/cbc:PaymentMeansCode", "59")
                + remove("/*/cac:PaymentMeans/cac:PayeeFinancialAccount")
                + add("/*/cac:PaymentMeans", f"<cac:PaymentMandate><cbc:ID>MANDAT-1</cbc:ID><cac:PayerFinancialAccount>"
                                             f"<cbc:ID>{iban}</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>")
                + add(U_SELLER, "<cac:PartyIdentification><cbc:ID schemeID='SEPA'>DE98ZZZ09999999999</cbc:ID>"
                                "</cac:PartyIdentification>", first=True))
    return (set_text(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", "59")
            + remove(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount")
            + remove(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeeSpecifiedCreditorFinancialInstitution",
                     required=False)
            + add(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans",
                  f"<ram:PayerPartyDebtorFinancialAccount><ram:IBANID>{iban}</ram:IBANID>"
                  "</ram:PayerPartyDebtorFinancialAccount>")
            + add(SET, "<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID>", first=True)
            + add(f"{SET}/ram:SpecifiedTradePaymentTerms", "<ram:DirectDebitMandateID>MANDAT-1</ram:DirectDebitMandateID>"))


def means_code(syntax: str, code: str) -> Edit:
    path = "/*/cac:PaymentMeans/cbc:PaymentMeansCode" if syntax == "UBL" else \
        f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode"
    return set_text(path, code)


def card(syntax: str) -> Edit:
    if syntax == "UBL":
        return add("/*/cac:PaymentMeans", "<cac:CardAccount><cbc:PrimaryAccountNumberID>123456</cbc:PrimaryAccountNumberID>"
                                          "<cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>")
    return add(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans",
               "<ram:ApplicableTradeSettlementFinancialCard><ram:ID>123456</ram:ID>"
               "</ram:ApplicableTradeSettlementFinancialCard>")


def credit_transfer_account(syntax: str) -> Edit:
    if syntax == "UBL":
        return add("/*/cac:PaymentMeans", f"<cac:PayeeFinancialAccount><cbc:ID>{VALID_IBAN}</cbc:ID></cac:PayeeFinancialAccount>")
    return add(f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans",
               f"<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{VALID_IBAN}</ram:IBANID>"
               "</ram:PayeePartyCreditorFinancialAccount>")


def only_card(syntax: str) -> Edit:
    """Payment by card (code 48) with card details and nothing else."""
    account = "/*/cac:PaymentMeans/cac:PayeeFinancialAccount" if syntax == "UBL" else \
        f"{SET}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount"
    return means_code(syntax, "48") + remove(account) + card(syntax)


def attachments(syntax: str, *files: tuple[str, str]) -> Edit:
    """Attach files given as (file name, MIME type)."""
    edit = UNCHANGED
    for number, (name, mime) in enumerate(files, 1):
        if syntax == "UBL":
            edit += add("/*", f"<cac:AdditionalDocumentReference><cbc:ID>A-{number}</cbc:ID><cac:Attachment>"
                              f"<cbc:EmbeddedDocumentBinaryObject mimeCode='{mime}' filename='{name}'>UEs=</cbc:EmbeddedDocumentBinaryObject>"
                              "</cac:Attachment></cac:AdditionalDocumentReference>")
        else:
            edit += add(AGR, f"<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A-{number}</ram:IssuerAssignedID>"
                             f"<ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode='{mime}' "
                             f"filename='{name}'>UEs=</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>")
    return edit


def external_document(syntax: str, uri: str) -> Edit:
    if syntax == "UBL":
        return add("/*", f"<cac:AdditionalDocumentReference><cbc:ID>E-1</cbc:ID><cac:Attachment><cac:ExternalReference>"
                         f"<cbc:URI>{uri}</cbc:URI></cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference>")
    return add(AGR, f"<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>E-1</ram:IssuerAssignedID>"
                    f"<ram:URIID>{uri}</ram:URIID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>")


def deliver_to(syntax: str, city: str | None, postcode: str | None) -> Edit:
    """Replace the deliver-to address (BG-15) by one with the given city and post code (None: left out)."""
    if syntax == "UBL":
        parts = (f"<cbc:CityName>{city}</cbc:CityName>" if city else "") + \
                (f"<cbc:PostalZone>{postcode}</cbc:PostalZone>" if postcode else "")
        return (remove("/*/cac:Delivery", required=False)
                + add("/*", f"<cac:Delivery><cac:DeliveryLocation><cac:Address>{parts}<cac:Country>"
                            "<cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:Address>"
                            "</cac:DeliveryLocation></cac:Delivery>"))
    parts = (f"<ram:PostcodeCode>{postcode}</ram:PostcodeCode>" if postcode else "") + \
            (f"<ram:CityName>{city}</ram:CityName>" if city else "")
    return (remove(f"{DEL}/ram:ShipToTradeParty", required=False)
            + add(DEL, f"<ram:ShipToTradeParty><ram:Name>Lager</ram:Name><ram:PostalTradeAddress>{parts}"
                       "<ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:ShipToTradeParty>", first=True))


def periods(syntax: str, header: tuple[str, str], line: tuple[str, str]) -> Edit:
    """Set the invoicing period (BG-14) and give the first line a period (BG-26); dates as YYYY-MM-DD."""
    def cii(value: str) -> str:
        return value.replace("-", "")
    if syntax == "UBL":
        return (remove("/*/cac:InvoicePeriod", required=False)
                + add("/*", f"<cac:InvoicePeriod><cbc:StartDate>{header[0]}</cbc:StartDate>"
                            f"<cbc:EndDate>{header[1]}</cbc:EndDate></cac:InvoicePeriod>")
                + remove(f"{U_LINE1}/cac:InvoicePeriod", required=False)
                + add(U_LINE1, f"<cac:InvoicePeriod><cbc:StartDate>{line[0]}</cbc:StartDate>"
                               f"<cbc:EndDate>{line[1]}</cbc:EndDate></cac:InvoicePeriod>"))

    def period(start: str, end: str) -> str:
        return (f"<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format='102'>{cii(start)}"
                f"</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format='102'>"
                f"{cii(end)}</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>")
    return (remove(f"{SET}/ram:BillingSpecifiedPeriod", required=False) + add(SET, period(*header))
            + remove(f"{LINE1}/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod", required=False)
            + add(f"{LINE1}/ram:SpecifiedLineTradeSettlement", period(*line)))


def allowance(syntax: str, *, percent: str | None = "10", base: str | None = "100.00", amount: str = "10.00",
              indicator: str = "false") -> Edit:
    """Add a document level allowance (or charge) with the given percentage, base amount and amount."""
    if syntax == "UBL":
        parts = (f"<cbc:ChargeIndicator>{indicator}</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Rabatt"
                 "</cbc:AllowanceChargeReason>"
                 + (f"<cbc:MultiplierFactorNumeric>{percent}</cbc:MultiplierFactorNumeric>" if percent else "")
                 + f"<cbc:Amount currencyID='EUR'>{amount}</cbc:Amount>"
                 + (f"<cbc:BaseAmount currencyID='EUR'>{base}</cbc:BaseAmount>" if base else ""))
        return add("/*", f"<cac:AllowanceCharge>{parts}</cac:AllowanceCharge>")
    parts = (f"<ram:ChargeIndicator><udt:Indicator>{indicator}</udt:Indicator></ram:ChargeIndicator>"
             + (f"<ram:CalculationPercent>{percent}</ram:CalculationPercent>" if percent else "")
             + (f"<ram:BasisAmount>{base}</ram:BasisAmount>" if base else "")
             + f"<ram:ActualAmount>{amount}</ram:ActualAmount><ram:Reason>Rabatt</ram:Reason>")
    return add(SET, f"<ram:SpecifiedTradeAllowanceCharge>{parts}</ram:SpecifiedTradeAllowanceCharge>")


def price_discount(syntax: str, *, indicator: str = "false", gross_delta: str = "0") -> Edit:
    """Give the first line's price a discount of 1.00 from a gross price (net + 1.00 + `gross_delta`)."""
    if syntax == "UBL":
        def make(net: str) -> Edit:
            gross = Decimal(net) + 1 + Decimal(gross_delta)
            return add(f"{U_LINE1}/cac:Price", f"<cac:AllowanceCharge><cbc:ChargeIndicator>{indicator}</cbc:ChargeIndicator>"
                                              f"<cbc:Amount currencyID='EUR'>1.00</cbc:Amount>"
                                              f"<cbc:BaseAmount currencyID='EUR'>{gross}</cbc:BaseAmount></cac:AllowanceCharge>")
        return with_value(f"{U_LINE1}/cac:Price/cbc:PriceAmount", make)

    def make(net: str) -> Edit:
        gross = Decimal(net) + 1 + Decimal(gross_delta)
        return add(f"{LINE1}/ram:SpecifiedLineTradeAgreement",
                   f"<ram:GrossPriceProductTradePrice><ram:ChargeAmount>{gross}</ram:ChargeAmount>"
                   f"<ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>{indicator}</udt:Indicator>"
                   "</ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount></ram:AppliedTradeAllowanceCharge>"
                   "</ram:GrossPriceProductTradePrice>", first=True)
    return with_value(f"{LINE1}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount", make)


def base_quantity(syntax: str, value: str, unit: str | None = None) -> Edit:
    """Give the first line's net price a base quantity (with the invoiced quantity's unit unless `unit`)."""
    if syntax == "UBL":
        return with_value(f"{U_LINE1}/cbc:InvoicedQuantity/@unitCode", lambda line_unit: add(
            f"{U_LINE1}/cac:Price", f"<cbc:BaseQuantity unitCode='{unit or line_unit}'>{value}</cbc:BaseQuantity>"))
    return with_value(f"{LINE1}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode", lambda line_unit: add(
        f"{LINE1}/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice",
        f"<ram:BasisQuantity unitCode='{unit or line_unit}'>{value}</ram:BasisQuantity>"))


def accounting_currency(syntax: str, code: str, vat_total: str | None) -> Edit:
    """Declare a VAT accounting currency (BT-6) and, unless None, the VAT total in it (BT-111)."""
    if syntax == "UBL":
        edit = add("/*", f"<cbc:TaxCurrencyCode>{code}</cbc:TaxCurrencyCode>")
        if vat_total is not None:
            edit += add("/*", f"<cac:TaxTotal><cbc:TaxAmount currencyID='{code}'>{vat_total}</cbc:TaxAmount></cac:TaxTotal>")
        return edit
    edit = add(SET, f"<ram:TaxCurrencyCode>{code}</ram:TaxCurrencyCode>", first=True)
    if vat_total is not None:
        edit += add(SUM, f"<ram:TaxTotalAmount currencyID='{code}'>{vat_total}</ram:TaxTotalAmount>")
    return edit


# --- extension: sub invoice lines and third party payments --------------------------------------

def sub_lines(syntax: str, *amounts: str, vat: int = 1) -> Edit:
    """Give the first line sub invoice lines with the given net amounts, each with `vat` VAT categories."""
    if syntax == "UBL":
        category = ("<cac:ClassifiedTaxCategory><cbc:ID>Z</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme>"
                    "<cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>") * vat
        return add(U_LINE1, "".join(
            f"<cac:SubInvoiceLine><cbc:ID>1.{n}</cbc:ID><cbc:InvoicedQuantity unitCode='H87'>1</cbc:InvoicedQuantity>"
            f"<cbc:LineExtensionAmount currencyID='EUR'>{amount}</cbc:LineExtensionAmount><cac:Item><cbc:Name>Teil {n}"
            f"</cbc:Name>{category}</cac:Item><cac:Price><cbc:PriceAmount currencyID='EUR'>{amount}</cbc:PriceAmount>"
            "</cac:Price></cac:SubInvoiceLine>" for n, amount in enumerate(amounts, 1)))
    category = ("<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>Z</ram:CategoryCode>"
                "<ram:RateApplicablePercent>0</ram:RateApplicablePercent></ram:ApplicableTradeTax>") * vat

    def apply(tree):
        line = find(tree, LINE1)[0]
        parent = line.findtext(f"{{{NS['ram']}}}AssociatedDocumentLineDocument/{{{NS['ram']}}}LineID").strip()
        for n, amount in reversed(list(enumerate(amounts, 1))):
            line.addnext(fragment(
                f"<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{parent}.{n}"
                f"</ram:LineID><ram:ParentLineID>{parent}</ram:ParentLineID></ram:AssociatedDocumentLineDocument>"
                f"<ram:SpecifiedTradeProduct><ram:Name>Teil {n}</ram:Name></ram:SpecifiedTradeProduct>"
                f"<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{amount}"
                "</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>"
                "<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode='H87'>1</ram:BilledQuantity>"
                f"</ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement>{category}"
                "<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>"
                f"{amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>"
                "</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>")[0])
    return Edit(apply)


def split_first_line(syntax: str, extra: str = "0") -> Edit:
    """Sub lines that add up to the first line's net amount (plus `extra`)."""
    path = f"{U_LINE1}/cbc:LineExtensionAmount" if syntax == "UBL" else \
        f"{LINE1}/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"
    return with_value(path, lambda net: sub_lines(syntax, str(Decimal(net) - 1 + Decimal(extra)), "1.00"))


def third_party_payment(*, type_: str | None = "Versicherung", amount: str | None = "10.00",
                        description: str | None = "Anteil der Versicherung", currency: str = "EUR",
                        adjust_payable: bool = True) -> Edit:
    """Add a third party payment (UBL only) and, by default, raise the amount due by it."""
    parts = ((f"<cbc:ID>{type_}</cbc:ID>" if type_ else "")
             + (f"<cbc:PaidAmount currencyID='{currency}'>{amount}</cbc:PaidAmount>" if amount else "")
             + (f"<cbc:InstructionID>{description}</cbc:InstructionID>" if description else ""))
    edit = add("/*", f"<cac:PrepaidPayment>{parts}</cac:PrepaidPayment>")
    if adjust_payable and amount:
        edit += change_amount("/*/cac:LegalMonetaryTotal/cbc:PayableAmount", amount)
    return edit


# --- CVD: a vehicle on the first line --------------------------------------------------------------

def cvd_vehicle(syntax: str, *, category: str = "M1", scheme: str = "CVD", attribute: str = "clean",
                attributes: int = 1, vehicles: int = 1) -> Edit:
    """Contract and tender reference plus a vehicle (classification + 'cva' attribute) on the first line."""
    if syntax == "UBL":
        return (add("/*", "<cac:OriginatorDocumentReference><cbc:ID>VERGABE-1</cbc:ID></cac:OriginatorDocumentReference>"
                          "<cac:ContractDocumentReference><cbc:ID>VERTRAG-1</cbc:ID></cac:ContractDocumentReference>")
                + add(f"{U_LINE1}/cac:Item",
                      f"<cac:CommodityClassification><cbc:ItemClassificationCode listID='{scheme}'>{category}"
                      "</cbc:ItemClassificationCode></cac:CommodityClassification>" * vehicles
                      + f"<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>{attribute}</cbc:Value>"
                      "</cac:AdditionalItemProperty>" * attributes))
    return (add(AGR, "<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>VERGABE-1</ram:IssuerAssignedID>"
                     "<ram:TypeCode>50</ram:TypeCode></ram:AdditionalReferencedDocument>"
                     "<ram:ContractReferencedDocument><ram:IssuerAssignedID>VERTRAG-1</ram:IssuerAssignedID>"
                     "</ram:ContractReferencedDocument>")
            + add(f"{LINE1}/ram:SpecifiedTradeProduct",
                  f"<ram:ApplicableProductCharacteristic><ram:Description>cva</ram:Description><ram:Value>{attribute}"
                  "</ram:Value></ram:ApplicableProductCharacteristic>" * attributes
                  + f"<ram:DesignatedProductClassification><ram:ClassCode listID='{scheme}'>{category}</ram:ClassCode>"
                  "</ram:DesignatedProductClassification>" * vehicles))
