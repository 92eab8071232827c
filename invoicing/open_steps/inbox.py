"""A person's approval inbox: the open steps they may act on now, deputies included.

Candidates come from the open-steps table: steps assigned to the person, to their groups, and to
the people (and their groups) whom they represent today as deputy. Each candidate case is loaded
and kept when the policy lets the person handle its step now (`may_handle`: role, assignment,
deputy period); `may_certify` says whether they may also certify it (four-eyes, own matter,
release limit), or why not. Computed from the cases until the inbox projection exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from invoicing.approvals import Message, Refusal, RouteStep, check_certification, may_handle
from invoicing.approvals.clock import city_day
from invoicing.lifecycle.application import Invoices
from invoicing.lifecycle.decisions import escalation
from invoicing.lifecycle.decisions.approval import refused
from invoicing.open_steps import OpenSteps


@dataclass(frozen=True)
class InboxItem:
    """One open step a person may act on, with what a clerk needs to choose what to do first."""

    case_id: UUID
    number: str | None
    seller: str | None
    amount: Decimal | None
    currency: str | None
    unit: str | None
    step: RouteStep
    waiting: str
    since: datetime
    due: date | None
    on_behalf_of: str | None
    cannot_certify: Message | None
    escalated: bool


def inbox(invoices: Invoices, open_steps: OpenSteps, login: str, *, at: datetime | None = None) -> list[InboxItem]:
    """The open steps `login` may act on at `at` (default now), oldest first; `ApprovalRefused` for unknown logins."""
    policy, at = invoices.policy_now(), at or invoices.clock()
    if policy.person(login) is None:
        raise refused(Refusal(code="unknown_person", message=Message(
            de=f"Die Anmeldung „{login}“ ist in der Richtlinie nicht bekannt.",
            en=f"The login '{login}' is not known in the policy.")))
    today = city_day(at)
    represented = [deputy.person for deputy in policy.deputies if deputy.deputy == login and deputy.active_on(today)]
    people = [login, *represented]
    groups = sorted({group for person in people if policy.person(person) for group in policy.person(person).groups})
    items = []
    for row in open_steps.assigned_to(people=people, groups=groups):
        case = invoices.get_case(row.case_id)
        step = case.open_step
        if step is None:
            continue  # closed since the table was written
        handled = may_handle(login, step, policy, at)
        if not handled:
            continue
        certifiable = check_certification(login, step, tuple(case.approvals), case.facts, policy, at)
        facts = case.facts
        items.append(InboxItem(
            case_id=case.id, number=facts.number, seller=facts.seller_name, amount=facts.amount,
            currency=facts.currency, unit=case.progress.route.unit, step=step, waiting=case.progress.status,
            since=escalation.step_started(case), due=escalation.case_deadlines(case).due.date,
            on_behalf_of=handled.on_behalf_of, cannot_certify=None if certifiable else certifiable.message,
            escalated=any(item["step"] == step.index for item in case.escalations)))
    return sorted(items, key=lambda item: (item.since, str(item.case_id)))
