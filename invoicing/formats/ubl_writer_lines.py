"""Writing BG-25 invoice lines (and BG-DEX-01 sub-lines) as `cac:InvoiceLine` / `cac:CreditNoteLine`.

Children follow the UBL 2.1 `InvoiceLineType` sequence, which `CreditNoteLineType` shares for every
element written here: ID, Note, quantity, LineExtensionAmount, AccountingCost, InvoicePeriod,
OrderLineReference, DocumentReference, AllowanceCharge, Item, Price, sub-lines.
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.ubl_builder import UblBuilder
from invoicing.formats.ubl_names import OBJECT_IDENTIFIER_TYPE, UblKind
from invoicing.model import InvoiceLine, ItemInformation, LineVatInformation, PriceDetails


def write_allowance_charge(b: UblBuilder, parent: etree._Element, charge: bool, item,
                           vat_category_code: str | None = None, vat_rate=None, *, with_vat: bool = False) -> None:
    """One `cac:AllowanceCharge` from a document- or line-level allowance or charge."""
    element = b.add(parent, "cac:AllowanceCharge")
    b.add(element, "cbc:ChargeIndicator", charge)
    b.opt(element, "cbc:AllowanceChargeReasonCode", item.reason_code)
    b.opt(element, "cbc:AllowanceChargeReason", item.reason)
    b.opt(element, "cbc:MultiplierFactorNumeric", item.percentage)
    b.amount(element, "cbc:Amount", item.amount, required=True)
    b.amount(element, "cbc:BaseAmount", item.base_amount)
    if with_vat and (vat_category_code is not None or vat_rate is not None):
        category = b.add(element, "cac:TaxCategory")
        b.opt(category, "cbc:ID", vat_category_code)
        b.opt(category, "cbc:Percent", vat_rate)
        b.vat_scheme(category)


def write_lines(b: UblBuilder, parent: etree._Element, lines: tuple[InvoiceLine, ...], kind: UblKind,
                element_name: str) -> None:
    """Every line as `cac:<element_name>`, recursing into sub-lines."""
    for line in lines:
        _write_line(b, b.add(parent, f"cac:{element_name}"), line, kind)


def _write_line(b: UblBuilder, element: etree._Element, line: InvoiceLine, kind: UblKind) -> None:
    b.add(element, "cbc:ID", line.identifier)
    b.opt(element, "cbc:Note", line.note)
    if line.quantity is not None or line.quantity_unit_code is not None:
        b.add(element, f"cbc:{kind.quantity}", line.quantity, unitCode=line.quantity_unit_code)
    b.amount(element, "cbc:LineExtensionAmount", line.net_amount, required=not kind.is_credit_note)
    b.opt(element, "cbc:AccountingCost", line.buyer_accounting_reference)
    if line.period is not None:
        period = b.add(element, "cac:InvoicePeriod")
        b.opt(period, "cbc:StartDate", line.period.start_date)
        b.opt(period, "cbc:EndDate", line.period.end_date)
    b.path(element, "cac:OrderLineReference/cbc:LineID", line.purchase_order_line_reference)
    if line.object_identifier is not None:
        reference = b.add(element, "cac:DocumentReference")
        b.identifier(reference, "cbc:ID", line.object_identifier)
        b.add(reference, "cbc:DocumentTypeCode", OBJECT_IDENTIFIER_TYPE)
    for allowance in line.allowances:
        write_allowance_charge(b, element, False, allowance)
    for charge in line.charges:
        write_allowance_charge(b, element, True, charge)
    if line.item is not None or line.vat is not None or not kind.is_credit_note:
        _write_item(b, element, line.item or ItemInformation(), line.vat)
    _write_price(b, element, line.price)
    write_lines(b, element, line.sub_lines, kind, kind.sub_line)


def _write_item(b: UblBuilder, parent: etree._Element, item: ItemInformation, vat: LineVatInformation | None) -> None:
    element = b.add(parent, "cac:Item")
    b.opt(element, "cbc:Description", item.description)
    b.opt(element, "cbc:Name", item.name)
    b.path(element, "cac:BuyersItemIdentification/cbc:ID", item.buyers_identifier)
    b.path(element, "cac:SellersItemIdentification/cbc:ID", item.sellers_identifier)
    if item.standard_identifier is not None:
        b.identifier(b.add(element, "cac:StandardItemIdentification"), "cbc:ID", item.standard_identifier)
    b.path(element, "cac:OriginCountry/cbc:IdentificationCode", item.country_of_origin)
    for classification in item.classification_identifiers:
        b.add(b.add(element, "cac:CommodityClassification"), "cbc:ItemClassificationCode", classification.value,
              listID=classification.scheme_id, listVersionID=classification.scheme_version)
    if vat is not None:
        category = b.add(element, "cac:ClassifiedTaxCategory")
        b.opt(category, "cbc:ID", vat.category_code)
        b.opt(category, "cbc:Percent", vat.rate)
        b.vat_scheme(category)
    for attribute in item.attributes:
        property_ = b.add(element, "cac:AdditionalItemProperty")
        b.add(property_, "cbc:Name", attribute.name)
        b.opt(property_, "cbc:Value", attribute.value)


def _write_price(b: UblBuilder, parent: etree._Element, price: PriceDetails | None) -> None:
    if price is None:
        return
    element = b.add(parent, "cac:Price")
    b.amount(element, "cbc:PriceAmount", price.net_price, required=True)
    if price.base_quantity is not None or price.base_quantity_unit_code is not None:
        b.add(element, "cbc:BaseQuantity", price.base_quantity, unitCode=price.base_quantity_unit_code)
    if price.discount is not None or price.gross_price is not None:
        allowance = b.add(element, "cac:AllowanceCharge")
        b.add(allowance, "cbc:ChargeIndicator", False)
        b.amount(allowance, "cbc:Amount", price.discount, required=True)
        b.amount(allowance, "cbc:BaseAmount", price.gross_price)
