"""What a native rule is: data (official id, level, messages, terms, scenarios) plus a small check per syntax.

A check is a function of a `Doc` that yields `Hit`s: the element where the rule fired and the
values its messages name (`{found}`, `{expected}` …). The same values fill the English and the
German message, so they hold codes, amounts and identifiers, never prose.

XPath expressions are compiled once, at import (`xpath`), and a `Doc` caches every result it
hands out, so rules that look at the same elements share the work.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Iterator, Mapping

from lxml import etree

from validators.report import Level

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
_PREFIX = {uri: prefix for prefix, uri in NS.items()}

STANDARD, EXTENSION, CVD = "standard", "extension", "cvd"
ALL_VARIANTS = frozenset({STANDARD, EXTENSION, CVD})

Values = Mapping[str, object]
Hit = tuple[etree._Element, Values]
Check = Callable[["Doc"], Iterable[Hit]]


def xpath(expression: str) -> etree.XPath:
    """Compile an XPath with the UBL and CII prefixes (done at import, never per document)."""
    return etree.XPath(expression, namespaces=NS, smart_strings=False)


@dataclass(frozen=True)
class Rule:
    """One official rule: its id, level, bilingual message templates, business terms and checks.

    `scenarios` names the XRechnung variants the rule belongs to ("standard", "extension",
    "cvd"); `ubl` and `cii` are the checks per syntax (None where the rule has no binding).
    """

    id: str
    level: Level
    message: str
    message_de: str
    terms: tuple[str, ...]
    ubl: Check | None = None
    cii: Check | None = None
    scenarios: frozenset[str] = ALL_VARIANTS

    def check_for(self, syntax: str) -> Check | None:
        """The check bound to `syntax` ("UBL" or "CII"), if any."""
        return self.ubl if syntax == "UBL" else self.cii


@dataclass
class Registry:
    """The rules of one rule set, by official id; an id can be registered only once."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, *rules: Rule) -> None:
        for rule in rules:
            if rule.id in self.rules:
                raise ValueError(f"rule {rule.id} is registered twice")
            self.rules[rule.id] = rule

    def applicable(self, syntax: str, variant: str) -> tuple[tuple[Rule, Check], ...]:
        """The rules (with their check) that run for `syntax` in scenario `variant`."""
        return tuple((rule, check) for rule in self.rules.values()
                     if variant in rule.scenarios and (check := rule.check_for(syntax)) is not None)


class Doc:
    """One parsed invoice as the checks see it: root, syntax, and cached XPath results."""

    __slots__ = ("tree", "root", "syntax", "_cache")

    def __init__(self, tree: etree._ElementTree, syntax: str):
        self.tree = tree
        self.root = tree.getroot()
        self.syntax = syntax
        self._cache: dict[object, object] = {}

    def all(self, path: etree.XPath, node: etree._Element | None = None) -> list:
        """Every result of `path` evaluated at `node` (the root by default), cached per node."""
        key = (path, node)
        result = self._cache.get(key)
        if result is None:
            result = path(self.root if node is None else node)
            self._cache[key] = result
        return result

    def first(self, path: etree.XPath, node: etree._Element | None = None):
        """The first result of `path`, or None."""
        result = self.all(path, node)
        return result[0] if result else None

    def memo(self, key: str, compute: Callable[[], object]):
        """A derived value shared by several rules (computed once per document)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


# --- small helpers the rule modules share ---------------------------------------------------

_SPACE = re.compile(r"\s+")


def text(node) -> str:
    """The node's string value with whitespace normalised (XPath normalize-space), '' for None."""
    if node is None:
        return ""
    value = node if isinstance(node, str) else "".join(node.itertext())
    return _SPACE.sub(" ", value).strip()


def has_text(node) -> bool:
    """True when the node exists and has non-blank content."""
    return bool(text(node))


def decimal(node) -> Decimal | None:
    """The node's value as a decimal, or None when it is missing or not a number."""
    value = text(node)
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    # Invoice amounts have a few dozen digits at most; anything beyond is no amount (and would make
    # decimal arithmetic overflow or grow without bound).
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return None
    return number


def either(element: etree._Element | None, fallback: etree._Element) -> etree._Element:
    """`element`, or `fallback` when it is None (elements without children are falsy, so no `or`)."""
    return fallback if element is None else element


def cents(value: Decimal) -> Decimal:
    """Round to cents the way XPath's round() does (halves towards positive infinity)."""
    return Decimal(math.floor(value * 100 + Decimal("0.5"))) / 100


class Missing:
    """Stands for a value the document does not give; each message language words it itself."""

    WORDS = {"en": "not given", "de": "nicht angegeben"}

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


def shown(value: str | None):
    """A value as a message shows it: quoted, or MISSING when there is none."""
    return f"'{value}'" if value else MISSING


def plain(value: Decimal) -> str:
    """A computed number without exponent or trailing zeros, e.g. 10 or 12.5."""
    return format(value.normalize(), "f")


def money(value: Decimal) -> str:
    """A computed amount with two decimals, e.g. 346.90."""
    return format(value, ".2f")


def children(element: etree._Element) -> Iterator[etree._Element]:
    """The element children (comments and processing instructions left out)."""
    return element.iterchildren(tag=etree.Element)


def present(context: etree.XPath) -> Check:
    """A check that fires at the root when `context` finds nothing (a mandatory group)."""

    def check(doc: Doc) -> Iterator[Hit]:
        if not doc.all(context):
            yield doc.root, {}

    return check


def filled(context: etree.XPath, *alternatives: etree.XPath) -> Check:
    """A check that fires at every `context` element in which none of `alternatives` has content."""

    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(context):
            if not any(has_text(doc.first(child, element)) for child in alternatives):
                yield element, {}

    return check


def required(path: etree.XPath) -> Check:
    """A check that fires at the root when the element `path` (from the root) is missing or blank."""

    def check(doc: Doc) -> Iterator[Hit]:
        if not has_text(doc.first(path)):
            yield either(doc.first(path), doc.root), {}

    return check


def name_of(element: etree._Element) -> str:
    """The element's name with its usual prefix, e.g. cbc:CityName."""
    qname = etree.QName(element)
    prefix = _PREFIX.get(qname.namespace)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def location(element: etree._Element) -> str:
    """A readable XPath of `element` with the usual prefixes and positions, e.g. /Invoice/cac:PaymentMeans[2]."""
    steps = []
    node = element
    while node is not None:
        name = name_of(node)
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent.iterchildren(node.tag)]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))
