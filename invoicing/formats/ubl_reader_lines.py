"""UBL invoice lines → BG-25 (with BG-26 … BG-32) and, nested, the XRechnung sub-invoice lines BG-DEX-01.

Also home of the allowance/charge reading shared by document level (BG-20/21) and line level
(BG-27/28): the same UBL `cac:AllowanceCharge`, told apart by `cbc:ChargeIndicator`.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.ubl_names import OBJECT_IDENTIFIER_TYPE, UblKind
from invoicing.formats.ubl_values import UblValues, group
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

_TRUE = ("true", "1")


def is_charge(v: UblValues, allowance_charge: etree._Element) -> bool:
    """True for a charge. `cbc:ChargeIndicator` is no business term: anything but "true"/"1" reads as allowance,
    so that a document with a malformed indicator can still be read (and rejected by validation)."""
    v.consume(allowance_charge, "cbc:ChargeIndicator")
    return (v.peek(allowance_charge, "cbc:ChargeIndicator") or "").lower() in _TRUE


def read_allowances_and_charges(v: UblValues, parent: etree._Element, path: str,
                                allowance_model: type, charge_model: type, *, with_vat: bool) -> tuple[tuple, tuple]:
    """All `cac:AllowanceCharge` children of `parent` as (allowances, charges), under `path`.allowances / .charges.

    `with_vat` reads the VAT category and rate (document level, BT-95/96 and BT-102/103).
    """
    found: dict[bool, list] = {False: [], True: []}
    for element in v.all(parent, "cac:AllowanceCharge"):
        charge = is_charge(v, element)
        model = charge_model if charge else allowance_model
        into = found[charge]
        prefix = f"{path}{'charges' if charge else 'allowances'}[{len(into)}]"
        values = {
            "amount": v.amount(element, "cbc:Amount", f"{prefix}.amount", term_of(model, "amount")),
            "base_amount": v.amount(element, "cbc:BaseAmount", f"{prefix}.base_amount", term_of(model, "base_amount")),
            "percentage": v.decimal(element, "cbc:MultiplierFactorNumeric", f"{prefix}.percentage",
                                    term_of(model, "percentage")),
            "reason": v.text(element, "cbc:AllowanceChargeReason", f"{prefix}.reason", term_of(model, "reason")),
            "reason_code": v.text(element, "cbc:AllowanceChargeReasonCode", f"{prefix}.reason_code",
                                  term_of(model, "reason_code")),
        }
        if with_vat:
            category = v.first(element, "cac:TaxCategory")
            values["vat_category_code"] = v.text(category, "cbc:ID", f"{prefix}.vat_category_code",
                                                 term_of(model, "vat_category_code"))
            values["vat_rate"] = v.decimal(category, "cbc:Percent", f"{prefix}.vat_rate", term_of(model, "vat_rate"))
            v.consume(category, "cac:TaxScheme/cbc:ID")
        item = group(model, **values)
        if item is not None:
            into.append(item)
    return tuple(found[False]), tuple(found[True])


def read_lines(v: UblValues, parent: etree._Element, kind: UblKind, element_name: str, path: str) -> tuple[InvoiceLine, ...]:
    """Every `cac:<element_name>` child of `parent` (lines or sub-lines), in document order."""
    return tuple(_read_line(v, element, kind, f"{path}[{index}]")
                 for index, element in enumerate(v.all(parent, f"cac:{element_name}")))


def _read_line(v: UblValues, line: etree._Element, kind: UblKind, path: str) -> InvoiceLine:
    quantity, unit = v.quantity(line, f"cbc:{kind.quantity}", f"{path}.quantity", "BT-129",
                                f"{path}.quantity_unit_code", "BT-130")
    period = v.first(line, "cac:InvoicePeriod")
    allowances, charges = read_allowances_and_charges(v, line, f"{path}.", LineAllowance, LineCharge, with_vat=False)
    item = v.first(line, "cac:Item")
    category = v.first(item, "cac:ClassifiedTaxCategory")
    v.consume(category, "cac:TaxScheme/cbc:ID")
    return InvoiceLine(
        identifier=v.text(line, "cbc:ID", f"{path}.identifier", "BT-126"),
        note=v.text(line, "cbc:Note", f"{path}.note", "BT-127"),
        object_identifier=_object_identifier(v, line, f"{path}.object_identifier"),
        quantity=quantity,
        quantity_unit_code=unit,
        net_amount=v.amount(line, "cbc:LineExtensionAmount", f"{path}.net_amount", "BT-131"),
        purchase_order_line_reference=v.text(line, "cac:OrderLineReference/cbc:LineID",
                                             f"{path}.purchase_order_line_reference", "BT-132"),
        buyer_accounting_reference=v.text(line, "cbc:AccountingCost", f"{path}.buyer_accounting_reference", "BT-133"),
        period=group(LinePeriod,
                     start_date=v.date(period, "cbc:StartDate", f"{path}.period.start_date", "BT-134"),
                     end_date=v.date(period, "cbc:EndDate", f"{path}.period.end_date", "BT-135")),
        allowances=allowances,
        charges=charges,
        price=_price(v, v.first(line, "cac:Price"), f"{path}.price"),
        vat=group(LineVatInformation,
                  category_code=v.text(category, "cbc:ID", f"{path}.vat.category_code", "BT-151"),
                  rate=v.decimal(category, "cbc:Percent", f"{path}.vat.rate", "BT-152")),
        item=_item(v, item, f"{path}.item"),
        sub_lines=read_lines(v, line, kind, kind.sub_line, f"{path}.sub_lines"),
    )


def _object_identifier(v: UblValues, line: etree._Element, path: str):
    """BT-128: the line's `cac:DocumentReference` with type code 130 (or none); others are no EN 16931 term."""
    for reference in v.all(line, "cac:DocumentReference"):
        if v.peek(reference, "cbc:DocumentTypeCode") in (None, OBJECT_IDENTIFIER_TYPE):
            v.consume(reference, "cbc:DocumentTypeCode")
            return v.identifier(reference, "cbc:ID", path, "BT-128")
    return None


