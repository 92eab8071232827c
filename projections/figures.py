"""Figures for the charts, read from the existing views' summaries (no tables of their own, nothing stored).

Each reads a bounded number of summary rows, whatever the number of invoices; figures by month cover
the last `REPORTED_MONTHS` months, as the views' reports do.

* `monthly_volumes` — per month of receipt: submissions, rejected, rejection rate (view `rejections`);
* `cycle_times` — per stage: invoices and median days (view `cycle-times`);
* `ageing` — per ageing bucket: open items and amount due in EUR (view `open-items`);
* `skonto` — per month of the deadline: discount taken (the payment ordered by the deadline), lost
  (ordered later, or the deadline passed while not ordered) and still open, in EUR (view `discounts`;
  an invoice handed to accounting leaves the calendar, so its tiers are no longer counted).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from projections.base import first_reported_month


def monthly_volumes(views, today: date) -> list[dict]:
    rows = []
    for row in sorted(views["rejections"].view.summary(
            "submissions_by_month", ranges=[("month", ">=", first_reported_month(today))]),
            key=lambda row: row["month"]):
        submissions, rejected = int(row["rows"]), int(row["rejected_count"] or 0)
        rows.append({"month": row["month"], "submissions": submissions, "rejected": rejected,
                     "rate": Decimal(rejected) / submissions if submissions else Decimal(0)})
    return rows


def cycle_times(views) -> list[dict]:
    return [{"stage": row["stage"], "invoices": row["invoices"], "median_days": row["median_days"]}
            for row in views["cycle-times"].summary()]


BUCKETS = ("not due", "0-30", "31-60", "61-90", ">90")


def ageing(views, today: date) -> list[dict]:
    found = {row["bucket"]: row for row in views["open-items"].aging(today) if (row["currency"] or "EUR") == "EUR"}
    return [{"bucket": bucket, "invoices": found.get(bucket, {}).get("invoices", 0),
             "amount": found.get(bucket, {}).get("amount") or Decimal(0)} for bucket in BUCKETS]


def skonto(views, today: date) -> list[dict]:
    since = date.fromisoformat(first_reported_month(today) + "-01")
    months: dict[str, dict] = {}
    for row in views["discounts"].view.summary("outcomes_by_deadline", ranges=[("deadline", ">=", since)]):
        if (row["currency"] or "EUR") != "EUR" or row["discount"] is None:
            continue
        key = row["deadline"].strftime("%Y-%m")
        month = months.setdefault(key, {"month": key, "taken": Decimal(0), "lost": Decimal(0), "open": Decimal(0)})
        month[row["outcome"] or ("lost" if row["deadline"] < today else "open")] += row["discount"]
    return [months[key] for key in sorted(months)]
