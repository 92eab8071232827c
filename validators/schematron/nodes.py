"""The XPath data model over an lxml tree: node kinds, axes, names, string values, document order.

Elements are lxml elements themselves (comments and processing instructions are skipped where XPath
asks for elements). The document node, attributes and text nodes, which lxml does not represent as
objects of their own, are `Document`, `Attr` and `Text`. Every axis function returns a list in
document order (reverse axes too: a predicate's position on them is counted by `reverse_position`).

Contract: these functions never raise for a well-formed tree; they are the only place that knows how
lxml stores a document, so the compiled rules stay independent of it.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from validators.schematron.values import Untyped

_ELEMENT = etree.Element  # the tag filter lxml uses for "elements only"


class Document:
    """The document node: parent of the root element."""

    __slots__ = ("root",)

    def __init__(self, root: etree._Element):
        self.root = root

    def __eq__(self, other):
        return isinstance(other, Document) and other.root is self.root

    def __hash__(self):
        return hash(("document", id(self.root)))


class Attr:
    """An attribute node: its element, its name in Clark notation and its value."""

    __slots__ = ("parent", "name", "value")

    def __init__(self, parent: etree._Element, name: str, value: str):
        self.parent = parent
        self.name = name
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Attr) and other.parent is self.parent and other.name == self.name

    def __hash__(self):
        return hash((id(self.parent), self.name))


class Text:
    """A text node: its parent element, its index among the parent's text nodes, and its content."""

    __slots__ = ("parent", "index", "value")

    def __init__(self, parent: etree._Element, index: int, value: str):
        self.parent = parent
        self.index = index
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Text) and other.parent is self.parent and other.index == self.index

    def __hash__(self):
        return hash((id(self.parent), "text", self.index))


NODE_TYPES = (etree._Element, Document, Attr, Text)


def is_node(item) -> bool:
    return isinstance(item, NODE_TYPES)


def is_element(item) -> bool:
    return isinstance(item, etree._Element) and isinstance(item.tag, str)


# --- axes -------------------------------------------------------------------------------------

def children(node, tag=None) -> list:
    """Child elements of `node` (all, or those with Clark name `tag`)."""
    if isinstance(node, etree._Element):
        return list(node.iterchildren(tag if tag is not None else _ELEMENT))
    if isinstance(node, Document):
        root = node.root
        return [root] if tag is None or root.tag == tag else []
    return []


def children_in(node, uri: str | None, local: str | None) -> list:
    """Child elements matching a wildcard name test (`prefix:*` gives `uri`, `*:local` gives `local`)."""
    return [child for child in children(node) if _name_matches(child.tag, uri, local)]


def _name_matches(tag: str, uri: str | None, local: str | None) -> bool:
    namespace, _, name = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
    if not name:
        namespace, name = "", tag
    return (uri is None or namespace == uri) and (local is None or name == local)


def name_matches(node, uri: str | None, local: str | None) -> bool:
    """Whether element or attribute `node` passes a name test (None: any)."""
    name = node.name if isinstance(node, Attr) else node.tag
    return _name_matches(name, uri, local)


def text_children(node) -> list:
    """Text node children (lxml keeps them as an element's text and its children's tails; a comment or
    processing instruction between two runs of text makes two text nodes in XPath too)."""
    if not isinstance(node, etree._Element):
        return []
    texts = [Text(node, 0, node.text)] if node.text else []
    for index, child in enumerate(node, 1):
        if child.tail:
            texts.append(Text(node, index, child.tail))
    return texts


def all_children(node) -> list:
    """`node()` children: elements, text nodes (comments and processing instructions are not needed by the rules)."""
    if isinstance(node, Document):
        return [node.root]
    if not isinstance(node, etree._Element):
        return []
    items: list = []
    index = 0
    if node.text:
        items.append(Text(node, index, node.text))
    for child in node:
        index += 1
        if isinstance(child.tag, str):
            items.append(child)
        if child.tail:
            items.append(Text(node, index, child.tail))
    return items


