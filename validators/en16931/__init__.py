"""The EN 16931 rules (CEN validation artefacts 1.3.16), implemented natively for UBL 2.1 and CII D16B.

    >>> from invoicing.formats import safe_xml
    >>> from invoicing.formats.recognition import recognise
    >>> from invoicing.formats.ubl_writer import write_ubl
    >>> from invoicing.generator import generate_invoice
    >>> tree = safe_xml.parse(write_ubl(generate_invoice(1)))
    >>> check(tree, recognise(tree))
    []

`check` extracts a flat view of the invoice in one pass (`ubl`, `cii`) and runs every rule of
`RULES` over it. Findings carry the official rule id and the *official* level (fatal → error);
the engine applies the scenario's level changes. Rule ids that exist in the official artefacts
but are not implemented here, and why, are listed in `NOT_IMPLEMENTED`.

Contract: `check` never returns a partial list. If a rule raises (a bug, or a code list missing
from the rule file), `RulesFailed` is raised naming the rule, so the caller can report the layer
as not run instead of calling the invoice valid.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from lxml import etree

from invoicing.formats.recognition import Recognition
from validators.en16931 import (  # noqa: F401  (importing the rule modules registers their rules)
    rules_allowances, rules_breakdown, rules_codes, rules_document, rules_lines, rules_payment, rules_totals,
    rules_cii_syntax, rules_ubl_syntax, rules_vat, rules_vat_breakdown,
)
from validators.en16931 import cii, codelists, ubl
from validators.en16931.rule import GATES, GROUPS, RULES, family
from validators.en16931.vat import used_codes
from validators.report import Finding, RuleSet
from validators.rules.base import MISSING, Missing, Rule, location

RULE_SET = RuleSet("EN 16931", "CEN 1.3.16 (native)", "native")

NOT_IMPLEMENTED: dict[str, str] = {
    "BR-CO-05": "the artefacts' test is true(): it can never fire",
    "BR-CO-06": "the artefacts' test is true(): it can never fire",
    "BR-CO-07": "the artefacts' test is true(): it can never fire",
    "BR-CO-08": "the artefacts' test is true(): it can never fire",
    "BR-DEC-13 (UBL)": "the UBL artefact's predicate compares with a child of cbc:TaxAmount and can never fire; "
                       "implemented for CII",
    "BR-DEC-15 (UBL)": "as BR-DEC-13 (UBL); implemented for CII",
    "BR-AF-08, BR-AG-08 (CII)": "the CII artefacts read the rate from the settlement instead of the breakdown, so the "
                                "test can never fail; implemented for UBL",
    "BR-AF-09, BR-AG-09 (CII)": "the CII artefacts' test is true(); implemented for UBL",
    "UBL-CR-001…680 except 666, 673": "676 'element not used' warnings; planned as one table of forbidden paths read "
                                      "from the CEN rule file and checked in the element walk (a prototype costs "
                                      "55-80 µs per invoice, which the speed budget did not allow yet)",
    "CII-SR-*, CII-DT-* other than CII-SR-463…476 and CII-DT-031": "the CEN CII syntax rules (~430, mostly "
                                                                  "'not used' warnings) are not in the CII rule "
                                                                  "file this project can run (Factur-X EN16931)",
}
"""Official rule ids (CEN 1.3.16) without a native check, with the reason."""

_BY_SYNTAX = {syntax: tuple((rule, run, GATES.get(rule.id)) for rule, run in RULES.applicable(syntax, "standard"))
              for syntax in ("UBL", "CII")}
"""Per syntax: (rule, its check, what it needs — see `rule.GATES` — or None), in evaluation order."""


def _plan(syntax: str) -> tuple[tuple, dict[str, tuple], tuple, dict[str, Rule]]:
    """How `check` runs the rules of `syntax`: the rules to ask always; the gated ones by what they need
    (skipped together when it is absent); the shared evaluations (`rule.GROUPS`) and the rules they decide."""
    always = tuple((rule, run) for rule, run, gate in _BY_SYNTAX[syntax] if gate is None and rule.id not in GROUPS)
    gated: dict[str, list] = defaultdict(list)
    for rule, run, gate in _BY_SYNTAX[syntax]:
        if gate is not None and rule.id not in GROUPS:
            gated[gate].append((rule, run))
    grouped = {rule.id: rule for rule, _, _ in _BY_SYNTAX[syntax] if rule.id in GROUPS}
    evaluations = tuple(dict.fromkeys(GROUPS[rule_id] for rule_id in grouped))
    return always, {gate: tuple(rules) for gate, rules in gated.items()}, evaluations, grouped


class RulesFailed(RuntimeError):
    """A native rule raised instead of deciding; the EN 16931 layer did not run to the end."""

    def __init__(self, rule_id: str, error: Exception):
        super().__init__(f"Native EN 16931 rule {rule_id} failed: {type(error).__name__}: {error}")
        self.rule_id = rule_id


@cache
def _plan_cached(syntax: str):
    return _plan(syntax)


def check(tree: etree._ElementTree | etree._Element, recognition: Recognition) -> list[Finding]:
    """Every EN 16931 finding for the parsed document `tree`, at official levels (layer "en16931")."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    syntax = recognition.syntax
    view = (ubl.extract if syntax == "UBL" else cii.extract)(root)
    findings: list[Finding] = []
    always, gated, evaluations, grouped = _plan_cached(syntax)
    present = used_codes(view) | view.groups()
    # rules whose category or group is absent have nothing to check and are not run
    for group in [always, *(rules for gate, rules in gated.items() if gate in present)]:
        for rule, run in group:
            try:
                hits = run(view)
                if hits:
                    for el, values in hits:
                        findings.append(_finding(rule, root, el, values))
            except Exception as error:  # a rule that cannot decide must never look like "valid"
                raise RulesFailed(rule.id, error) from error
    for evaluate in evaluations:
        try:
            decided = evaluate(view)
        except Exception as error:
            raise RulesFailed(", ".join(sorted(r for r, g in GROUPS.items() if g is evaluate)), error) from error
        for rule_id, hits in decided.items():
            rule = grouped.get(rule_id)
            if rule is not None:
                for el, values in hits:
                    findings.append(_finding(rule, root, el, values))
    return findings


class _Values(dict):
    """Message values in one language; MISSING is worded per language, an absent value shows as a dash."""

    def __init__(self, values: dict, language: str):
        super().__init__({key: Missing.WORDS[language] if value is MISSING else value for key, value in values.items()})

    def __missing__(self, key: str) -> str:
        return "—"


def _finding(rule: Rule, root: etree._Element, el, values: dict) -> Finding:
    el = root if el is None else el
    return Finding(
        rule_id=rule.id, level=rule.level, message=rule.message.format_map(_Values(values, "en")), layer="en16931",
        message_de=rule.message_de.format_map(_Values(values, "de")), terms=rule.terms,
        location=location(el), line=el.sourceline)


def implemented_ids(syntax: str | None = None) -> dict[str, list[str]]:
    """The implemented rule ids per family ("BR", "BR-CO", "BR-S", …), for `syntax` or both."""
    families: dict[str, list[str]] = defaultdict(list)
    for rule in RULES.rules.values():
        if syntax is None or rule.check_for(syntax) is not None:
            families[family(rule.id)].append(rule.id)
    return {name: sorted(ids) for name, ids in sorted(families.items())}


def rules() -> tuple[Rule, ...]:
    """All native rules, in evaluation order."""
    return tuple(RULES.rules.values())


def warm_up() -> None:
    """Load the code lists now instead of on the first invoice."""
    codelists.warm_up()
