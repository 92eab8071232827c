"""Reading CII trade line items (ram:IncludedSupplyChainTradeLineItem) into BG-25 invoice lines.

CII lists lines flat. A line whose ram:AssociatedDocumentLineDocument/ram:ParentLineID names an
earlier line's ram:LineID is that line's sub line (BG-DEX-01 of the XRechnung extension, the
EXTENDED profile's line hierarchy) and is nested into its `sub_lines`. A ParentLineID that names
no earlier line, or nesting deeper than `MAX_SUB_LINE_DEPTH`, leaves the line at top level and
its ParentLineID unmapped, so the structure problem shows in `unmapped()`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

from invoicing.formats.cii_names import OBJECT_IDENTIFIER_TYPE, VAT
from invoicing.formats.cii_values import CiiValues
from invoicing.model import (
    ClassificationIdentifier,
    InvoiceLine,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    PriceDetails,
)
from invoicing.model.terms import term_of

MAX_SUB_LINE_DEPTH = 20
"""Deepest nesting of sub lines that is built; real hierarchies have two or three levels."""

_LINE_ID = "ram:AssociatedDocumentLineDocument/ram:LineID"
_PARENT_ID = "ram:AssociatedDocumentLineDocument/ram:ParentLineID"
_GROSS = "ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice"
_NET = "ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice"
_SETTLEMENT = "ram:SpecifiedLineTradeSettlement"


def read_lines(v: CiiValues, transaction: etree._Element | None) -> tuple[InvoiceLine, ...]:
    """All lines of the transaction, sub lines nested under their parents, in document order."""
    elements = v.containers(transaction, "ram:IncludedSupplyChainTradeLineItem")
    parents: dict[int, int] = {}
    depth: dict[int, int] = {}
    last_with_id: dict[str, int] = {}
    for index, element in enumerate(elements):
        parent = last_with_id.get(v.raw(element, _PARENT_ID) or "")
        if parent is not None and depth[parent] < MAX_SUB_LINE_DEPTH:
            parents[index] = parent
            v.source.consume(v.find(element, _PARENT_ID))
        depth[index] = depth[parents[index]] + 1 if index in parents else 0
        if line_id := v.raw(element, _LINE_ID):
            last_with_id[line_id] = index
    children: dict[int, list[int]] = {index: [] for index in range(len(elements))}
    for child, parent in parents.items():
        children[parent].append(child)

    def build(index: int, path: str) -> InvoiceLine:
        sub_lines = tuple(build(child, f"{path}.sub_lines[{position}]")
                          for position, child in enumerate(children[index]))
        return _line(v, elements[index], path, sub_lines)

    roots = [index for index in range(len(elements)) if index not in parents]
    return tuple(build(index, f"lines[{position}]") for position, index in enumerate(roots))


def _line(v: CiiValues, element: etree._Element, path: str, sub_lines: tuple[InvoiceLine, ...]) -> InvoiceLine:
    settlement = v.container(element, _SETTLEMENT)
    values = v.fields(InvoiceLine, element, path, {
        "identifier": _LINE_ID,
        "note": "ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content",
        "quantity": "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
        "quantity_unit_code": "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode",
        "net_amount": f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
        "purchase_order_line_reference": "ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument/ram:LineID",
        "buyer_accounting_reference": f"{_SETTLEMENT}/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID",
    })
    v.consume_if(settlement, "ram:ApplicableTradeTax/ram:TypeCode", VAT)
    return InvoiceLine(
        **values,
        object_identifier=_object_identifier(v, settlement, f"{path}.object_identifier"),
        period=v.group(LinePeriod, settlement, f"{path}.period", {
            "start_date": "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString",
            "end_date": "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString",
        }),
        **_allowances_and_charges(v, settlement, path),
        price=_price(v, element, f"{path}.price"),
        vat=v.group(LineVatInformation, settlement, f"{path}.vat", {
            "category_code": "ram:ApplicableTradeTax/ram:CategoryCode",
            "rate": "ram:ApplicableTradeTax/ram:RateApplicablePercent",
        }),
        item=_item(v, v.container(element, "ram:SpecifiedTradeProduct"), f"{path}.item"),
        sub_lines=sub_lines,
    )


def _object_identifier(v: CiiValues, settlement, path: str):
    """BT-128: the line's referenced document with TypeCode 130 (or without a TypeCode)."""
    for document in v.containers(settlement, "ram:AdditionalReferencedDocument"):
        if v.raw(document, "ram:TypeCode") in (None, OBJECT_IDENTIFIER_TYPE):
            v.consume_if(document, "ram:TypeCode", OBJECT_IDENTIFIER_TYPE)
            return v.identifier(v.find(document, "ram:IssuerAssignedID"), path,
                                term_of(InvoiceLine, "object_identifier"), scheme="../ram:ReferenceTypeCode")
    return None


