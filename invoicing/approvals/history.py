"""The approval history: immutable records of what people did, and where an invoice stands.

Each record says who acted (`by`, a login) and when (`at`), and is JSON-able with a `type`
discriminator, so the event-sourced side can store records as event payloads unchanged and read
them back with `parse_record`. A history is a tuple of records, oldest first.

- `Certified`: step `step` (index in the current route) certified, by `by` for themselves or as
  deputy (`on_behalf_of`).
- `ClarificationRequested` / `ClarificationAnswered`: the step is paused until answered.
- `Reassigned`: the step now belongs to `to`; `reason` is mandatory.
- `Rerouted`: the clearing inbox assigned the invoice to a unit; the new `route` is stored whole,
  so later policy changes do not rewrite history. Progress counts only records after it;
  four-eyes looks at the whole history (whoever checked an invoice once stays a checker).
- `ReturnedToSupplier`: closed; a corrected invoice comes as a new document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, field_validator

from invoicing.approvals.policy import Assignee, Frozen, StepKind
from invoicing.approvals.routing import Route, RouteStep


class _Record(Frozen):
    by: str
    at: datetime


def _reason_given(value: str) -> str:
    if not value.strip():
        raise ValueError("a reason is required")
    return value


OPERATOR = "operator:"
"""How `by` begins when an operator recorded a decision for a person without the person's credentials."""


class Certified(_Record):
    """A step certified (sachlich/rechnerisch richtig, or the Anordnung given), as self or as deputy, or by an
    operator on behalf of the person (`by` "operator:<user>", `on_behalf_of` the person)."""

    type: Literal["certified"] = "certified"
    step: int
    kind: StepKind
    on_behalf_of: str | None = None
    comment: str | None = None

    @property
    def person(self) -> str:
        """Whose certification it is for the four-eyes principle: the signer, or the person an operator recorded it for."""
        return self.on_behalf_of if self.by.startswith(OPERATOR) and self.on_behalf_of else self.by


class ClarificationRequested(_Record):
    """A question about the invoice; the step waits for the answer."""

    type: Literal["clarification_requested"] = "clarification_requested"
    step: int
    question: str
    addressed_to: str | None = None
    _given = field_validator("question")(_reason_given)


class ClarificationAnswered(_Record):
    """The answer to the open question; the step continues."""

    type: Literal["clarification_answered"] = "clarification_answered"
    step: int
    answer: str
    _given = field_validator("answer")(_reason_given)


class Reassigned(_Record):
    """The step handed to another person or group, with the reason."""

    type: Literal["reassigned"] = "reassigned"
    step: int
    to: Assignee
    reason: str
    _given = field_validator("reason")(_reason_given)


class Rerouted(_Record):
    """The invoice assigned to a unit (from the clearing inbox), with the new route and the reason."""

    type: Literal["rerouted"] = "rerouted"
    route: Route
    reason: str
    _given = field_validator("reason")(_reason_given)


class ReturnedToSupplier(_Record):
    """The invoice sent back to the supplier, with the reason; approval ends here."""

    type: Literal["returned_to_supplier"] = "returned_to_supplier"
    step: int
    reason: str
    _given = field_validator("reason")(_reason_given)


ApprovalRecord = Annotated[
    Union[Certified, ClarificationRequested, ClarificationAnswered, Reassigned, Rerouted, ReturnedToSupplier],
    Field(discriminator="type")]
History = tuple[ApprovalRecord, ...]

_RECORD = TypeAdapter(ApprovalRecord)


def parse_record(data: dict) -> ApprovalRecord:
    """A record from its JSON form (`record.model_dump(mode="json")`)."""
    return _RECORD.validate_python(data)


class Progress(Frozen):
    """Where an invoice stands: the current route, its status and, while open, the current step."""

    status: Literal["pending", "awaiting_clarification", "approved", "returned"]
    route: Route
    step: RouteStep | None = None
    question: ClarificationRequested | None = None

    @property
    def open(self) -> bool:
        """True while someone still has to act."""
        return self.status in ("pending", "awaiting_clarification")


def current_route(initial: Route, history: History) -> tuple[Route, History]:
    """The route in force (the last `Rerouted`, else `initial`) and the records made on it."""
    for position in range(len(history) - 1, -1, -1):
        record = history[position]
        if isinstance(record, Rerouted):
            return record.route, history[position + 1:]
    return initial, history


def step_started_at(route: Route, history: History, requested_at: datetime) -> datetime:
    """When the current step began, for escalation by step age.

    That is the last certification or re-routing, else `requested_at` (when approval was requested).
    Reassignments and clarification requests do not restart the clock: the invoice's deadlines do
    not wait for them either.
    """
    _, records = current_route(route, history)
    moments = [record.at for record in history if isinstance(record, Rerouted)]
    moments += [record.at for record in records if isinstance(record, Certified)]
    return max(moments, default=requested_at)


def next_step(route: Route, history: History) -> Progress:
    """Where an invoice with initial `route` and `history` stands, and whose turn it is."""
    route, records = current_route(route, history)
    returned = any(isinstance(record, ReturnedToSupplier) for record in records)
    if returned:
        return Progress(status="returned", route=route)
    done = {record.step for record in records if isinstance(record, Certified)}
    pending = next((step for step in route.steps if step.index not in done), None)
    if pending is None:
        return Progress(status="approved", route=route)
    for record in records:
        if isinstance(record, Reassigned) and record.step == pending.index:
            pending = pending.model_copy(update={"assignee": record.to})
    question = None
    for record in records:
        if isinstance(record, ClarificationRequested) and record.step == pending.index:
            question = record
        elif isinstance(record, ClarificationAnswered) and record.step == pending.index:
            question = None
    if question is not None:
        return Progress(status="awaiting_clarification", route=route, step=pending, question=question)
    return Progress(status="pending", route=route, step=pending)