def attribute(node, name: str) -> list:
    """The attribute named `name` (Clark notation) of an element, as a one-item list, or []."""
    if isinstance(node, etree._Element):
        value = node.get(name)
        if value is not None:
            return [Attr(node, name, value)]
    return []


def attributes(node, uri: str | None = None, local: str | None = None) -> list:
    """Attributes of an element passing a name test (None: any)."""
    if not isinstance(node, etree._Element):
        return []
    return [Attr(node, name, value) for name, value in node.attrib.items() if _name_matches(name, uri, local)]


def parent(node):
    """The parent node, or None for the document node."""
    if isinstance(node, etree._Element):
        up = node.getparent()
        return up if up is not None else Document(node.getroottree().getroot())
    if isinstance(node, (Attr, Text)):
        return node.parent
    return None


def ancestors(node, self_too: bool = False) -> list:
    """Ancestors in document order (the document node first)."""
    chain = [node] if self_too else []
    up = parent(node)
    while up is not None:
        chain.append(up)
        up = parent(up)
    chain.reverse()
    return chain


def descendants(node, tag=None, self_too: bool = False) -> list:
    """Descendant elements in document order (with `self_too`, `node` itself first when it passes)."""
    if isinstance(node, Document):
        root = node.root
        found = list(root.iter(tag if tag is not None else _ELEMENT))
        return ([node] + found) if self_too and tag is None else found
    if not isinstance(node, etree._Element):
        return [node] if self_too and tag is None else []
    found = list(node.iter(tag if tag is not None else _ELEMENT))
    if not self_too and found and found[0] is node:
        found = found[1:]
    return found


def following_siblings(node) -> list:
    if isinstance(node, etree._Element):
        return list(node.itersiblings(_ELEMENT))
    return []


def preceding_siblings(node) -> list:
    """Preceding sibling elements in document order."""
    if isinstance(node, etree._Element):
        found = list(node.itersiblings(_ELEMENT, preceding=True))
        found.reverse()
        return found
    return []


def root_of(node) -> Document:
    """The document node of `node`'s tree."""
    if isinstance(node, Document):
        return node
    element = node.parent if isinstance(node, (Attr, Text)) else node
    return Document(element.getroottree().getroot())


# --- names and values -------------------------------------------------------------------------

def _split(tag: str) -> tuple[str, str]:
    """(namespace, local name) of a Clark name."""
    if tag[0] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def qname(node) -> str:
    """fn:name: the name as written in the document (prefix:local), "" for nodes without a name."""
    if isinstance(node, etree._Element):
        tag = node.tag
        if not isinstance(tag, str):
            return ""
        local = _split(tag)[1]
        prefix = node.prefix
        return f"{prefix}:{local}" if prefix else local
    if isinstance(node, Attr):
        namespace, local = _split(node.name)
        if not namespace:
            return local
        prefix = next((p for p, u in node.parent.nsmap.items() if u == namespace and p), None)
        return f"{prefix}:{local}" if prefix else local
    return ""


def local_name(node) -> str:
    if isinstance(node, etree._Element) and isinstance(node.tag, str):
        return _split(node.tag)[1]
    if isinstance(node, Attr):
        return _split(node.name)[1]
    return ""


def namespace_uri(node) -> str:
    if isinstance(node, etree._Element) and isinstance(node.tag, str):
        return _split(node.tag)[0]
    if isinstance(node, Attr):
        return _split(node.name)[0]
    return ""


def string_value(node) -> str:
    """The string value: an element's descendant text in order, an attribute's or text node's value."""
    if isinstance(node, etree._Element):
        if len(node) == 0:
            return node.text or ""
        return "".join(node.itertext())
    if isinstance(node, (Attr, Text)):
        return node.value
    if isinstance(node, Document):
        return string_value(node.root)
    return ""


_ELEMENT_CLASS = etree._Element
_ATOMIC = frozenset((str, Untyped, Decimal, int, float, bool))


