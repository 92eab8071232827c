"""Open items: accepted invoices the city still owes, with their due date, aged in buckets past due.

An invoice is open from its acceptance until it is handed to accounting (exported) or closed
(rejected, returned, confirmed duplicate); suspected duplicates and denied invoices stay open,
as the claim is not settled. Credit notes are not open items (the city owes nothing on them).
Ageing is computed when asked, for the day asked: days past due = that day − due date, in the
buckets "not due" (due later), "0-30" (due today up to 30 days ago), "31-60", "61-90", ">90".
The ageing is summed from the summary by due date and currency (a row per day, not per invoice);
the items are a list paged by due date (most overdue first), filtered by bucket.
"""

from __future__ import annotations

from datetime import date, timedelta

from invoicing.lifecycle.case import InvoiceCase
from projections import recorded
from projections.base import ReadModel
from projections.paging import Filter, Listing
from projections.schema import Summary, Table, columns
from projections.status import AFTER_ACCEPTANCE, PAYABLE, follow

_Case = InvoiceCase

BUCKETS = ("not due", "0-30", "31-60", "61-90", ">90", "unknown")

OPEN_ITEMS = Table("open_items", columns(
    ("case_id", "uuid"), ("status", "text"),
    ("supplier", "text", "BT-27"), ("number", "text", "BT-1"), ("leitweg_id", "text", "BT-10"),
    ("issue_date", "date", "BT-2"), ("received_at", "timestamp"),
    ("due_date", "date", "BT-9, from BT-20, or 30 days after receipt"),
    ("amount_due", "money", "BT-115"), ("currency", "text", "BT-5"),
), indexes=(("due_date", "case_id"), ("amount_due", "case_id"), ("supplier", "case_id"), ("received_at", "case_id")),
    summaries=(Summary("open_by_due_date", ("due_date", "currency"), ("amount_due",)),))

ITEMS = Listing("items", "open_items", ("due_date", "amount_due", "supplier", "received_at"),
                filters=(Filter("bucket", BUCKETS), Filter("currency")),
                columns=("due_date", "days_past_due", "bucket", "supplier", "number", "amount_due", "currency",
                         "leitweg_id", "issue_date", "received_at", "status", "case_id"))


def _facts(case, event) -> None:
    found, status = recorded.facts_of(event), recorded.status_with(event)
    if found is None or found.invoice.is_credit_note or status not in PAYABLE:
        return
    invoice = found.invoice
    amount = invoice.amount_due if invoice.amount_due is not None else invoice.amount
    case.put("open_items", {"status": status, "supplier": invoice.seller_name, "number": invoice.number,
                            "leitweg_id": invoice.buyer_reference, "issue_date": invoice.issue_date,
                            "received_at": found.received_at, "due_date": found.due_date,
                            "amount_due": amount, "currency": invoice.currency})


def _status(case, event) -> None:
    follow(case, event, ("open_items",), PAYABLE)


class OpenItems(ReadModel):
    """Accepted invoices not yet exported nor closed, for ageing by days past due."""

    name = "open-items"
    tables = (OPEN_ITEMS,)
    lists = (ITEMS,)
    handlers = {**{event_class: _status for event_class in AFTER_ACCEPTANCE}, **{event_class: _facts for event_class in recorded.FACTS_EVENTS}}

    def aging(self, today: date) -> list[dict]:
        """Per bucket (in `BUCKETS` order) and currency: how many open items and their amount due."""
        bounds = [today, today - timedelta(days=30), today - timedelta(days=60), today - timedelta(days=90)]
        rows = self.view.fetch(
            "SELECT bucket, currency, SUM(rows) AS invoices, SUM(amount_due) AS amount FROM (SELECT CASE "
            "WHEN due_date IS NULL THEN 'unknown' WHEN due_date > ? THEN 'not due' WHEN due_date >= ? THEN '0-30' "
            "WHEN due_date >= ? THEN '31-60' WHEN due_date >= ? THEN '61-90' ELSE '>90' END AS bucket, "
            "currency, rows, amount_due FROM {open_by_due_date}) AS aged GROUP BY bucket, currency", bounds,
            types={"amount": "money"})
        for row in rows:
            row["invoices"] = int(row["invoices"])
        return sorted(rows, key=lambda row: (BUCKETS.index(row["bucket"]), row["currency"] or ""))

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"aging": self.aging(today)}

    def list_query(self, listing: Listing, filters, today: date) -> tuple[dict, list]:
        """The bucket filter as a range of due dates for `today`."""
        where, ranges = super().list_query(listing, filters, today)
        bucket = where.pop("bucket", None)
        if bucket == "unknown":
            where["due_date"] = None
        elif bucket is not None:
            ranges = [*ranges, *bucket_range(bucket, today)]
        return where, ranges

    def decorate(self, listing: Listing, row: dict, today: date) -> dict:
        days = (today - row["due_date"]).days if row["due_date"] else None
        return {**row, "days_past_due": days, "bucket": bucket_of(days)}

    def items(self, today: date, bucket: str | None = None) -> list[dict]:
        """Every open item, most overdue first, each with `days_past_due` and `bucket` for `today`."""
        return list(self.every(today=today, filters={"bucket": bucket} if bucket else None))


def bucket_range(bucket: str, today: date) -> list[tuple[str, str, date]]:
    """The due dates of a bucket on `today`, as range conditions."""
    if bucket == "not due":
        return [("due_date", ">", today)]
    low, high = {"0-30": (0, 30), "31-60": (31, 60), "61-90": (61, 90), ">90": (91, None)}[bucket]
    found = [("due_date", "<=", today - timedelta(days=low))]
    if high is not None:
        found.append(("due_date", ">=", today - timedelta(days=high)))
    return found


def bucket_of(days_past_due: int | None) -> str:
    """The ageing bucket of an item `days_past_due` days past its due date (negative: not yet due)."""
    if days_past_due is None:
        return "unknown"
    if days_past_due < 0:
        return "not due"
    for limit, name in ((30, "0-30"), (60, "31-60"), (90, "61-90")):
        if days_past_due <= limit:
            return name
    return ">90"
