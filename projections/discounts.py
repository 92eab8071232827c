"""Cash-discount calendar: every Skonto tier of an open invoice, its deadline, amount and traffic light.

Tiers come from the payment terms BT-20 (`#SKONTO#TAGE=14#PROZENT=2.00#`), deadlines and amounts
from `invoicing.approvals.deadlines` (counted from the issue date, amount on BT-115 or BASISBETRAG).
A tier stays in the calendar while its invoice is open (see `projections.open_items`).
The traffic light is computed when asked, for the day asked:
* "expired" — the deadline has passed;
* "red"     — at most `red_days` days left (default 2: today, tomorrow, the day after);
* "amber"   — at most `amber_days` days left (default 7);
* "green"   — more time than that.

The calendar is a list in two parts (`period`): the deadlines still to be taken ("open", soonest
first; the default), and the expired ones ("expired", most recently expired first). Each row says
what taking the discount saves (`discount`) and what is then to be paid (`payable` = amount due −
discount). The report `lights` sums, per light and currency, the tiers still to be taken and what
they save, from the summary by deadline (a row per day, not per invoice). Each tier also keeps the
city's day of the payment order (*Anordnung*) and whether its discount was taken by it; the summary of
those outcomes by deadline gives the charts' "Skonto taken and lost" (`projections.figures.skonto`).
"""

from __future__ import annotations

from datetime import date

from invoicing.approvals.clock import city_day
from invoicing.lifecycle.case import InvoiceCase
from projections import recorded
from projections.base import ReadModel
from projections.paging import Filter, Listing, every_row
from projections.schema import Summary, Table, columns
from projections.status import AFTER_ACCEPTANCE, PAYABLE, follow

_Case = InvoiceCase

DISCOUNTS = Table("discounts", columns(
    ("case_id", "uuid"), ("tier", "int", "line of the tier in BT-20"), ("status", "text"),
    ("supplier", "text", "BT-27"), ("number", "text", "BT-1"),
    ("deadline", "date", "last day to pay with this discount"),
    ("days", "int", "TAGE"), ("percent", "money", "PROZENT"),
    ("base_amount", "money", "BASISBETRAG, else BT-115"), ("discount", "money", "the discount in money"),
    ("amount_due", "money", "BT-115"), ("currency", "text", "BT-5"),
    ("approved_on", "date", "the city's day of the payment order (Anordnung), if given"),
    ("outcome", "text", "taken (ordered by the deadline), lost (ordered later), empty while not ordered"),
), key=("case_id", "tier"), indexes=(("deadline", "case_id", "tier"), ("discount", "case_id", "tier"),
                                     ("supplier", "case_id", "tier")),
    summaries=(Summary("discounts_by_deadline", ("deadline", "currency"), ("discount", "amount_due")),
               Summary("outcomes_by_deadline", ("deadline", "currency", "outcome"), ("discount",))))

BY_DEADLINE = Listing("all", "discounts", ("deadline",))
PERIODS = ("open", "expired")
LIGHTS = ("red", "amber", "green")

CALENDAR = Listing("calendar", "discounts", ("deadline", "discount", "supplier"),
                   filters=(Filter("period", PERIODS, default="open"), Filter("currency")),
                   columns=("light", "deadline", "days_left", "supplier", "number", "discount", "payable",
                            "amount_due", "currency", "percent", "days", "tier", "status", "case_id"))


def _facts(case, event) -> None:
    found, status = recorded.facts_of(event), recorded.status_with(event)
    if found is None or status not in PAYABLE:
        return
    invoice = found.invoice
    approved_on = next((row["approved_on"] for row in case.all("discounts")), None)  # facts after the Anordnung
    case.replace("discounts", ({"tier": item.line, "status": status, "supplier": invoice.seller_name,
                                "approved_on": approved_on, "outcome": outcome(item.deadline, approved_on),
                                "number": invoice.number, "deadline": item.deadline, "days": item.days,
                                "percent": item.percent, "base_amount": item.base_amount,
                                "discount": item.discount, "amount_due": invoice.amount_due,
                                "currency": invoice.currency} for item in found.discounts))


def _status(case, event) -> None:
    follow(case, event, ("discounts",), PAYABLE)


def _approved(case, event) -> None:
    _status(case, event)
    day = city_day(event.timestamp)
    for row in case.all("discounts"):
        row.update(approved_on=day, outcome=outcome(row["deadline"], day))


def outcome(deadline: date | None, approved_on: date | None) -> str | None:
    """Whether a tier's discount was taken: "taken" when the payment was ordered (Anordnung) by the deadline,
    "lost" when later; None while not ordered (then it is lost once the deadline has passed)."""
    if approved_on is None or deadline is None:
        return None
    return "taken" if approved_on <= deadline else "lost"


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
    lists = (CALENDAR,)
    handlers = {**{event_class: _status for event_class in AFTER_ACCEPTANCE}, _Case.InvoiceApproved: _approved,
                **{event_class: _facts for event_class in recorded.FACTS_EVENTS}}

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"lights": self.lights(today)}

    def lights(self, today: date, *, red_days: int = 2, amber_days: int = 7) -> list[dict]:
        """Per light (red, amber, green) and currency: the tiers still to be taken, what they save, what is then
        payable."""
        totals: dict[tuple[str, str], dict] = {}
        for row in self.view.summary("discounts_by_deadline", ranges=[("deadline", ">=", today)]):
            colour = light(row["deadline"], today, red_days=red_days, amber_days=amber_days)
            total = totals.setdefault((colour, row["currency"] or ""), {
                "light": colour, "currency": row["currency"], "tiers": 0, "discount": 0, "payable": 0})
            total["tiers"] += row["rows"]
            total["discount"] += row["discount"]
            total["payable"] += row["amount_due"] - row["discount"]
        return sorted(totals.values(), key=lambda total: (LIGHTS.index(total["light"]), total["currency"] or ""))

    def list_query(self, listing: Listing, filters, today: date) -> tuple[dict, list]:
        """The period as a range of deadlines for `today` (open by default)."""
        where, ranges = super().list_query(listing, filters, today)
        period = where.pop("period", "open")
        return where, [*ranges, ("deadline", ">=" if period == "open" else "<", today)]

    def page(self, name=None, *, today: date, filters=None, sort=None, descending=None, **options):
        """Open deadlines soonest first; expired ones most recent first (unless another order is asked)."""
        if descending is None and (filters or {}).get("period") == "expired" and sort in (None, "deadline"):
            descending = True
        return super().page(name, today=today, filters=filters, sort=sort, descending=descending, **options)

    def decorate(self, listing: Listing, row: dict, today: date) -> dict:
        discount, due = row["discount"], row["amount_due"]
        return {**row, "days_left": (row["deadline"] - today).days, "light": light(row["deadline"], today),
                "payable": due - discount if due is not None and discount is not None else None}

    def calendar(self, today: date, *, until: date | None = None, include_expired: bool = False,
                 red_days: int = 2, amber_days: int = 7) -> list[dict]:
        """Every tier by deadline (from `today`, or all with `include_expired`), each with `days_left` and `light`."""
        ranges = [] if include_expired else [("deadline", ">=", today)]
        if until is not None:
            ranges.append(("deadline", "<=", until))
        rows = []
        for row in every_row(self.view, BY_DEADLINE, ranges=ranges):
            row.update(days_left=(row["deadline"] - today).days,
                       light=light(row["deadline"], today, red_days=red_days, amber_days=amber_days))
            rows.append(row)
        return rows
