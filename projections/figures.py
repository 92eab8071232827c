"""Figures for the charts, read from the existing views (no tables of their own, nothing stored).

* `monthly_volumes` — per month of receipt: submissions, rejected, rejection rate (view `rejections`);
* `cycle_times` — per stage: invoices and median days (view `cycle-times`);
* `ageing` — per ageing bucket: open items and amount due in EUR (view `open-items`);
* `skonto` — per month of the deadline: discount taken (approved by the deadline), lost (approved
  later, or the deadline passed while open) and still open, in EUR (views `discounts` and `register`;
  an invoice handed to accounting leaves the calendar, so its tiers are no longer counted).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoicing.approvals.clock import city_day


def monthly_volumes(views) -> list[dict]:
    rows = views["rejections"].view.fetch(
        "SELECT month, COUNT(*) AS submissions, SUM(CASE WHEN rejected THEN 1 ELSE 0 END) AS rejected "
        "FROM {submissions} GROUP BY month ORDER BY month")
    for row in rows:
        row["rejected"] = int(row["rejected"] or 0)
        row["rate"] = Decimal(row["rejected"]) / row["submissions"] if row["submissions"] else Decimal(0)
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
    approved = {row["case_id"]: row["approved_at"] for row in views["register"].view.select("invoices")
                if row.get("approved_at") is not None}
    months: dict[str, dict] = {}
    for row in views["discounts"].view.select("discounts", order_by=("deadline", "case_id", "tier")):
        if (row["currency"] or "EUR") != "EUR" or row["discount"] is None:
            continue
        month = months.setdefault(row["deadline"].strftime("%Y-%m"), {"month": row["deadline"].strftime("%Y-%m"),
                                                                      "taken": Decimal(0), "lost": Decimal(0),
                                                                      "open": Decimal(0)})
        at = approved.get(row["case_id"])
        if at is not None:
            month["taken" if city_day(at) <= row["deadline"] else "lost"] += row["discount"]
        else:
            month["lost" if row["deadline"] < today else "open"] += row["discount"]
    return [months[key] for key in sorted(months)]
