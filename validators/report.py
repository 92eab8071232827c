"""The validation report: verdict, findings, and exactly which rule sets (and versions) produced them.

A report is a plain, immutable value that can be stored in an event and read back years later
(`to_dict` / `from_dict`), so an auditor's replay shows the verdict as it was recorded and the
rule-set versions that produced it. `complete` is False whenever a layer that the scenario
requires did not run; such a report never claims more than it checked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Level = Literal["error", "warning", "information"]
Layer = Literal["intake", "xsd", "en16931", "xrechnung", "policy"]

LEVELS: tuple[Level, ...] = ("error", "warning", "information")


@dataclass(frozen=True)
class Finding:
    """One fired rule: official id (or one of ours), level after scenario overrides, and where.

    `message` is English, `message_de` German; both say what was found and what is expected, in words a
    supplier can act on (`validators.messages`). `official_message` keeps the rule file's own text.
    `terms` names the business terms concerned (e.g. ("BT-10",)); `location` is an XPath and
    `line` the source line where known. `official_level` keeps the rule file's own level when a
    scenario changed it.
    """

    rule_id: str
    level: Level
    message: str
    layer: Layer
    message_de: str | None = None
    terms: tuple[str, ...] = ()
    location: str | None = None
    line: int | None = None
    official_level: Level | None = None
    official_message: str | None = None


@dataclass(frozen=True)
class RuleSet:
    """A rule set that ran: its name, version and the engine that executed it."""

    name: str
    version: str
    engine: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one document.

    `accepted` is this service's receiving decision: schema-valid and no finding at level error after
    the scenario's level changes, receiving-policy findings included. `scenario` names the scenario
    that checked the document ("no scenario" when none did). `kosit_scenario` and `kosit_accepted`
    are what the official validator (KoSIT, this configuration) chooses and decides: without a
    scenario it rejects (None in reports recorded before these fields existed).
    `not_run` lists layers the scenario requires but that did not run, with the reason; the
    report is `complete` only when it is empty.
    """

    accepted: bool
    scenario: str
    syntax: str | None
    customization_id: str | None
    findings: tuple[Finding, ...]
    rule_sets: tuple[RuleSet, ...]
    not_run: tuple[str, ...] = ()
    profile: str | None = None
    document_type: str | None = None
    duration_ms: float | None = field(default=None, compare=False)
    kosit_scenario: str | None = None
    kosit_accepted: bool | None = None

    @property
    def complete(self) -> bool:
        """True when every layer the scenario requires has run."""
        return not self.not_run

    def ids(self, level: Level) -> frozenset[str]:
        """The distinct rule ids that fired at `level`."""
        return frozenset(finding.rule_id for finding in self.findings if finding.level == level)

    @property
    def errors(self) -> frozenset[str]:
        return self.ids("error")

    @property
    def warnings(self) -> frozenset[str]:
        return self.ids("warning")

    def to_dict(self) -> dict:
        """JSON-ready data; `from_dict(to_dict())` gives an equal report."""
        data = asdict(self)
        data["complete"] = self.complete
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ValidationReport":
        """Rebuild a report stored with `to_dict` (unknown keys from later versions are ignored)."""
        findings = tuple(Finding(**{**item, "terms": tuple(item.get("terms", ()))}) for item in data["findings"])
        rule_sets = tuple(RuleSet(**item) for item in data["rule_sets"])
        known = {name for name in cls.__dataclass_fields__} - {"findings", "rule_sets", "not_run"}
        return cls(findings=findings, rule_sets=rule_sets, not_run=tuple(data.get("not_run", ())),
                   **{key: value for key, value in data.items() if key in known})
