"""Mutants aimed at one rule: edits of the elements, attributes and values its context and test name.

`mutants(xml, target, rng, count)` returns up to `count` (description, bytes) pairs made from the
document `xml` by one edit each, at an element or attribute the rule looks at (`targets.Target`):
remove, empty, blank, duplicate, move to the end of its parent, add an element a "not used" rule
forbids (under the rule's context element), replace the text by one of the codes
the rule compares with (and by near misses: lower case, padded, unknown), push an amount across a
rounding boundary (±0.01, a third decimal at .005, negative, zero, an exponent, not a number), a code between
one-character separators the rule compares with (BR-CL-08's `#AAA#text`),
drop or change an attribute (currency EUR/HUF/JPY, MIME codes, scheme ids), a number the rule compares
with and the values beside it. `searching_mutants` orders more edits, likeliest first, for `firing`'s search.
The same `rng` state gives the same mutants.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from random import Random

from lxml import etree

from tests.differential.targets import Target

CURRENCIES = ("EUR", "HUF", "JPY", "USD", "eur", "XXX", "EU")
CODED_PATHS = 4  # (path, code) pairs of `Target.coded` a search tries per seed
MIME_CODES = ("application/pdf", "image/png", "image/jpeg", "text/csv", "application/xml", "text/xml",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "application/vnd.oasis.opendocument.spreadsheet", "application/zip", "text/plain")


def mutants(xml: bytes, target: Target, rng: Random, count: int, *, places: int = 4) -> list[tuple[str, bytes]]:
    """Up to `count` single-edit mutants of `xml` at the places `target` names (edits at up to `places` of its
    elements and `places - 1` of the elements carrying its attributes, chosen at random)."""
    root = etree.fromstring(xml)
    named = [element for element in root.iter(etree.Element) if target.aims_at(element.tag)]
    owners = [element for element in root.iter(etree.Element)
              if any(name in element.attrib for name in target.attributes)]
    edits = _plain_edits(rng.sample(named, min(len(named), places)), [], target, rng)
    edits += _plain_edits([], rng.sample(owners, min(len(owners), places - 1)), target, rng)  # sampled after the
    # text values are drawn, so that the same random state gives the same mutants as before
    rng.shuffle(edits)
    inserts = []
    for path in target.absent:
        hosts = [element for element in root.iter(etree.Element) if target.takes(element.tag)]
        inserts += [("insert", host, path) for host in rng.sample(hosts, min(len(hosts), 2))]
    rng.shuffle(inserts)
    edits = inserts[:1] + edits + inserts[1:]  # a "not used" rule is exercised first by adding what it forbids
    return _materialise(root, edits, count)


def searching_mutants(xml: bytes, target: Target, rng: Random, count: int) -> list[tuple[str, bytes]]:
    """Up to `count` single-edit mutants of `xml`, those likeliest to make `target`'s assertion fail first: adding
    what a "not used" rule forbids (`Target.absent`, else `Target.forbidden`), a second occurrence of what a rule
    counts (`Target.counted`; a copy, also with another value, of what it counts with predicates:
    `Target.repeated`), a value across a number it compares a path with (`Target.compared`), removing what it
    needs present (`Target.required`), adding a child its test names to an element of the parent's name, or all of
    them at once (`Target.children`), one element on a path given a code the test compares it with
    (`Target.coded`), two paths it compares with each other present with different values (`Target.paired`),
    something for an `every` to range over (`Target.quantified`), a code between the separators it looks for
    (`#QQQ#`); then setting one of its
    elements or attributes to a code it compares with, giving a code everywhere a short value stands in elements
    of one name, giving one of its leaves another's value, adding an attribute it looks for — taking turns with
    every edit `mutants` makes —, first at its elements inside those its rule checks, then at any of them, each
    group in random order."""
    root = etree.fromstring(xml)
    elements = list(root.iter(etree.Element))
    named = [element for element in elements if target.aims_at(element.tag)]
    owners = [element for element in elements if any(name in element.attrib for name in target.attributes)]
    # the elements its rule checks (not every element of a context's name: a TypeCode in a line for CII-DT-010's
    # ExchangedDocument/TypeCode); by name when that cannot be told
    checked = target.checked(root)
    hosts = checked or [element for element in elements if target.takes(element.tag)]
    first, coded = [], []
    for path in target.absent or target.forbidden:
        first += [("insert", host, path) for host in rng.sample(hosts, min(len(hosts), 2))]
    for path in target.counted:
        first += [("insert-twice", host, path) for host in rng.sample(hosts, min(len(hosts), 2))]
    for path in target.repeated:
        first += [(kind, host, path) for host in rng.sample(hosts, min(len(hosts), 2))
                  for kind in ("copy-along", "copy-along-changed")]
    for path, value in target.compared:
        first += [("insert-valued", host, (path, value)) for host in rng.sample(hosts, min(len(hosts), 2))]
    for path in target.quantified:  # something for an `every` to range over: a rate of 1 (BR-AF-08)
        first += [("insert-valued", host, (path, "1")) for host in rng.sample(hosts, min(len(hosts), 2))]
    for pair in target.paired:
        first += [("insert-pair", host, pair) for host in rng.sample(hosts, min(len(hosts), 2))]
    leaves = [element for element in named if len(element) == 0 and (element in checked or not checked)]
    for element in rng.sample(leaves, min(len(leaves), 2)) if _composed("", list(target.codes)) else []:
        first += [("text", element, value) for value in _composed((element.text or "").strip(), list(target.codes))]
    if target.coded:  # one element on a path given a code the test compares it with, the path's others unchanged
        # (BR-B-02: the first line Split payment, the others still Standard rated); a few, the rest of the budget
        # is the other edits'
        first += [("insert-valued", rng.choice(hosts), found) for found in rng.sample(target.coded, min(len(
            target.coded), CODED_PATHS))] if hosts else []
    if target.required:  # every element on the paths the test needs, then each path's alone, then all but one
        # (BR-G-02 with a tax representative: the seller's and the representative's VAT ids, the category kept)
        required = target.required
        alone = [(path,) for path in required] if len(required) > 1 else []
        but_one = [tuple(path for path in required if path != kept) for kept in required] if len(required) > 2 else []
        for host in rng.sample(hosts, min(len(hosts), 4)):
            first += [("remove-paths", host, paths) for paths in (required, *alone, *but_one)]
    named_children: dict = {}
    for parent, child in target.children:
        parents = [element for element in elements if element.tag == parent]
        first += [("add-child", element, child) for element in rng.sample(parents, min(len(parents), 2))]
        named_children.setdefault(parent, []).append(child)
    for parent, children in named_children.items():  # every child the test names, those missing added at once
        if len(children) > 1:  # (CII-SR-449: a ship-to party's ID and global ID both present)
            parents = [element for element in elements if element.tag == parent]
            first += [("add-children", element, tuple(sorted(children)))
                      for element in rng.sample(parents, min(len(parents), 2))]
    values: dict = {}
    for element in named:
        if len(element) == 0:
            coded += [("text", element, code) for code in target.codes]
            values.setdefault((element.tag, (element.text or "").strip()), []).append(element)
    # a code given everywhere a short value stands in elements of one name (every VAT category S becoming AE in
    # lines, allowances and breakdown alike): what a rule about that code checks then meets the document's other data
    coded += [("recode", root, (tag, value, code)) for (tag, value), found in values.items()
              if len(found) > 1 and 0 < len(value) <= 4 for code in target.codes if code != value]
    # one of its leaves given another's value (a tax currency equal to the invoice currency: PEPPOL-EN16931-R005)
    leaves = [(element, (element.text or "").strip()) for element in named if len(element) == 0]
    pairs = [(element, value) for element, own in leaves for other, value in leaves
             if other.tag != element.tag and value and value != own]
    coded += [("text", element, value) for element, value in rng.sample(pairs, min(len(pairs), 2))]
    for name in target.attributes:
        coded += [("attribute", element, (name, code)) for element in owners if name in element.attrib
                  for code in target.codes]
        lacking = [element for element in named or [root] if name not in element.attrib]
        coded += [("attribute", element, (name, (target.codes or ("X",))[0]))
                  for element in rng.sample(lacking, min(len(lacking), 2))]
    # the edits inside the elements its rule checks come before those elsewhere (the Percent of the AE
    # allowance's TaxCategory for BR-AE-06, not any of the document's Percent elements), codes and plain edits
    # taking turns: a code for every ID of the document crowded out BR-S-06's allowance rate set to 0
    inside = {element for host in checked for element in host.iter(etree.Element)}
    coded_inside, coded_outside = [], []
    for edit in coded:  # a recode changes the whole document, so it counts as inside
        (coded_inside if edit[1] in inside or edit[0] == "recode" else coded_outside).append(edit)
    near = _plain_edits([e for e in named if e in inside], [e for e in owners if e in inside], target, rng)
    rest = _plain_edits(named, owners, target, rng)
    for edits in (first, coded_inside, coded_outside, near, rest):
        rng.shuffle(edits)
    ordered = first + _taking_turns(coded_inside, near) + _taking_turns(coded_outside, rest)
    return _materialise(root, _varied_first(ordered), count)


def coded_mutants(xml: bytes, target: Target) -> list[tuple[str, bytes]]:
    """One mutant of `xml` per (path, code) of `target.coded`: the path's first element given the code, from the first
    element the rule checks (else the root). As a second edit after one of them, two codes meet in one element
    (BR-O-04: the first allowance made a charge, and its VAT category O)."""
    root = etree.fromstring(xml)
    host = (target.checked(root) or [root])[0]
    return _materialise(root, [("insert-valued", host, found) for found in target.coded], len(target.coded))


def _varied_first(edits: list) -> list:
    """`edits` with the first of each kind of edit (kind, element name, argument) in front, in their order, and the
    same edit at other elements of that name after them: removing each of ten invoice lines in turn spent a
    search's budget on one idea."""
    seen: set = set()
    first, again = [], []
    for edit in edits:
        kind, element, argument = edit
        signature = (kind, element.tag, repr(argument))
        (again if signature in seen else first).append(edit)
        seen.add(signature)
    return first + again


