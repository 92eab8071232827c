"""BG-25 INVOICE LINE and everything inside it (BG-26 … BG-32), plus the XRechnung extension's
sub-invoice lines (BG-DEX-01), which have the same shape as a line and nest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoicing.model.terms import Identifier, Term, term


class LinePeriod(Term):
    """BG-26 INVOICE LINE PERIOD."""

    start_date: date | None = term("BT-134", "Invoice line period start date")
    end_date: date | None = term("BT-135", "Invoice line period end date")


class LineAllowance(Term):
    """BG-27 INVOICE LINE ALLOWANCES."""

    amount: Decimal | None = term("BT-136", "Invoice line allowance amount")
    base_amount: Decimal | None = term("BT-137", "Invoice line allowance base amount")
    percentage: Decimal | None = term("BT-138", "Invoice line allowance percentage")
    reason: str | None = term("BT-139", "Invoice line allowance reason")
    reason_code: str | None = term("BT-140", "Invoice line allowance reason code")


class LineCharge(Term):
    """BG-28 INVOICE LINE CHARGES."""

    amount: Decimal | None = term("BT-141", "Invoice line charge amount")
    base_amount: Decimal | None = term("BT-142", "Invoice line charge base amount")
    percentage: Decimal | None = term("BT-143", "Invoice line charge percentage")
    reason: str | None = term("BT-144", "Invoice line charge reason")
    reason_code: str | None = term("BT-145", "Invoice line charge reason code")


class PriceDetails(Term):
    """BG-29 PRICE DETAILS."""

    net_price: Decimal | None = term("BT-146", "Item net price")
    discount: Decimal | None = term("BT-147", "Item price discount")
    gross_price: Decimal | None = term("BT-148", "Item gross price")
    base_quantity: Decimal | None = term("BT-149", "Item price base quantity")
    base_quantity_unit_code: str | None = term("BT-150", "Item price base quantity unit of measure code")


class LineVatInformation(Term):
    """BG-30 LINE VAT INFORMATION."""

    category_code: str | None = term("BT-151", "Invoiced item VAT category code")
    rate: Decimal | None = term("BT-152", "Invoiced item VAT rate")


class ClassificationIdentifier(Term):
    """BT-158 Item classification identifier with its scheme (BT-158-1) and scheme version (BT-158-2)."""

    value: str = term("BT-158", "Item classification identifier")
    scheme_id: str | None = term("BT-158-1", "Scheme identifier")
    scheme_version: str | None = term("BT-158-2", "Scheme version identifier")


class ItemAttribute(Term):
    """BG-32 ITEM ATTRIBUTES."""

    name: str | None = term("BT-160", "Item attribute name")
    value: str | None = term("BT-161", "Item attribute value")


class ItemInformation(Term):
    """BG-31 ITEM INFORMATION."""

    name: str | None = term("BT-153", "Item name")
    description: str | None = term("BT-154", "Item description")
    sellers_identifier: str | None = term("BT-155", "Item Seller's identifier")
    buyers_identifier: str | None = term("BT-156", "Item Buyer's identifier")
    standard_identifier: Identifier | None = term("BT-157", "Item standard identifier")
    classification_identifiers: tuple[ClassificationIdentifier, ...] = term("BT-158", "Item classification identifier", ())
    country_of_origin: str | None = term("BT-159", "Item country of origin")
    attributes: tuple[ItemAttribute, ...] = term("BG-32", "ITEM ATTRIBUTES", ())


class InvoiceLine(Term):
    """BG-25 INVOICE LINE (and, nested in `sub_lines`, BG-DEX-01 SUB INVOICE LINE)."""

    identifier: str | None = term("BT-126", "Invoice line identifier")
    note: str | None = term("BT-127", "Invoice line note")
    object_identifier: Identifier | None = term("BT-128", "Invoice line object identifier")
    quantity: Decimal | None = term("BT-129", "Invoiced quantity")
    quantity_unit_code: str | None = term("BT-130", "Invoiced quantity unit of measure code")
    net_amount: Decimal | None = term("BT-131", "Invoice line net amount")
    purchase_order_line_reference: str | None = term("BT-132", "Referenced purchase order line reference")
    buyer_accounting_reference: str | None = term("BT-133", "Invoice line Buyer accounting reference")
    period: LinePeriod | None = term("BG-26", "INVOICE LINE PERIOD")
    allowances: tuple[LineAllowance, ...] = term("BG-27", "INVOICE LINE ALLOWANCES", ())
    charges: tuple[LineCharge, ...] = term("BG-28", "INVOICE LINE CHARGES", ())
    price: PriceDetails | None = term("BG-29", "PRICE DETAILS")
    vat: LineVatInformation | None = term("BG-30", "LINE VAT INFORMATION")
    item: ItemInformation | None = term("BG-31", "ITEM INFORMATION")
    sub_lines: tuple["InvoiceLine", ...] = term("BG-DEX-01", "SUB INVOICE LINE", ())
