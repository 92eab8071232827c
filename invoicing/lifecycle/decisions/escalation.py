"""Escalating open steps, and when to look at a case again: pure functions of the case, the policy and now.

`escalate` records `EscalationRaised` for the reasons `invoicing.approvals.escalation_due` finds
(step waited too long, cash discount or payment deadline near), leaving out every key raised
before: however often the periodic job looks, each reason is raised once.

`next_check` says when escalation could next find a new reason: the start (in the city's time)
of the first day on which a reason not yet raised falls due, or None when none can. The job keeps
that moment per open step, so it looks at a case only when something may be due, not on every run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from invoicing.approvals import Deadlines, Policy, deadlines, escalation_due, step_started_at
from invoicing.approvals.clock import CITY_TIMEZONE, city_day
from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase
from invoicing.lifecycle.decisions import existing


def escalate(case: InvoiceCase | None, *, policy: Policy, now: datetime) -> list[Change]:
    """Raise the escalation due `now` on the case's open step, once per reason; nothing when none is due."""
    case = existing(case)
    step = case.open_step
    if step is None:
        return []
    progress = case.progress
    assert progress is not None  # a case with an open step is routed
    found = escalation_due(step_started(case), case_deadlines(case), policy, now, unit=progress.route.unit,
                           already_raised=case.raised_keys)
    if found is None:
        return []
    return [Change(InvoiceCase.EscalationRaised, {
        "step": step.index, "kind": step.kind, "unit": progress.route.unit,
        "target": found.target.model_dump(exclude_none=True),
        "reasons": [reason.model_dump(mode="json") for reason in found.reasons], "keys": list(found.keys),
        "by": SYSTEM, "timestamp": now})]


def next_check(case: InvoiceCase, policy: Policy, now: datetime) -> datetime | None:
    """When escalation could next find a reason not yet raised (a city midnight, possibly past), or None."""
    if case.open_step is None:
        return None
    settings, today, raised = policy.escalation, city_day(now), case.raised_keys
    started = step_started(case)
    days: list[date] = []
    if f"step_age:{started.isoformat()}" not in raised:
        days.append(city_day(started) + timedelta(days=settings.days_in_step))
    due = case_deadlines(case)
    if due.payable:
        if f"payment_deadline:{due.due.date}" not in raised:
            days.append(due.due.date - timedelta(days=settings.days_before_due))
        previous: date | None = None
        for discount in due.discounts:  # earliest first; a tier is "next" only after the one before has passed
            first = discount.deadline - timedelta(days=settings.days_before_discount)
            if previous is not None:
                first = max(first, previous + timedelta(days=1))
            if discount.deadline >= today and first <= discount.deadline and \
                    f"discount_deadline:{discount.deadline}" not in raised:
                days.append(first)
            previous = discount.deadline
    return city_midnight(min(days)) if days else None


def step_started(case: InvoiceCase) -> datetime:
    """When the case's open step began (approval requested, last certification or re-routing)."""
    assert case.initial_route is not None and case.requested_at is not None  # a routed case
    return step_started_at(case.initial_route, tuple(case.approvals), case.requested_at)


def case_deadlines(case: InvoiceCase) -> Deadlines:
    """The payment and cash-discount deadlines of a routed case, from its facts and time of receipt."""
    assert case.facts is not None  # a routed case
    return deadlines(case.facts, case.received_at)


def city_midnight(day: date) -> datetime:
    """The moment `day` begins in the city (Europe/Berlin)."""
    return datetime.combine(day, time(0), tzinfo=CITY_TIMEZONE)
