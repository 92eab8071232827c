"""What compiled rule modules call at run time: sequences, effective boolean values, comparisons, paths.

The compiler (`compiler.py`) emits Python that represents an XPath sequence as a list and a single
atomic value as itself; the helpers here convert between the two with XPath's rules (function
conversion, atomization, general comparison) and raise `XPathError` exactly where XPath 2.0 makes
the expression an error. `Globals` is the per-document state a compiled rule set extends: the
document node, document order, caches of descendants by name, and (in the generated subclass) the
Schematron variables and the context-free subexpressions, each computed once on first use.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from lxml import etree

from validators.schematron import nodes
from validators.schematron.nodes import Attr, Text, atomize, is_node
from validators.schematron.values import (
    CASTS,
    NUMERIC,
    Integral,
    Untyped,
    XPathError,
    castable,
    compare_atomic,
    compare_untyped_number,
    to_decimal,
    to_double,
    to_string,
    type_name,
)

_NONE: list = []  # shared empty result; generated code never changes a list it is given


ELEMENT = etree.Element
"""The tag filter of `iter` for elements only (no comments or processing instructions)."""


class SharedDocument:
    """What every rule set run on one document can share: the document node, document order, and
    indexes of elements by name and attributes by name, each built once on first use."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.node = nodes.Document(root)
        self.order = nodes.Order(root)
        self._elements: list | None = None
        self._names: frozenset | None = None
        self.by_name: dict | None = None
        self.attributes: dict | None = None

    @property
    def elements(self) -> list:
        """(element, Clark name) of every element in document order, made once per document. Holding the
        elements keeps lxml's proxy objects alive, so later navigation reuses them instead of making new
        ones, and each name is computed once (lxml builds `tag` anew on every access)."""
        if self._elements is None:
            self._elements = [(element, element.tag) for element in self.root.iter(ELEMENT)]
        return self._elements

    @property
    def names(self) -> frozenset:
        """The Clark names of the document's elements, made once per document: a rule's test that needs an
        element name the document lacks is decided without evaluating it (`forms.true_without`)."""
        if self._names is None:
            self._names = frozenset([tag for _, tag in self.elements])
        return self._names

class Globals:
    """Per-document evaluation state of one rule set; generated rule sets subclass it with cached variables."""

    def __init__(self, root: etree._Element, shared: SharedDocument | None = None):
        shared = shared if shared is not None and shared.root is root else SharedDocument(root)
        self.shared = shared
        self.root = root
        self.doc = shared.node
        self.order = shared.order
        self.memo_cache: dict = {}

    def descendants(self, tag: str) -> list:
        """Every element named `tag` in the document, in document order (`//x`: the rule files ask for
        dozens of names, so one pass indexes them all, shared by the rule sets of the document)."""
        index = self.shared.by_name
        if index is None:
            index = self.shared.by_name = {}
            for element, name in self.shared.elements:
                found = index.get(name)
                if found is None:
                    index[name] = [element]
                else:
                    found.append(element)
        return index.get(tag, _NONE)

    def attributes_named(self, name: str) -> list:
        """Every attribute named `name` (Clark notation) in the document, in document order (`//@name`)."""
        shared = self.shared
        if shared.attributes is None:
            index: dict = {}
            for element in self.root.iter(etree.Element):
                if element.attrib:
                    for attribute, value in element.attrib.items():
                        index.setdefault(attribute, []).append(Attr(element, attribute, value))
            shared.attributes = index
        return shared.attributes.get(name, [])


# --- sequences and single values ----------------------------------------------------------------

def opt_seq(value) -> list:
    """A single value or None as a sequence."""
    return [] if value is None else [value]


def atomized(seq: list) -> list:
    return [atomize(item) for item in seq]


def opt_atom(seq: list):
    """The one atomic value of a sequence of at most one item (None for empty; XPTY0004 for more)."""
    if not seq:
        return None
    if len(seq) > 1:
        raise XPathError("XPTY0004", f"A sequence of more than one item is not allowed here ({len(seq)} items)")
    return atomize(seq[0])


def arg_str(seq: list) -> str:
    """An `xs:string?` argument: "" for the empty sequence, untyped values as strings."""
    value = opt_atom(seq)
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    raise XPathError("XPTY0004", f"Required item type is xs:string; supplied value has item type {type_name(value)}")


