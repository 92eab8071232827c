"""Approval inbox: which invoice waits at which step, for which person or group (deputies included).

The view keeps, per invoice awaiting approval, its route and the current step with its assignee.
Who sees a step is decided at query time with the policy (`invoicing.approvals.who_may_act`):
assignees with a role fitting the step, and their deputies on that day. Deputy periods and the
policy change without any event, so they are never folded into the rows.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from invoicing.approvals import Assignee, Policy, RouteStep, who_may_act
from invoicing.approvals.clock import city_day
from invoicing.lifecycle.case import InvoiceCase, Status
from projections import approval, recorded
from projections.base import ReadModel
from projections.schema import Table, columns

_Case = InvoiceCase

INBOX = Table("inbox", columns(
    ("case_id", "uuid"),
    ("unit", "text", "the unit the invoice was routed to ('clearing': the central invoice inbox)"),
    ("step_index", "int"), ("step_name", "text"),
    ("kind", "text", "sachlich, rechnerisch, sachlich_rechnerisch, anordnung or clearing"),
    ("assignee_person", "text"), ("assignee_group", "text"),
    ("since", "timestamp", "when the current step began (routing or the last certification)"),
    ("waiting", "text", "'step', or 'clarification' while a question is open"),
    ("question", "text"), ("addressed_to", "text"),
    ("escalated_person", "text"), ("escalated_group", "text"), ("escalated_at", "timestamp"),
    ("escalations", "json", "keys of the escalation reasons raised on this step"),
    ("route", "json", "the steps, in order"),
    ("done", "json", "indexes of the steps done"),
    ("reassigned", "json", "step index → the person or group it was handed to"),
    ("supplier", "text", "BT-27"), ("number", "text", "BT-1"), ("gross", "money", "BT-112"),
    ("currency", "text", "BT-5"),
    ("due_date", "date", "payment due"), ("discount_deadline", "date", "earliest cash-discount deadline"),
    ("received_at", "timestamp"),
), indexes=(("assignee_person",), ("assignee_group",), ("escalated_person",), ("escalated_group",)))


SHOWN = ("supplier", "number", "gross", "currency", "received_at", "due_date", "discount_deadline")
"""The invoice's facts an inbox row shows, kept per accepted case (table `facts`) until it is routed or ends."""

FACTS = Table("facts", columns(
    ("case_id", "uuid"), ("supplier", "text", "BT-27"), ("number", "text", "BT-1"), ("gross", "money", "BT-112"),
    ("currency", "text", "BT-5"), ("received_at", "timestamp"), ("due_date", "date", "payment due"),
    ("discount_deadline", "date", "earliest cash-discount deadline"),
))

_WAITING = frozenset({Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL})


def _facts(case, event) -> None:
    found = recorded.facts_of(event)
    if found is None or recorded.status_with(event) not in _WAITING:
        return
    invoice = found.invoice
    shown = {"supplier": invoice.seller_name, "number": invoice.number, "gross": invoice.amount,
             "currency": invoice.currency, "received_at": found.received_at, "due_date": found.due_date,
             "discount_deadline": found.discounts[0].deadline if found.discounts else None}
    case.put("facts", dict(shown))
    row = case.one("inbox")
    if row is not None:
        row.update(shown)


def _routed(case, event) -> None:
    route = approval.routed(event)
    row = case.one("inbox")
    if row is None:
        row = case.put("inbox", {})
        shown = case.one("facts") or {}
        row.update({name: shown.get(name) for name in SHOWN})
    row.update(unit=route.unit, route=[step.as_json() for step in route.steps], done=[], reassigned={},
               step_index=None)
    _advance(row, event.timestamp)


def _step_done(case, event) -> None:
    row = case.one("inbox")
    if row is None:
        return
    done = approval.step_done(event)
    steps = [approval.Step.from_json(step) for step in row["route"]]
    row["done"] = sorted({*row["done"], *(step.index for step in steps if approval.is_step(step, done))})
    _advance(row, event.timestamp)
    if row["step_index"] is None:
        case.drop("inbox", "facts")


def _reassigned(case, event) -> None:
    row = case.one("inbox")
    if row is not None:
        to = approval.reassigned(event)
        row["reassigned"] = {**row["reassigned"], str(to.step): {"person": to.person, "group": to.group}}
        if to.step == row["step_index"]:
            row.update(assignee_person=to.person, assignee_group=to.group)


