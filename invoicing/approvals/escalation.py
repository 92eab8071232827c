"""Escalation: whether an open step must be brought to someone's attention now, and to whom.

Three reasons, each with the policy's `[escalation]` setting:
- `step_age`: the step has waited `days_in_step` days or longer (calendar days since it started);
- `discount_deadline`: the best Skonto still available ends within `days_before_discount` days;
- `payment_deadline`: the due date is within `days_before_due` days, or has passed.
Deadlines of credit notes (not payable by the city) are ignored.

The target is the unit's `escalate_to`, else the policy's `escalation.target`. Each reason has a
`key` (e.g. `discount_deadline:2026-03-14`); pass the keys already raised as `already_raised`
and the decision leaves them out, so a periodic job may run as often as it likes and escalates
each reason once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from invoicing.approvals.clock import city_day
from invoicing.approvals.deadlines import Deadlines
from invoicing.approvals.policy import Assignee, Frozen, Policy
from invoicing.approvals.wording import Message, day, euro

Reason = Literal["step_age", "discount_deadline", "payment_deadline"]


class EscalationReason(Frozen):
    """One reason to escalate, with its de-duplication key and the sentence for the inbox."""

    reason: Reason
    key: str
    message: Message


class EscalationDecision(Frozen):
    """Escalate to `target` for these `reasons` (most urgent first)."""

    target: Assignee
    reasons: tuple[EscalationReason, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys to record as raised."""
        return tuple(reason.key for reason in self.reasons)


def escalation_due(step_started_at: datetime, deadlines: Deadlines | None, policy: Policy, now: datetime, *,
                   unit: str | None = None, already_raised: frozenset[str] = frozenset()) -> EscalationDecision | None:
    """The escalation due `now` for a step that started at `step_started_at`, or None."""
    settings, today = policy.escalation, city_day(now)
    reasons: list[EscalationReason] = []
    if deadlines is not None and deadlines.payable:
        left = (deadlines.due.date - today).days
        if left <= settings.days_before_due:
            when = day(deadlines.due.date)
            text = (Message(de=f"Die Zahlungsfrist ist seit dem {when[0]} überschritten.",
                            en=f"The payment deadline passed on {when[1]}.") if left < 0 else
                    Message(de=f"Die Zahlungsfrist endet am {when[0]} (in {left} Tagen).",
                            en=f"The payment deadline is {when[1]} (in {left} days)."))
            reasons.append(EscalationReason(reason="payment_deadline", key=f"payment_deadline:{deadlines.due.date}",
                                            message=text))
        discount = deadlines.next_discount(today)
        if discount is not None and (discount.deadline - today).days <= settings.days_before_discount:
            when, amount, left = day(discount.deadline), euro(discount.discount), (discount.deadline - today).days
            reasons.append(EscalationReason(reason="discount_deadline", key=f"discount_deadline:{discount.deadline}",
                                            message=Message(
                de=f"Die Skontofrist endet am {when[0]} (in {left} Tagen); es geht um {amount[0]} Skonto.",
                en=f"The cash-discount deadline is {when[1]} (in {left} days); {amount[1]} discount is at stake.")))
    waited = (today - city_day(step_started_at)).days
    if waited >= settings.days_in_step:
        reasons.append(EscalationReason(reason="step_age", key=f"step_age:{step_started_at.isoformat()}",
                                        message=Message(
            de=f"Der Schritt wartet seit {waited} Tagen (Grenze: {settings.days_in_step} Tage).",
            en=f"The step has waited {waited} days (limit: {settings.days_in_step} days).")))
    reasons = [reason for reason in reasons if reason.key not in already_raised]
    if not reasons:
        return None
    found = policy.unit(unit) if unit else None
    target = found.escalate_to if found else None
    return EscalationDecision(target=target or settings.target, reasons=tuple(reasons))
