"""How the native EN 16931 rules are declared: official id and level, messages, terms, and a small check.

The rules have the same shape as the XRechnung layer's (`validators.rules.base.Rule`): data plus
one check per syntax. Here the check reads the flat `View` instead of the tree and returns the
places where the rule fires as `Hit`s: the element the finding points at (None: the document
root) and the values its messages quote. The messages are templates in English and German,
filled with those values. Rules are registered in `RULES` by the `rule` decorator, in the order
their modules are imported, and are named by their official ids, never renamed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Iterable, NamedTuple

from lxml import etree

from validators.en16931.view import View
from validators.report import Level
from validators.rules.base import MISSING, Registry, Rule, plain, shown


class Hit(NamedTuple):
    """One place where a rule fires: the element to point at and the values to quote."""

    el: etree._Element | None
    values: dict


def family(rule_id: str) -> str:
    """The rule family of an id: "BR", "BR-CO", "BR-DEC", "BR-S", …, "BR-CL"."""
    head, _, _ = rule_id.rpartition("-")
    return head


RULES = Registry()
"""The native EN 16931 rules by official id, in registration (= evaluation) order."""
GATES: dict[str, str] = {}
"""Rule id → what the document must contain for the rule to have anything to check: a VAT category code
(used anywhere, see `vat.used_codes`) or a group name of `View.groups` (e.g. "payee"). Without it the rule
passes trivially, so it is not run."""
NOTHING: tuple = ()
"""What a check returns when the rule does not fire."""


GROUPS: dict[str, Callable[[View], dict]] = {}
"""Rule id → the shared evaluation that decides it. Some rules are decided together in one pass (the
element walk of the code lists and data types, the occurrence counts of the UBL syntax): the layer then
runs that pass once and turns only the ids it reports into findings, instead of asking every rule."""


def rule(rule_id: str, terms: tuple[str, ...] | str, en: str, de: str, *, level: Level = "error",
         syntaxes: tuple[str, ...] = ("UBL", "CII"), needs: str | None = None,
         group: Callable[[View], dict] | None = None):
    """Register the decorated check as rule `rule_id` (official level `level`, "error" for fatal)
    for the syntaxes whose official artefact has it. The check takes a `View`, so one function
    serves both syntaxes and branches on `view.ubl` where the artefacts differ. `needs` names what
    the document must contain for the rule to apply (see `GATES`); `group` the shared evaluation
    that decides the rule (see `GROUPS`)."""
    if isinstance(terms, str):
        terms = tuple(terms.split())

    def register(check: Callable[[View], Iterable[Hit]]) -> Callable[[View], Iterable[Hit]]:
        RULES.add(Rule(rule_id, level, en, de, terms,
                       ubl=check if "UBL" in syntaxes else None, cii=check if "CII" in syntaxes else None))
        if needs:
            GATES[rule_id] = needs
        if group is not None:
            GROUPS[rule_id] = group
        return check

    return register


def hit(el=None, **values) -> list[Hit]:
    """A one-hit result (the common case of a rule that fires once)."""
    return [Hit(el, values)]


def show(value):
    """A value as a message shows it: text quoted, a computed number plainly, nothing as MISSING
    (which each message language words itself)."""
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    return shown(str(value))


def filled(text: str | None) -> bool:
    """XPath `normalize-space(x) != ''`: present and not only white space."""
    return bool(text and not text.isspace())


def norm(text: str | None) -> str:
    """XPath `normalize-space(x)` ('' for an absent element)."""
    return " ".join(text.split()) if text else ""
