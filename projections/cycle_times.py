"""Cycle times: how long invoices take from receipt to approval (Anordnung) and on to export.

One row per case with the moments of its milestones: received, accepted (validation), routed
(approval requested), approved, exported. Figures are computed when asked: per stage, how many
invoices passed it and the mean, median and 90th percentile of their durations, in days —
overall or per month of receipt.

The figures come from two summaries per stage, kept with the rows: by duration class (`bucket`:
classes 5 % wide, `round(20 · ln(1 + seconds))`) for the overall figures, and by month and class for
the figures per month. Counts and means are exact, medians and 90th percentiles are the middle of
their class (within 3 % of the exact value; 0 stays 0). So the overall figures read a few hundred
rows however many invoices and months there are, and the report by month a few hundred per month
of the last 24 (the list of cycles, and its CSV file, has every invoice).
"""

from __future__ import annotations

import math
from datetime import date

from invoicing.lifecycle.case import InvoiceCase
from projections import approval
from projections.base import ReadModel, first_reported_month
from projections.paging import Listing
from projections.schema import Summary, Table, columns

_Case = InvoiceCase

STAGES = (("received_at", "accepted_at"), ("received_at", "approved_at"), ("approved_at", "exported_at"),
          ("received_at", "exported_at"))
"""The stages reported, as (from, to) milestones."""


def _stage(start: str, end: str) -> str:
    return f"{start.removesuffix('_at')}_{end.removesuffix('_at')}"


STAGE_NAMES = tuple(_stage(start, end) for start, end in STAGES)

CYCLES = Table("cycles", columns(
    ("case_id", "uuid"), ("month", "text", "YYYY-MM of receipt"), ("unit", "text", "approval unit or inbox"),
    ("received_at", "timestamp"), ("accepted_at", "timestamp"), ("routed_at", "timestamp"),
    ("approved_at", "timestamp"), ("exported_at", "timestamp"),
    *((f"{name}_seconds", "int", "duration of the stage, whole seconds") for name in STAGE_NAMES),
    *((f"{name}_bucket", "int", "duration class of the stage (see the module docstring)") for name in STAGE_NAMES),
), indexes=(("month", "case_id"), ("received_at", "case_id")),
    summaries=(*(Summary(f"cycles_{name}", ("month", f"{name}_bucket"), (f"{name}_seconds",))
                 for name in STAGE_NAMES),
               *(Summary(f"cycles_{name}_all", (f"{name}_bucket",), (f"{name}_seconds",)) for name in STAGE_NAMES)))

CYCLE_LIST = Listing("cycles", "cycles", ("received_at", "month"), descending=True,
                     columns=("received_at", "unit", "accepted_at", "routed_at", "approved_at", "exported_at", "month",
                              "case_id"))

CLASSES_PER_E = 20
"""Duration classes per factor e (about 5 % each)."""


def bucket(seconds: int) -> int:
    """The duration class of `seconds`."""
    return round(CLASSES_PER_E * math.log1p(seconds))


def middle(bucket_: int) -> float:
    """The seconds a class stands for (its geometric middle; 0 for class 0)."""
    return math.expm1(bucket_ / CLASSES_PER_E)


def _durations(row: dict) -> None:
    for (start, end), name in zip(STAGES, STAGE_NAMES):
        if row.get(start) is not None and row.get(end) is not None:
            seconds = max(0, int((row[end] - row[start]).total_seconds()))
            row[f"{name}_seconds"], row[f"{name}_bucket"] = seconds, bucket(seconds)


def _received(case, event) -> None:
    case.put("cycles", {"month": event.received_at.strftime("%Y-%m"), "received_at": event.received_at})


def _milestone(column: str):
    def handler(case, event) -> None:
        row = case.one("cycles")
        if row.get(column) is None:
            row[column] = event.timestamp
            _durations(row)
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
    lists = (CYCLE_LIST,)
    handlers = {
        _Case.InvoiceReceived: _received,
        _Case.InvoiceValidated: _validated,
        **{event_class: _routed for event_class in approval.ROUTED},
        _Case.InvoiceApproved: _milestone("approved_at"),
        _Case.InvoiceExported: _milestone("exported_at"),
    }

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"summary": self.summary(), "summary-by-month": self.summary(by_month=True, since=first_reported_month(today))}

    def summary(self, *, by_month: bool = False, since: str | None = None) -> list[dict]:
        """Per stage (and month of receipt, from month `since` on): invoices, mean, median and 90th percentile in
        days (see the module docstring for the precision of median and percentile). One query for all stages."""
        parts, params = [], []
        for number, name in enumerate(STAGE_NAMES):
            if by_month:  # a row per month and class already
                parts.append(f"SELECT {number} AS stage, month, {name}_bucket AS class, rows AS invoices, "
                             f"{name}_seconds AS seconds FROM {{cycles_{name}}} WHERE {name}_bucket IS NOT NULL"
                             f"{' AND month >= ?' if since else ''}")
                params += [since] if since else []
            elif since:
                parts.append(f"SELECT {number} AS stage, 'all' AS month, {name}_bucket AS class, SUM(rows) AS invoices, "
                             f"SUM({name}_seconds) AS seconds FROM {{cycles_{name}}} WHERE {name}_bucket IS NOT NULL "
                             f"AND month >= ? GROUP BY {name}_bucket")
                params.append(since)
            else:  # every month: the summary without months, as many rows as classes
                parts.append(f"SELECT {number} AS stage, 'all' AS month, {name}_bucket AS class, rows AS invoices, "
                             f"{name}_seconds AS seconds FROM {{cycles_{name}_all}} WHERE {name}_bucket IS NOT NULL")
        classes: dict[tuple[int, str], dict[int, list[int]]] = {}
        for row in self.view.fetch(" UNION ALL ".join(parts), params):
            counted = classes.setdefault((int(row["stage"]), row["month"]), {})
            counted[int(row["class"])] = [int(row["invoices"]), int(row["seconds"])]
        result = []
        for (stage, month), counted in classes.items():
            start, end = STAGES[stage]
            result.append({"month": month, "stage": f"{start.removesuffix('_at')}→{end.removesuffix('_at')}",
                           **_figures(counted)})
        return sorted(result, key=lambda row: (row["month"], row["stage"]))


def _figures(counted: dict[int, list[int]]) -> dict:
    """Invoices, mean, median and 90th percentile (days) of a histogram: class → [count, seconds]."""
    total = sum(count for count, _ in counted.values())
    seconds = sum(spent for _, spent in counted.values())
    ranks = {"median_days": (total - 1) // 2, "p90_days": min(total - 1, int(0.9 * total))}
    found, seen = {}, 0
    for class_ in sorted(counted):
        seen += counted[class_][0]
        for name, rank in ranks.items():
            if name not in found and rank < seen:
                found[name] = round(middle(class_) / 86400, 2)
    return {"invoices": total, "mean_days": round(seconds / total / 86400, 2), **found}
