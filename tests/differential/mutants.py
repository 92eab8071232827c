"""Deterministic invoice mutants for the differential test: valid generated invoices, broken on purpose.

`mutant(seed)` takes the generator's invoice for `seed`, writes it as UBL (even seeds) or CII (odd
seeds) and applies one or two mutation operators chosen from `OPERATORS` by a `random.Random`
seeded with `seed`, so the same seed always gives the same bytes. Operators mirror the mistakes
real invoices make: wrong amounts, missing mandatory terms, corrupt codes, flipped VAT
categories, missing VAT breakdowns, allowances without reason, too many decimals, inconsistent
parties and references. An operator that does not apply to an invoice (e.g. no allowance to
change) declines, and another one is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from random import Random
from typing import Callable

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from tests.differential.builders import make
from tests.differential.targets import NS, TARGETS, amounts_of, code_targets, find

Operator = Callable[[etree._Element, str, Random], "str | None"]


@dataclass(frozen=True)
class Mutant:
    """One mutant: its seed, syntax, what was done to it, and the document."""

    seed: int
    syntax: str
    changes: tuple[str, ...]
    xml: bytes

    def __str__(self) -> str:
        return f"seed {self.seed} ({self.syntax}): {'; '.join(self.changes)}"


def _drop(root, syntax, rng):
    key = rng.choice(sorted(TARGETS))
    found = find(root, syntax, key)
    if not found:
        return None
    el = rng.choice(found)
    el.getparent().remove(el)
    return f"remove {key}"


def _empty(root, syntax, rng):
    key = rng.choice([k for k in sorted(TARGETS) if TARGETS[k].leaf and not TARGETS[k].numeric])
    found = find(root, syntax, key)
    if not found:
        return None
    el = rng.choice(found)
    el.text = rng.choice(["", " "])
    return f"empty {key}"


def _amount(root, syntax, rng):
    found = amounts_of(root, syntax)
    if not found:
        return None
    el = rng.choice(found)
    try:
        value = Decimal((el.text or "").strip())
    except InvalidOperation:
        return None
    change = rng.choice(["+0.01", "-0.01", "+1", "*2", "neg", "3dec", "+0.5", "zero"])
    new = {"+0.01": value + Decimal("0.01"), "-0.01": value - Decimal("0.01"), "+1": value + 1,
           "*2": value * 2, "neg": -value, "3dec": value + Decimal("0.005"), "+0.5": value + Decimal("0.5"),
           "zero": Decimal("0.00")}[change]
    el.text = str(new)
    return f"amount {etree.QName(el).localname} {value} -> {new}"


def _code(root, syntax, rng):
    options = code_targets(root, syntax)
    if not options:
        return None
    el, attribute, bad = rng.choice(options)
    if attribute:
        el.set(attribute, bad)
    else:
        el.text = bad
    return f"code {etree.QName(el).localname}{'@' + attribute if attribute else ''} = {bad}"


_CATEGORIES = ["Z", "E", "AE", "K", "G", "O", "L", "M", "B", "S"]


def _flip_category(root, syntax, rng):
    """Change the VAT category of one line, all lines, or the breakdown — with or without fixing rates."""
    lines = find(root, syntax, "line-category-code")
    breakdown = find(root, syntax, "breakdown-category-code")
    if not lines or not breakdown:
        return None
    new = rng.choice(_CATEGORIES)
    scope = rng.choice(["one line", "all lines", "breakdown", "everything", "everything+rate"])
    targets = {"one line": [rng.choice(lines)], "all lines": lines, "breakdown": breakdown[:1],
               "everything": lines + breakdown, "everything+rate": lines + breakdown}[scope]
    for el in targets:
        el.text = new
        if scope == "everything+rate":
            _set_rate(el, syntax, None if new == "O" else ("0" if new not in ("S", "L", "M") else "7"))
            if new in ("E", "AE", "K", "G", "O") and el in breakdown:
                make(el.getparent(), syntax, "exemption-reason", "Steuerbefreit")
    return f"VAT category of {scope} -> {new}"


def _set_rate(code_el, syntax, rate):
    parent = code_el.getparent()
    tag = f"{{{NS['cbc']}}}Percent" if syntax == "UBL" else f"{{{NS['ram']}}}RateApplicablePercent"
    existing = parent.find(tag)
    if rate is None:
        if existing is not None:
            parent.remove(existing)
    elif existing is not None:
        existing.text = rate
    else:
        new = etree.Element(tag)
        new.text = rate
        code_el.addnext(new)


def _rate(root, syntax, rng):
    found = find(root, syntax, rng.choice(["line-rate", "breakdown-rate"]))
    if not found:
        return None
    el = rng.choice(found)
    old, el.text = el.text, rng.choice(["7", "0", "19.5", "-19", "16"])
    return f"rate {old} -> {el.text}"


def _drop_breakdown(root, syntax, rng):
    found = find(root, syntax, "breakdown")
    if not found:
        return None
    el = rng.choice(found)
    el.getparent().remove(el)
    return "remove a VAT breakdown"


def _add_allowance(root, syntax, rng):
    charge = rng.random() < 0.5
    reason = rng.random() < 0.4
    category = rng.choice(["S", "S", "Z", "E", "O", "AE"])
    amount = rng.choice(["10.00", "5.55", "0.01", "12.345"])
    where = rng.choice(["document", "document", "line"])
    if not make(root, syntax, f"{where}-allowance", (charge, reason, category, amount)):
        return None
    return f"add {where} {'charge' if charge else 'allowance'} {amount} {category}{' with reason' if reason else ''}"


def _add_structure(root, syntax, rng):
    """Add a group the rules constrain, often incomplete: tax representative, payee, references, …"""
    what = rng.choice(["tax-representative", "payee-same-as-seller", "payee", "billing-reference-without-id",
                       "document-without-id", "item-attribute-without-value", "standard-id-without-scheme",
                       "classification-without-list", "deliver-to-without-country", "tax-currency",
                       "tax-point-date-and-code", "period-backwards", "line-period-backwards", "empty-period",
                       "second-breakdown", "endpoint-without-scheme", "seller-without-ids"])
    if not make(root, syntax, what, rng):
        return None
    return f"structure {what}"


OPERATORS: dict[str, Operator] = {
    "drop": _drop, "empty": _empty, "amount": _amount, "code": _code, "flip-category": _flip_category,
    "rate": _rate, "drop-breakdown": _drop_breakdown, "add-allowance": _add_allowance, "structure": _add_structure,
}
_WEIGHTS = {"drop": 4, "empty": 2, "amount": 4, "code": 3, "flip-category": 3, "rate": 1, "drop-breakdown": 1,
            "add-allowance": 3, "structure": 4}


def mutant(seed: int) -> Mutant:
    """The mutant for `seed` (deterministic)."""
    rng = Random(seed)
    syntax = "UBL" if seed % 2 == 0 else "CII"
    invoice = generate_invoice(seed, kind="mixed")
    data = write_ubl(invoice) if syntax == "UBL" else write_cii(invoice)
    root = etree.fromstring(data)
    changes: list[str] = []
    wanted = 2 if rng.random() < 0.3 else 1
    for _ in range(40):
        if len(changes) == wanted:
            break
        name = rng.choices(list(_WEIGHTS), weights=list(_WEIGHTS.values()))[0]
        done = OPERATORS[name](root, syntax, rng)
        if done:
            changes.append(done)
    return Mutant(seed, syntax, tuple(changes), etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def mutants(count: int, start: int = 0):
    """`count` mutants for seeds start, start+1, …"""
    for seed in range(start, start + count):
        yield mutant(seed)