def arg_num(seq: list):
    """A numeric `?` argument: None for empty, untyped values as doubles."""
    value = opt_atom(seq)
    if value is None or (isinstance(value, NUMERIC) and not isinstance(value, bool)):
        return value
    if isinstance(value, Untyped):
        return to_double(value)
    raise XPathError("XPTY0004", f"Required item type is numeric; supplied value has item type {type_name(value)}")


def arg_double(seq: list) -> float:
    """An `xs:double` argument (substring's start and length)."""
    value = arg_num(seq)
    if value is None:
        raise XPathError("XPTY0004", "An empty sequence is not allowed as a numeric argument")
    return float(value)


def one_node(seq: list):
    """The one node of a sequence (for name(), root() and the like); None for empty."""
    if not seq:
        return None
    if len(seq) > 1:
        raise XPathError("XPTY0004", "A sequence of more than one node is not allowed here")
    if not is_node(seq[0]):
        raise XPathError("XPTY0004", f"A node is required; supplied value has item type {type_name(seq[0])}")
    return seq[0]


def ebv(seq: list) -> bool:
    """The effective boolean value of a sequence (F&O 15.1.1; FORG0006 where it has none)."""
    if not seq:
        return False
    first = seq[0]
    if is_node(first):
        return True
    if len(seq) > 1:
        raise XPathError("FORG0006", "Effective boolean value is not defined for a sequence of two or more atomic values")
    return ebv_atom(first)


def ebv_atom(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value != ""
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, (int, Decimal)):
        return value != 0
    if is_node(value):
        return True
    raise XPathError("FORG0006", f"Effective boolean value is not defined for {type_name(value)}")


def ebv_opt(value) -> bool:
    return False if value is None else ebv_atom(value)


# --- comparisons --------------------------------------------------------------------------------

def gcmp(op: str, left: list, right: list) -> bool:
    """General comparison: true if some pair of atomized items compares true (errors as Saxon raises them)."""
    if not left or not right:
        return False
    right_values = [atomize(item) for item in right]
    for item in left:
        a = atomize(item)
        for b in right_values:
            if compare_atomic(op, a, b):
                return True
    return False


def gcmp_value(op: str, left: list, value) -> bool:
    """General comparison of a sequence with one known atomic value (a literal, a computed string)."""
    for item in left:
        if compare_atomic(op, atomize(item), value):
            return True
    return False


def vcmp(op: str, left, right) -> bool | None:
    """Value comparison (`eq`, `lt`, …) of two optional atomic values; None (empty) when either is empty."""
    if left is None or right is None:
        return None
    return compare_atomic(op, left, right, general=False)


def vcmp_then(op: str, left, right) -> bool | None:
    """`vcmp` whose right operand (a function) is evaluated only when the left one is not empty, as Saxon does."""
    return None if left is None else vcmp(op, left, right())


def node_compare(op: str, left, right, g: Globals) -> bool | None:
    if left is None or right is None:
        return None
    if op == "is":
        return left == right
    a, b = g.order.key(left), g.order.key(right)
    return a < b if op == "<<" else a > b


# --- paths --------------------------------------------------------------------------------------

def step_over(seq: list, step, g: Globals, *, ordered: bool) -> list:
    """`E/step` for a sequence E: apply `step` (node → list) to every node, in document order."""
    found: list = []
    for item in seq:
        if not is_node(item):
            raise XPathError("XPTY0019", "The left operand of '/' must be a sequence of nodes")
        found.extend(step(item))
    return path_result(found, g, ordered=ordered)


def path_result(found: list, g: Globals, *, ordered: bool) -> list:
    """The result of a path step: nodes in document order without duplicates, or atomic values as they came."""
    if ordered or len(found) < 2:
        return found
    kinds = {is_node(item) for item in found}
    if kinds == {True}:
        return g.order.sort(found)
    if kinds == {False}:
        return found
    raise XPathError("XPTY0018", "The result of a path operator contains both nodes and atomic values")


def union(left: list, right: list, g: Globals) -> list:
    for item in (*left, *right):
        if not is_node(item):
            raise XPathError("XPTY0004", "The operands of a union must be nodes")
    return g.order.sort(left + right)


def intersect(left: list, right: list, g: Globals) -> list:
    keep = set(right)
    return g.order.sort([item for item in left if item in keep])


def except_(left: list, right: list, g: Globals) -> list:
    drop = set(right)
    return g.order.sort([item for item in left if item not in drop])


