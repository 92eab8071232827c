"""Who may act on a step, and whether a person may certify it: the rules of the Dienstanweisung.

`check_certification` applies, in this order, and refuses with the first rule broken:
1. the person is known, and the step is a certification (the clearing step is an assignment);
2. **role**: the person holds a role that fits the step (`signing.roles`);
3. **assignment**: the step is assigned to the person or a group of theirs, or the person is a
   **deputy** of such a person on that day (recorded as `on_behalf_of`); a deputy outside the
   period is refused and told the period;
4. **own matter**: nobody certifies an invoice of a supplier listed as a conflict of interest
   for them (the signer's own conflicts count; a deputy may sign for a concerned colleague);
5. **four-eyes**: nobody signs two steps whose kinds the policy does not allow one person to
   combine; the Anordnung is never given by someone who certified sachlich or rechnerisch
   richtig (or vice versa); the whole history counts, across re-routing;
6. **release limit**: the gross amount (BT-112) is within the signer's limit for the step kind
   (both kinds for `sachlich_rechnerisch`); a deputy signs within the represented person's limit
   (or the lower of both, if `signing.deputy_limit = "lower"`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from invoicing.approvals.clock import city_day
from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.history import Certified, History
from invoicing.approvals.policy import Frozen, Person, Policy
from invoicing.approvals.routing import RouteStep
from invoicing.approvals.wording import ROLE_NAMES, STEP_NAMES, Message, certified, day, euro, may_not


class Ok(Frozen):
    """The person may act; `on_behalf_of` names the represented person when acting as deputy."""

    ok: Literal[True] = True
    on_behalf_of: str | None = None

    def __bool__(self) -> Literal[True]:
        return True


class Refusal(Frozen):
    """The person may not act: a stable `code` and the reason as German and English sentences."""

    ok: Literal[False] = False
    code: Literal["unknown_person", "not_a_certification", "role", "not_assigned", "deputy_out_of_period",
                  "own_matter", "four_eyes", "no_limit", "limit", "amount_unknown", "closed",
                  "awaiting_clarification", "nothing_open", "reason_missing", "unknown_assignee", "unknown_unit",
                  "not_clearing"]
    message: Message

    def __bool__(self) -> Literal[False]:
        return False


class Actor(Frozen):
    """Someone who may act on a step: the login, and whom they represent if a deputy."""

    login: str
    on_behalf_of: str | None = None


def who_may_act(step: RouteStep, policy: Policy, at: datetime) -> tuple[Actor, ...]:
    """The people whose inbox shows `step` at `at`: assignees with a fitting role, and their active deputies.

    History-dependent rules (four-eyes, limits) are left to `check_certification`.
    """
    roles = set(policy.signing.roles_for(step.kind))
    members = policy.members(step.assignee)
    actors = [Actor(login=person.login) for person in members if roles & set(person.roles)]
    today = city_day(at)
    for deputy in policy.deputies:
        stand_in = policy.person(deputy.deputy)
        if (deputy.active_on(today) and any(person.login == deputy.person for person in members)
                and stand_in and roles & set(stand_in.roles)):
            actor = Actor(login=deputy.deputy, on_behalf_of=deputy.person)
            if all(existing.login != actor.login for existing in actors):
                actors.append(actor)
    return tuple(actors)


def may_handle(login: str, step: RouteStep, policy: Policy, at: datetime) -> Ok | Refusal:
    """Rules 1–3: known person, fitting role, assigned (or deputy in period). Also used for clarification etc."""
    person = policy.person(login)
    if person is None:
        return Refusal(code="unknown_person", message=Message(
            de=f"Die Anmeldung „{login}“ ist in der Richtlinie nicht bekannt.",
            en=f"The login '{login}' is not known in the policy."))
    roles = policy.signing.roles_for(step.kind)
    who, verb = person.title, may_not(step.kind)
    if not set(roles) & set(person.roles):
        names_de = " oder ".join(f"„{ROLE_NAMES[role][0]}“" for role in roles)
        names_en = " or ".join(f"'{ROLE_NAMES[role][1]}'" for role in roles)
        return Refusal(code="role", message=Message(
            de=f"{who[0]} {verb[0]}: dafür ist die Rolle {names_de} nötig.",
            en=f"{who[1]} {verb[1]}: this needs the role {names_en}."))
    members = policy.members(step.assignee)
    if any(member.login == login for member in members):
        return Ok()
    periods = [deputy for deputy in policy.deputies
               if deputy.deputy == login and any(member.login == deputy.person for member in members)]
    active = next((deputy for deputy in periods if deputy.active_on(city_day(at))), None)
    if active is not None:
        return Ok(on_behalf_of=active.person)
    owner = policy.assignee_name(step.assignee)
    if periods:
        deputy = periods[0]
        found = policy.person(deputy.person)
        assert found is not None  # periods name members only
        represented = found.title
        start, end = day(deputy.from_), day(deputy.until)
        return Refusal(code="deputy_out_of_period", message=Message(
            de=f"{who[0]} {verb[0]}: {person.pronoun[0]} vertritt {represented[0]} nur vom {start[0]} bis "
               f"{end[0]}, nicht am {day(city_day(at))[0]}.",
            en=f"{who[1]} {verb[1]}: {person.pronoun[1]} deputises for {represented[1]} only from {start[1]} to "
               f"{end[1]}, not on {day(city_day(at))[1]}."))
    return Refusal(code="not_assigned", message=Message(
        de=f"{who[0]} {verb[0]}: der Schritt ist {owner[0]} zugewiesen, und {person.pronoun[0]} vertritt dort "
           "niemanden.",
        en=f"{who[1]} {verb[1]}: the step is assigned to {owner[1]}, and {person.pronoun[1]} deputises for "
           "no one there."))


def check_certification(person: str, step: RouteStep, history: History, invoice_facts: InvoiceFacts,
                        policy: Policy, at: datetime) -> Ok | Refusal:
    """Whether `person` may certify `step` at `at`, given the `history` so far (rules in the module docstring)."""
    if step.kind == "clearing":
        return Refusal(code="not_a_certification", message=Message(
            de="Im zentralen Rechnungseingang wird nichts bescheinigt: bitte die Rechnung einem Amt zuordnen.",
            en="Nothing is certified in the central invoice inbox: please assign the invoice to a unit."))
    handled = may_handle(person, step, policy, at)
    if not handled:
        return handled
    signer = policy.person(person)
    for check in (_own_matter, _four_eyes, _limit):
        refusal = check(signer, step, history, invoice_facts, policy, handled.on_behalf_of)
        if refusal is not None:
            return refusal
    return handled


def may_be_given(login: str, step: RouteStep, history: History, invoice_facts: InvoiceFacts,
                 policy: Policy) -> Refusal | None:
    """Why `step` may not be handed to `login` (reassignment, assignment to a unit), or None when it may.

    The rules that do not depend on who the step is assigned to: a fitting role (2), not their own
    matter (4), no second signature the four-eyes principle forbids on this invoice (5, the whole
    history), a sufficient release limit (6; not checked for the clearing step).
    """
    person = policy.person(login)
    if person is None:
        return Refusal(code="unknown_person", message=Message(
            de=f"Die Anmeldung „{login}“ ist in der Richtlinie nicht bekannt.",
            en=f"The login '{login}' is not known in the policy."))
    if not set(policy.signing.roles_for(step.kind)) & set(person.roles):
        return Refusal(code="role", message=Message(
            de=f"{person.title[0]} hat keine Rolle, die zu diesem Schritt passt.",
            en=f"{person.title[1]} has no role that fits this step."))
    if step.kind == "clearing":
        return None
    for check in (_own_matter, _four_eyes, _limit):
        refusal = check(person, step, history, invoice_facts, policy, None)
        if refusal is not None:
            return refusal
    return None


def release_limit(person: Person, kind: str, policy: Policy) -> Decimal | None | Literal["unlimited"]:
    """The person's release limit for a step kind: an amount, "unlimited", or None (may not sign it)."""
    if kind == "sachlich_rechnerisch":
        limits = [release_limit(person, part, policy) for part in ("sachlich", "rechnerisch")]
        if None in limits:
            return None
        amounts = [limit for limit in limits if isinstance(limit, Decimal)]  # None is ruled out above
        return min(amounts) if amounts else "unlimited"
    own = [limit for limit in policy.limits if limit.person == person.login and kind in limit.steps]
    found = own or [limit for limit in policy.limits if limit.group in person.groups and kind in limit.steps]
    if not found:
        return None
    if any(limit.unlimited for limit in found):
        return "unlimited"
    return max(limit.max_eur for limit in found if limit.max_eur is not None)  # set on every limited one


