"""Cash-discount calendar: every Skonto tier of an open invoice, its deadline, amount and traffic light.

Tiers come from the payment terms BT-20 (`#SKONTO#TAGE=14#PROZENT=2.00#`), deadlines and amounts
from `invoicing.approvals.deadlines` (counted from the issue date, amount on BT-115 or BASISBETRAG).
A tier stays in the calendar while its invoice is open (see `projections.open_items`).
The traffic light is computed when asked, for the day asked:
* "expired" — the deadline has passed;
* "red"     — at most `red_days` days left (default 2: today, tomorrow, the day after);
* "amber"   — at most `amber_days` days left (default 7);
* "green"   — more time than that.
"""

from __future__ import annotations

from datetime import date

from invoicing.lifecycle.case import InvoiceCase, Status
from projections import recorded
from projections.base import ReadModel
from projections.schema import Table, columns
from projections.status import AFTER_ACCEPTANCE, PAYABLE, follow

_Case = InvoiceCase

DISCOUNTS = Table("discounts", columns(
    ("case_id", "uuid"), ("tier", "int", "line of the tier in BT-20"), ("status", "text"),
    ("supplier", "text", "BT-27"), ("number", "text", "BT-1"),
    ("deadline", "date", "last day to pay with this discount"),
    ("days", "int", "TAGE"), ("percent", "money", "PROZENT"),
    ("base_amount", "money", "BASISBETRAG, else BT-115"), ("discount", "money", "the discount in money"),
    ("amount_due", "money", "BT-115"), ("currency", "text", "BT-5"),
), key=("case_id", "tier"), indexes=(("deadline",),))


def _facts(case, event) -> None:
    found, status = recorded.facts_of(event), recorded.status_with(event)
    if found is None or status not in PAYABLE:
        return
    invoice = found.invoice
    case.replace("discounts", ({"tier": item.line, "status": status, "supplier": invoice.seller_name,
                                "number": invoice.number, "deadline": item.deadline, "days": item.days,
                                "percent": item.percent, "base_amount": item.base_amount,
                                "discount": item.discount, "amount_due": invoice.amount_due,
                                "currency": invoice.currency} for item in found.discounts))


def _status(case, event) -> None:
    follow(case, event, ("discounts",), PAYABLE)


def light(deadline: date, today: date, *, red_days: int = 2, amber_days: int = 7) -> str:
    """The traffic light of a discount deadline on `today` (see the module docstring)."""
    left = (deadline - today).days
    if left < 0:
        return "expired"
    return "red" if left <= red_days else "amber" if left <= amber_days else "green"


class DiscountCalendar(ReadModel):
    """Skonto deadlines of open invoices, soonest first, with a traffic light."""

    name = "discounts"
    tables = (DISCOUNTS,)
    handlers = {**{event_class: _status for event_class in AFTER_ACCEPTANCE}, **{event_class: _facts for event_class in recorded.FACTS_EVENTS}}

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"calendar": self.calendar(today, include_expired=True)}

    def calendar(self, today: date, *, until: date | None = None, include_expired: bool = False,
                 red_days: int = 2, amber_days: int = 7) -> list[dict]:
        """Tiers by deadline (from `today`, or all with `include_expired`), each with `days_left` and `light`."""
        rows = []
        for row in self.view.select("discounts", order_by=("deadline", "case_id", "tier")):
            if (row["deadline"] < today and not include_expired) or (until and row["deadline"] > until):
                continue
            row.update(days_left=(row["deadline"] - today).days,
                       light=light(row["deadline"], today, red_days=red_days, amber_days=amber_days))
            rows.append(row)
        return rows
