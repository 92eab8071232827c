"""Rejection statistics: which suppliers' files were rejected for which rule, and how often.

Every `InvoiceRejected` counts once per rule id it names (BR-CO-15, BR-DE-15, …). A rejection by a
person names no rule and counts as "manual"; one by the validation without error ids (a check that
could not run) as "unspecified". Files that could not be read have no seller: they count under
their sender ("sender:<address>"). The month is the month of receipt. Beside the rejections the
view counts every submission per supplier and month, for rejection rates.

The figures come from summaries kept with the rows (per supplier and rule; per supplier with the
rejected submissions summed), so the lists by supplier and rule and the rates page like any list;
the rejections themselves are a list too (newest month first, filtered by rule).
"""

from __future__ import annotations

from datetime import date

from invoicing.approvals.clock import city_today
from invoicing.lifecycle.case import SYSTEM, InvoiceCase
from projections.base import ReadModel
from projections.paging import Filter, Listing
from projections.schema import Summary, Table, columns

_Case = InvoiceCase

SUBMISSIONS = Table("submissions", columns(
    ("case_id", "uuid"), ("supplier_key", "text", "seller key, else sender:<address>"),
    ("supplier", "text", "BT-27, else the sender"), ("month", "text", "YYYY-MM of receipt"),
    ("rejected", "bool"), ("rejected_count", "int", "1 when rejected, for sums"),
), indexes=(("supplier_key",),), summaries=(Summary("rates", ("supplier_key", "supplier"), ("rejected_count",)),
                                             Summary("submissions_by_month", ("month",), ("rejected_count",))))

REJECTIONS = Table("rejections", columns(
    ("case_id", "uuid"), ("rule_id", "text", "the rule's official id, 'manual' or 'unspecified'"),
    ("supplier_key", "text"), ("supplier", "text"), ("month", "text"), ("rejected_by", "text"), ("reason", "text"),
), key=("case_id", "rule_id"), indexes=(("rule_id", "month", "case_id"), ("supplier_key",), ("month", "case_id", "rule_id")),
    summaries=(Summary("by_supplier_and_rule", ("supplier_key", "supplier", "rule_id")),))

BY_SUPPLIER_AND_RULE = Listing("by-supplier-and-rule", "by_supplier_and_rule", ("rows", "supplier_key", "rule_id"),
                               descending=True, columns=("supplier", "rule_id", "rows", "supplier_key"))
RATES = Listing("rates", "rates", ("supplier_key", "supplier", "rows", "rejected_count"),
                columns=("supplier", "rows", "rejected_count", "share", "supplier_key"))
REJECTED = Listing("rejections", "rejections", ("month", "rule_id"), descending=True, filters=(Filter("rule_id"),),
                   columns=("month", "rule_id", "supplier", "rejected_by", "reason", "supplier_key", "case_id"))


def _received(case, event) -> None:
    case.put("submissions", {"supplier_key": f"sender:{event.sender}", "supplier": event.sender,
                             "month": event.received_at.strftime("%Y-%m"), "rejected": False, "rejected_count": 0})


def _recognised(case, event) -> None:
    if event.seller_key:
        case.one("submissions").update(supplier_key=event.seller_key, supplier=event.seller_name or event.seller_key)


def _rejected(case, event) -> None:
    submission = case.one("submissions")
    submission.update(rejected=True, rejected_count=1)
    rules = sorted(set(event.rule_ids)) or ["unspecified" if event.by == SYSTEM else "manual"]
    case.replace("rejections", ({"rule_id": rule, "supplier_key": submission["supplier_key"],
                                 "supplier": submission["supplier"], "month": submission["month"],
                                 "rejected_by": event.by, "reason": event.reason} for rule in rules))


class RejectionStatistics(ReadModel):
    """Rejections by supplier and rule id, with submission counts for rates."""

    name = "rejections"
    tables = (SUBMISSIONS, REJECTIONS)
    lists = (BY_SUPPLIER_AND_RULE, RATES, REJECTED)
    handlers = {_Case.InvoiceReceived: _received, _Case.InvoiceRecognised: _recognised,
                _Case.InvoiceRejected: _rejected}

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"by-rule": self.by_rule()}

    def decorate(self, listing: Listing, row: dict, today: date) -> dict:
        if listing is RATES:
            return {**row, "share": round(row["rejected_count"] / row["rows"], 4) if row["rows"] else 0.0}
        return row

    def by_supplier_and_rule(self, month: str | None = None) -> list[dict]:
        """(supplier, rule id) → rejections, most frequent first; optionally in one month (YYYY-MM)."""
        if month:
            return self.view.fetch(
                "SELECT supplier_key, MAX(supplier) AS supplier, rule_id, COUNT(*) AS rejections "
                "FROM {rejections} WHERE month = ? GROUP BY supplier_key, rule_id "
                "ORDER BY rejections DESC, supplier_key, rule_id", [month])
        return [{"supplier_key": row["supplier_key"], "supplier": row["supplier"], "rule_id": row["rule_id"],
                 "rejections": row["rows"]} for row in self.every("by-supplier-and-rule", today=city_today())]

    def by_rule(self, month: str | None = None) -> list[dict]:
        """Rule id → rejections and distinct suppliers, most frequent first (as many rows as rules that occurred)."""
        if month:
            return self.view.fetch(
                "SELECT rule_id, COUNT(*) AS rejections, COUNT(DISTINCT supplier_key) AS suppliers "
                "FROM {rejections} WHERE month = ? GROUP BY rule_id ORDER BY rejections DESC, rule_id", [month])
        rows = self.view.fetch(
            "SELECT rule_id, SUM(rows) AS rejections, COUNT(DISTINCT supplier_key) AS suppliers "
            "FROM {by_supplier_and_rule} GROUP BY rule_id ORDER BY rejections DESC, rule_id")
        return [{**row, "rejections": int(row["rejections"])} for row in rows]

    def rates(self) -> list[dict]:
        """Per supplier: submissions, rejected submissions and the share rejected."""
        return [{"supplier_key": row["supplier_key"], "supplier": row["supplier"], "submissions": row["rows"],
                 "rejected": row["rejected_count"], "share": row["share"]}
                for row in self.every("rates", today=city_today())]