def _own_matter(signer, step, history, facts, policy, on_behalf_of) -> Refusal | None:
    vat = (facts.seller_vat_id or "").replace(" ", "").upper()
    name = (facts.seller_name or "").strip().casefold()
    for conflict in policy.conflicts_of_interest:
        if conflict.person != signer.login:
            continue
        if (conflict.supplier_vat_id and conflict.supplier_vat_id.replace(" ", "").upper() == vat) or \
                (conflict.supplier_name and conflict.supplier_name.strip().casefold() == name):
            who, verb = signer.title, may_not(step.kind)
            supplier = facts.seller_name or facts.seller_vat_id
            return Refusal(code="own_matter", message=Message(
                de=f"{who[0]} {verb[0]}: die Rechnung von „{supplier}“ betrifft {signer.object_pronoun[0]} selbst "
                   f"({conflict.reason}); niemand bescheinigt in eigener Sache.",
                en=f"{who[1]} {verb[1]}: the invoice from '{supplier}' concerns {signer.object_pronoun[1]} "
                   f"personally ({conflict.reason}); nobody certifies a matter concerning themselves."))
    return None


def _four_eyes(signer, step, history, facts, policy, on_behalf_of) -> Refusal | None:
    for record in history:
        if not isinstance(record, Certified) or record.person != signer.login:
            continue
        if not _compatible(record.kind, step.kind, policy):
            who, verb, done = signer.title, may_not(step.kind), certified(record.kind)
            return Refusal(code="four_eyes", message=Message(
                de=f"{who[0]} {verb[0]}: {signer.pronoun[0]} hat bereits {done[0]} (Vier-Augen-Prinzip).",
                en=f"{who[1]} {verb[1]}: {signer.pronoun[1]} has already {done[1]} (four-eyes principle)."))
    return None


