"""Reading an ISO Schematron file (with its includes and XSLT functions) into plain data for the compiler.

Build-time code. `read(path)` returns a `Schema`: namespaces, the variables (schema and pattern
`let`s, which the official compilers — the ISO skeleton and SchXslt — make global), the stylesheet
functions, and the patterns with their rules and assertions in document order. Abstract patterns
and rules, phases other than "all patterns", and `diagnostics` are not used by the official files;
meeting one raises `SourceError` instead of compiling something that behaves differently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"


class SourceError(ValueError):
    """The Schematron file uses something the compiler does not support; the message names it."""


@dataclass(frozen=True)
class Assertion:
    """One assert or report: official id, flag, the test, and the message as text and value-of parts."""

    kind: str  # "assert" or "report"
    id: str
    flag: str | None
    role: str | None
    test: str
    message: tuple  # (("text", str) | ("value-of", select) | ("name", path or None), …)


@dataclass(frozen=True)
class Rule:
    context: str
    lets: tuple  # ((name, value expression), …)
    assertions: tuple
    pattern: str


@dataclass(frozen=True)
class Function:
    """An `xsl:function`: name, parameters ((name, as), …), result type, and its body element."""

    name: str
    params: tuple
    result: str | None
    body: etree._Element


@dataclass
class Schema:
    title: str
    query_binding: str
    namespaces: dict
    variables: list = field(default_factory=list)  # [(name, expression)] in document order
    functions: list = field(default_factory=list)
    patterns: list = field(default_factory=list)  # pattern ids in document order
    rules: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # file name → SHA-256 of every file read


def read(path: Path) -> Schema:
    """The Schematron schema at `path` (includes resolved relative to the including file)."""
    path = Path(path)
    sources: dict[str, str] = {}
    root = _load(path, sources)
    schema = Schema(title=" ".join((root.findtext(f"{{{SCH}}}title") or "").split()),
                    query_binding=root.get("queryBinding", "xslt"), namespaces={}, sources=sources)
    for element in root.iterchildren(f"{{{SCH}}}ns"):
        schema.namespaces[element.get("prefix")] = element.get("uri")
    for element in root.iterchildren(etree.Element):
        tag = element.tag
        if tag == f"{{{SCH}}}let":
            schema.variables.append(_let(element))
        elif tag == f"{{{XSL}}}function":
            schema.functions.append(_function(element))
        elif tag == f"{{{SCH}}}pattern":
            _pattern(element, schema)
        elif tag == f"{{{SCH}}}diagnostics":
            raise SourceError("diagnostics are not supported")
    return schema


def _load(path: Path, sources: dict) -> etree._Element:
    data = path.read_bytes()
    sources[path.name] = hashlib.sha256(data).hexdigest()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for include in list(root.iter(f"{{{SCH}}}include")):
        href = _required(include, "href")
        target = path.parent / href
        if not target.exists():
            # ../shared/official keeps an included file beside the including one (its README)
            target = path.parent / Path(href).name
        included = _load(target, sources)
        parent = include.getparent()
        assert parent is not None  # an include is inside the schema, never its root
        parent.replace(include, included)
    return root


def _required(element: etree._Element, name: str) -> str:
    """Attribute `name` of `element`, which the Schematron schema requires there."""
    value = element.get(name)
    if value is None:
        raise SourceError(f"{etree.QName(element).localname} without the required attribute {name!r}")
    return value


def _let(element: etree._Element) -> tuple:
    value = element.get("value")
    if value is None:
        raise SourceError(f"let {element.get('name')} without a value attribute is not supported")
    return element.get("name"), value


def _function(element: etree._Element) -> Function:
    params = tuple((param.get("name"), param.get("as")) for param in element.iterchildren(f"{{{XSL}}}param"))
    return Function(_required(element, "name"), params, element.get("as"), element)


def _pattern(element: etree._Element, schema: Schema) -> None:
    if element.get("abstract") == "true" or element.get("is-a"):
        raise SourceError(f"abstract pattern {element.get('id')} is not supported (use the preprocessed file)")
    pattern_id = element.get("id") or f"pattern-{len(schema.patterns) + 1}"
    schema.patterns.append(pattern_id)
    for child in element.iterchildren(etree.Element):
        if child.tag == f"{{{SCH}}}let":
            schema.variables.append(_let(child))
        elif child.tag == f"{{{SCH}}}rule":
            if child.get("abstract") == "true" or child.find(f"{{{SCH}}}extends") is not None:
                raise SourceError(f"abstract rule in pattern {pattern_id} is not supported")
            schema.rules.append(_rule(child, pattern_id))


def _rule(element: etree._Element, pattern_id: str) -> Rule:
    lets: list[tuple] = []
    assertions: list[Assertion] = []
    for child in element.iterchildren(etree.Element):
        local = etree.QName(child).localname
        if local == "let":
            lets.append(_let(child))
        elif local in ("assert", "report"):
            assertions.append(Assertion(local, child.get("id") or "", child.get("flag"), child.get("role"),
                                        _required(child, "test"), _message(child)))
    return Rule(" ".join(_required(element, "context").split()), tuple(lets), tuple(assertions), pattern_id)


def _message(element: etree._Element) -> tuple:
    parts: list = []
    if element.text:
        parts.append(("text", element.text))
    for child in element:
        if isinstance(child.tag, str):
            local = etree.QName(child).localname
            if local == "value-of":
                parts.append(("value-of", child.get("select")))
            elif local == "name":
                parts.append(("name", child.get("path")))
            elif child.text or len(child):
                parts.append(("text", "".join(child.itertext())))
        if child.tail:
            parts.append(("text", child.tail))
    return tuple(parts)
