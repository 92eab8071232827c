"""Payment and cash-discount deadlines of an invoice, as pure functions of its facts and receipt.

**Due date**, first that applies:
1. BT-9 (payment due date), when given;
2. the payment terms BT-20 in words: "zahlbar bis 15.03.2026", "zahlbar innerhalb (von) 30 Tagen",
   "30 Tage netto", "Zahlungsziel: 30 Tage", "zahlbar sofort" — counted from the issue date (BT-2),
   or from receipt when the clause says "nach Zugang/Erhalt/Eingang" (as VOB/B does); clauses that
   speak of Skonto or a percentage are skipped, so a discount period is never taken for the due date;
3. 30 days after receipt (BGB § 286 Abs. 3: the debtor of a payment claim is in default 30 days
   after receiving the invoice; receipt at the platform counts as delivery).

**Discount deadline** = start + TAGE of the tier, where start is the issue date (BT-2) by default:
XRechnung defines only the syntax of `#SKONTO#`, and German practice (and the common reading of
the convention) counts the period from the invoice date. It is also the earlier of the two dates,
so a deadline is never missed because it was computed late. Pass `discount_from="receipt"` where
the city's contracts count from receipt. Without BT-2 the receipt date is used.
**Discount amount** = percent of BASISBETRAG if given, else of the amount due (BT-115, as the
convention says), else of BT-112; rounded half up to cents.

Days are calendar days in the city; a deadline on a weekend or holiday is not moved (§ 193 BGB
would move a payment deadline to the next working day; escalation stays on the safe side).
Credit notes are not payable by the city: they get a due date for information but no discount
tiers, and `payable=False` tells escalation to ignore their deadlines.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from invoicing.approvals.clock import city_day
from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.policy import Frozen
from invoicing.approvals.skonto import SkontoProblem, SkontoTier, parse_skonto
from invoicing.approvals.wording import Message, day

DEFAULT_PAYMENT_DAYS = 30
"""BGB § 286 Abs. 3: default 30 days after receipt of the invoice."""

_CLAUSES = re.compile(r"[;\n!?]|(?<!\d)[.,]|[.,](?!\d)")
_UNTIL = re.compile(r"\bbis\s+(?:zum\s+|spätestens\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4})")
_WITHIN = re.compile(r"(?:innerhalb|binnen)\s+(?:von\s+)?(\d{1,3})\s+(?:kalender)?tag")
_NET = re.compile(r"(\d{1,3})\s+tage?\s+netto|zahlungsziel:?\s*(\d{1,3})\s+tag")
_FROM_RECEIPT = re.compile(r"nach\s+(?:zugang|erhalt|eingang|rechnungseingang|rechnungserhalt)")


class DueDate(Frozen):
    """When payment is due, where that came from, and the explanation in words."""

    date: date
    source: Literal["BT-9", "BT-20", "default"]
    explanation: Message


class DiscountDeadline(Frozen):
    """One Skonto tier with its deadline, base and discount amount."""

    tier: SkontoTier
    deadline: date
    base_amount: Decimal
    discount: Decimal


class Deadlines(Frozen):
    """An invoice's payment deadline, its discount deadlines (earliest first) and any Skonto problems."""

    due: DueDate
    discounts: tuple[DiscountDeadline, ...] = ()
    skonto_problems: tuple[SkontoProblem, ...] = ()
    payable: bool = True

    def next_discount(self, today: date) -> DiscountDeadline | None:
        """The discount that can still be taken on `today` with the earliest deadline (the best one), if any."""
        return next((discount for discount in self.discounts if discount.deadline >= today), None)


def due_date(facts: InvoiceFacts, received_at: datetime) -> DueDate:
    """The payment due date (see the module docstring for the order of sources)."""
    received = city_day(received_at)
    if facts.due_date is not None:
        text = day(facts.due_date)
        return DueDate(date=facts.due_date, source="BT-9", explanation=Message(
            de=f"Fällig am {text[0]} (Fälligkeitsdatum BT-9).", en=f"Due on {text[1]} (payment due date BT-9)."))
    from_terms = _from_terms(facts.payment_terms or "", facts.issue_date or received, received)
    if from_terms is not None:
        text = day(from_terms)
        return DueDate(date=from_terms, source="BT-20", explanation=Message(
            de=f"Fällig am {text[0]} (Zahlungsbedingungen BT-20).", en=f"Due on {text[1]} (payment terms BT-20)."))
    default = received + timedelta(days=DEFAULT_PAYMENT_DAYS)
    text = day(default)
    return DueDate(date=default, source="default", explanation=Message(
        de=f"Fällig am {text[0]}: ohne Zahlungsbedingungen 30 Tage nach Zugang (§ 286 Abs. 3 BGB).",
        en=f"Due on {text[1]}: without payment terms, 30 days after receipt (German Civil Code § 286(3))."))


def deadlines(facts: InvoiceFacts, received_at: datetime, *,
              discount_from: Literal["issue_date", "receipt"] = "issue_date") -> Deadlines:
    """Due date and Skonto deadlines of an invoice received at `received_at`."""
    due = due_date(facts, received_at)
    if facts.is_credit_note:
        return Deadlines(due=due, payable=False)
    skonto = parse_skonto(facts.payment_terms)
    received = city_day(received_at)
    start = facts.issue_date if discount_from == "issue_date" and facts.issue_date else received
    fallback = facts.amount_due if facts.amount_due is not None else facts.amount
    discounts = []
    for tier in skonto.tiers:
        base = tier.base_amount if tier.base_amount is not None else fallback
        if base is None:
            continue
        discount = (base * tier.percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        discounts.append(DiscountDeadline(tier=tier, deadline=start + timedelta(days=tier.days), base_amount=base,
                                          discount=discount))
    return Deadlines(due=due, discounts=tuple(sorted(discounts, key=lambda d: d.deadline)),
                     skonto_problems=skonto.problems)


def _from_terms(text: str, issued: date, received: date) -> date | None:
    for clause in _CLAUSES.split(text.casefold()):
        if "skonto" in clause or "%" in clause or "prozent" in clause or "#" in clause:
            continue
        if match := _UNTIL.search(clause):
            try:
                return date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                continue
        start = received if _FROM_RECEIPT.search(clause) else issued
        if match := _WITHIN.search(clause):
            return start + timedelta(days=int(match[1]))
        if match := _NET.search(clause):
            return start + timedelta(days=int(match[1] or match[2]))
        if re.search(r"\bsofort\b", clause):
            return received
    return None