def _taking_turns(one: list, other: list) -> list:
    """The items of `one` and `other` alternately, the longer one's rest at the end."""
    turns = [item for pair in zip(one, other) for item in pair]
    shorter = min(len(one), len(other))
    return turns + one[shorter:] + other[shorter:]


def _plain_edits(elements: list, owners: list, target: Target, rng: Random) -> list:
    """Remove, duplicate, move, empty each of `elements` or set its text to a value of `_text_values`; drop or
    change each of `target`'s attributes on `owners`."""
    edits = []
    for element in elements:
        edits += [(kind, element, None) for kind in _element_edits(element)]
        if len(element) == 0:
            edits += [("text", element, value) for value in _text_values(element.text or "", target, rng)]
    for element in owners:
        for name in (name for name in target.attributes if name in element.attrib):
            edits += [("drop-attribute", element, name)]
            edits += [("attribute", element, (name, value)) for value in _attribute_values(name, target, rng)]
    return edits


def _materialise(root, edits: list, count: int) -> list[tuple[str, bytes]]:
    """(description, bytes) of the first `count` edits that change the document, each applied alone."""
    found, seen = [], set()
    for kind, element, argument in edits:
        if len(found) >= count:
            break
        text = _apply(root, element, kind, argument)
        if text is not None and text not in seen:
            seen.add(text)
            shown = _shown(kind, argument)
            found.append((f"{kind} {etree.QName(element).localname}" + (f" {shown!r}" if shown else ""), text))
    return found


