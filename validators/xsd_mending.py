"""libxml2's schema verdicts, mended where they differ from the XML Schema 1.0 Recommendation and from Xerces.

KoSIT validates with the JAXP validator of its Java runtime (Xerces); this service validates with libxml2
(lxml), which judges two kinds of value differently (found by `tests/differential/test_schema_vs_xerces.py`,
which asks the JDK's validator; libxml2 2.14):

* a date, time or duration with spaces, tabs or line ends around it is rejected, although these types
  collapse whitespace (XSD 1.0 Part 2, 3.2.6-3.2.14: `whiteSpace` fixed to `collapse`), so
  `<cbc:IssueDate> 2024-01-01 </cbc:IssueDate>` is valid. The elements named in such an error are
  validated again with the value trimmed, the value the schema compares;
* a base64Binary value with characters outside the base64 alphabet is accepted when the remaining
  characters come out right (`2024-01-01`, `data:application/pdf;base64,...` or base64url's `-` and `_`
  in an attachment), although the lexical space of base64Binary (3.2.16) admits only the alphabet, `=`
  padding and spaces. Every element the schemas declare with a base64Binary type is read against that
  grammar; one that fails and that libxml2 let pass is reported — if libxml2 validated it at all (it does
  not validate what a `processContents="skip"` wildcard holds, such as a signature in UBL's
  `ext:ExtensionContent`), which a second run with a value it must reject tells.

`violations` leaves the document as it was; it is not thread-safe for one schema (libxml2 keeps the error
log on the schema object), so callers take turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
BASE64_BINARY = f"{{{XS}}}base64Binary"


@dataclass(frozen=True)
class SchemaError:
    """One schema violation, with its position in the validated document."""

    message: str
    line: int | None
    column: int | None


_PADDED_DATE = re.compile(
    r"Element '([^']+)': '(.*)' is not a valid value of the atomic type "
    r"'xs:(?:date|time|dateTime|duration|gYear|gYearMonth|gMonth|gMonthDay|gDay)'\.", re.DOTALL)
# libxml2 names the type of a value it rejects as "the atomic type 'xs:base64Binary'" or, for a type derived by
# simple content (UBL's cbc:EmbeddedDocumentBinaryObject), "the local atomic type"
_INVALID_VALUE = re.compile(r"Element '([^']+)': '(.*)' is not a valid value of the (?:local )?atomic type(?: '[^']+')?\.",
                            re.DOTALL)
_XML_SPACE = " \t\r\n"
_BASE64_TEXT = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"
_WHITESPACE = _XML_SPACE.encode("ascii")


def is_base64(value: str) -> bool:
    """Whether `value` is in the lexical space of xs:base64Binary (XSD 1.0 Part 2, 3.2.16): after whitespace is
    collapsed and the optional spaces taken out, quads of the alphabet, the last of which may end in "=" after a
    character that leaves no bits over (B16: `AEIMQUYcgkosw048`) or in "==" after one of B04 (`AQgw`).
    Byte operations throughout (about 1.6 ms per megabyte of attachment, measured)."""
    try:
        data = value.encode("ascii")
    except UnicodeEncodeError:
        return False
    if data.translate(None, _BASE64_TEXT):  # something besides the alphabet, "=" and whitespace
        return False
    text = data.translate(None, _WHITESPACE)
    core = text.rstrip(b"=")
    padding = len(text) - len(core)
    if len(text) % 4 or padding > 2 or b"=" in core:
        return False
    return padding == 0 or core[-1:] in (b"AEIMQUYcgkosw048" if padding == 1 else b"AQgw")


def violations(schema: etree.XMLSchema, tree: etree._ElementTree | etree._Element,
               binary: frozenset[str] = frozenset()) -> list[SchemaError]:
    """Every violation of `tree` against `schema` in document order ([] when valid): libxml2's, mended as above.

    `binary` holds the Clark names of the elements the schema declares with a base64Binary type
    (`binary_elements` of its files)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    log = [] if schema.validate(tree) else _entries(schema)
    padded = {(found[1], found[2]) for entry in log if (found := _PADDED_DATE.fullmatch(entry.message))
              and found[2] != found[2].strip(_XML_SPACE)}
    if padded:
        trimmed = [(element, value.strip(_XML_SPACE)) for element in root.iter(etree.Element)
                   if (value := _value(element)) is not None and (element.tag, value) in padded]
        with _values_replaced(trimmed):
            log = [] if schema.validate(tree) else _entries(schema)
    if binary:
        log = sorted(log + _lenient_binaries(schema, tree, root, log, binary), key=lambda error: error.line or 0)
    return log


def _entries(schema: etree.XMLSchema) -> list[SchemaError]:
    return [SchemaError(entry.message, entry.line or None, entry.column or None) for entry in schema.error_log]