def _compatible(done: str, wanted: str, policy: Policy) -> bool:
    parts = {"sachlich_rechnerisch": ("sachlich", "rechnerisch")}
    return all(first != second and policy.signing.may_combine(first, second)
               for first in parts.get(done, (done,)) for second in parts.get(wanted, (wanted,)))


def _limit(signer, step, history, facts, policy, on_behalf_of) -> Refusal | None:
    who, verb = signer.title, may_not(step.kind)
    if facts.amount is None:
        return Refusal(code="amount_unknown", message=Message(
            de=f"{who[0]} {verb[0]}: der Rechnungsbetrag (BT-112) fehlt, die Freigabegrenze ist nicht prüfbar.",
            en=f"{who[1]} {verb[1]}: the invoice total (BT-112) is missing, so the release limit cannot be checked."))
    limits = [release_limit(signer, step.kind, policy)]
    if on_behalf_of is not None:
        represented = release_limit(policy.person(on_behalf_of), step.kind, policy)
        limits = [represented] + (limits if policy.signing.deputy_limit == "lower" else [])
    if None in limits:
        step_de, step_en = STEP_NAMES[step.kind]
        return Refusal(code="no_limit", message=Message(
            de=f"{who[0]} {verb[0]}: für „{step_de}“ ist keine Freigabegrenze festgelegt.",
            en=f"{who[1]} {verb[1]}: no release limit is set for '{step_en}'."))
    amounts = [limit for limit in limits if isinstance(limit, Decimal)]  # None is ruled out above
    if amounts and abs(facts.amount) > min(amounts):
        amount, limit = euro(abs(facts.amount)), euro(min(amounts))
        return Refusal(code="limit", message=Message(
            de=f"{who[0]} {verb[0]}: der Rechnungsbetrag von {amount[0]} übersteigt die Freigabegrenze von "
               f"{limit[0]}.",
            en=f"{who[1]} {verb[1]}: the invoice amount of {amount[1]} exceeds the release limit of {limit[1]}."))
    return None
