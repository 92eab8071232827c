"""KoSIT scenarios: which document gets which schema, rule sets and level changes.

The table is generated from the official configuration's `scenarios.xml` (`validators/rulesets/
scenarios.py`, by `python -m validators.rulesets.generate`); this module holds its shape, the
choice and the levels. As the KoSIT validator chooses (`ScenarioRepository.selectScenario`), a
document gets a scenario only when exactly one scenario's `match` is true; with none or several it
gets the fallback, which the official validator rejects (its `noScenarioReport`). A match
expression that raises an XPath error counts as not matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from lxml import etree

from validators.report import Level
from validators.schematron.runtime import Globals
from validators.schematron.values import XPathError


@dataclass(frozen=True)
class Configuration:
    """The KoSIT configuration the scenarios come from, and the releases it names."""

    name: str
    date: str
    cen_version: str
    xrechnung_version: str
    sha256: str


@dataclass(frozen=True)
class Scenario:
    """One KoSIT scenario: its match expression, schema, Schematron rule sets (in order) and level changes."""

    name: str
    match: Callable[[Globals], bool] = field(compare=False, repr=False)
    schema: str  # the schema resource's location in the configuration
    rule_sets: tuple[str, ...]  # generated rule-set modules, in the configuration's order
    custom_levels: Mapping[str, Level]
    report: str
    details: Mapping = field(default_factory=dict, compare=False, repr=False)  # what a KoSIT report copies

    def __post_init__(self):
        object.__setattr__(self, "custom_levels", MappingProxyType(dict(self.custom_levels)))

    def level(self, rule_id: str, official: Level) -> Level:
        """The level of `rule_id` in this scenario (the rule file's own level unless `customLevel` changes it)."""
        return self.custom_levels.get(rule_id, official)


def choose(root: etree._Element) -> Scenario | None:
    """The scenario for the document with root element `root`: the only one that matches, else None."""
    from validators.rulesets.scenarios import SCENARIOS

    g = Globals(root)
    matched = [scenario for scenario in SCENARIOS if _matches(scenario, g)]
    return matched[0] if len(matched) == 1 else None


def _matches(scenario: Scenario, g: Globals) -> bool:
    try:
        return bool(scenario.match(g))
    except XPathError:
        return False


def official_level(flag: str | None, role: str | None) -> Level:
    """A fired rule's level as the configuration's report writes it (default-report.xsl, `rep:message/@level`):
    `(@flag, @role) = ('fatal', 'error')` → error, `('warning', 'warn')` → warning, `('information', 'info')` →
    information, anything else → error. The comparisons are XPath general comparisons over both attributes."""
    given = {flag, role} - {None}
    if given & {"fatal", "error"}:
        return "error"
    if given & {"warning", "warn"}:
        return "warning"
    if given & {"information", "info"}:
        return "information"
    return "error"


def by_name(name: str) -> Scenario:
    """The scenario called `name` (KeyError naming the known ones otherwise)."""
    from validators.rulesets.scenarios import SCENARIOS

    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(f"no scenario {name!r}; known: {', '.join(s.name for s in SCENARIOS)}")


def configuration() -> Configuration:
    from validators.rulesets.scenarios import CONFIGURATION

    return CONFIGURATION