def parent_of(node) -> list:
    up = nodes.parent(node)
    return [] if up is None else [up]


def select_positional(items: list, predicate, *, reverse: bool = False) -> list:
    """Items whose predicate holds; a numeric predicate value selects by position (XPath 2.0, 3.2.2).

    `predicate(item, position, last)` returns the predicate's value as a sequence (list).
    """
    last = len(items)
    kept = []
    for index, item in enumerate(items):
        position = last - index if reverse else index + 1
        value = predicate(item, position, last)
        if len(value) == 1 and isinstance(value[0], NUMERIC) and not isinstance(value[0], bool):
            if value[0] == position:
                kept.append(item)
        elif ebv(value):
            kept.append(item)
    return kept


def at_position(items: list, position) -> list:
    """`E[n]` for a numeric literal n."""
    if isinstance(position, int) and 1 <= position <= len(items):
        return [items[position - 1]]
    if isinstance(position, (Decimal, float)) and position == int(position) and 1 <= position <= len(items):
        return [items[int(position) - 1]]
    return []


def integers(start, end) -> list:
    """`a to b` (empty when either is empty or a > b)."""
    if start is None or end is None:
        return []
    from validators.schematron.values import to_integer

    start, end = to_integer(_integer_operand(start)), to_integer(_integer_operand(end))
    return list(range(start, end + 1))


def _integer_operand(value):
    if isinstance(value, Untyped):
        return to_double(value)
    return value


def string_of(item) -> str:
    """fn:string of one item."""
    if item is None:
        return ""
    if is_node(item):
        return nodes.string_value(item)
    return to_string(item)


def value_of(seq: list) -> str:
    """xsl:value-of / Schematron value-of: the items' string values joined with single spaces."""
    return " ".join(string_of(item) for item in seq)


def is_attribute(item) -> bool:
    return isinstance(item, Attr)


def is_text(item) -> bool:
    return isinstance(item, Text)


# --- what the compiler emits for casts, arithmetic on optional values and name tests ------------

def cast_opt(value, type_name: str):
    """A constructor function such as xs:decimal(x): the empty sequence stays empty."""
    if value is None:
        return None
    return CASTS[type_name](value)


def cast_seq(seq: list, type_name: str, optional: bool):
    """`E cast as T` / `E cast as T?`."""
    value = opt_atom(seq)
    if value is None:
        if optional:
            return None
        raise XPathError("XPTY0004", f"An empty sequence cannot be cast to {type_name}")
    return CASTS[type_name](value)


def castable_seq(seq: list, type_name: str, optional: bool) -> bool:
    """`E castable as T` / `T?`: false (never an error) when the value cannot be cast."""
    if len(seq) > 1:
        return False
    if not seq:
        return optional
    return castable(atomize(seq[0]), type_name)


_INSTANCE_TESTS = {
    "xs:string": lambda value: isinstance(value, str) and not isinstance(value, Untyped),
    "xs:untypedAtomic": lambda value: isinstance(value, Untyped),
    "xs:boolean": lambda value: isinstance(value, bool),
    # Saxon answers by how it holds the value: an xs:decimal held as an integer (`Integral`) is an xs:integer
    "xs:integer": lambda value: (isinstance(value, int) and not isinstance(value, bool)) or type(value) is Integral,
    "xs:decimal": lambda value: isinstance(value, (int, Decimal)) and not isinstance(value, bool),
    "xs:double": lambda value: isinstance(value, float),
    "node()": is_node,
    "element()": lambda value: isinstance(value, etree._Element),
    "item()": lambda value: True,
}


def instance_of(seq: list, type_name: str, occurrence: str) -> bool:
    test = _INSTANCE_TESTS.get(type_name)
    if test is None:
        raise XPathError("XPST0051", f"instance of {type_name} is not supported")
    if not seq:
        return occurrence in ("?", "*")
    if len(seq) > 1 and occurrence not in ("*", "+"):
        return False
    return all(test(item) for item in seq)


