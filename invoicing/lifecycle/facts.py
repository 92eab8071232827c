"""What the pipeline found out about a file, as plain values the decisions can weigh.

The workers build these from the format reader and the validation engine; the domain never
imports either, so decisions stay pure and testable without lxml or Saxon.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Recognition:
    """A file read as an invoice: what it is (syntax, BT-24, profile) and what identifies it."""

    syntax: str
    document_type: str
    customization_id: str | None
    profile: str | None
    container: str
    number: str | None
    issue_date: str | None
    seller_name: str | None
    seller_key: str | None
    buyer_reference: str | None
    currency: str | None
    amount_due: Decimal | None


@dataclass(frozen=True)
class Unreadable:
    """A file that is not a readable e-invoice: stable code, what was found, what to send instead."""

    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class Verdict:
    """A validation report (`ValidationReport.to_dict()`), the rule sets it used and the engine that ran it.

    `facts` are the accounting facts read from the original (`CaseFacts` as data), recorded when accepted.
    """

    report: dict
    engine: str
    facts: dict | None = None

    @property
    def accepted(self) -> bool:
        return bool(self.report.get("accepted"))

    @property
    def rule_sets(self) -> list[str]:
        """"Name version (engine)" of every rule set that ran, e.g. "EN 16931 CEN EN 16931 UBL 1.3.14 (saxonche 13.1.1)"."""
        return [f"{item['name']} {item['version']} ({item['engine']})" for item in self.report.get("rule_sets", ())]

    @property
    def error_ids(self) -> list[str]:
        """The distinct rule ids that fired at level error, sorted."""
        return sorted({item["rule_id"] for item in self.report.get("findings", ()) if item.get("level") == "error"})

    @property
    def reason(self) -> str:
        """Why the invoice was not accepted, in one sentence for the supplier."""
        if self.accepted:
            return ""
        errors = [item for item in self.report.get("findings", ()) if item.get("level") == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return f"{first['rule_id']}: {first['message']}{more}"
        not_run = list(self.report.get("not_run", ()))
        if not_run:
            return f"Not every required check could run: {not_run[0]}"
        return "The invoice was not accepted by the validation."
