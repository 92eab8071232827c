"""The native XRechnung 3.0.2 rule layer: BR-DE-*, BR-DEX-*, BR-TMP-*, BR-DE-CVD-*, adopted PEPPOL-EN16931-R*.

`check(tree, recognition, scenario)` runs every rule of the document's syntax that belongs to the
scenario's variant (standard, extension, CVD) and returns its findings at the rules' official
levels; the engine applies the scenario's level changes. Each rule is data plus one small check
per syntax, in the modules listed in `_MODULES`, under its official id.

The rule meanings follow the public XRechnung 3.0.2 specification texts; where a text leaves a
detail open, the official results on the conformance corpus decided it (see the module notes).
"""

from __future__ import annotations

from lxml import etree

from invoicing.formats.recognition import Recognition
from validators.report import Finding, RuleSet
from validators.rules import (xrechnung_cvd, xrechnung_de, xrechnung_de_payment, xrechnung_dex, xrechnung_peppol,
                             xrechnung_peppol_amounts)
from validators.rules.base import MISSING, Doc, Missing, Registry, location
from validators.scenario import Scenario

RULE_SET = RuleSet("XRechnung", "3.0.2", "native")

_MODULES = (xrechnung_de, xrechnung_de_payment, xrechnung_dex, xrechnung_cvd, xrechnung_peppol,
            xrechnung_peppol_amounts)

RULES = Registry()
for _module in _MODULES:
    RULES.add(*_module.RULES.rules.values())

_APPLICABLE = {(syntax, variant): RULES.applicable(syntax, variant)
               for syntax in ("UBL", "CII") for variant in ("standard", "extension", "cvd")}


class _Values(dict):
    """Message values in one language; a value a hit did not supply shows as a dash."""

    def __init__(self, values, language: str):
        super().__init__({key: Missing.WORDS[language] if value is MISSING else value
                          for key, value in values.items()})

    def __missing__(self, key: str) -> str:
        return "—"


def check(tree: etree._ElementTree, recognition: Recognition, scenario: Scenario) -> list[Finding]:
    """Every XRechnung finding for the document, at the rules' official levels, in rule order."""
    doc = Doc(tree, recognition.syntax)
    findings = []
    for rule, run in _APPLICABLE.get((recognition.syntax, scenario.variant), ()):
        for element, values in run(doc):
            findings.append(Finding(
                rule.id, rule.level, rule.message.format_map(_Values(values, "en")), "xrechnung",
                message_de=rule.message_de.format_map(_Values(values, "de")), terms=rule.terms,
                location=location(element), line=element.sourceline))
    return findings
