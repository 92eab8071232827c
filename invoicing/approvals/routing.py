"""Routing: which unit and which chain of steps an invoice goes through, as a pure function of its facts.

Order of precedence (documented for administrators in `sample_policy.toml` too):
1. the **rules**, in file order: the first whose `match` fits wins (predictable, like a firewall:
   the file order is the priority; put specific rules above general ones);
2. else the **unit whose Leitweg-ID** is the invoice's buyer reference (BT-10), with its chain;
3. else the **unit that owns the invoice's cost centres** (BT-19/BT-133), if exactly one does;
4. else the **clearing inbox** (Zentraler Rechnungseingang): never nowhere. Its one step is to
   assign the invoice to a unit (`route_to_unit`), after which 1–3 apply as if it were addressed there.

Then the **thresholds** (Wertgrenzen) re-assign steps of any chain: for each step kind the highest
threshold the gross amount reaches names who takes that step.

The central invoice inbox's own Leitweg-ID belongs to no unit on purpose: an invoice sent there is
routed by an order-reference or cost-centre rule when it carries one, and otherwise sorted by hand.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Literal

from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.policy import Assignee, Frozen, Match, Policy, StepKind, StepSpec, Unit
from invoicing.approvals.wording import Message

RouteSource = Literal["rule", "leitweg_id", "cost_centre", "assigned", "clearing"]


class RouteStep(Frozen):
    """Step `index` of a route: its kind and who it is assigned to."""

    index: int
    kind: StepKind
    assignee: Assignee


class Route(Frozen):
    """Where an invoice goes: the unit, the rule or fallback that chose it, the steps, and why in words."""

    source: RouteSource
    unit: str | None
    rule: str | None = None
    steps: tuple[RouteStep, ...]
    explanation: Message

    @property
    def clearing(self) -> bool:
        """True when the invoice waits in the clearing inbox for a unit."""
        return self.source == "clearing"


def route(facts: InvoiceFacts, policy: Policy) -> Route:
    """The route of an invoice with `facts` under `policy` (see the module docstring for the precedence)."""
    for rule in policy.rules:
        if matches(rule.match, facts):
            unit = policy.unit(rule.unit)
            assert unit is not None  # the loader checks that every rule's unit exists
            return _route(policy, facts, unit, rule.chain or unit.chain, "rule", rule.id,
                          Message(de=f"Regel „{rule.id}“ trifft zu: {unit.name}.",
                                  en=f"Rule '{rule.id}' matches: {unit.name}."))
    reference = (facts.buyer_reference or "").strip().upper()
    unit = next((unit for unit in policy.units if unit.leitweg_id.upper() == reference), None)
    if unit is not None:
        return _route(policy, facts, unit, unit.chain, "leitweg_id", None,
                      Message(de=f"Leitweg-ID {facts.buyer_reference}: {unit.name}.",
                              en=f"Leitweg-ID {facts.buyer_reference}: {unit.name}."))
    owners = {unit.key: unit for centre in facts.cost_centres for unit in policy.units
              if any(fnmatchcase(centre.casefold(), pattern.casefold()) for pattern in unit.cost_centres)}
    if len(owners) == 1 and (unit := next(iter(owners.values()))).chain:
        centres = ", ".join(facts.cost_centres)
        return _route(policy, facts, unit, unit.chain, "cost_centre", None,
                      Message(de=f"Kostenstelle {centres}: {unit.name}.", en=f"Cost centre {centres}: {unit.name}."))
    return clearing_route(facts, policy, ambiguous=tuple(owners))


def route_to_unit(unit_key: str, facts: InvoiceFacts, policy: Policy) -> Route:
    """The route after the clearing inbox assigned the invoice to `unit_key`.

    The rules of that unit are tried as if the invoice were addressed to the unit's Leitweg-ID;
    if none fits, the unit's chain applies. Thresholds apply as always. Raises KeyError for an
    unknown unit (decisions check the key first).
    """
    unit = policy.unit(unit_key)
    if unit is None:
        raise KeyError(unit_key)
    addressed = facts.model_copy(update={"buyer_reference": unit.leitweg_id})
    rule = next((rule for rule in policy.rules if rule.unit == unit.key and matches(rule.match, addressed)), None)
    return _route(policy, facts, unit, rule.chain if rule and rule.chain else unit.chain, "assigned",
                  rule.id if rule else None,
                  Message(de=f"Vom zentralen Rechnungseingang zugeordnet: {unit.name}.",
                          en=f"Assigned by the central invoice inbox: {unit.name}."))


def clearing_route(facts: InvoiceFacts, policy: Policy, *, ambiguous: tuple[str, ...] = ()) -> Route:
    """The route into the clearing inbox, with the reason no unit was found."""
    if ambiguous:
        names = ", ".join(ambiguous)
        why = Message(de=f"Die Kostenstellen gehören mehreren Ämtern ({names}); bitte zuordnen.",
                      en=f"The cost centres belong to several units ({names}); please assign.")
    else:
        leitweg = facts.buyer_reference or "–"
        why = Message(de=f"Keine Regel trifft zu, die Leitweg-ID {leitweg} gehört keinem Amt und keine Kostenstelle "
                         "ist einem Amt zugeordnet; bitte im zentralen Rechnungseingang zuordnen.",
                      en=f"No rule matches, Leitweg-ID {leitweg} belongs to no unit and no cost centre belongs to "
                         "a unit; please assign in the central invoice inbox.")
    return Route(source="clearing", unit=None, steps=(RouteStep(index=0, kind="clearing", assignee=policy.clearing),),
                 explanation=why)


def matches(match: Match, facts: InvoiceFacts) -> bool:
    """True when every matcher given in `match` fits `facts` (an empty match fits every invoice)."""
    supplier = [value for value in (_vat(facts.seller_vat_id), facts.seller_name) if value]
    checks = (
        (match.leitweg_id, [facts.buyer_reference] if facts.buyer_reference else []),
        (match.order_reference, [facts.purchase_order_reference] if facts.purchase_order_reference else []),
        (match.supplier, supplier),
        (match.cost_centre, list(facts.cost_centres)),
    )
    for patterns, values in checks:
        if patterns and not any(_glob(pattern, value) for pattern in patterns for value in values):
            return False
    if match.amount_from is not None or match.amount_below is not None:
        if facts.amount is None:
            return False
        if match.amount_from is not None and facts.amount < match.amount_from:
            return False
        if match.amount_below is not None and facts.amount >= match.amount_below:
            return False
    return True


def _route(policy: Policy, facts: InvoiceFacts, unit: Unit, chain: tuple[StepSpec, ...], source: RouteSource,
           rule: str | None, explanation: Message) -> Route:
    steps = tuple(RouteStep(index=index, kind=spec.step, assignee=_threshold(policy, facts, spec))
                  for index, spec in enumerate(chain))
    return Route(source=source, unit=unit.key, rule=rule, steps=steps, explanation=explanation)


def _threshold(policy: Policy, facts: InvoiceFacts, spec: StepSpec) -> Assignee:
    reached = [threshold for threshold in policy.thresholds
               if threshold.step == spec.step and facts.amount is not None and facts.amount >= threshold.amount_from]
    return max(reached, key=lambda threshold: threshold.amount_from).assignee if reached else spec.assignee


def _glob(pattern: str, value: str) -> bool:
    return fnmatchcase(value.strip().casefold(), pattern.strip().casefold())


def _vat(value: str | None) -> str | None:
    return value.replace(" ", "").upper() if value else None
