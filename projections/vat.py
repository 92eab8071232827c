"""VAT by rate and category per month, from the VAT breakdown (BG-23) of every accepted invoice.

One row per invoice and (BT-118 category, BT-119 rate), with BT-116 taxable and BT-117 tax amounts,
signed: credit notes count negative. The month is the issue date's (BT-2), else the receipt's.
Rows stay while the invoice is not closed (rejected, returned, confirmed duplicate); each carries
the invoice's status, so reports can be limited to e.g. approved and exported invoices
(`BOOKED`), which is what the DATEV export books. The sums come from the summary by month, category,
rate, currency and status (a row per combination, not per invoice); the lines are a paged list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from invoicing.lifecycle.case import InvoiceCase, Status
from projections import recorded
from projections.base import ReadModel, first_reported_month
from projections.paging import Filter, Listing
from projections.schema import Summary, Table, columns
from projections.status import AFTER_ACCEPTANCE, BOOKED, CLOSED, follow
from projections.store import in_list

_Case = InvoiceCase

LIVE = frozenset(value for name, value in vars(Status).items() if name.isupper()) - CLOSED

VAT_LINES = Table("vat_lines", columns(
    ("case_id", "uuid"),
    ("category", "text", "BT-118 VAT category code"),
    ("rate", "money", "BT-119 VAT category rate, per cent"),
    ("status", "text"),
    ("month", "text", "YYYY-MM of BT-2 (else of receipt)"),
    ("taxable", "money", "BT-116, negative for credit notes"),
    ("tax", "money", "BT-117, negative for credit notes"),
    ("currency", "text", "BT-5"),
    ("supplier", "text", "BT-27"), ("number", "text", "BT-1"), ("issue_date", "date", "BT-2"),
), key=("case_id", "category", "rate"), indexes=(
    ("month", "case_id", "category", "rate"), ("issue_date", "case_id", "category", "rate"),
    ("supplier", "case_id", "category", "rate"), ("taxable", "case_id", "category", "rate")),
    summaries=(Summary("vat_by_month", ("month", "category", "rate", "currency", "status"), ("taxable", "tax")),))

LINES = Listing("lines", "vat_lines", ("month", "issue_date", "supplier", "taxable"), descending=True,
                filters=(Filter("month"), Filter("category"), Filter("status")),
                columns=("month", "issue_date", "supplier", "number", "category", "rate", "taxable", "tax", "currency",
                         "status", "case_id"))


def _facts(case, event) -> None:
    found, status = recorded.facts_of(event), recorded.status_with(event)
    if found is None or status not in LIVE:
        return
    invoice = found.invoice
    month = (invoice.issue_date or found.received_at.date()).strftime("%Y-%m")
    case.replace("vat_lines", ({"category": category, "rate": rate, "status": status, "month": month,
                                "taxable": taxable, "tax": tax, "currency": invoice.currency,
                                "supplier": invoice.seller_name, "number": invoice.number,
                                "issue_date": invoice.issue_date}
                               for (category, rate), (taxable, tax) in found.vat_lines().items()))


def _status(case, event) -> None:
    follow(case, event, ("vat_lines",), LIVE)


class VatReport(ReadModel):
    """Taxable and tax amounts by month, VAT category and rate."""

    name = "vat"
    tables = (VAT_LINES,)
    lists = (LINES,)
    handlers = {**{event_class: _status for event_class in AFTER_ACCEPTANCE}, **{event_class: _facts for event_class in recorded.FACTS_EVENTS}}

    def reports(self, today: date) -> dict[str, list[dict]]:
        """The sums of the last `REPORTED_MONTHS` months (a page is bounded however long the city keeps its
        invoices; every month's lines stay in the list and its CSV file, filtered by month)."""
        since = first_reported_month(today)
        return {"by-month": self.by_month(since=since), "by-month-booked": self.by_month(BOOKED, since=since)}

    def by_month(self, statuses: Iterable[str] | None = None, since: str | None = None) -> list[dict]:
        """Per month (from month `since` on, YYYY-MM), category and rate: invoices, taxable, tax and gross amounts
        (optionally for some statuses)."""
        where, params = self._statuses(statuses)
        if since is not None:
            where, params = f"{where} {'AND' if where else 'WHERE'} month >= ?", [*params, since]
        return self._sums("month, category, rate", where, params)

    def by_rate(self, statuses: Iterable[str] | None = None) -> list[dict]:
        """Per category and rate over all months."""
        where, params = self._statuses(statuses)
        return self._sums("category, rate", where, params)

    def _sums(self, groups: str, where: str, params: list) -> list[dict]:
        rows = self.view.fetch(
            f"SELECT {groups}, currency, SUM(rows) AS invoices, SUM(taxable) AS taxable, SUM(tax) AS tax "
            f"FROM {{vat_by_month}}{where} GROUP BY {groups}, currency ORDER BY {groups}, currency", params,
            types={"rate": "money", "taxable": "money", "tax": "money"})
        for row in rows:
            row["invoices"] = int(row["invoices"])
            row["gross"] = row["taxable"] + row["tax"]
        return rows

    @staticmethod
    def _statuses(statuses: Iterable[str] | None) -> tuple[str, list]:
        if statuses is None:
            return "", []
        statuses = list(statuses)
        return f" WHERE status IN {in_list(statuses)}", statuses
