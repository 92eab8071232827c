"""Typed reads from a UBL document: text, numbers, dates, amounts and identifiers, each with provenance.

`UblValues` wraps `XmlSource` so that the UBL reader never touches lxml directly for a value: every
read is recorded under its model path and business term, and every attribute it interprets
(`currencyID`, `schemeID`, `unitCode` …) is marked consumed. A number or date that does not parse
stops the reading with a `ReadError` (code "bad-value") that names the term, the value and the line.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from lxml import etree

from invoicing.formats.errors import ReadError
from invoicing.formats.source import XmlSource
from invoicing.model import Identifier, term_name

_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")
"""xs:date: YYYY-MM-DD with an optional time zone, which EN 16931 dates do not carry."""

_BAD_VALUE_HINT = ("Write amounts, quantities and percentages as plain decimal numbers (e.g. 1234.56) "
                   "and dates as YYYY-MM-DD, as UBL 2.1 and XRechnung require.")


class UblValues:
    """Reads values below a UBL element into model types, recording where each came from."""

    def __init__(self, source: XmlSource):
        self.source = source

    # structure --------------------------------------------------------------------------------

    def all(self, context: etree._Element | None, expression: str) -> list[etree._Element]:
        """Aggregate elements matching `expression` (structural, records no provenance)."""
        return [] if context is None else self.source.all(context, expression)

    def first(self, context: etree._Element | None, expression: str) -> etree._Element | None:
        """The first aggregate element matching `expression`, or None."""
        return None if context is None else self.source.first(context, expression)

    def peek(self, context: etree._Element | None, expression: str) -> str | None:
        """The trimmed text of the first match, without consuming it (to decide what an element means)."""
        if context is None:
            return None
        found = self.source.xpath(expression)(context)
        if not found:
            return None
        node = found[0]
        value = (node.text or "") if isinstance(node, etree._Element) else str(node)
        return value.strip() or None

    def find(self, context: etree._Element | None, expression: str) -> list[etree._Element]:
        """Elements matching `expression`, without consuming them (to pick before reading)."""
        if context is None:
            return []
        return [node for node in self.source.xpath(expression)(context)
                if isinstance(node, etree._Element)]

    def consume(self, context: etree._Element | None, expression: str) -> None:
        """Mark qualifier elements (e.g. `cac:TaxScheme/cbc:ID` = VAT) as read; they carry no term."""
        for element in self.all(context, expression):
            self.source.consume(element)

    # values -----------------------------------------------------------------------------------

    def text(self, context, expression: str, path: str, term_id: str | None = None) -> str | None:
        """The trimmed text (element or `@attribute`), None when absent or empty."""
        return self.source.text(context, expression, path, term_id)

    def decimal(self, context, expression: str, path: str, term_id: str) -> Decimal | None:
        """The number exactly as written (no rounding), or a "bad-value" `ReadError`."""
        value = self.source.decimal(context, expression, path, term_id)
        if value is None:
            return None
        if isinstance(value, str) or not value.is_finite():
            raise self._bad_value(path, term_id, str(value), "a number")
        return value

    def amount(self, context, expression: str, path: str, term_id: str) -> Decimal | None:
        """A monetary amount; its `currencyID` is consumed (EN 16931 keeps the currency at BT-5/BT-6)."""
        element = self.first(context, expression)
        if element is None:
            return None
        self.source.consume_attribute(element, "currencyID")
        return self.decimal(element, ".", path, term_id)

    def quantity(self, context, expression: str, path: str, term_id: str,
                 unit_path: str, unit_term_id: str) -> tuple[Decimal | None, str | None]:
        """A quantity and its `unitCode`, which are separate business terms (e.g. BT-129 and BT-130)."""
        element = self.first(context, expression)
        if element is None:
            return None, None
        unit = self.text(element, "@unitCode", unit_path, unit_term_id)
        return self.decimal(element, ".", path, term_id), unit

    def date(self, context, expression: str, path: str, term_id: str) -> date | None:
        """An xs:date as `date` (a time-zone suffix is accepted and dropped), or a "bad-value" `ReadError`."""
        value = self.text(context, expression, path, term_id)
        if value is None:
            return None
        match = _ISO_DATE.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            return date.fromisoformat(match.group(1))
        except ValueError:
            raise self._bad_value(path, term_id, value, "a date (YYYY-MM-DD)") from None

    def identifier(self, context, expression: str, path: str, term_id: str, *,
                   scheme: str = "schemeID", version: str | None = None) -> Identifier | None:
        """An identifier with its scheme attribute (term `<term_id>-1`) and, if named, its version attribute."""
        element = self.first(context, expression)
        if element is None:
            return None
        value = self.text(element, ".", f"{path}.value", term_id)
        if value is None:
            # a scheme without an identifier means nothing; there is no term to keep it in
            self.source.consume_attribute(element, scheme)
            if version:
                self.source.consume_attribute(element, version)
            return None
        scheme_id = self.text(element, f"@{scheme}", f"{path}.scheme_id", f"{term_id}-1")
        scheme_version = self.text(element, f"@{version}", f"{path}.scheme_version", f"{term_id}-2") if version else None
        return Identifier(value=value, scheme_id=scheme_id, scheme_version=scheme_version)

    def _bad_value(self, path: str, term_id: str, value: str, expected: str) -> ReadError:
        location = self.source.provenance.get(path)
        line = location.line if location else None
        where = f" at line {line}" if line is not None else ""
        return ReadError(
            f"{term_id} {term_name(term_id) or path} has the value '{value}'{where}, which is not {expected}.",
            _BAD_VALUE_HINT,
            code="bad-value",
            line=line,
        )


def group(model: type, **values):
    """An instance of `model` with `values`, or None when every value is empty (absent groups stay None)."""
    if all(value in (None, (), "") for value in values.values()):
        return None
    return model(**values)