def convert_as(seq: list, type_name: str) -> list:
    """Function conversion rules (XPath 2.0, 3.1.5) for a parameter or result declared `as` a single atomic type."""
    base, occurrence = type_name.rstrip("?*+"), type_name[len(type_name.rstrip("?*+")):]
    values = [atomize(item) for item in seq]
    if not values and occurrence in ("?", "*"):
        return []
    if len(values) != 1 and occurrence in ("", "?"):
        raise XPathError("XPTY0004", f"A sequence of {len(values)} items is not allowed as {type_name}")
    converted = []
    for value in values:
        if isinstance(value, Untyped):
            value = CASTS[base](value)
        elif base in ("xs:decimal", "xs:double") and isinstance(value, NUMERIC) and not isinstance(value, bool):
            if base == "xs:double":
                value = float(value)
            elif isinstance(value, float):
                raise XPathError("XPTY0004", "An xs:double is not allowed where xs:decimal is required")
            elif isinstance(value, int):
                value = Decimal(value)
        elif base == "xs:string" and isinstance(value, str):
            value = str(value)
        elif not _INSTANCE_TESTS.get(base, lambda _: True)(value):
            raise XPathError("XPTY0004", f"Required item type is {base}; supplied value has item type {type_name_of(value)}")
        converted.append(value)
    return converted


def type_name_of(value) -> str:
    return type_name(value)


def arith(operation, left, right):
    """A binary arithmetic operator on optional operands: the empty sequence if either is empty."""
    if left is None or right is None:
        return None
    return operation(left, right)


def arith_then(operation, left, right):
    """`arith` whose right operand (a function) is evaluated only when the left one is not empty, as Saxon does."""
    if left is None:
        return None
    right = right()
    return None if right is None else operation(left, right)


def both(left, right) -> bool:
    """`left() and right()` as Saxon evaluates `and`: when the left operand raises, a false right one decides."""
    try:
        if not left():
            return False
    except XPathError:
        if not right():
            return False
        raise
    return bool(right())


def either(left, right) -> bool:
    """`left() or right()` as Saxon evaluates `or`: when the left operand raises, a true right one decides."""
    try:
        if left():
            return True
    except XPathError:
        if right():
            return True
        raise
    return bool(right())


def arith1(operation, operand):
    return None if operand is None else operation(operand)


def context_node(item):
    """The context item where a path needs a node (XPTY0020 otherwise)."""
    if not is_node(item):
        raise XPathError("XPTY0020", "The context item for an axis step is not a node")
    return item


def has_name(item, clark: str) -> bool:
    if isinstance(item, Attr):
        return item.name == clark
    return isinstance(item, etree._Element) and item.tag == clark


def matches_name(item, uri, local) -> bool:
    if isinstance(item, Attr) or (isinstance(item, etree._Element) and isinstance(item.tag, str)):
        return nodes.name_matches(item, uri, local)
    return False


def one_item(seq: list):
    """An optional single item (node or atomic) for fn:string and the like."""
    if not seq:
        return None
    if len(seq) > 1:
        raise XPathError("XPTY0004", "A sequence of more than one item is not allowed here")
    return seq[0]


def sibling_position(element, clark: str) -> int:
    """The position of `element` among its parent's children of the same name (a pattern's `x[n]`)."""
    position = 1
    for sibling in element.itersiblings(clark, preceding=True):
        position += 1
    return position


class AbsentPaths:
    """Assertions of the form `not(a/b/@c)` on one rule: found in one walk of the context's subtree.

    The CEN files have about a thousand such "element not used" tests; asking each on its own would
    cost a path evaluation apiece. The table maps each path (a tuple of Clark names, "@name" for a
    final attribute) to the assertions it fails; `check` walks only branches that lead to a path.
    """

    def __init__(self, table: dict):
        self.table = table
        self.prefixes = {path[:length] for path in table for length in range(1, len(path))}
        self.attribute_owners = {path[:-1] for path in table if path[-1].startswith("@")}

    def check(self, node, out: list) -> None:
        table, prefixes, owners = self.table, self.prefixes, self.attribute_owners
        fired: set = set()
        stack: list[tuple[Any, tuple[str, ...]]] = [(node, ())]
        while stack:
            element, path = stack.pop()
            if path in owners:
                for name in element.attrib:
                    hit = table.get(path + ("@" + name,))
                    if hit:
                        fired.update(hit)
            for child in element.iterchildren(etree.Element):
                child_path = path + (child.tag,)
                hit = table.get(child_path)
                if hit:
                    fired.update(hit)
                if child_path in prefixes:
                    stack.append((child, child_path))
        for number in sorted(fired):
            out.append((number, node))