def _shown(kind: str, argument):
    """An edit's argument as its description gives it: element names by their local names."""
    def local(name: str) -> str:
        return name if name.startswith("@") or name in ("..", "/", "//") else etree.QName(name).localname

    if kind == "insert-valued":
        return "/".join(local(name) for name in argument[0]) + f" = {argument[1]}"
    if kind == "insert-pair":
        return " != ".join("/".join(local(name) for name in path) for path in argument)
    if kind.startswith("copy-along") or (kind == "insert" and argument[0] in ("/", "//")):
        return _path_text(argument, local)
    if kind.startswith("insert") or kind == "add-children":
        return [local(name) for name in argument]
    if kind == "add-child":
        return local(argument)
    if kind == "remove-paths":
        return [_path_text(path, local) for path in argument]
    if kind == "recode":
        return (local(argument[0]), *argument[1:])
    return argument


def _path_text(path: tuple, local) -> str:
    """A `Target.required` path as XPath writes it, by local names ("../Amount", "//P/T/ID", "/r/R")."""
    marker = path[0] if path[0] in ("/", "//") else ""
    names = "/".join(name if name == ".." else local(name) for name in path[1 if marker else 0:])
    return marker + names


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
    for number in rng.sample(list(target.numbers), min(len(target.numbers), 2)):
        values += [number, *_beside(number, text.strip())]
    values += _composed(text.strip(), codes)
    day = _day(text.strip())
    if day is not None:
        # a day before, a year before and after (an end before its start: BR-29, BR-30), in the text's own form
        form = "%Y-%m-%d" if "-" in text else "%Y%m%d"
        values += [(day + timedelta(days=shift)).strftime(form) for shift in (-1, -366, 366)]
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


