"""Typed reading of CII values through `XmlSource`: texts, numbers, dates, indicators, identifiers.

`CiiValues` is what the CII reader calls instead of `XmlSource` directly. Each read records the
value's provenance under its model path with the business-term id taken from the model class
itself (so the id is spelled once, in the model). Values that do not parse raise `ReadError`
with code "bad-value", naming the term, the value and the source line.

Leaf elements are located without marking them consumed (`XmlSource.all` marks every match), so
a repeated element the binding allows only once stays visible in `unmapped()`.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import typing
from datetime import date, datetime
from decimal import Decimal
from types import NoneType

from lxml import etree

from invoicing.formats.cii_names import DATE_FORMAT, NAMESPACES
from invoicing.formats.errors import ReadError
from invoicing.formats.source import XmlSource, compiled_xpaths
from invoicing.model import Identifier, term_name
from invoicing.model.terms import Term, term_of

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE_102 = re.compile(r"\d{8}")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_HINT = "Please correct the value: amounts, quantities and percentages are plain decimal numbers, dates are YYYYMMDD."



@functools.cache
def _kind(cls: type[Term], name: str) -> typing.Any:
    """The value type of field `name` of `cls`, such as `Decimal | None` → Decimal."""
    annotation = cls.model_fields[name].annotation
    arguments = [argument for argument in typing.get_args(annotation) if argument is not NoneType]
    return arguments[0] if arguments else annotation


class CiiValues:
    """Reads typed values out of one CII document via its `XmlSource` (see module docstring)."""

    def __init__(self, source: XmlSource):
        self.source = source
        self.currency: str | None = None
        self._xpaths = compiled_xpaths(NAMESPACES)

    # --- locating -------------------------------------------------------------------------
    def find_all(self, context: etree._Element | None, expression: str) -> list:
        """Matches of `expression` under `context`, without marking anything consumed."""
        if context is None:
            return []
        return self._xpaths(expression)(context)

    def find(self, context: etree._Element | None, expression: str):
        """The first match of `expression` under `context` (not marked consumed), or None."""
        found = self.find_all(context, expression)
        return found[0] if found else None

    def containers(self, context: etree._Element | None, expression: str) -> list[etree._Element]:
        """Aggregate elements (ram:…TradeParty etc.); marking containers consumed hides no data."""
        return self.source.all(context, expression) if context is not None else []

    def container(self, context: etree._Element | None, expression: str) -> etree._Element | None:
        found = self.containers(context, expression)
        return found[0] if found else None

    def raw(self, context: etree._Element | None, expression: str) -> str | None:
        """Trimmed text of the first match, read without provenance (for deciding structure only)."""
        node = self.find(context, expression)
        if node is None:
            return None
        value = (node.text or "") if isinstance(node, etree._Element) else str(node)
        return value.strip() or None

    # --- typed reads ----------------------------------------------------------------------
    def text(self, context, expression: str, path: str, term: str | None) -> str | None:
        return self.source.text(context, expression, path, term)

    def decimal(self, context, expression: str, path: str, term: str | None) -> Decimal | None:
        """A decimal; a `currencyID` equal to the invoice currency (BT-5) is consumed as understood."""
        element = self.find(context, expression)
        if element is None:
            return None
        value = self.source.text(element, ".", path, term)
        if value is None:
            return None
        if not _DECIMAL.fullmatch(value):
            self.bad_value(path, term, value, "a decimal number")
        if self.currency is not None and element.get("currencyID") == self.currency:
            self.source.consume_attribute(element, "currencyID")
        return Decimal(value)

    def date(self, context, expression: str, path: str, term: str | None) -> date | None:
        """A date from a udt/qdt DateTimeString or DateString with format 102 (YYYYMMDD)."""
        element = self.find(context, expression)
        if element is None:
            return None
        value = self.source.text(element, ".", path, term)
        if value is None:
            return None
        form = element.get("format")
        if form not in (None, DATE_FORMAT):
            self.bad_value(path, term, value, f"a date in format 102 (the format attribute says {form!r})")
        self.source.consume_attribute(element, "format")
        try:
            if not _DATE_102.fullmatch(value):
                raise ValueError(value)
            return datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            self.bad_value(path, term, value, "a date written YYYYMMDD (format 102)")

    def indicator(self, context, expression: str) -> bool | None:
        """A udt:Indicator (true/false); structural, so consumed without provenance."""
        element = self.find(context, expression)
        if element is None:
            return None
        self.source.consume(element)
        value = (element.text or "").strip()
        if value not in _BOOLEANS:
            raise ReadError(f"The indicator at line {element.sourceline} has the value '{value}', "
                            "which is neither true nor false.", _HINT, code="bad-value", line=element.sourceline)
        return _BOOLEANS[value]

    def identifier(self, element: etree._Element | None, path: str, term: str,
                   scheme: str = "@schemeID") -> Identifier | None:
        """An identifier from `element`'s text and its scheme (attribute, or child for BT-18/BT-128)."""
        if element is None:
            return None
        value = self.source.text(element, ".", f"{path}.value", term)
        if value is None:  # a scheme without an identifier carries nothing
            if scheme.startswith("@"):
                self.source.consume_attribute(element, scheme[1:])
            return None
        scheme_id = self.source.text(element, scheme, f"{path}.scheme_id", f"{term}-1")
        return Identifier(value=value, scheme_id=scheme_id)

    def binary(self, context, expression: str, path: str, term: str) -> bytes | None:
        """Base64 content of an attachment (BT-125)."""
        value = self.text(context, expression, path, term)
        if value is None:
            return None
        try:
            return base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            self.bad_value(path, term, value[:40] + ("…" if len(value) > 40 else ""), "base64-encoded content")

    def consume_if(self, context, expression: str, expected: tuple[str, ...] | str) -> bool:
        """Consume a fixed qualifier (e.g. TypeCode "VAT") when it has an expected value; left visible otherwise."""
        element = self.find(context, expression)
        if element is None:
            return False
        expected = (expected,) if isinstance(expected, str) else expected
        if (element.text or "").strip() in expected:
            self.source.consume(element)
            return True
        return False

    # --- whole groups ---------------------------------------------------------------------
    def fields(self, cls: type[Term], context, prefix: str, mapping: dict[str, str]) -> dict:
        """Read `cls` fields given as {field: XPath}; the type of each field decides how it is read."""
        values: dict[str, typing.Any] = {}
        for name, expression in mapping.items():
            term = term_of(cls, name)
            path = f"{prefix}.{name}" if prefix else name
            kind = _kind(cls, name)
            if kind is Decimal:
                values[name] = self.decimal(context, expression, path, term)
            elif kind is date:
                values[name] = self.date(context, expression, path, term)
            elif kind is Identifier:
                values[name] = self.identifier(self.find(context, expression), path, term)
            else:
                values[name] = self.text(context, expression, path, term)
        return values

    def group(self, cls: type[Term], context, prefix: str, mapping: dict[str, str], **given):
        """An instance of `cls` from `mapping` plus `given` values, or None when nothing is populated."""
        values = {**self.fields(cls, context, prefix, mapping), **given}
        return cls(**values) if any(value not in (None, ()) for value in values.values()) else None

    # --- errors ---------------------------------------------------------------------------
    def bad_value(self, path: str, term: str | None, value: str, expected: str) -> typing.NoReturn:
        location = self.source.provenance.get(path)
        line = location.line if location else None
        name = f"{term} ({term_name(term) or path})" if term else path
        raise ReadError(f"{name} has the value '{value}' at line {line}, which is not {expected}.", _HINT,
                        code="bad-value", line=line)
