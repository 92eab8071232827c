"""Mutants aimed at one rule: edits of the elements, attributes and values its context and test name.

`mutants(xml, target, rng, count)` returns up to `count` (description, bytes) pairs made from the
document `xml` by one edit each, at an element or attribute the rule looks at (`targets.Target`):
remove, empty, blank, duplicate, move to the end of its parent, add an element a "not used" rule
forbids (under the rule's context element), replace the text by one of the codes
the rule compares with (and by near misses: lower case, padded, unknown), push an amount across a
rounding boundary (±0.01, a third decimal at .005, negative, zero, an exponent, not a number),
drop or change an attribute (currency EUR/HUF/JPY, MIME codes, scheme ids). The same `rng` state
gives the same mutants.
"""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from random import Random

from lxml import etree

from tests.differential.targets import Target

CURRENCIES = ("EUR", "HUF", "JPY", "USD", "eur", "XXX", "EU")
MIME_CODES = ("application/pdf", "image/png", "image/jpeg", "text/csv", "application/xml", "text/xml",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "application/vnd.oasis.opendocument.spreadsheet", "application/zip", "text/plain")


def mutants(xml: bytes, target: Target, rng: Random, count: int) -> list[tuple[str, bytes]]:
    """Up to `count` single-edit mutants of `xml` at the places `target` names."""
    root = etree.fromstring(xml)
    places = [element for element in root.iter(etree.Element) if element.tag in target.elements]
    owners = [element for element in root.iter(etree.Element)
              if any(name in element.attrib for name in target.attributes)]
    edits = []
    for element in rng.sample(places, min(len(places), 4)):
        edits += [(kind, element, None) for kind in _element_edits(element)]
        if len(element) == 0:
            edits += [("text", element, value) for value in _text_values(element.text or "", target, rng)]
    for element in rng.sample(owners, min(len(owners), 3)):
        for name in (name for name in target.attributes if name in element.attrib):
            edits += [("drop-attribute", element, name)]
            edits += [("attribute", element, (name, value)) for value in _attribute_values(name, target, rng)]
    rng.shuffle(edits)
    inserts = []
    for path in target.absent:
        hosts = [element for element in root.iter(etree.Element) if (
            element.tag in target.context if target.context else target.names is None or target.names(element.tag))]
        inserts += [("insert", host, path) for host in rng.sample(hosts, min(len(hosts), 2))]
    rng.shuffle(inserts)
    edits = inserts[:1] + edits + inserts[1:]  # a "not used" rule is exercised first by adding what it forbids
    found, seen = [], set()
    for kind, element, argument in edits:
        if len(found) >= count:
            break
        text = _apply(root, element, kind, argument)
        if text is not None and text not in seen:
            seen.add(text)
            shown = [etree.QName(part).localname if not part.startswith("@") else part for part in argument] \
                if kind == "insert" else argument
            found.append((f"{kind} {etree.QName(element).localname}" + (f" {shown!r}" if shown else ""), text))
    return found


def _element_edits(element) -> list[str]:
    edits = ["remove", "duplicate", "move-to-end"]
    edits += ["empty", "blank"] if len(element) == 0 else ["empty-children"]
    return edits


def _text_values(text: str, target: Target, rng: Random) -> list[str]:
    values = []
    codes = list(target.codes)
    if codes:
        values += rng.sample(codes, min(len(codes), 3))
        values += [codes[0].lower(), f" {codes[-1]} ", codes[0] + "X"]
    values += rng.sample(list(target.numbers), min(len(target.numbers), 2))
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        amount = None
    if amount is not None and amount.is_finite():
        values += [str(amount + Decimal("0.01")), str(amount - Decimal("0.01")), f"{amount:.2f}5", str(-amount), "0",
                   f"{amount:.3f}", "1e2", "12,50", f" {text} "]
    else:
        values += [text.upper(), text.lower(), f" {text} ", text + "X", ""]
    return [value for value in values if value != text]


def _attribute_values(name: str, target: Target, rng: Random) -> list[str]:
    local = name.rpartition("}")[2]
    if local == "currencyID":
        return list(CURRENCIES)
    if local == "mimeCode":
        return list(MIME_CODES)
    codes = list(target.codes)
    return rng.sample(codes, min(len(codes), 3)) + ["", "XX", "0088", "9930", "EM"]


def _apply(root, element, kind: str, argument) -> bytes | None:
    """The document with one edit applied, as bytes (the tree itself is left unchanged)."""
    steps = []
    while element.getparent() is not None:
        steps.append(element.getparent().index(element))
        element = element.getparent()
    copy_root = copy.deepcopy(root)
    element = copy_root
    for index in reversed(steps):
        element = element[index]
    parent = element.getparent()
    if kind in ("remove", "duplicate", "move-to-end") and parent is None:
        return None
    if kind == "remove":
        parent.remove(element)
    elif kind == "duplicate":
        element.addnext(copy.deepcopy(element))
    elif kind == "move-to-end":
        parent.remove(element)
        parent.append(element)
    elif kind == "empty":
        element.text = ""
    elif kind == "blank":
        element.text = "  "
    elif kind == "empty-children":
        for child in list(element):
            element.remove(child)
    elif kind == "text":
        element.text = argument
    elif kind == "drop-attribute":
        del element.attrib[argument]
    elif kind == "attribute":
        element.set(*argument)
    elif kind == "insert":
        # the path a "not used" rule forbids, added under its context element (attribute last, if any)
        for name in argument:
            if name.startswith("@"):
                element.set(name[1:], "X")
            else:
                element = etree.SubElement(element, name)
                element.text = "1"
    return etree.tostring(copy_root, xml_declaration=True, encoding="UTF-8")