def _composed(text: str, codes: list[str]) -> list[str]:
    """For a one-character separator among the codes a test compares with (BR-CL-08's subject code in a note,
    `#AAI#text`): the text behind an unknown three-letter code between two separators, and behind a known one."""
    separators = [code for code in codes if len(code) == 1 and not code.isalnum()]
    known = next((code for code in codes if len(code) == 3 and code.isalpha()), None)
    unknown = next(code for code in ("QQQ", "XQX", "QXQ") if code not in codes)  # (UNCL4451 has ZZZ)
    return [f"{mark}{code}{mark}{text}" for mark in separators for code in (unknown, known) if code]


def _beside(number: str, text: str) -> list[str]:
    """Values on the other side of a whole number a rule compares with: one less and one more (a gross price below
    0: BR-28), and the text made one character longer than it (a card number longer than 10: BR-51)."""
    try:
        whole = int(number)
    except ValueError:
        return []
    values = [str(whole - 1), str(whole + 1)]
    if 0 < whole <= 200:
        values.append(((text or "9") * (whole + 1))[: whole + 1])
    return values


def _day(text: str) -> date | None:
    """The date `text` writes as UBL (2026-03-14) or CII format 102 (20260314) do, else None."""
    for form in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, form).date() if len(text) in (8, 10) else None
        except ValueError:
            continue
    return None


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
    elif kind == "recode":
        tag, value, code = argument
        for found in element.iter(tag):
            if len(found) == 0 and (found.text or "").strip() == value:
                found.text = code
    elif kind == "drop-attribute":
        del element.attrib[argument]
    elif kind == "attribute":
        element.set(*argument)
    elif kind == "insert":
        # the path a "not used" rule forbids, added under its context element (attribute last, if any); one from
        # the root under an element of its first name where there is one
        _insert_path(element, argument)
    elif kind.startswith("copy-along"):
        # every last element along a path a rule counts with predicates, copied next to itself (the one the
        # predicates select among them), for "copy-along-changed" with its value changed (distinct values; the path
        # added first where the document lacks it)
        found = [each for each in _along(element, argument) if each.getparent() is not None]
        if not found and kind == "copy-along-changed":  # none there: one added, then copied with another value
            _insert_path(element, argument, reuse=True)
            found = [each for each in _along(element, argument) if each.getparent() is not None]
        if not found:
            return None
        for each in found:
            copied = copy.deepcopy(each)
            if kind == "copy-along-changed" and len(copied) == 0:
                copied.text = (copied.text or "").strip() + "1"
            each.addnext(copied)
    elif kind == "add-child":
        # a child (or attribute) the rule's test names, added to an element that has the parent's name
        _insert(element, (argument,))
    elif kind == "add-children":
        for name in argument:
            if (element.get(name[1:]) if name.startswith("@") else element.find(name)) is None:
                _insert(element, (name,))
    elif kind == "remove-paths":
        # every element (or attribute) on the paths a test needs present, from its context element
        for path in argument:
            if path[-1].startswith("@"):
                for owner in _along(element, path[:-1]):
                    owner.attrib.pop(path[-1][1:], None)
                continue
            for found in _along(element, path):
                if found.getparent() is not None:
                    found.getparent().remove(found)
    elif kind == "insert-valued":
        # a value a test compares a path with (across a number, or one of its codes), on the path's first element
        _give(element, *argument)
    elif kind == "insert-pair":
        # two paths a test compares (BR-TMP-3's gross and net base quantities), present with different values
        for path, value in zip(argument, ("1", "2")):
            _give(element, path, value)
    elif kind == "insert-twice":
        # the path a rule counts (`count(a/b) <= 1`), its last step added twice where the rest of the path exists
        # (two more b in the a there is, not two more a: a second a would make rules that read a/c as one value
        # raise, and the rule set would stop before the count is looked at)
        _insert(element, argument, reuse=True)
        _insert(element, argument, reuse=True)
    return etree.tostring(copy_root, xml_declaration=True, encoding="UTF-8")


