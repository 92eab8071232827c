"""A person's approval inbox: the open steps they may act on now, deputies included.

Candidates come from the open-steps table: steps assigned to the person, to their groups, and to
the people (and their groups) whom they represent today as deputy. Each candidate case is loaded
and kept when the policy lets the person handle its step now (`may_handle`: role, assignment,
deputy period); `may_certify` says whether they may also certify it (four-eyes, own matter,
release limit), or why not. Computed from the cases until the inbox projection exists.

The inbox is read a page at a time (`inbox_page`): candidates come in the order they waited (since,
case id) from the open-steps indexes, a page's worth at a time, so a person of a group with
100,000 open steps loads only the cases on the page. A page may hold fewer items than asked when
candidates turn out not to be the person's to handle; its cursor goes on after the last candidate.
`scope` narrows it to the steps assigned to the person (`mine`), to their groups (`groups`), or
those they handle as deputy (`deputy`).
"""

from __future__ import annotations

import base64
import binascii
import json
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

    def scope_for(self, login: str) -> str:
        """Where the item shows for `login`: "deputy", "mine" or "groups"."""
        if self.on_behalf_of:
            return "deputy"
        return "mine" if self.step.assignee.person == login else "groups"


SCOPES = ("mine", "groups", "deputy")


class BadInboxCursor(ValueError):
    """An inbox page token that this service did not make."""


@dataclass(frozen=True)
class InboxPage:
    """One page of a person's inbox: items, how many open steps are assigned in all, the next page's token."""

    items: list[InboxItem]
    total: int
    exact: bool
    next: str | None


def inbox(invoices: Invoices, open_steps: OpenSteps, login: str, *, at: datetime | None = None) -> list[InboxItem]:
    """Every open step `login` may act on at `at` (default now), oldest first; `ApprovalRefused` for unknown logins."""
    items, cursor = [], None
    while True:
        page = inbox_page(invoices, open_steps, login, at=at, cursor=cursor, size=500)
        items += page.items
        if page.next is None:
            return items
        cursor = page.next


def inbox_page(invoices: Invoices, open_steps: OpenSteps, login: str, *, scope: str | None = None,
               cursor: str | None = None, size: int = 50, at: datetime | None = None) -> InboxPage:
    """A page of the open steps `login` may act on at `at` (default now), oldest first, in `scope` (None: all)."""
    policy, at = invoices.policy_now(), at or invoices.clock()
    if policy.person(login) is None:
        raise refused(Refusal(code="unknown_person", message=Message(
            de=f"Die Anmeldung „{login}“ ist in der Richtlinie nicht bekannt.",
            en=f"The login '{login}' is not known in the policy.")))
    people, groups = _candidates(policy, login, city_day(at), scope)
    after = _position(cursor) if cursor else None
    items: list[InboxItem] = []
    scanned = 0
    while len(items) < size and scanned < 5 * size:
        rows = open_steps.assigned_to(people=people, groups=groups, limit=size, after=after)
        cases = invoices.get_cases([row.case_id for row in rows])  # the page's cases in one read
        for row in rows:
            after = (row.since, row.case_id)
            scanned += 1
            item = _item(invoices, policy, cases.get(row.case_id), login, at)
            if item is not None and (scope is None or item.scope_for(login) == scope):
                items.append(item)
                if len(items) == size:
                    break
        if len(rows) < size:
            after = None if len(items) < size or not rows else after
            break
    total, exact = open_steps.count_assigned(people=people, groups=groups)
    more = after is not None and bool(open_steps.assigned_to(people=people, groups=groups, limit=1, after=after))
    return InboxPage(items, total, exact, _token(after) if more and after is not None else None)


def _candidates(policy, login: str, today: date, scope: str | None) -> tuple[list[str], list[str]]:
    """The people and groups whose open steps may be `login`'s in `scope`."""
    represented = [deputy.person for deputy in policy.deputies if deputy.deputy == login and deputy.active_on(today)]
    own_groups = sorted(set(policy.person(login).groups))
    their_groups = sorted({group for person in represented if policy.person(person)
                           for group in policy.person(person).groups})
    if scope == "mine":
        return [login], []
    if scope == "groups":
        return [], own_groups
    if scope == "deputy":
        return represented, their_groups
    return [login, *represented], sorted({*own_groups, *their_groups})


def _item(invoices: Invoices, policy, case, login: str, at: datetime) -> InboxItem | None:
    if case is None:
        return None
    step = case.open_step
    if step is None:
        return None  # closed since the table was written
    handled = may_handle(login, step, policy, at)
    if not handled:
        return None
    certifiable = check_certification(login, step, tuple(case.approvals), case.facts, policy, at)
    facts = case.facts
    return InboxItem(
        case_id=case.id, number=facts.number, seller=facts.seller_name, amount=facts.amount,
        currency=facts.currency, unit=case.progress.route.unit, step=step, waiting=case.progress.status,
        since=escalation.step_started(case), due=escalation.case_deadlines(case).due.date,
        on_behalf_of=handled.on_behalf_of, cannot_certify=None if certifiable else certifiable.message,
        escalated=any(item["step"] == step.index for item in case.escalations))


def _token(after: tuple[datetime, UUID]) -> str:
    text = json.dumps([after[0].isoformat(), str(after[1])]).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _position(token: str) -> tuple[datetime, UUID]:
    try:
        since, case_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return datetime.fromisoformat(since), UUID(case_id)
    except (ValueError, TypeError, binascii.Error) as error:
        raise BadInboxCursor(f"The page token {token[:20]!r} is not one this service made ({error}).") from None
