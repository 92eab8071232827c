"""Reproducing a recorded verdict: validate the original again and compare with what was recorded.

The recorded report names the rule sets it used (`rule_sets`: name, version, engine). The
validation is run again on the original with the engine kind the report used (native rules or
the official XSLT), through the validation engine handed in (`validate(bytes, engine=...)`,
`validators.engine.validate` from the command line; the domain never imports the validators).
When the rule sets installed now are not those recorded, the result says so: a different verdict
is then expected, not evidence of tampering.

Compared: the verdict (`accepted`) and the findings as (rule id, level, layer, location), as a multiset.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

Finding = tuple[str, str, str, str]


class Report(Protocol):
    """What reproducing needs of the engine's report."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass
class Reproduction:
    """What re-running a recorded validation gave."""

    case_id: UUID
    recorded_verdict: bool
    verdict: bool
    engine: str
    missing_rule_sets: list[str] = field(default_factory=list)
    """Recorded "name version (engine)" not installed now."""
    installed_rule_sets: list[str] = field(default_factory=list)
    only_recorded: list[Finding] = field(default_factory=list)
    only_now: list[Finding] = field(default_factory=list)

    @property
    def versions_installed(self) -> bool:
        return not self.missing_rule_sets

    @property
    def reproduced(self) -> bool:
        """Same verdict and the same findings."""
        return self.verdict == self.recorded_verdict and not self.only_recorded and not self.only_now


def reproduce(invoices, case_id: UUID, validate: Callable[..., Report]) -> Reproduction:
    """Re-run the recorded validation of case `case_id` with `validate` and compare (see the module docstring).

    Raises `InvoiceNotFound`, `IntegrityAlarm` (history or original changed), or `NotAllowedNow`
    when the case has no recorded validation.
    """
    from invoicing.lifecycle.errors import NotAllowedNow

    recorded = [event for event in invoices.history(case_id) if type(event).__name__ == "InvoiceValidated"]
    if not recorded:
        raise NotAllowedNow(f"Invoice {case_id} has no recorded validation to reproduce.",
                            "Wait until it has been validated.")
    report = recorded[-1].report
    engine = engine_of(report)
    now = validate(invoices.original(case_id), engine=engine).to_dict()
    then_sets, now_sets = _rule_sets(report), _rule_sets(now)
    before, after = Counter(_findings(report)), Counter(_findings(now))
    return Reproduction(case_id, bool(report.get("accepted")), bool(now.get("accepted")), engine,
                        missing_rule_sets=[item for item in then_sets if item not in now_sets],
                        installed_rule_sets=now_sets,
                        only_recorded=sorted((before - after).elements()), only_now=sorted((after - before).elements()))


def engine_of(report: dict) -> str:
    """"official" when the recorded EN 16931 rule set ran in the official XSLT (Saxon), else "native"."""
    for item in report.get("rule_sets", ()):
        if item.get("name") == "EN 16931" and "saxon" in str(item.get("engine", "")).lower():
            return "official"
    return "native"


def _rule_sets(report: dict) -> list[str]:
    return [f"{item['name']} {item['version']} ({item['engine']})" for item in report.get("rule_sets", ())]


def _findings(report: dict) -> list[Finding]:
    return [(item.get("rule_id", ""), item.get("level", ""), item.get("layer", ""), item.get("location") or "")
            for item in report.get("findings", ())]
