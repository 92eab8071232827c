"""Reading the approval policy from TOML, with every cross-reference checked before it is used.

    >>> from invoicing.approvals.loader import sample_policy
    >>> sample_policy().name
    'Stadt Eichenbrück – Dienstanweisung Rechnungsprüfung'

The file has a `[policy]` table (name, version) and the sections of `Policy` (see
`sample_policy.toml`). Loading refuses, with a `PolicyError` listing every problem at once:
unknown keys or wrong types, Leitweg-IDs with wrong check digits (naming the unit, the id and the
expected check digits), references to unknown people, groups or units, groups without members,
assignees without the role a step needs, chains that do not certify *sachlich richtig*,
*rechnerisch richtig* and the *Anordnung* (Anordnung last), combined steps the signing rules do
not allow, and any rule that would let one person sign a step and the Anordnung.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from invoicing.approvals.errors import PolicyError
from invoicing.approvals.policy import Assignee, Policy, StepKind, StepSpec
from invoicing.leitweg import InvalidLeitwegId, check_digits, parse_leitweg_id

SAMPLE_POLICY = "sample_policy.toml"


def load_policy(path: str | Path) -> Policy:
    """The policy in the TOML file at `path`; raises `PolicyError` naming every problem."""
    path = Path(path)
    return parse_policy(path.read_text(encoding="utf-8"), source=str(path))


def sample_policy() -> Policy:
    """The shipped sample policy for the Stadt Eichenbrück (the generator's city)."""
    text = resources.files("invoicing.approvals").joinpath(SAMPLE_POLICY).read_text(encoding="utf-8")
    return parse_policy(text, source=SAMPLE_POLICY)


def parse_policy(text: str, *, source: str = "<text>") -> Policy:
    """The policy written in the TOML `text`; raises `PolicyError` naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(source, [f"The file is not valid TOML: {error}."]) from None
    data = {**data.pop("policy", {}), **data}
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(source, [_describe(problem, data) for problem in error.errors()]) from None
    problems = cross_check(policy)
    if problems:
        raise PolicyError(source, problems)
    return policy


def cross_check(policy: Policy) -> list[str]:
    """Every inconsistency of a structurally valid policy, as sentences; empty when it can be used."""
    problems: list[str] = []
    for section, keys in (("units", [u.key for u in policy.units]), ("groups", [g.key for g in policy.groups]),
                          ("people", [p.login for p in policy.people]), ("rules", [r.id for r in policy.rules])):
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            problems.append(f"{section}: '{key}' is defined more than once.")
    problems += _leitweg_problems(policy)
    problems += _organisation_problems(policy)
    problems += _signing_problems(policy)
    for unit in policy.units:
        problems += _chain_problems(policy, unit.chain, f"Unit '{unit.key}'", required=bool(unit.chain))
        if unit.escalate_to:
            problems += _assignee_problems(policy, unit.escalate_to, f"Unit '{unit.key}' escalate_to", None)
    for rule in policy.rules:
        where = f"Rule '{rule.id}'"
        found = policy.unit(rule.unit)
        if found is None:
            problems.append(f"{where}: unknown unit '{rule.unit}'.")
        elif rule.chain is None and not found.chain:
            problems.append(f"{where}: neither the rule nor unit '{rule.unit}' has a chain.")
        problems += _chain_problems(policy, rule.chain or (), where, required=rule.chain is not None)
        problems += _match_problems(rule.match, where)
    for index, threshold in enumerate(policy.thresholds):
        problems += _assignee_problems(policy, threshold.assignee, f"Threshold {index + 1}", threshold.step)
    problems += _assignee_problems(policy, policy.clearing, "clearing", "clearing")
    problems += _assignee_problems(policy, policy.escalation.target, "escalation target", None)
    return problems


def _leitweg_problems(policy: Policy) -> list[str]:
    problems = []
    for unit in policy.units:
        try:
            parse_leitweg_id(unit.leitweg_id)
        except InvalidLeitwegId as error:
            problems.append(f"Unit '{unit.key}' ({unit.name}): {_leitweg_sentence(unit.leitweg_id, error)}")
    return problems


def _leitweg_sentence(value: str, error: InvalidLeitwegId) -> str:
    parts = value.strip().rsplit("-", 1)
    coarse, _, fine = parts[0].partition("-")
    if len(parts) == 2 and "check digits" in str(error):
        return (f"the Leitweg-ID '{value}' has wrong check digits: expected {check_digits(coarse, fine or None)}, "
                f"found {parts[1]}.")
    return str(error)


def _organisation_problems(policy: Policy) -> list[str]:
    problems = []
    for person in policy.people:
        if person.unit and policy.unit(person.unit) is None:
            problems.append(f"Person '{person.login}': unknown unit '{person.unit}'.")
        for group in person.groups:
            if policy.group(group) is None:
                problems.append(f"Person '{person.login}': unknown group '{group}'.")
    for spec in policy.groups:
        if spec.unit and policy.unit(spec.unit) is None:
            problems.append(f"Group '{spec.key}': unknown unit '{spec.unit}'.")
    for index, limit in enumerate(policy.limits, start=1):
        if limit.person and policy.person(limit.person) is None:
            problems.append(f"Limit {index}: unknown person '{limit.person}'.")
        if limit.group and policy.group(limit.group) is None:
            problems.append(f"Limit {index}: unknown group '{limit.group}'.")
    for index, deputy in enumerate(policy.deputies, start=1):
        for login in (deputy.person, deputy.deputy):
            if policy.person(login) is None:
                problems.append(f"Deputy {index}: unknown person '{login}'.")
        if deputy.person == deputy.deputy:
            problems.append(f"Deputy {index}: '{deputy.person}' cannot be their own deputy.")
        if deputy.until < deputy.from_:
            problems.append(f"Deputy {index}: the period ends ({deputy.until}) before it starts ({deputy.from_}).")
    for index, conflict in enumerate(policy.conflicts_of_interest, start=1):
        if policy.person(conflict.person) is None:
            problems.append(f"Conflict of interest {index}: unknown person '{conflict.person}'.")
        if not (conflict.supplier_vat_id or conflict.supplier_name):
            problems.append(f"Conflict of interest {index}: name the supplier by 'supplier_vat_id' or 'supplier_name'.")
    for index, entry in enumerate(policy.accounting, start=1):
        if entry.unit and policy.unit(entry.unit) is None:
            problems.append(f"Accounting {index}: unknown unit '{entry.unit}'.")
        if not (entry.unit or entry.supplier):
            problems.append(f"Accounting {index}: name a 'supplier' or a 'unit' the defaults are for.")
        if not entry.account.isdigit():
            problems.append(f"Accounting {index}: the account '{entry.account}' must be digits (e.g. \"4980\").")
    return problems


def _signing_problems(policy: Policy) -> list[str]:
    return [f"signing.same_person_may_sign: {first} and {second} may never be signed by one person "
            "(the Anordnung needs someone who did not certify the invoice)."
            for first, second in policy.signing.same_person_may_sign if "anordnung" in (first, second)]


def _chain_problems(policy: Policy, chain: tuple[StepSpec, ...], where: str, *, required: bool) -> list[str]:
    if not chain:
        return [f"{where}: the chain is empty."] if required else []
    kinds = [spec.step for spec in chain]
    problems = []
    certifies = kinds.count("sachlich") + kinds.count("sachlich_rechnerisch"), \
        kinds.count("rechnerisch") + kinds.count("sachlich_rechnerisch"), kinds.count("anordnung")
    if certifies != (1, 1, 1) or kinds[-1] != "anordnung" or "clearing" in kinds:
        problems.append(f"{where}: a chain must certify 'sachlich', 'rechnerisch' (or both in one "
                        f"'sachlich_rechnerisch' step) and end with one 'anordnung'; found {kinds}.")
    if "sachlich_rechnerisch" in kinds and not policy.signing.may_combine("sachlich", "rechnerisch"):
        problems.append(f"{where}: 'sachlich_rechnerisch' is used, but signing.same_person_may_sign does not "
                        "allow one person to certify sachlich and rechnerisch.")
    for spec in chain:
        problems += _assignee_problems(policy, spec.assignee, f"{where}, step '{spec.step}'", spec.step)
    return problems


def _assignee_problems(policy: Policy, assignee: Assignee, where: str, kind: StepKind | None) -> list[str]:
    if assignee.person and policy.person(assignee.person) is None:
        return [f"{where}: unknown person '{assignee.person}'."]
    if assignee.group and policy.group(assignee.group) is None:
        return [f"{where}: unknown group '{assignee.group}'."]
    members = policy.members(assignee)
    if not members:
        return [f"{where}: group '{assignee.group}' has no members."]
    if kind is not None:
        roles = policy.signing.roles_for(kind)
        if not any(set(roles) & set(person.roles) for person in members):
            return [f"{where}: {assignee} has none of the roles {list(roles)} that step '{kind}' needs."]
    return []


def _match_problems(match, where: str) -> list[str]:
    problems = []
    for pattern in match.leitweg_id:
        if not any(char in pattern for char in "*?[") and pattern:
            try:
                parse_leitweg_id(pattern)
            except InvalidLeitwegId as error:
                problems.append(f"{where}: {_leitweg_sentence(pattern, error)}")
    if match.amount_from is not None and match.amount_below is not None and match.amount_below <= match.amount_from:
        problems.append(f"{where}: amount_below ({match.amount_below}) must be greater than amount_from "
                        f"({match.amount_from}).")
    return problems


def _describe(problem: Mapping[str, Any], data: dict) -> str:
    """One pydantic error as a sentence, naming list entries by number and key: `people #3 ('anna').roles.0`."""
    parts: list[str] = []
    node: Any = data
    for part in problem["loc"]:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            name = next((node[key] for key in ("login", "key", "id") if isinstance(node, dict) and key in node), None)
            parts[-1] += f" #{part + 1}" + (f" ('{name}')" if name else "")
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    where = ".".join(parts) or "the file"
    if problem["type"] == "missing":
        return f"{where}: this key is required."
    if problem["type"] == "extra_forbidden":
        return f"{where}: unknown key (misspelt?)."
    return f"{where}: {problem['msg']} (found {problem.get('input')!r})."
