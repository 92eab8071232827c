"""Building CII elements for the writer: qualified names, value formatting, optional children.

Every helper takes a parent element and a prefixed name such as "ram:Name"; a child whose value
is None is not created, so callers can pass model fields straight through. Children must be added
in the schema's sequence order — the helpers only append.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from invoicing.formats.cii_names import DATE_FORMAT, NAMESPACES
from invoicing.model import Identifier, Term


def qualified(name: str) -> str:
    """'ram:Name' → '{urn:…:100}Name'."""
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def formatted(value) -> str:
    """The text of a value as CII writes it: decimals without exponent, dates as YYYYMMDD."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return str(value)


def child(parent: etree._Element, name: str, value=None, **attributes) -> etree._Element:
    """Append `name` under `parent`, with `value` as text and the non-None `attributes`."""
    present = {key: formatted(value) for key, value in attributes.items() if value is not None}
    element = etree.SubElement(parent, qualified(name), present)
    if value is not None:
        element.text = formatted(value)
    return element


def optional(parent: etree._Element, name: str, value, **attributes) -> etree._Element | None:
    """Append `name` only when `value` is not None."""
    return child(parent, name, value, **attributes) if value is not None else None


def date_time(parent: etree._Element, name: str, value: date | None, string: str = "udt:DateTimeString") -> None:
    """`<name><udt:DateTimeString format="102">YYYYMMDD</…></name>` when `value` is set."""
    if value is not None:
        child(child(parent, name), string, value, format=DATE_FORMAT)


def identifier(parent: etree._Element, name: str, value: Identifier | None) -> None:
    """An identifier element with its schemeID."""
    if value is not None:
        child(parent, name, value.value, schemeID=value.scheme_id)


def party_identifier(parent: etree._Element, value: Identifier | None) -> None:
    """A party identifier: ram:GlobalID when it has a scheme, else ram:ID (EN 16931 CII binding)."""
    if value is not None:
        child(parent, "ram:GlobalID" if value.scheme_id else "ram:ID", value.value, schemeID=value.scheme_id)


def indicator(parent: etree._Element, name: str, value: bool) -> None:
    child(child(parent, name), "udt:Indicator", value)


def populated(*values) -> bool:
    """True when any value is set (None, empty tuples and unpopulated groups count as unset)."""
    for value in values:
        if isinstance(value, Term):
            if value.populated():
                return True
        elif value not in (None, ()):
            return True
    return False