def _allowances_and_charges(v: CiiValues, settlement, path: str) -> dict:
    allowances: list[LineAllowance] = []
    charges: list[LineCharge] = []
    for element in v.containers(settlement, "ram:SpecifiedTradeAllowanceCharge"):
        is_charge = v.indicator(element, "ram:ChargeIndicator/udt:Indicator")
        if is_charge is None:
            continue
        found, cls, name = (charges, LineCharge, "charges") if is_charge else (allowances, LineAllowance, "allowances")
        item = v.group(cls, element, f"{path}.{name}[{len(found)}]", {
            "amount": "ram:ActualAmount", "base_amount": "ram:BasisAmount", "percentage": "ram:CalculationPercent",
            "reason": "ram:Reason", "reason_code": "ram:ReasonCode",
        })
        if item is not None:
            found.append(item)
    return {"allowances": tuple(allowances), "charges": tuple(charges)}


def _price(v: CiiValues, line: etree._Element, path: str) -> PriceDetails | None:
    """BG-29; the base quantity is the net price's, else the gross price's (an equal repeat is consumed)."""
    discount = None
    for charge in v.containers(line, f"{_GROSS}/ram:AppliedTradeAllowanceCharge"):
        if v.raw(charge, "ram:ChargeIndicator/udt:Indicator") in ("false", "0"):
            v.indicator(charge, "ram:ChargeIndicator/udt:Indicator")
            discount = v.fields(PriceDetails, charge, path, {"discount": "ram:ActualAmount"})["discount"]
            break
    basis = _NET if v.find(line, f"{_NET}/ram:BasisQuantity") is not None else _GROSS
    price = v.group(PriceDetails, line, path, {
        "net_price": f"{_NET}/ram:ChargeAmount",
        "gross_price": f"{_GROSS}/ram:ChargeAmount",
        "base_quantity": f"{basis}/ram:BasisQuantity",
        "base_quantity_unit_code": f"{basis}/ram:BasisQuantity/@unitCode",
    }, discount=discount)
    if basis == _NET:
        repeat = v.find(line, f"{_GROSS}/ram:BasisQuantity")
        net = v.find(line, f"{_NET}/ram:BasisQuantity")
        if repeat is not None and _same_quantity(repeat, net):
            v.source.consume(repeat)
            v.source.consume_attribute(repeat, "unitCode")
    return price


def _same_quantity(first: etree._Element, second: etree._Element) -> bool:
    try:
        same_value = Decimal((first.text or "").strip()) == Decimal((second.text or "").strip())
    except InvalidOperation:
        return False
    return same_value and first.get("unitCode") == second.get("unitCode")


def _item(v: CiiValues, product, path: str) -> ItemInformation | None:
    classifications: list[ClassificationIdentifier] = []
    for code in v.find_all(product, "ram:DesignatedProductClassification/ram:ClassCode"):
        item_path = f"{path}.classification_identifiers[{len(classifications)}]"
        value = v.text(code, ".", f"{item_path}.value", term_of(ClassificationIdentifier, "value"))
        if value is not None:
            schemes = v.fields(ClassificationIdentifier, code, item_path,
                               {"scheme_id": "@listID", "scheme_version": "@listVersionID"})
            classifications.append(ClassificationIdentifier(value=value, **schemes))
    attributes: list[ItemAttribute] = []
    for characteristic in v.containers(product, "ram:ApplicableProductCharacteristic"):
        attribute = v.group(ItemAttribute, characteristic, f"{path}.attributes[{len(attributes)}]",
                            {"name": "ram:Description", "value": "ram:Value"})
        if attribute is not None:
            attributes.append(attribute)
    return v.group(ItemInformation, product, path, {
        "name": "ram:Name", "description": "ram:Description", "sellers_identifier": "ram:SellerAssignedID",
        "buyers_identifier": "ram:BuyerAssignedID", "standard_identifier": "ram:GlobalID",
        "country_of_origin": "ram:OriginTradeCountry/ram:ID",
    }, classification_identifiers=tuple(classifications), attributes=tuple(attributes))