def atomize(item):
    """The typed value of one item: nodes give xs:untypedAtomic (there is no schema type information)."""
    kind = type(item)
    if kind is _ELEMENT_CLASS:
        if len(item) == 0:
            return Untyped(item.text or "")
        return Untyped("".join(item.itertext()))
    if kind in _ATOMIC:
        return item
    if isinstance(item, etree._Element):
        if len(item) == 0:
            return Untyped(item.text or "")
        return Untyped("".join(item.itertext()))
    if isinstance(item, (Attr, Text)):
        return Untyped(item.value)
    if isinstance(item, Document):
        return Untyped(string_value(item))
    return item


# --- document order ---------------------------------------------------------------------------

class Order:
    """Document positions of one tree's elements, built once on first need."""

    def __init__(self, root: etree._Element):
        self.root = root
        self._index: dict | None = None

    def key(self, node) -> tuple:
        if self._index is None:
            self._index = {element: position for position, element in enumerate(self.root.iter())}
        index = self._index
        if isinstance(node, Document):
            return (-1, 0, 0)
        if isinstance(node, Attr):
            return (index[node.parent], 1, node.name)
        if isinstance(node, Text):
            # text nodes are only ever sorted among their siblings' texts by the rules
            return (index[node.parent], 2, node.index)
        return (index[node], 0, 0)

    def sort(self, nodes: list) -> list:
        """Nodes in document order without duplicates."""
        if len(nodes) < 2:
            return nodes
        unique = list(dict.fromkeys(nodes))
        unique.sort(key=self.key)
        return unique


PREFIXES = {
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2": "ubl",
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2": "cn",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
    "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100": "rsm",
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
    "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
    "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
}
"""The prefixes the official rule files use, for readable locations."""


def prefixed_name(element) -> str:
    """The element's name with the prefix the rule files use for its namespace (cbc:ID, ram:CategoryCode)."""
    namespace, local = _split(element.tag)
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def location_path(element) -> str:
    """An XPath to `element` with the rule files' prefixes and positions, e.g. /ubl:Invoice[1]/cac:InvoiceLine[2]."""
    steps = []
    while element is not None:
        qualified = etree.QName(element)
        prefix = PREFIXES.get(qualified.namespace or "")
        name = f"{prefix}:{qualified.localname}" if prefix else (
            f"*:{qualified.localname}" if qualified.namespace else qualified.localname)
        steps.append(f"{name}[{_position(element)}]")
        element = element.getparent()
    return "/" + "/".join(reversed(steps))


def location_iso(element) -> str:
    """The location the ISO Schematron skeleton writes (mode schematron-select-full-path), e.g.
    /*:Invoice[namespace-uri()='urn:…:Invoice-2'][1]/*:ID[namespace-uri()='urn:…'][1]."""
    steps = []
    while element is not None:
        qualified = etree.QName(element)
        name = f"*:{qualified.localname}[namespace-uri()='{qualified.namespace}']" if qualified.namespace \
            else qualified.localname
        steps.append(f"{name}[{_position(element)}]")
        element = element.getparent()
    return "/" + "/".join(reversed(steps))


def location_schxslt(element) -> str:
    """The location SchXslt writes (its schxslt:location function), e.g. /Q{urn:…:Invoice-2}Invoice[1]/Q{…}ID[1]."""
    steps = []
    while element is not None:
        qualified = etree.QName(element)
        steps.append(f"Q{{{qualified.namespace or ''}}}{qualified.localname}[{_position(element)}]")
        element = element.getparent()
    return "/" + "/".join(reversed(steps))


LOCATIONS = {"iso": location_iso, "schxslt": location_schxslt}
"""How each Schematron compiler writes a finding's location, by the name the generated rule sets record."""


def _position(element) -> int:
    return 1 + sum(1 for _ in element.itersiblings(element.tag, preceding=True))


def readable_location(location: str) -> str:
    """A location in either official style with the namespace noise removed: /Invoice[1]/InvoiceLine[2]/ID[1]."""
    import re

    text = re.sub(r"\*:([\w.-]+)\[namespace-uri\(\)='[^']*'\]", r"\1", location)
    text = re.sub(r"@\*\[local-name\(\)='([\w.-]+)' and namespace-uri\(\)='[^']*'\]", r"@\1", text)
    return re.sub(r"Q\{[^}]*\}", "", text)
