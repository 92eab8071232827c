"""KoSIT scenarios: which document gets which schema, rule sets and level changes.

The table is generated from the official configuration's `scenarios.xml` (`validators/rulesets/
scenarios.py`, by `python -m validators.rulesets.generate`); this module holds its shape and the
choice. As the KoSIT validator does, the first scenario whose `match` expression is true decides;
a document no scenario matches has no scenario (the official validator then rejects it with its
`noScenarioReport`).
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

    def __post_init__(self):
        object.__setattr__(self, "custom_levels", MappingProxyType(dict(self.custom_levels)))

    def level(self, rule_id: str, official: Level) -> Level:
        """The level of `rule_id` in this scenario (the rule file's own level unless `customLevel` changes it)."""
        return self.custom_levels.get(rule_id, official)


def choose(root: etree._Element) -> Scenario | None:
    """The first scenario whose match is true for the document with root element `root`, or None."""
    from validators.rulesets.scenarios import SCENARIOS

    g = Globals(root)
    for scenario in SCENARIOS:
        try:
            if scenario.match(g):
                return scenario
        except XPathError:
            continue  # a match that raises does not match (KoSIT evaluates it as false)
    return None


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
