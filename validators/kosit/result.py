"""What one KoSIT run found: plain, immutable data.

`KositResult.accepted` is the raw KoSIT verdict (`Result.isAcceptable()` of the Java validator:
processing finished without a stop, and the acceptance was ACCEPTABLE). `acceptance` is KoSIT's
`AcceptRecommendation` itself: "accept", "reject", or "undefined" when processing stopped (a rule
run or the report failed) — KoSIT then leaves the recommendation undefined, which is not
acceptable. `versions` names the configuration and all its resources; `rule_sets` the labels of
the schema(s) and rule files of the scenario that judged the document (e.g. "Schematron version
1.3.16", "Schematron Version 2.5.1-SNAPSHOT - XRechnung 3.0.2 compatible - UBL …"). Finding levels are given twice: `flag_level` as KoSIT's report writes it (from the
Schematron flag), and `level` after the scenario's `customLevel`, which is what the verdict uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from validators.kosit.configuration import ResourceLabel, Versions

Level = Literal["error", "warning", "information"]
Acceptance = Literal["accept", "reject", "undefined"]


@dataclass(frozen=True)
class XmlError:
    """A well-formedness or XML Schema error: the parser's message and where it points, if known."""

    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "SEVERITY_ERROR"  # KoSIT's XMLSyntaxErrorSeverity


@dataclass(frozen=True)
class Finding:
    """A fired Schematron rule: official id, levels, flag, message, location and the step that ran it."""

    rule_id: str
    level: Level
    flag: str | None
    message: str
    location: str
    step: str
    flag_level: Level
    kind: str = "failed-assert"


@dataclass(frozen=True)
class FailedStep:
    """A validation step that did not complete (e.g. a dynamic XPath error), and why."""

    step: str
    reason: str


@dataclass(frozen=True)
class KositResult:
    """Everything one run of a KoSIT configuration produced for one document."""

    scenario: str | None
    accepted: bool
    acceptance: Acceptance
    schema_valid: bool | None
    wellformedness_errors: tuple[XmlError, ...]
    schema_errors: tuple[XmlError, ...]
    findings: tuple[Finding, ...]
    failed_steps: tuple[FailedStep, ...]
    processing_errors: tuple[str, ...]
    versions: Versions
    rule_sets: tuple[ResourceLabel, ...] = ()
    forced: bool = False
    report: bytes = field(default=b"", repr=False)

    def report_xml(self) -> bytes:
        """The KoSIT report (varl, `report.xsd`) as the scenario's createReport stylesheet made it."""
        return self.report

    def ids(self, level: Level) -> frozenset[str]:
        """Ids of the rules that fired at `level` (after customLevel)."""
        return frozenset(f.rule_id for f in self.findings if f.level == level)

    @cached_property
    def errors(self) -> frozenset[str]:
        """Ids of the rules that fired at level error, as the verdict counts them."""
        return self.ids("error")

    @cached_property
    def warnings(self) -> frozenset[str]:
        """Ids of the rules that fired at level warning."""
        return self.ids("warning")
