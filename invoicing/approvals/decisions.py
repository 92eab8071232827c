"""Approval decisions: (route, history, command) → the new record, or a `Refusal` saying why not.

Commands are imperative and say who gives them and when; records (see `history`) are the facts
they produce, ready to be stored as event payloads. `decide` is pure: the caller loads the
invoice's route, history, facts and the policy, decides, and saves the record it gets back.

- `Certify`: the current step, by someone `check_certification` allows.
- `RequestClarification`: by whoever may handle the current step; pauses it until
  `AnswerClarification` (by anyone known to the policy, or a supplier's answer passed on).
- `Reassign`: the current step to another person or group with a member whose role and release
  limit fit, with a reason, by whoever may handle the step or by the clearing inbox.
- `AssignToUnit`: by the clearing inbox, with a reason; the invoice gets the unit's route.
- `ReturnToSupplier`: by whoever may handle the current step, with a reason; closes approval.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from invoicing.approvals.authority import Ok, Refusal, check_certification, may_be_given, may_handle
from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.history import (
    ApprovalRecord,
    Certified,
    ClarificationAnswered,
    ClarificationRequested,
    History,
    Reassigned,
    Rerouted,
    ReturnedToSupplier,
    next_step,
)
from invoicing.approvals.policy import Assignee, Frozen, Policy
from invoicing.approvals.routing import Route, route_to_unit
from invoicing.approvals.wording import Message


class _Command(Frozen):
    by: str
    at: datetime


class Certify(_Command):
    """Certify the current step (or give the Anordnung)."""

    type: Literal["certify"] = "certify"
    comment: str | None = None


class RequestClarification(_Command):
    """Ask a question about the invoice; `addressed_to` is a login, "supplier", or None."""

    type: Literal["request_clarification"] = "request_clarification"
    question: str
    addressed_to: str | None = None


class AnswerClarification(_Command):
    """Answer the open question."""

    type: Literal["answer_clarification"] = "answer_clarification"
    answer: str


class Reassign(_Command):
    """Hand the current step to another person or group."""

    type: Literal["reassign"] = "reassign"
    to: Assignee
    reason: str


class AssignToUnit(_Command):
    """Assign an invoice in the clearing inbox to a unit."""

    type: Literal["assign_to_unit"] = "assign_to_unit"
    unit: str
    reason: str


class ReturnToSupplier(_Command):
    """Send the invoice back to the supplier."""

    type: Literal["return_to_supplier"] = "return_to_supplier"
    reason: str


Command = Certify | RequestClarification | AnswerClarification | Reassign | AssignToUnit | ReturnToSupplier

_TEXTS = {  # command type → (field that must not be blank, German action, English action, German noun, English noun)
    "request_clarification": ("question", "Eine Rückfrage", "A clarification request", "Frage", "question"),
    "answer_clarification": ("answer", "Eine Antwort", "An answer", "Antwort", "answer"),
    "reassign": ("reason", "Eine Umleitung", "A reassignment", "Begründung", "reason"),
    "assign_to_unit": ("reason", "Eine Zuordnung", "An assignment to a unit", "Begründung", "reason"),
    "return_to_supplier": ("reason", "Eine Rückgabe an den Lieferanten", "A return to the supplier", "Begründung",
                           "reason"),
}

_CLOSED = {"approved": ("ist bereits vollständig freigegeben", "is already fully approved"),
           "returned": ("wurde an den Lieferanten zurückgegeben", "was returned to the supplier")}


def decide(command: Command, route: Route, history: History, facts: InvoiceFacts,
           policy: Policy) -> ApprovalRecord | Refusal:
    """The record `command` produces on an invoice with initial `route` and `history`, or why it is refused."""
    missing = _missing_text(command)
    if missing is not None:
        return missing
    progress = next_step(route, history)
    if not progress.open:
        state = _CLOSED[progress.status]
        return Refusal(code="closed", message=Message(de=f"Die Rechnung {state[0]}; es ist nichts mehr zu tun.",
                                                      en=f"The invoice {state[1]}; nothing is left to do."))
    step, by, at = progress.step, command.by, command.at
    assert step is not None  # an open progress has a step
    if isinstance(command, AnswerClarification):
        if progress.status != "awaiting_clarification":
            return Refusal(code="nothing_open", message=Message(de="Es ist keine Rückfrage offen.",
                                                                en="No clarification request is open."))
        return ClarificationAnswered(by=by, at=at, step=step.index, answer=command.answer)
    if isinstance(command, AssignToUnit):
        return _assign_to_unit(command, progress.route, history, facts, policy)
    if progress.status == "awaiting_clarification" and isinstance(command, (Certify, RequestClarification)):
        question = progress.question
        assert question is not None  # awaiting a clarification: its request
        return Refusal(code="awaiting_clarification", message=Message(
            de=f"Zu diesem Schritt ist die Rückfrage „{question.question}“ noch offen; "
               "bitte erst die Antwort erfassen.",
            en=f"The clarification request '{question.question}' on this step is still open; record the answer first."))
    if isinstance(command, Certify):
        allowed = check_certification(by, step, history, facts, policy, at)
        if not allowed:
            return allowed
        return Certified(by=by, at=at, step=step.index, kind=step.kind, on_behalf_of=allowed.on_behalf_of,
                         comment=command.comment)
    handled = may_handle(by, step, policy, at)
    if isinstance(command, Reassign):
        if not handled and not _in_clearing(by, policy):
            return handled
        return _reassign(command, step, history, facts, policy)
    if not handled:
        return handled
    if isinstance(command, RequestClarification):
        return ClarificationRequested(by=by, at=at, step=step.index, question=command.question,
                                      addressed_to=command.addressed_to)
    return ReturnedToSupplier(by=by, at=at, step=step.index, reason=command.reason)


def _missing_text(command: Command) -> Refusal | None:
    if command.type not in _TEXTS:
        return None
    field, action_de, action_en, noun_de, noun_en = _TEXTS[command.type]
    if getattr(command, field).strip():
        return None
    return Refusal(code="reason_missing", message=Message(de=f"{action_de} braucht eine {noun_de}; bitte angeben.",
                                                          en=f"{action_en} needs a {noun_en}; please give one."))


def _in_clearing(login: str, policy: Policy) -> bool:
    return any(person.login == login for person in policy.members(policy.clearing))


def _reassign(command: Reassign, step, history: History, facts: InvoiceFacts, policy: Policy) -> Reassigned | Refusal:
    target = command.to
    unknown = policy.person(target.person) is None if target.person else policy.group(target.group) is None
    if unknown:
        return Refusal(code="unknown_assignee", message=Message(
            de=f"Umleitung nicht möglich: {target} ist in der Richtlinie nicht bekannt.",
            en=f"Cannot reassign: {target} is not known in the policy."))
    refusal = _nobody_fits(target, step, history, facts, policy)
    if refusal is not None:
        return Refusal(code=refusal.code, message=Message(de=f"Umleitung nicht möglich: {refusal.message.de}",
                                                          en=f"Cannot reassign: {refusal.message.en}"))
    return Reassigned(by=command.by, at=command.at, step=step.index, to=target, reason=command.reason)


def _nobody_fits(target: Assignee, step, history: History, facts: InvoiceFacts, policy: Policy) -> Refusal | None:
    """Why no one of `target` may be given `step` (a person: their refusal; a group: when every member is refused)."""
    members = policy.members(target)
    refusals = [may_be_given(person.login, step, history, facts, policy) for person in members]
    if any(refusal is None for refusal in refusals):
        return None
    if target.person is not None and refusals:
        return refusals[0]
    name = policy.assignee_name(target)
    return Refusal(code="role", message=Message(
        de=f"Niemand in {name[0]} darf diesen Schritt übernehmen (Rolle, Freigabegrenze, eigene Sache oder "
           "Vier-Augen-Prinzip).",
        en=f"Nobody in {name[1]} may take this step (role, release limit, own matter or four-eyes principle)."))


def _assign_to_unit(command: AssignToUnit, route: Route, history: History, facts: InvoiceFacts,
                    policy: Policy) -> Rerouted | Refusal:
    if not _in_clearing(command.by, policy):
        name = policy.assignee_name(policy.clearing)
        return Refusal(code="not_clearing", message=Message(
            de=f"Nur {name[0]} (zentraler Rechnungseingang) ordnet Rechnungen einem Amt zu.",
            en=f"Only {name[1]} (central invoice inbox) assigns invoices to units."))
    if policy.unit(command.unit) is None:
        return Refusal(code="unknown_unit", message=Message(
            de=f"Das Amt „{command.unit}“ ist in der Richtlinie nicht bekannt.",
            en=f"The unit '{command.unit}' is not known in the policy."))
    new_route = route_to_unit(command.unit, facts, policy)
    for step in new_route.steps:
        refusal = _nobody_fits(step.assignee, step, history, facts, policy)
        if refusal is not None:
            return Refusal(code=refusal.code, message=Message(
                de=f"Zuordnung zu „{command.unit}“ nicht möglich: {refusal.message.de}",
                en=f"Cannot assign to '{command.unit}': {refusal.message.en}"))
    return Rerouted(by=command.by, at=command.at, route=new_route, reason=command.reason)


__all__ = ["AnswerClarification", "AssignToUnit", "Certify", "Command", "Ok", "Reassign", "Refusal",
           "RequestClarification", "ReturnToSupplier", "decide"]