def _give(element, path: tuple, value: str) -> None:
    """The first element at `path` from `element` given `value`, the path added first where the document lacks it
    (what exists of it followed)."""
    leaves = _along(element, path)
    if not leaves:
        _insert_path(element, path, reuse=True)
        leaves = _along(element, path)
    for leaf in leaves[:1]:
        leaf.text = value


def _along(element, names: tuple) -> list:
    """The elements at `names` from `element` (`Target.required`'s forms: ".." first for the parent, "/" or "//"
    first for a path from the document's root element or any element of the document)."""
    if names and names[0] == "..":
        found = [element.getparent()] if element.getparent() is not None else []
        names = names[1:]
    elif names and names[0] in ("/", "//"):
        root = element.getroottree().getroot()
        if len(names) == 1:
            return []
        found = list(root.iter(names[1])) if names[0] == "//" else [root] if root.tag == names[1] else []
        names = names[2:]
    else:
        found = [element]
    for name in names:
        found = [child for parent in found for child in parent.findall(name)]
    return found


def _insert_path(element, path: tuple, *, reuse: bool = False) -> None:
    """`path` added under `element` (`reuse`: as `_insert`), one from the parent (".." first) under its parent; a
    path from the root ("/" or "//" first: `targets.forbidden_paths`) under the document's first element of its first
    name (following what exists of the rest), else under `element`."""
    if path and path[0] == ".." and element.getparent() is not None:
        _insert(element.getparent(), path[1:], reuse=reuse)
        return
    if not path or path[0] not in ("/", "//"):
        _insert(element, path, reuse=reuse)
        return
    names = path[1:]
    root = element.getroottree().getroot()
    starts = list(root.iter(names[0])) if path[0] == "//" else [root] if root.tag == names[0] else []
    if starts and len(names) > 1:
        _insert(starts[0], names[1:], reuse=True)
    else:
        _insert(element, names)


def _insert(element, path: tuple, *, reuse: bool = False) -> None:
    """`path` added under `element`; with `reuse`, every step but the last follows an existing element if there is one."""
    for position, name in enumerate(path):
        if name.startswith("@"):
            element.set(name[1:], "X")
            continue
        existing = element.find(name) if reuse and position < len(path) - 1 else None
        if existing is None:
            element = etree.SubElement(element, name)
            element.text = "1"
        else:
            element = existing