def _lenient_binaries(schema, tree, root, log: list[SchemaError], binary: frozenset[str]) -> list[SchemaError]:
    """Errors for base64Binary values outside the lexical space that libxml2 validated and let pass."""
    reported = {(error.line, found[1]) for error in log if (found := _INVALID_VALUE.fullmatch(error.message))}
    suspects = [(element, value) for element in root.iter(*binary)
                if (value := _value(element)) is not None and not is_base64(value)
                and (element.sourceline, element.tag) not in reported]
    if not suspects:
        return []
    # a value libxml2 must reject, different for each suspect ("A" and the suspect's number in hex digits, 4k + 1
    # characters of the alphabet in all): the errors name those it validates
    width = -(-len(f"{len(suspects):x}") // 4) * 4
    probes = [(element, f"A{number:0{width}x}") for number, (element, _) in enumerate(suspects)]
    with _values_replaced(probes):
        validated = set() if schema.validate(tree) else {
            (found[1], found[2]) for error in _entries(schema) if (found := _INVALID_VALUE.fullmatch(error.message))}
    return [SchemaError(f"Element '{element.tag}': '{_shortened(value)}' is not a valid value of the atomic type "
                        "'xs:base64Binary'.", element.sourceline, None)
            for (element, value), (_, probe) in zip(suspects, probes) if (element.tag, probe) in validated]


def _shortened(value: str) -> str:
    return value if len(value) <= 60 else value[:60] + "…"


class _values_replaced:
    """Within the block, each element's value is the one given (comments inside it kept); restored after."""

    def __init__(self, replacements: list[tuple[etree._Element, str]]):
        self.replacements = replacements
        self.kept: list = []

    def __enter__(self) -> None:
        for element, value in self.replacements:
            self.kept.append((element, element.text, [child.tail for child in element]))
            element.text = value
            for child in element:  # comments or processing instructions: their tails were part of the value
                child.tail = None

    def __exit__(self, *exception) -> None:
        for element, text, tails in self.kept:
            element.text = text
            for child, tail in zip(element, tails):
                child.tail = tail


def _value(element: etree._Element) -> str | None:
    """The text of an element without element children (comments and processing instructions may sit in it)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            return None
        parts.append(child.tail or "")
    return "".join(parts)


@lru_cache(maxsize=None)
def binary_elements(files: tuple[Path, ...]) -> frozenset[str]:
    """Clark names of the elements declared with a type derived from xs:base64Binary in the schema made of
    `files` and every file they import or include (trusted schema files; read once per process)."""
    documents = _schema_documents(files)
    bases: dict[str, str] = {}
    declared: list[tuple[str, str | None]] = []
    for root in documents:
        namespace = root.get("targetNamespace", "")
        qualified = root.get("elementFormDefault") == "qualified"
        for definition in root.iter(f"{{{XS}}}complexType", f"{{{XS}}}simpleType"):
            name, base = definition.get("name"), _base(definition)
            if name and base:
                bases[_clark(namespace, name)] = base
        for element in root.iter(f"{{{XS}}}element"):
            name = element.get("name")
            if not name:
                continue
            form = element.get("form") or ("qualified" if qualified or element.getparent() is root else "unqualified")
            declared_type = element.get("type")
            if declared_type:
                type_name: str | None = _resolve(element, declared_type)
            else:
                inline = element.find(f"{{{XS}}}complexType")
                inline = inline if inline is not None else element.find(f"{{{XS}}}simpleType")
                type_name = _base(inline) if inline is not None else None
            declared.append((_clark(namespace if form == "qualified" else "", name), type_name))

    def is_binary(type_name: str | None) -> bool:
        seen = set()
        while type_name is not None and type_name not in seen:
            if type_name == BASE64_BINARY:
                return True
            seen.add(type_name)
            type_name = bases.get(type_name)
        return False

    return frozenset(name for name, type_name in declared if is_binary(type_name))


def _schema_documents(files: tuple[Path, ...]) -> list[etree._Element]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    documents, seen, pending = [], set(), [Path(file).resolve() for file in files]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        root = etree.parse(str(path), parser).getroot()
        documents.append(root)
        for reference in root.iter(f"{{{XS}}}import", f"{{{XS}}}include", f"{{{XS}}}redefine"):
            location = reference.get("schemaLocation")
            if location and "://" not in location:
                pending.append((path.parent / location).resolve())
    return documents


def _base(definition: etree._Element) -> str | None:
    """The base type of a named or anonymous type definition (simple content or simple type restriction)."""
    for path in ("xs:simpleContent/xs:extension", "xs:simpleContent/xs:restriction", "xs:restriction"):
        derivation = definition.find(path, {"xs": XS})
        base = derivation.get("base") if derivation is not None else None
        if derivation is not None and base:
            return _resolve(derivation, base)
    return None


def _resolve(element: etree._Element, qname: str) -> str:
    prefix, _, local = qname.rpartition(":")
    return _clark(element.nsmap.get(prefix or None) or "", local)


def _clark(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name
