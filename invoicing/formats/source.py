"""Reading values out of a parsed XML document while remembering where each came from.

`XmlSource` is what the syntax readers use instead of raw XPath calls: every value it returns is
recorded with its model path, business term, XPath and source line (the provenance), and every
element it touches is marked as consumed. After reading, `unmapped()` lists the source data the
reader did not put into the model — so nothing is ever dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from invoicing.formats.paths import ElementPaths


class CompiledXPaths:
    """The expressions of one namespace table, each compiled once per process (see `compiled_xpaths`).

    Compiling an expression cost more than evaluating it: about a fifth of reading an invoice. lxml's
    `XPath` objects hold a lock while they evaluate (`_XPathEvaluatorBase._lock` in lxml's xpath.pxi),
    so threads may share them."""

    MOST = 4096  # the readers' expressions are the code's own constants; a bound in case one ever is not

    def __init__(self, namespaces: dict[str, str]):
        self.namespaces = dict(namespaces)
        self._table: dict[str, etree.XPath] = {}

    def __call__(self, expression: str) -> etree.XPath:
        found = self._table.get(expression)
        if found is None:
            found = etree.XPath(expression, namespaces=self.namespaces)
            if len(self._table) < self.MOST:
                self._table[expression] = found
        return found


_SHARED: dict[tuple, CompiledXPaths] = {}


def compiled_xpaths(namespaces: dict[str, str]) -> CompiledXPaths:
    """The process's compiled expressions for `namespaces` (look it up once per document, not per read)."""
    key = tuple(sorted(namespaces.items()))
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED.setdefault(key, CompiledXPaths(namespaces))
    return found


class SourceLocation:
    """Where a populated business term was read: XPath of the element or attribute and its line.

    The XPath is written when first asked for: reading records a location for every value, while
    only a few callers (the tests, a person asking where a value came from) look at one."""

    __slots__ = ("term_id", "line", "_xpath", "_where")

    def __init__(self, term_id: str | None, xpath: str, line: int | None):
        self.term_id, self._xpath, self.line = term_id, xpath, line
        self._where: tuple[ElementPaths, etree._Element, str | None] | None = None

    @classmethod
    def of(cls, term_id: str | None, paths: ElementPaths, element: etree._Element,
           attribute: str | None = None) -> SourceLocation:
        """The location of `element` (or of its `attribute`) in the tree that `paths` belongs to."""
        location = cls(term_id, "", element.sourceline)
        location._where = (paths, element, attribute)
        return location

    @property
    def xpath(self) -> str:
        if self._where is not None:
            paths, element, attribute = self._where
            self._xpath = paths.path(element) + (f"/@{attribute}" if attribute else "")
            self._where = None
        return self._xpath

    def _key(self) -> tuple:
        return self.term_id, self.xpath, self.line

    def __reduce__(self) -> tuple:  # pickled as written out: an element does not leave its process
        return SourceLocation, self._key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceLocation) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"SourceLocation(term_id={self.term_id!r}, xpath={self.xpath!r}, line={self.line!r})"


@dataclass
class XmlSource:
    """A parsed document plus the namespace prefixes its XPaths use, and what has been read from it."""

    tree: etree._ElementTree
    namespaces: dict[str, str]
    provenance: dict[str, SourceLocation] = field(default_factory=dict)
    _consumed: set = field(default_factory=set)
    _paths: ElementPaths = field(default_factory=ElementPaths)

    def __post_init__(self) -> None:
        self._xpaths = compiled_xpaths(self.namespaces)

    def path(self, element: etree._Element) -> str:
        """The element's XPath as `tree.getpath` writes it (linear for the whole document, see `paths`)."""
        return self._paths.path(element)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def xpath(self, expression: str) -> etree.XPath:
        """`expression` compiled for this document's namespace prefixes (shared by every document)."""
        return self._xpaths(expression)

    def all(self, context: etree._Element, expression: str) -> list[etree._Element]:
        """Elements matching `expression` under `context` (structural: records no provenance)."""
        found = self.xpath(expression)(context)
        for element in found:
            if isinstance(element, etree._Element):
                self._consumed.add(element)
        return [element for element in found if isinstance(element, etree._Element)]

    def first(self, context: etree._Element, expression: str) -> etree._Element | None:
        """The first element matching `expression`, or None."""
        found = self.all(context, expression)
        return found[0] if found else None

    def text(self, context: etree._Element | None, expression: str, path: str, term_id: str | None = None,
             *, verbatim: bool = False) -> str | None:
        """The whitespace-trimmed text of the first match (element or `@attribute`), recorded under `path`.

        Empty text counts as absent (None) but the element is still marked consumed. With
        `verbatim`, non-empty text is returned untrimmed (for free text whose line breaks carry
        meaning, such as the Skonto lines in BT-20).
        """
        if context is None:
            return None
        for node in self.xpath(expression)(context):
            if isinstance(node, etree._Element):
                self._consumed.add(node)
                value = (node.text or "").strip()
                location = SourceLocation.of(term_id, self._paths, node)
            else:  # an attribute result (lxml smart string)
                parent = node.getparent()
                self._consumed.add((parent, node.attrname))
                value = str(node).strip()
                location = SourceLocation.of(term_id, self._paths, parent, node.attrname)
            if value:
                self.provenance[path] = location
                return node.text if verbatim and isinstance(node, etree._Element) else value
            return None
        return None

    def decimal(self, context, expression: str, path: str, term_id: str | None = None) -> Decimal | str | None:
        """The text as Decimal; a value that is not a number is returned as the raw string.

        Returning the raw string lets the model reject it loudly (pydantic) rather than losing it.
        """
        value = self.text(context, expression, path, term_id)
        if value is None:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            return value

    def date(self, context, expression: str, path: str, term_id: str | None = None, *, format_code: str | None = None) -> date | str | None:
        """The text as a date: ISO `YYYY-MM-DD` (UBL) or `format_code` "102" `YYYYMMDD` (CII)."""
        value = self.text(context, expression, path, term_id)
        if value is None:
            return None
        pattern = "%Y%m%d" if format_code == "102" or (format_code is None and len(value) == 8 and value.isdigit()) else "%Y-%m-%d"
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            return value

    def consume(self, element: etree._Element | None) -> None:
        """Mark an element as read without recording a term (e.g. a fixed-value qualifier)."""
        if element is not None:
            self._consumed.add(element)

    def consume_attribute(self, element: etree._Element | None, name: str) -> None:
        """Mark one attribute as read (e.g. `currencyID`, which the model keeps at document level)."""
        if element is not None and name in element.attrib:
            self._consumed.add((element, name))

    def unmapped(self) -> tuple[str, ...]:
        """XPaths of leaf elements with text, and attributes, that no reader call consumed."""
        missing = []
        for element in self.root.iter(etree.Element):
            if len(element) == 0 and (element.text or "").strip() and element not in self._consumed:
                missing.append(self.path(element))
            for name in element.attrib:
                if (element, name) not in self._consumed and not name.startswith("{http://www.w3.org/"):
                    missing.append(f"{self.path(element)}/@{name}")
        return tuple(missing)
