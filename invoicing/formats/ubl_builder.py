"""Building UBL elements from model values: `cac:`/`cbc:` names, value formatting, amounts in the invoice currency.

Callers append children in UBL 2.1 schema order; the builder only formats. Decimals are written as
plain numbers exactly as held (no rounding, no exponent), dates as YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from invoicing.formats.ubl_names import NAMESPACES
from invoicing.model import Identifier


def format_value(value) -> str:
    """The UBL text of a model value: "" for None, plain notation for Decimal, ISO for dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def qualified(tag: str) -> str:
    """"cbc:ID" → "{urn:…CommonBasicComponents-2}ID"."""
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


class UblBuilder:
    """Appends UBL elements; amounts carry `currencyID` = BT-5 unless told otherwise."""

    def __init__(self, currency: str | None):
        self.currency = currency or ""

    def add(self, parent: etree._Element, tag: str, value=None, **attributes) -> etree._Element:
        """Append `tag` (always, even without a value: for elements UBL requires) with its non-None attributes."""
        element = etree.SubElement(parent, qualified(tag))
        text = format_value(value)
        if text:
            element.text = text
        for name, attribute in attributes.items():
            if attribute is not None:
                element.set(name, format_value(attribute))
        return element

    def opt(self, parent: etree._Element, tag: str, value, **attributes) -> etree._Element | None:
        """Append `tag` only when `value` is present."""
        if value is None:
            return None
        return self.add(parent, tag, value, **attributes)

    def path(self, parent: etree._Element, tags: str, value) -> etree._Element | None:
        """Append a chain such as "cac:PartyName/cbc:Name" when `value` is present."""
        if value is None:
            return None
        *aggregates, leaf = tags.split("/")
        for tag in aggregates:
            parent = self.add(parent, tag)
        return self.add(parent, leaf, value)

    def amount(self, parent: etree._Element, tag: str, value: Decimal | None, *, required: bool = False,
               currency: str | None = None) -> etree._Element | None:
        """An amount with `currencyID`; written empty when `required` and absent (only for invalid sources)."""
        if value is None and not required:
            return None
        return self.add(parent, tag, value, currencyID=currency or self.currency)

    def identifier(self, parent: etree._Element, tag: str, identifier: Identifier | None,
                   scheme: str = "schemeID") -> etree._Element | None:
        """An identifier element with its scheme attribute."""
        if identifier is None:
            return None
        return self.add(parent, tag, identifier.value, **{scheme: identifier.scheme_id})

    def vat_scheme(self, parent: etree._Element) -> None:
        """`cac:TaxScheme/cbc:ID` = VAT, closing every tax category and VAT registration."""
        self.add(self.add(parent, "cac:TaxScheme"), "cbc:ID", "VAT")
