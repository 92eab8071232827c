"""Cycle times: how long invoices take from receipt to approval (Anordnung) and on to export.

One row per case with the moments of its milestones: received, accepted (validation), routed
(approval requested), approved, exported. Figures are computed when asked: per stage, how many
invoices passed it and the mean, median and 90th percentile of their durations, in days —
overall or per month of receipt.
"""

from __future__ import annotations

from datetime import date
from statistics import mean, median

from invoicing.lifecycle.case import InvoiceCase
from projections import approval
from projections.base import ReadModel
from projections.schema import Table, columns

_Case = InvoiceCase

CYCLES = Table("cycles", columns(
    ("case_id", "uuid"), ("month", "text", "YYYY-MM of receipt"), ("unit", "text", "approval unit or inbox"),
    ("received_at", "timestamp"), ("accepted_at", "timestamp"), ("routed_at", "timestamp"),
    ("approved_at", "timestamp"), ("exported_at", "timestamp"),
), indexes=(("month",),))

STAGES = (("received_at", "accepted_at"), ("received_at", "approved_at"), ("approved_at", "exported_at"),
          ("received_at", "exported_at"))
"""The stages reported, as (from, to) milestones."""


def _received(case, event) -> None:
    case.put("cycles", {"month": event.received_at.strftime("%Y-%m"), "received_at": event.received_at})


def _milestone(column: str):
    def handler(case, event) -> None:
        row = case.one("cycles")
        if row.get(column) is None:
            row[column] = event.timestamp
    return handler


def _validated(case, event) -> None:
    if event.accepted:
        _milestone("accepted_at")(case, event)


def _routed(case, event) -> None:
    row = case.one("cycles")
    row["unit"] = approval.routed(event).unit
    _milestone("routed_at")(case, event)


class CycleTimes(ReadModel):
    """Milestones per invoice, and duration figures per stage."""

    name = "cycle-times"
    tables = (CYCLES,)
    handlers = {
        _Case.InvoiceReceived: _received,
        _Case.InvoiceValidated: _validated,
        **{event_class: _routed for event_class in approval.ROUTED},
        _Case.InvoiceApproved: _milestone("approved_at"),
        _Case.InvoiceExported: _milestone("exported_at"),
    }

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"summary": self.summary(), "summary-by-month": self.summary(by_month=True)}

    def summary(self, *, by_month: bool = False) -> list[dict]:
        """Per stage (and month of receipt): invoices, mean, median and 90th percentile in days."""
        groups: dict[tuple[str, str, str], list[float]] = {}
        for row in self.view.select("cycles", order_by=("month", "case_id")):
            for start, end in STAGES:
                if row[start] is not None and row[end] is not None:
                    key = (row["month"] if by_month else "all", start.removesuffix("_at"), end.removesuffix("_at"))
                    groups.setdefault(key, []).append((row[end] - row[start]).total_seconds() / 86400)
        result = []
        for (month, start, end), days in sorted(groups.items()):
            days.sort()
            result.append({"month": month, "stage": f"{start}→{end}", "invoices": len(days),
                           "mean_days": round(mean(days), 2), "median_days": round(median(days), 2),
                           "p90_days": round(days[min(len(days) - 1, int(0.9 * len(days)))], 2)})
        return result
