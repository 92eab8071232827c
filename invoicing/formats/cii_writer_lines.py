"""Writing BG-25 invoice lines as CII ram:IncludedSupplyChainTradeLineItem, sub lines flattened.

A sub line (BG-DEX-01) follows its parent as a line of its own whose
ram:AssociatedDocumentLineDocument/ram:ParentLineID is the parent's BT-126, depth first, so the
reader nests it back. The price base quantity (BT-149/150) is written on the net price.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.cii_build import child, date_time, identifier, indicator, optional, populated
from invoicing.formats.cii_names import OBJECT_IDENTIFIER_TYPE, VAT
from invoicing.model import InvoiceLine, ItemInformation, PriceDetails


def write_lines(transaction: etree._Element, lines: tuple[InvoiceLine, ...], parent_id: str | None = None) -> None:
    """Append every line, each followed by its sub lines (recursively)."""
    for line in lines:
        _line(transaction, line, parent_id)
        write_lines(transaction, line.sub_lines, line.identifier)


def _line(transaction: etree._Element, line: InvoiceLine, parent_id: str | None) -> None:
    item = child(transaction, "ram:IncludedSupplyChainTradeLineItem")
    document = child(item, "ram:AssociatedDocumentLineDocument")
    child(document, "ram:LineID", line.identifier)
    optional(document, "ram:ParentLineID", parent_id)
    if line.note is not None:
        child(child(document, "ram:IncludedNote"), "ram:Content", line.note)
    _product(child(item, "ram:SpecifiedTradeProduct"), line.item or ItemInformation())
    _agreement(item, line)
    if line.quantity is not None or line.quantity_unit_code is not None:
        child(child(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", line.quantity,
              unitCode=line.quantity_unit_code)
    _settlement(child(item, "ram:SpecifiedLineTradeSettlement"), line)


def _product(product: etree._Element, item: ItemInformation) -> None:
    identifier(product, "ram:GlobalID", item.standard_identifier)
    optional(product, "ram:SellerAssignedID", item.sellers_identifier)
    optional(product, "ram:BuyerAssignedID", item.buyers_identifier)
    child(product, "ram:Name", item.name)  # required by the schema
    optional(product, "ram:Description", item.description)
    for attribute in item.attributes:
        characteristic = child(product, "ram:ApplicableProductCharacteristic")
        optional(characteristic, "ram:Description", attribute.name)
        optional(characteristic, "ram:Value", attribute.value)
    for classification in item.classification_identifiers:
        child(child(product, "ram:DesignatedProductClassification"), "ram:ClassCode", classification.value,
              listID=classification.scheme_id, listVersionID=classification.scheme_version)
    if item.country_of_origin is not None:
        child(child(product, "ram:OriginTradeCountry"), "ram:ID", item.country_of_origin)


def _agreement(item: etree._Element, line: InvoiceLine) -> None:
    price = line.price or PriceDetails()
    if not populated(line.purchase_order_line_reference, price):
        return
    agreement = child(item, "ram:SpecifiedLineTradeAgreement")
    if line.purchase_order_line_reference is not None:
        child(child(agreement, "ram:BuyerOrderReferencedDocument"), "ram:LineID", line.purchase_order_line_reference)
    if price.gross_price is not None or price.discount is not None:
        gross = child(agreement, "ram:GrossPriceProductTradePrice")
        optional(gross, "ram:ChargeAmount", price.gross_price)
        if price.discount is not None:
            allowance = child(gross, "ram:AppliedTradeAllowanceCharge")
            indicator(allowance, "ram:ChargeIndicator", False)
            child(allowance, "ram:ActualAmount", price.discount)
    if populated(price.net_price, price.base_quantity, price.base_quantity_unit_code):
        net = child(agreement, "ram:NetPriceProductTradePrice")
        optional(net, "ram:ChargeAmount", price.net_price)
        if price.base_quantity is not None or price.base_quantity_unit_code is not None:
            child(net, "ram:BasisQuantity", price.base_quantity, unitCode=price.base_quantity_unit_code)


def _settlement(settlement: etree._Element, line: InvoiceLine) -> None:
    if line.vat is not None and line.vat.populated():
        tax = child(settlement, "ram:ApplicableTradeTax")
        child(tax, "ram:TypeCode", VAT)
        optional(tax, "ram:CategoryCode", line.vat.category_code)
        optional(tax, "ram:RateApplicablePercent", line.vat.rate)
    if line.period is not None and line.period.populated():
        period = child(settlement, "ram:BillingSpecifiedPeriod")
        date_time(period, "ram:StartDateTime", line.period.start_date)
        date_time(period, "ram:EndDateTime", line.period.end_date)
    for is_charge, items in ((False, line.allowances), (True, line.charges)):
        for entry in items:
            allowance_charge(settlement, is_charge, entry)
    if line.net_amount is not None:
        summation = child(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        child(summation, "ram:LineTotalAmount", line.net_amount)
    if line.object_identifier is not None:
        document = child(settlement, "ram:AdditionalReferencedDocument")
        child(document, "ram:IssuerAssignedID", line.object_identifier.value)
        child(document, "ram:TypeCode", OBJECT_IDENTIFIER_TYPE)
        optional(document, "ram:ReferenceTypeCode", line.object_identifier.scheme_id)
    if line.buyer_accounting_reference is not None:
        account = child(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount")
        child(account, "ram:ID", line.buyer_accounting_reference)


def allowance_charge(parent: etree._Element, is_charge: bool, entry, vat: bool = False) -> None:
    """A ram:SpecifiedTradeAllowanceCharge from a line or document allowance/charge (BG-20/21/27/28)."""
    element = child(parent, "ram:SpecifiedTradeAllowanceCharge")
    indicator(element, "ram:ChargeIndicator", is_charge)
    optional(element, "ram:CalculationPercent", entry.percentage)
    optional(element, "ram:BasisAmount", entry.base_amount)
    child(element, "ram:ActualAmount", entry.amount)
    optional(element, "ram:ReasonCode", entry.reason_code)
    optional(element, "ram:Reason", entry.reason)
    if vat and (entry.vat_category_code is not None or entry.vat_rate is not None):
        tax = child(element, "ram:CategoryTradeTax")
        child(tax, "ram:TypeCode", VAT)
        optional(tax, "ram:CategoryCode", entry.vat_category_code)
        optional(tax, "ram:RateApplicablePercent", entry.vat_rate)