def _asked(case, event) -> None:
    row = case.one("inbox")
    if row is not None and event.step == row["step_index"]:
        row.update(waiting="clarification", question=event.question, addressed_to=event.addressed_to)


def _answered(case, event) -> None:
    row = case.one("inbox")
    if row is not None and event.step == row["step_index"]:
        row.update(waiting="step", question=None, addressed_to=None)


def _escalated(case, event) -> None:
    row = case.one("inbox")
    target, keys = approval.escalated(event)
    if row is not None and target.step == row["step_index"]:
        row.update(escalated_person=target.person, escalated_group=target.group, escalated_at=event.timestamp,
                   escalations=sorted({*(row["escalations"] or ()), *keys}))


def _ended(case, event) -> None:
    case.drop("inbox", "facts")


def _advance(row: dict, at: datetime) -> None:
    """Point the row at the first step not done (with its assignee), beginning `at`."""
    current = next((approval.Step.from_json(step) for step in row["route"] if step["index"] not in row["done"]), None)
    if current is None:
        row["step_index"] = None
        return
    if current.index != row.get("step_index"):
        row.update(waiting="step", question=None, addressed_to=None, escalated_person=None, escalated_group=None,
                   escalated_at=None, escalations=[])
    handed = row["reassigned"].get(str(current.index))
    row.update(step_index=current.index, step_name=current.name, kind=current.kind, since=at,
               assignee_person=handed["person"] if handed else current.person,
               assignee_group=handed["group"] if handed else current.group)


class ApprovalInbox(ReadModel):
    """Invoices waiting for a certification step, by person and group."""

    name = "inbox"
    tables = (INBOX, FACTS)
    handlers = {
        **{event_class: _facts for event_class in recorded.FACTS_EVENTS},
        **{event_class: _routed for event_class in approval.ROUTED},
        **{event_class: _step_done for event_class in approval.STEP_DONE},
        **{event_class: _reassigned for event_class in approval.REASSIGNED},
        **{event_class: _asked for event_class in approval.CLARIFICATION_ASKED},
        **{event_class: _answered for event_class in approval.CLARIFICATION_ANSWERED},
        **{event_class: _escalated for event_class in approval.ESCALATED},
        **{event_class: _ended for event_class in approval.ENDED},
    }

    def for_group(self, group: str) -> list[dict]:
        """Steps assigned to `group`, the longest waiting first."""
        return self.view.select("inbox", where={"assignee_group": group}, order_by=("since", "case_id"))

    def for_person(self, login: str, policy: Policy, at: datetime) -> list[dict]:
        """What `login` should see at `at`, longest waiting first: steps they may act on (own, their groups',
        or as deputy) and steps escalated to them or their groups.

        Each row gets `may_act` (the policy lets them handle the step now), `on_behalf_of` (the
        represented person when acting as deputy, else None) and `escalated` (brought to their attention).
        """
        person = policy.person(login)
        if person is None:
            return []
        today = city_day(at)
        represented = [found for deputy in policy.deputies
                       if deputy.deputy == login and deputy.active_on(today)
                       and (found := policy.person(deputy.person)) is not None]
        people = sorted({login, *(other.login for other in represented)})
        groups = sorted({*person.groups, *(group for other in represented for group in other.groups)})
        candidates = {}
        for column, values in (("assignee_person", people), ("assignee_group", groups),
                               ("escalated_person", [login]), ("escalated_group", sorted(person.groups))):
            for row in self.view.select("inbox", where={column: values}):
                candidates[row["case_id"]] = row
        mine = []
        for row in candidates.values():
            actor = _actor(row, login, policy, at)
            escalated = row["escalated_person"] == login or row["escalated_group"] in person.groups
            if actor is not None or escalated:
                mine.append({**row, "may_act": actor is not None, "escalated": escalated,
                             "on_behalf_of": actor.on_behalf_of if actor else None})
        return sorted(mine, key=lambda row: (row["since"], str(row["case_id"])))

    def get(self, case_id: UUID) -> dict | None:
        rows = self.view.select("inbox", where={"case_id": case_id})
        return rows[0] if rows else None


def _actor(row: dict, login: str, policy: Policy, at: datetime):
    try:
        step = RouteStep(index=row["step_index"], kind=row["kind"],
                         assignee=Assignee(person=row["assignee_person"], group=row["assignee_group"])
                         if row["assignee_person"] else Assignee(group=row["assignee_group"]))
    except ValueError:  # a step kind or assignee the policy model does not know
        return None
    return next((actor for actor in who_may_act(step, policy, at) if actor.login == login), None)
