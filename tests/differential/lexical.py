"""The same invoice written differently: encodings, comments, CDATA, whitespace, prefixes, number and date forms.

`mutate` edits what a rule looks at; these variants change how a document is written while most keep its
meaning (a byte-order mark, UTF-16, comments inside a value, CDATA, character references, other namespace
prefixes) and some change the lexical form of values in ways the schema and the rules judge differently
(whitespace around values and attributes, `+1.00`, `1E0`, dates with a time zone, lower-case codes). Both
engines must decide each of them alike; the official engine reads the bytes with Saxon's own parser, the
native one with lxml, so this is where a difference in reading, string values or number parsing shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_MEASURED = ("Amount", "Quantity", "Percent")  # element names (UBL and CII) holding amounts, quantities, rates
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DATE_102 = re.compile(r"\d{8}")  # CII's udt:DateTimeString format="102"
_CODE = re.compile(r"[A-Z]{2,3}")


def variants(xml: bytes) -> Iterator[tuple[str, bytes]]:
    """(description, document) for each way of writing `xml` (UTF-8) differently."""
    yield "byte-order mark", b"\xef\xbb\xbf" + xml
    text = xml.decode("utf-8")
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", text)
    yield "UTF-16", ('<?xml version="1.0" encoding="UTF-16"?>\n' + body).encode("utf-16")
    try:
        yield "ISO-8859-1", ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body).encode("iso-8859-1")
    except UnicodeEncodeError:
        pass  # characters outside Latin-1: this variant does not exist for the document
    yield "CR LF line ends", xml.replace(b"\n", b"\r\n")
    yield "comment and processing instruction before the root", (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- before --><?note x?>\n' + _without_declaration(xml))
    yield "comment and processing instruction after the root", xml + b"\n<!-- after --><?note y?>\n"
    for prefix in sorted(set(re.findall(r"xmlns:([A-Za-z_][\w.-]*)=", text))):
        renamed = re.sub(rf"(</?){re.escape(prefix)}:", r"\1zz9:", text)
        renamed = re.sub(rf"(\s)xmlns:{re.escape(prefix)}=", r"\1xmlns:zz9=", renamed)
        renamed = re.sub(rf"(\s){re.escape(prefix)}:(?=[\w.-]+=)", r"\1zz9:", renamed)  # e.g. xsi:schemaLocation
        yield f"prefix {prefix} renamed", renamed.encode("utf-8")
    serialised = etree.tostring(etree.fromstring(xml), encoding="unicode")
    yield "every value as CDATA", _declared(re.sub(
        r">([^<>\s][^<>]*)</", lambda m: "><![CDATA[" + _unescaped(m.group(1)) + "]]></", serialised))
    yield "every value as character references", _declared(re.sub(
        r">([^<>\s&][^<>&]*)</", lambda m: ">" + "".join(f"&#x{ord(c):X};" for c in m.group(1)) + "</", serialised))
    yield from _edited(xml)


def _edited(xml: bytes) -> Iterator[tuple[str, bytes]]:
    def split(node_type) -> Callable:
        def edit(element) -> None:
            if element.text and len(element.text) > 1:
                half = len(element.text) // 2
                node = node_type()
                node.tail = element.text[half:]
                element.text = element.text[:half]
                element.append(node)
        return edit

    def first(element) -> None:
        if element.text:
            comment = etree.Comment("first")
            comment.tail, element.text = element.text, None
            element.insert(0, comment)

    def numbers(form: Callable[[str], str]) -> Callable:
        def edit(element) -> None:
            if element.text and _NUMBER.fullmatch(element.text.strip()) and any(
                    word in etree.QName(element).localname for word in _MEASURED):
                element.text = form(element.text.strip())
        return edit

    def dates(form: Callable[[str], str], pattern=_DATE) -> Callable:
        def edit(element) -> None:
            if element.text and pattern.fullmatch(element.text):
                element.text = form(element.text)
        return edit

    def text(form: Callable[[str], str]) -> Callable:
        def edit(element) -> None:
            if element.text:
                element.text = form(element.text)
        return edit

    def attributes(form: Callable[[str], str]) -> Callable:
        def edit(element) -> None:
            for name, value in list(element.attrib.items()):
                element.set(name, form(value))
        return edit

    def codes(element) -> None:
        if element.text and _CODE.fullmatch(element.text):
            element.text = element.text.lower()

    edits: list[tuple[str, Callable]] = [
        ("a comment inside every value", split(lambda: etree.Comment("c"))),
        ("a processing instruction inside every value", split(lambda: etree.ProcessingInstruction("p", "x"))),
        ("a comment before every value", first),
        ("spaces and a line end around every value", text(lambda value: "  " + value + "\n ")),
        ("tabs around every value", text(lambda value: "\t" + value + "\t")),
        ("a no-break space after every value", text(lambda value: value + "\u00a0")),
        ("spaces around every attribute value", attributes(lambda value: " " + value + " ")),
        ("attribute values in lower case", attributes(str.lower)),
        ("two- and three-letter codes in lower case", codes),
        ("amounts with a plus sign", numbers(lambda value: value if value.startswith("-") else "+" + value)),
        ("amounts with leading zeros", numbers(lambda value: ("-" if value.startswith("-") else "") + "00" + value.lstrip("-"))),
        ("amounts with more decimals", numbers(lambda value: value + ("000" if "." in value else ".000"))),
        ("amounts in exponent form", numbers(lambda value: value + "E0")),
        ("amounts ending in a point", numbers(lambda value: value.split(".")[0] + ".")),
        ("dates with time zone Z", dates(lambda value: value + "Z")),
        ("dates with an offset", dates(lambda value: value + "+01:00")),
        ("dates with a time", dates(lambda value: value + "T00:00:00")),
        ("CII dates written with dashes", dates(lambda value: f"{value[:4]}-{value[4:6]}-{value[6:]}", _DATE_102)),
    ]
    for description, edit in edits:
        root = etree.fromstring(xml)
        for element in list(root.iter(etree.Element)):
            if len(element) == 0:
                edit(element)
        yield description, etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _without_declaration(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)


def _declared(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")


def _unescaped(value: str) -> str:
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