def _price(v: UblValues, price: etree._Element | None, path: str) -> PriceDetails | None:
    if price is None:
        return None
    base_quantity, base_unit = v.quantity(price, "cbc:BaseQuantity", f"{path}.base_quantity", "BT-149",
                                          f"{path}.base_quantity_unit_code", "BT-150")
    discount = gross = None
    for allowance in v.all(price, "cac:AllowanceCharge"):
        if (v.peek(allowance, "cbc:ChargeIndicator") or "").lower() not in _TRUE:
            v.consume(allowance, "cbc:ChargeIndicator")
            discount = v.amount(allowance, "cbc:Amount", f"{path}.discount", "BT-147")
            gross = v.amount(allowance, "cbc:BaseAmount", f"{path}.gross_price", "BT-148")
            break
    return group(PriceDetails,
                 net_price=v.amount(price, "cbc:PriceAmount", f"{path}.net_price", "BT-146"),
                 discount=discount, gross_price=gross, base_quantity=base_quantity, base_quantity_unit_code=base_unit)


def _item(v: UblValues, item: etree._Element | None, path: str) -> ItemInformation | None:
    if item is None:
        return None
    classifications: list[ClassificationIdentifier] = []
    for code in v.all(item, "cac:CommodityClassification/cbc:ItemClassificationCode"):
        prefix = f"{path}.classification_identifiers[{len(classifications)}]"
        value = v.text(code, ".", f"{prefix}.value", "BT-158")
        if value is None:
            for attribute in ("listID", "listVersionID"):
                v.source.consume_attribute(code, attribute)
            continue
        classifications.append(ClassificationIdentifier(
            value=value,
            scheme_id=v.text(code, "@listID", f"{prefix}.scheme_id", "BT-158-1"),
            scheme_version=v.text(code, "@listVersionID", f"{prefix}.scheme_version", "BT-158-2"),
        ))
    attributes: list[ItemAttribute] = []
    for property_ in v.all(item, "cac:AdditionalItemProperty"):
        prefix = f"{path}.attributes[{len(attributes)}]"
        attribute = group(ItemAttribute,
                          name=v.text(property_, "cbc:Name", f"{prefix}.name", "BT-160"),
                          value=v.text(property_, "cbc:Value", f"{prefix}.value", "BT-161"))
        if attribute is not None:
            attributes.append(attribute)
    return group(
        ItemInformation,
        name=v.text(item, "cbc:Name", f"{path}.name", "BT-153"),
        description=v.text(item, "cbc:Description", f"{path}.description", "BT-154"),
        sellers_identifier=v.text(item, "cac:SellersItemIdentification/cbc:ID", f"{path}.sellers_identifier", "BT-155"),
        buyers_identifier=v.text(item, "cac:BuyersItemIdentification/cbc:ID", f"{path}.buyers_identifier", "BT-156"),
        standard_identifier=v.identifier(item, "cac:StandardItemIdentification/cbc:ID", f"{path}.standard_identifier",
                                         "BT-157"),
        classification_identifiers=tuple(classifications),
        country_of_origin=v.text(item, "cac:OriginCountry/cbc:IdentificationCode", f"{path}.country_of_origin", "BT-159"),
        attributes=tuple(attributes),
    )
