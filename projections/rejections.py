"""Rejection statistics: which suppliers' files were rejected for which rule, and how often.

Every `InvoiceRejected` counts once per rule id it names (BR-CO-15, BR-DE-15, …). A rejection by a
person names no rule and counts as "manual"; one by the validation without error ids (a check that
could not run) as "unspecified". Files that could not be read have no seller: they count under
their sender ("sender:<address>"). The month is the month of receipt. Beside the rejections the
view counts every submission per supplier and month, for rejection rates.
"""

from __future__ import annotations

from datetime import date

from invoicing.lifecycle.case import SYSTEM, InvoiceCase
from projections.base import ReadModel
from projections.schema import Table, columns

_Case = InvoiceCase

SUBMISSIONS = Table("submissions", columns(
    ("case_id", "uuid"), ("supplier_key", "text", "seller key, else sender:<address>"),
    ("supplier", "text", "BT-27, else the sender"), ("month", "text", "YYYY-MM of receipt"),
    ("rejected", "bool"),
), indexes=(("supplier_key",),))

REJECTIONS = Table("rejections", columns(
    ("case_id", "uuid"), ("rule_id", "text", "the rule's official id, 'manual' or 'unspecified'"),
    ("supplier_key", "text"), ("supplier", "text"), ("month", "text"), ("rejected_by", "text"), ("reason", "text"),
), key=("case_id", "rule_id"), indexes=(("rule_id",), ("supplier_key",)))


def _received(case, event) -> None:
    case.put("submissions", {"supplier_key": f"sender:{event.sender}", "supplier": event.sender,
                             "month": event.received_at.strftime("%Y-%m"), "rejected": False})


def _recognised(case, event) -> None:
    if event.seller_key:
        case.one("submissions").update(supplier_key=event.seller_key, supplier=event.seller_name or event.seller_key)


def _rejected(case, event) -> None:
    submission = case.one("submissions")
    submission["rejected"] = True
    rules = sorted(set(event.rule_ids)) or ["unspecified" if event.by == SYSTEM else "manual"]
    case.replace("rejections", ({"rule_id": rule, "supplier_key": submission["supplier_key"],
                                 "supplier": submission["supplier"], "month": submission["month"],
                                 "rejected_by": event.by, "reason": event.reason} for rule in rules))


class RejectionStatistics(ReadModel):
    """Rejections by supplier and rule id, with submission counts for rates."""

    name = "rejections"
    tables = (SUBMISSIONS, REJECTIONS)
    handlers = {_Case.InvoiceReceived: _received, _Case.InvoiceRecognised: _recognised,
                _Case.InvoiceRejected: _rejected}

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"by-supplier-and-rule": self.by_supplier_and_rule(), "by-rule": self.by_rule(), "rates": self.rates()}

    def by_supplier_and_rule(self, month: str | None = None) -> list[dict]:
        """(supplier, rule id) → rejections, most frequent first; optionally in one month (YYYY-MM)."""
        where, params = (" WHERE month = ?", [month]) if month else ("", [])
        return self.view.fetch(
            "SELECT supplier_key, MAX(supplier) AS supplier, rule_id, COUNT(*) AS rejections "
            f"FROM {{rejections}}{where} GROUP BY supplier_key, rule_id "
            "ORDER BY rejections DESC, supplier_key, rule_id", params)

    def by_rule(self, month: str | None = None) -> list[dict]:
        """Rule id → rejections and distinct suppliers, most frequent first."""
        where, params = (" WHERE month = ?", [month]) if month else ("", [])
        return self.view.fetch(
            "SELECT rule_id, COUNT(*) AS rejections, COUNT(DISTINCT supplier_key) AS suppliers "
            f"FROM {{rejections}}{where} GROUP BY rule_id ORDER BY rejections DESC, rule_id", params)

    def rates(self) -> list[dict]:
        """Per supplier: submissions, rejected submissions and the share rejected."""
        rows = self.view.fetch(
            "SELECT supplier_key, MAX(supplier) AS supplier, COUNT(*) AS submissions, "
            "SUM(CASE WHEN rejected THEN 1 ELSE 0 END) AS rejected FROM {submissions} "
            "GROUP BY supplier_key ORDER BY supplier_key")
        for row in rows:
            row["rejected"] = int(row["rejected"])
            row["share"] = round(row["rejected"] / row["submissions"], 4) if row["submissions"] else 0.0
        return rows
