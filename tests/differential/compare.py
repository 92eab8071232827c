"""Native engine against the official one (the KoSIT configuration run by Saxon) on one document.

Both judge the document with the same scenario: the one KoSIT chooses, or — for a document no
scenario matches — the configuration's EN 16931 scenario for its type (so that the CEN rules are
compared on those too). Compared: scenario, schema validity, which rule sets stopped with an XPath
error, the verdict, the error-id and warning-id sets of every rule set that ran to the end in
both, and there every fired assertion with its id, level and location, counted (the locations are
what a supplier's software uses to find the faulty element). `all_rules=True` has both engines evaluate the rules of a schema-invalid document too (KoSIT
does not), to compare the rules on broken data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from tests.official import runner
from validators import scenario as scenarios
from validators.engine import validate

EN16931 = {"Invoice": "EN16931 (UBL Invoice)", "CreditNote": "EN16931 (UBL CreditNote)",
           "CrossIndustryInvoice": "EN16931 (CII)"}
FAMILIES = ("en16931", "xrechnung")


@dataclass(frozen=True)
class Outcome:
    """What one engine decided, in the terms both engines share."""

    scenario: str
    schema_valid: bool
    accepted: bool
    stopped: frozenset[str]  # rule-set families that stopped with an XPath error
    errors: dict  # family → frozenset of error ids
    warnings: dict
    fired: dict = None  # family → Counter of (rule id, level, location)

    def fired_in(self, families) -> Counter:
        return sum((self.fired.get(family, Counter()) for family in families), Counter())

    def fired_ids(self, families) -> frozenset[str]:
        """The ids of every fired assertion in `families`, whatever its level (information too)."""
        return frozenset(rule_id for rule_id, _, _ in self.fired_in(families))

    def ids(self, level: str, families) -> frozenset[str]:
        source = self.errors if level == "error" else self.warnings
        return frozenset().union(*(source.get(family, frozenset()) for family in families))


@dataclass(frozen=True)
class Comparison:
    native: Outcome
    official: Outcome

    @property
    def compared(self) -> tuple[str, ...]:
        """Families whose findings both engines produced in full (a rule set that stopped reports nothing)."""
        return tuple(family for family in FAMILIES
                     if family not in self.native.stopped and family not in self.official.stopped)

    @property
    def differences(self) -> list[str]:
        native, official = self.native, self.official
        found = []
        if native.scenario != official.scenario:
            found.append(f"scenario {native.scenario!r} ≠ {official.scenario!r}")
        if native.schema_valid != official.schema_valid:
            found.append(f"schema valid {native.schema_valid} ≠ {official.schema_valid}")
        if native.stopped != official.stopped:
            found.append(f"stopped rule sets {sorted(native.stopped)} ≠ {sorted(official.stopped)}")
        if native.accepted != official.accepted:
            found.append(f"verdict accepted={native.accepted} ≠ official accepted={official.accepted}")
        for level in ("error", "warning"):
            mine, theirs = native.ids(level, self.compared), official.ids(level, self.compared)
            if mine != theirs:
                found.append(f"{level}s only native {sorted(mine - theirs)}, only official {sorted(theirs - mine)}")
        mine, theirs = native.fired_in(self.compared), official.fired_in(self.compared)
        if mine != theirs:
            found.append(f"fired (id, level, location) only native {sorted(mine - theirs)[:3]}, "
                         f"only official {sorted(theirs - mine)[:3]}")
        return found


def scenario_for(xml: bytes) -> tuple[str, bool]:
    """(scenario name, forced?) both engines use for `xml`."""
    root = etree.fromstring(xml)
    matched = scenarios.choose(root)
    if matched is not None:
        return matched.name, False
    return EN16931[etree.QName(root).localname], True


def native_outcome(xml: bytes, name: str, all_rules: bool = False) -> Outcome:
    report = validate(xml, scenario=name, rules_on_schema_error=all_rules)
    stopped = frozenset("xrechnung" if "XRechnung" in reason else "en16931" for reason in report.not_run)
    schema_valid = not any(f.layer == "xsd" for f in report.findings)
    accepted = schema_valid and not stopped and not any(
        f.level == "error" for f in report.findings if f.layer in ("xsd", *FAMILIES))
    return Outcome(report.scenario, schema_valid, accepted, stopped,
                   _by_family((f.layer, f.rule_id) for f in report.findings if f.level == "error"),
                   _by_family((f.layer, f.rule_id) for f in report.findings if f.level == "warning"),
                   _counted((f.layer, (f.rule_id, f.level, f.location)) for f in report.findings if f.layer in FAMILIES))


def official_outcome(xml: bytes, name: str, forced: bool, all_rules: bool = False) -> Outcome:
    result = runner().run(xml, force_scenario=name if forced else None, schematron_on_schema_error=all_rules)
    stopped = frozenset(_family(step.step) for step in result.failed_steps)
    return Outcome(result.scenario or "no scenario", bool(result.schema_valid), result.accepted, stopped,
                   _by_family((_family(f.step), f.rule_id) for f in result.findings if f.level == "error"),
                   _by_family((_family(f.step), f.rule_id) for f in result.findings if f.level == "warning"),
                   _counted((_family(f.step), (f.rule_id, f.level, f.location)) for f in result.findings))


def compare(xml: bytes, *, all_rules: bool = False) -> Comparison:
    name, forced = scenario_for(xml)
    return Comparison(native_outcome(xml, name, all_rules), official_outcome(xml, name, forced, all_rules))


def _family(step: str) -> str:
    return "xrechnung" if "xrechnung" in step.lower() else "en16931"


def _by_family(pairs) -> dict:
    found: dict = {}
    for family, rule_id in pairs:
        found.setdefault(family, set()).add(rule_id)
    return {family: frozenset(ids) for family, ids in found.items()}


def _counted(pairs) -> dict:
    found: dict = {}
    for family, fired in pairs:
        found.setdefault(family, Counter())[fired] += 1
    return found


def minimise(xml: bytes, still_differs, *, attempts: int = 300) -> bytes:
    """A smaller document on which the engines still disagree: elements removed one at a time while they do."""
    root = etree.fromstring(xml)
    tried = 0
    changed = True
    while changed and tried < attempts:
        changed = False
        for element in reversed(list(root.iter(etree.Element))):
            if element is root or element.getparent() is None or tried >= attempts:
                continue
            parent, index = element.getparent(), element.getparent().index(element)
            parent.remove(element)
            tried += 1
            candidate = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            if still_differs(candidate):
                changed = True
            else:
                parent.insert(index, element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
