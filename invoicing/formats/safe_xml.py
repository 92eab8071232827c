"""Parsing untrusted XML: no DTDs, no entity expansion, no network, bounded size and depth.

Every XML byte that enters the system goes through `parse`. A document type declaration is
refused outright (hostile input such as "billion laughs" or external entities needs one).

Cost is linear in the input: the size limit is checked before parsing; libxml2 parses in one
pass and, without its "huge" option, stops by itself at 256 levels of nesting, at 10 MB text
nodes and 50,000-character names; our tighter `MAX_DEPTH` is then one location path evaluated
in C (`/*/*/…`, each element visited once per its level's step), never a walk from every leaf
to the root (which cost leaves × depth: 6.6 s for a 0.8 MB file before).
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.errors import EmptyFile, ForbiddenXml, NotXml, TooLarge

MAX_XML_BYTES = 64 * 1024 * 1024
"""Largest XML document accepted (attachments inside XRechnung make real invoices reach a few MB)."""

MAX_DEPTH = 200
"""Deepest element nesting accepted; real invoices stay below 20."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    """Parse `data` as XML or raise a `ReadError` subclass that says what is wrong.

    Raises `EmptyFile`, `TooLarge`, `ForbiddenXml` (DTD, entity declaration or reference) or
    `NotXml` (not well-formed; the error carries line and column).
    """
    if not data or not data.strip():
        raise EmptyFile("The file is empty.", "Please send the invoice file itself (XML or PDF).")
    if len(data) > max_bytes:
        raise TooLarge(
            f"The XML document has {len(data):,} bytes; the limit is {max_bytes:,} bytes.",
            "Please send attachments separately or reduce their size.",
        )
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in data[: _prolog_end(data)] or b"<!ENTITY" in head:
        raise ForbiddenXml(
            "The XML document contains a document type declaration (DOCTYPE/ENTITY).",
            "E-invoices must not use DTDs or entities; please send the plain XML without a DOCTYPE.",
        )
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        line, column = (error.position if error.position else (None, None))
        raise NotXml(
            f"The file is not well-formed XML: {_without_position(error.msg)}.",
            "Please check the file's encoding and structure, or send the invoice as produced by your software.",
            line=line, column=column,
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ForbiddenXml(
            "The XML document contains a document type declaration (DOCTYPE).",
            "E-invoices must not use DTDs; please send the plain XML without a DOCTYPE.",
        )
    _check_depth(tree.getroot())
    return tree


def _without_position(message: str) -> str:
    """libxml2 appends ', line L, column C' to its messages; the error carries them separately."""
    return message.split(", line ")[0].rstrip(".")


def _prolog_end(data: bytes) -> int:
    """Offset of the first element start tag: everything before it is the prolog."""
    position = 0
    while True:
        position = data.find(b"<", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1 : position + 2]
        if following not in (b"?", b"!"):
            return position
        position += 1


_TOO_DEEP = etree.XPath("/" + "/".join(["*"] * (MAX_DEPTH + 2)))
"""The elements with more than `MAX_DEPTH` ancestors: each step takes the children of the last step's set
(compiled once: a compiled XPath object holds a lock while it evaluates, so threads may share it)."""


def _check_depth(root: etree._Element) -> None:
    too_deep = _TOO_DEEP(root)
    if too_deep:
        element = too_deep[0]
        raise ForbiddenXml(
            f"The XML document nests elements more than {MAX_DEPTH} levels deep; the limit is {MAX_DEPTH}.",
            "Invoices are shallow documents; please check how the file was produced.",
            line=element.sourceline, column=None,
        )
