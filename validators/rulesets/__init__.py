"""The official rule files compiled to Python, and the KoSIT scenario table (generated; see `generate`).

`load(name)` returns the `RuleSet` of a generated module ("cen_ubl", "cen_cii", "xrechnung_ubl",
"xrechnung_cii"); modules are imported on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from validators.schematron.engine import RuleSet

NAMES = ("cen_ubl", "cen_cii", "xrechnung_ubl", "xrechnung_cii")


@cache
def load(name: str) -> RuleSet:
    """The compiled rule set `name` (one of `NAMES`)."""
    if name not in NAMES:
        raise KeyError(f"no compiled rule set {name!r}; known: {', '.join(NAMES)}")
    return import_module(f"validators.rulesets.{name}").RULE_SET
