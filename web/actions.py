"""The decisions a person may take on a case from the web edge, and carrying them out through `Invoices`.

Which actions are *offered* follows the case's state and the approval policy's rules 1–3 (known
person, fitting role, assigned or deputy: `invoicing.approvals.may_handle`); whether an action
*succeeds* is decided by the lifecycle, which applies the whole policy (four-eyes, own matter,
release limits) and refuses with a named `LifecycleError` (`ApprovalRefused` in German and English).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from uuid import UUID

from invoicing.approvals import Message, check_certification, may_handle
from invoicing.lifecycle.case import InvoiceCase, Status
from web.accounts import Principal
from web.permissions import may

ACTIONS = ("certify", "approve", "deny", "request_clarification", "answer_clarification", "assign_to_unit",
           "reassign", "reject", "return", "dismiss_duplicate", "confirm_duplicate")
TEXT_FIELD = {"certify": "comment", "approve": "comment", "deny": "reason", "request_clarification": "question",
              "answer_clarification": "answer", "assign_to_unit": "reason", "reassign": "reason", "reject": "reason",
              "return": "reason", "dismiss_duplicate": "reason", "confirm_duplicate": "reason"}
"""The free-text field each action takes; all but `comment` are required."""
_RETURNABLE = (Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.DENIED)
_REJECTABLE = _RETURNABLE + (Status.PROCESSING_FAILED,)


@dataclass(frozen=True)
class Offer:
    """An action offered on a case: its name and, for steps, the step kind."""

    action: str
    step: str | None = None
    refusal: Message | None = None
    """Why the policy would refuse it now (four-eyes, own matter, release limit): shown instead of the form."""

    @property
    def field(self) -> str:
        return TEXT_FIELD[self.action]

    @property
    def required(self) -> bool:
        return self.field != "comment"


def in_clearing(principal: Principal, policy) -> bool:
    """True for members of the central invoice inbox (the policy's clearing assignee)."""
    return any(person.login == principal.login for person in policy.members(policy.clearing))


def offers(principal: Principal, case: InvoiceCase, policy, now: datetime | None = None) -> list[Offer]:
    """What `principal` can be offered on `case` now."""
    if not may(principal, "decide"):
        return []
    now = now or datetime.now(timezone.utc)
    found: list[Offer] = []
    step = case.open_step
    handles = step is not None and bool(may_handle(principal.login, step, policy, now))
    clearing = in_clearing(principal, policy)
    if step is not None and handles:
        progress = case.progress
        if progress is not None and progress.status == "awaiting_clarification":
            found.append(Offer("answer_clarification", step.kind))
        elif step.kind == "clearing":
            found.append(Offer("assign_to_unit", step.kind))
        else:
            assert case.facts is not None  # a step is open only on a routed case, and routing records the facts
            allowed = check_certification(principal.login, step, tuple(case.approvals), case.facts, policy, now)
            found.append(Offer("approve" if step.kind == "anordnung" else "certify", step.kind,
                               None if allowed else allowed.message))
            found += [Offer("request_clarification", step.kind), Offer("deny", step.kind)]
        found.append(Offer("reassign", step.kind))
    if case.status == Status.DUPLICATE_SUSPECTED and clearing:
        found += [Offer("dismiss_duplicate"), Offer("confirm_duplicate")]
    if case.status in _RETURNABLE and (handles or clearing):
        found.append(Offer("return"))
    if case.status in _REJECTABLE and (handles or clearing):
        found.append(Offer("reject"))
    return found


def why_nothing(principal: Principal, case: InvoiceCase, policy, now: datetime | None = None) -> Message | None:
    """Why `principal` may do nothing on the open step (e.g. it is assigned to someone else), or None."""
    step = case.open_step
    if step is None or not may(principal, "decide"):
        return None
    handled = may_handle(principal.login, step, policy, now or datetime.now(timezone.utc))
    return None if handled else handled.message


def carry_out(invoices, case_id: UUID, action: str, principal: Principal, *, step: str | None = None,
              text: str = "", unit: str | None = None, person: str | None = None, group: str | None = None,
              addressed_to: str | None = None, assignment: list | None = None) -> tuple[str, ...]:
    """Run `action` as `principal`; returns the recorded event names (raises `LifecycleError`s).
    `assignment` is the Kontierung given with sachlich richtig (rows as data)."""
    by = principal.login
    step = step or invoices.get_case(case_id).current_step or ""
    if action == "certify":
        return invoices.certify(case_id, step=step, by=by, comment=text, assignment=assignment)
    if action == "approve":
        return invoices.approve(case_id, by=by, comment=text)
    if action == "deny":
        return invoices.deny(case_id, step=step, by=by, reason=text)
    if action == "request_clarification":
        return invoices.request_clarification(case_id, by=by, question=text, addressed_to=addressed_to or None)
    if action == "answer_clarification":
        return invoices.answer_clarification(case_id, by=by, answer=text)
    if action == "assign_to_unit":
        return invoices.assign_to_unit(case_id, unit=unit or "", by=by, reason=text)
    if action == "reassign":
        return invoices.reassign(case_id, by=by, reason=text, person=person or None, group=group or None)
    if action == "reject":
        return invoices.reject(case_id, by=by, reason=text)
    if action == "return":
        return invoices.return_to_supplier(case_id, by=by, reason=text)
    if action == "dismiss_duplicate":
        return invoices.dismiss_duplicate(case_id, by=by, reason=text)
    if action == "confirm_duplicate":
        return invoices.confirm_duplicate(case_id, by=by, reason=text)
    raise ValueError(f"unknown action {action!r}")