def preceding(node, clark: str | None, g: Globals) -> list:
    """The preceding axis: elements before `node` in document order that are not its ancestors."""
    candidates = g.descendants(clark) if clark else list(g.doc.root.iter(etree.Element))
    key = g.order.key(node)
    ancestors = set(nodes.ancestors(node))
    return [element for element in candidates if g.order.key(element) < key and element not in ancestors]


def following(node, clark: str | None, g: Globals) -> list:
    """The following axis: elements after `node` in document order that are not its descendants."""
    candidates = g.descendants(clark) if clark else list(g.doc.root.iter(etree.Element))
    key = g.order.key(node)
    inside = set(nodes.descendants(node)) if isinstance(node, etree._Element) else set()
    return [element for element in candidates if g.order.key(element) > key and element not in inside]


# --- fast paths the compiler uses where the static kinds allow (same meaning as the general helpers) --

_BLANK = " \t\r\n"


def has1(element, tag: str) -> bool:
    """Whether `element` has a child named `tag`."""
    for _ in element.iterchildren(tag):
        return True
    return False


def has_child_element(element) -> bool:
    """`*` as a boolean: whether `element` has any child element."""
    if len(element) == 0:
        return False
    for _ in element.iterchildren(ELEMENT):
        return True
    return False


def elem_str(elements: list) -> str:
    """An `xs:string?` argument from a sequence of elements: "" for none, the string value of one."""
    if not elements:
        return ""
    if len(elements) > 1:
        raise XPathError("XPTY0004", f"A sequence of more than one item is not allowed here ({len(elements)} items)")
    element = elements[0]
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def nonblank(text: str) -> bool:
    """normalize-space(text) != '': some character other than space, tab, CR or LF."""
    return bool(text.strip(_BLANK))


def any_text_eq(items: list, value: str) -> bool:
    """`nodes = 'literal'`: some node's string value equals it (untyped compares as string)."""
    for item in items:
        if _text(item) == value:
            return True
    return False


def any_text_ne(items: list, value: str) -> bool:
    for item in items:
        if _text(item) != value:
            return True
    return False


def _text(item) -> str:
    if isinstance(item, etree._Element) and len(item) == 0:
        return item.text or ""
    return nodes.string_value(item)


def any_number(op: str, items: list, value) -> bool:
    """`nodes op number`: each node's untyped value compared with the number in turn (as Saxon compares them, see
    `values.compare_untyped_number`; FORG0001 for a value that is no number)."""
    for item in items:
        if compare_untyped_number(op, _text(item), value):
            return True
    return False


def sorted_nodes(found: list, g: Globals) -> list:
    return found if len(found) < 2 else g.order.sort(found)


class once:
    """A per-document value computed on first use and then kept on the instance (no lock, unlike
    functools.cached_property in Python 3.11: one document is evaluated by one thread)."""

    __slots__ = ("function", "name")

    def __init__(self, function):
        self.function = function
        self.name = function.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.function(instance)
        instance.__dict__[self.name] = value
        return value


def cmp_atoms(op: str, left, right) -> bool:
    """General comparison of two optional atomic values (false when either is empty)."""
    if left is None or right is None:
        return False
    return compare_atomic(op, left, right)


def decimal_of(elements: list):
    """xs:decimal(P) for a sequence of elements: None for none, the one element's value as a decimal."""
    if not elements:
        return None
    if len(elements) > 1:
        raise XPathError("XPTY0004", f"A sequence of more than one item is not allowed here ({len(elements)} items)")
    element = elements[0]
    return to_decimal(element.text or "" if len(element) == 0 else "".join(element.itertext()))


_MISSING = object()

def children(g: Globals, node, tag: str | None = None) -> list:
    """`nodes.children(node, tag)`, kept per document: paths such as `../../../cac:InvoicePeriod` from each
    of thousands of invoice lines would otherwise scan all the root's children once per line (quadratic)."""
    if not isinstance(node, etree._Element):
        return nodes.children(node, tag)
    key = ("children", node, tag)
    found = g.memo_cache.get(key)
    if found is None:
        found = g.memo_cache[key] = nodes.children(node, tag)
    return list(found)  # a copy: callers may sort or extend what they get


def memo(g: Globals, name: str, function, node):
    """`function(node, g)` once per node and document (a predicate the rule file repeats, see the compiler)."""
    key = (name, node)
    cache = g.memo_cache
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = cache[key] = function(node, g)
    return value
