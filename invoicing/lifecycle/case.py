"""The invoice case: one event stream per submitted file, telling its whole story.

Events are past-tense facts, subject first, and each says who (`by`) and when (`timestamp`,
UTC with microseconds, set from the application's clock). They are nested in `InvoiceCase`, so
their stored topics are `invoicing.lifecycle.case:InvoiceCase.<EventName>`, for example
`invoicing.lifecycle.case:InvoiceCase.InvoiceReceived`.

Upcasting policy (stored events are never rewritten):
* Topics are permanent. Never rename or move an event class or this module; if it is ever
  unavoidable, register the old topic for the new class here with
  `eventsourcing.utils.register_topic(old_topic, NewClass)` in the same change.
* Adding or changing attributes bumps the event's `class_version` and adds a static method
  `upcast_v<N>_v<N+1>(state: dict) -> None` that turns the stored attribute dict of version N
  into version N+1 (new attributes get an explicit default that means "not recorded then").
  Attributes are never dropped: an auditor must see what was recorded.
* A fact with a new meaning is a new event class, never a re-interpreted old one.
* No snapshots are taken (streams are short); if they ever are, the same rules apply to the
  aggregate's own `class_version`.

The aggregate only applies events; what *should* happen is decided by the pure functions in
`invoicing.lifecycle.decisions`, which return `Change`s that `InvoiceCase.record` turns into events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

SYSTEM = "system:pipeline"
"""`by` of the events that the automatic pipeline records."""


class Status:
    """Where a case stands; the values are stable strings for views and APIs."""

    RECEIVED = "received"
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not-recognised"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE_SUSPECTED = "duplicate-suspected"
    DUPLICATE = "duplicate"
    AWAITING_APPROVAL = "awaiting-approval"
    APPROVED = "approved"
    DENIED = "denied"
    RETURNED = "returned"
    EXPORTED = "exported"
    PROCESSING_FAILED = "processing-failed"


@dataclass(frozen=True)
class Change:
    """A decided event not yet recorded: the event class and its attributes."""

    event: type
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.event.__name__


@dataclass(frozen=True)
class Submission:
    """One arrival of the file: by which channel, from whom, under which name, and exactly when."""

    channel: str
    sender: str
    filename: str
    received_at: datetime


@dataclass(frozen=True)
class StepDecision:
    """What a person decided on one approval step."""

    step: str
    outcome: str
    by: str
    at: datetime
    note: str = ""


class InvoiceCase(Aggregate):
    """A submitted invoice file and everything that happened to it since it arrived."""

    class InvoiceReceived(Aggregate.Created):
        """The platform received the file; `received_at` counts as delivery, so it is exact."""

        content_hash: str
        size: int
        channel: str
        sender: str
        filename: str
        received_at: datetime
        by: str

    class InvoiceReceivedAgain(Aggregate.Event):
        """The very same bytes arrived again (another channel, or a resend)."""

        channel: str
        sender: str
        filename: str
        received_at: datetime
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.submissions.append(Submission(self.channel, self.sender, self.filename, self.received_at))

    class InvoiceRecognised(Aggregate.Event):
        """The file was read as an invoice: syntax, BT-24, profile and the keys that identify it."""

        syntax: str
        document_type: str
        customization_id: str | None
        profile: str | None
        container: str
        number: str | None
        issue_date: str | None
        seller_name: str | None
        seller_key: str | None
        buyer_reference: str | None
        currency: str | None
        amount_due: Decimal | None
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.recognition = {name: getattr(self, name) for name in (
                "syntax", "document_type", "customization_id", "profile", "container", "number", "issue_date",
                "seller_name", "seller_key", "buyer_reference", "currency", "amount_due")}
            case.status = Status.RECOGNISED

    class InvoiceNotRecognised(Aggregate.Event):
        """The file could not be read as an invoice; `message` and `hint` are for the supplier."""

        code: str
        message: str
        hint: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.unreadable = {"code": self.code, "message": self.message, "hint": self.hint}
            case.status = Status.NOT_RECOGNISED

    class InvoiceValidated(Aggregate.Event):
        """The validation engine ran; `report` is the full report, replayable years later."""

        accepted: bool
        report: dict
        rule_sets: list
        engine: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.verdict = {"accepted": self.accepted, "rule_sets": self.rule_sets, "engine": self.engine}
            if self.accepted:
                case.status = Status.ACCEPTED

    class InvoiceRejected(Aggregate.Event):
        """The invoice was rejected (by the validation or by a person) and goes back to the supplier."""

        reason: str
        rule_ids: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.rejection = {"reason": self.reason, "rule_ids": self.rule_ids, "by": self.by}
            case.status = Status.REJECTED

    class DuplicateSuspected(Aggregate.Event):
        """Another file with the same seller and invoice number arrived within the window."""

        number_key: str
        earlier_cases: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.duplicate_of = list(self.earlier_cases)
            case.status = Status.DUPLICATE_SUSPECTED

    class DuplicateSuspicionDismissed(Aggregate.Event):
        """A person decided it is not a duplicate, and said why."""

        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.duplicate_decision = {"duplicate": False, "reason": self.reason, "by": self.by}
            case.status = Status.ACCEPTED

    class DuplicateConfirmed(Aggregate.Event):
        """A person confirmed the duplicate, and said why; it will not be paid twice."""

        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.duplicate_decision = {"duplicate": True, "reason": self.reason, "by": self.by}
            case.status = Status.DUPLICATE

    class ApprovalRequested(Aggregate.Event):
        """The invoice was routed to an inbox for the certification steps, in this order."""

        inbox: str
        steps: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.inbox = self.inbox
            case.steps = list(self.steps)
            case.status = Status.AWAITING_APPROVAL

    class InvoiceCertified(Aggregate.Event):
        """A person certified one step (e.g. sachlich richtig)."""

        step: str
        comment: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.decisions.append(StepDecision(self.step, "certified", self.by, self.timestamp, self.comment))

    class InvoiceApproved(Aggregate.Event):
        """A person with budget authority ordered the payment (Anordnung): the last step."""

        step: str
        comment: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.decisions.append(StepDecision(self.step, "approved", self.by, self.timestamp, self.comment))
            case.status = Status.APPROVED

    class InvoiceDenied(Aggregate.Event):
        """A person refused to certify a step, and said why."""

        step: str
        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.decisions.append(StepDecision(self.step, "denied", self.by, self.timestamp, self.reason))
            case.status = Status.DENIED

    class InvoiceReturnedToSupplier(Aggregate.Event):
        """A person sent the invoice back to the supplier, and said why."""

        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.returned = {"reason": self.reason, "by": self.by}
            case.status = Status.RETURNED

    class SupplierNotified(Aggregate.Event):
        """The supplier was told about the case (`about`: accepted, rejected, returned, duplicate)."""

        about: str
        recipient: str
        message: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.notified.append(self.about)

    class InvoiceExported(Aggregate.Event):
        """The approved invoice was handed to an accounting system."""

        target: str
        batch: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.exports.append({"target": self.target, "batch": self.batch, "at": self.timestamp})
            case.status = Status.EXPORTED

    class InvoiceProcessingFailed(Aggregate.Event):
        """Automatic work on the case gave up (dead letter); `reason` says why, a person must look."""

        action: str
        reason: str
        retries: int
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.failures.append({"action": self.action, "reason": self.reason, "at": self.timestamp})
            if self.action == "process":
                case.status = Status.PROCESSING_FAILED

    def __init__(self, content_hash: str, size: int, channel: str, sender: str, filename: str,
                 received_at: datetime):
        self.content_hash = content_hash
        self.size = size
        self.submissions = [Submission(channel, sender, filename, received_at)]
        self.status = Status.RECEIVED
        self.recognition: dict | None = None
        self.unreadable: dict | None = None
        self.verdict: dict | None = None
        self.rejection: dict | None = None
        self.duplicate_of: list[UUID] = []
        self.duplicate_decision: dict | None = None
        self.inbox: str | None = None
        self.steps: list[str] = []
        self.decisions: list[StepDecision] = []
        self.returned: dict | None = None
        self.notified: list[str] = []
        self.exports: list[dict] = []
        self.failures: list[dict] = []

    @classmethod
    def open(cls, case_id: UUID, change: Change) -> InvoiceCase:
        """Start the stream `case_id` with its first event (an `InvoiceReceived` change)."""
        return cls._create(change.event, id=case_id, **change.attributes)

    def record(self, changes: list[Change]) -> None:
        """Record decided changes as this case's next events, in order."""
        for change in changes:
            self.trigger_event(change.event, **change.attributes)

    @property
    def received_at(self) -> datetime:
        """When the file first arrived (legally: when it was delivered)."""
        return self.submissions[0].received_at

    @property
    def seller_key(self) -> str | None:
        return self.recognition["seller_key"] if self.recognition else None

    @property
    def number(self) -> str | None:
        return self.recognition["number"] if self.recognition else None

    @property
    def current_step(self) -> str | None:
        """The first approval step nobody has decided yet; None before routing or when all are done."""
        decided = {decision.step for decision in self.decisions}
        return next((step for step in self.steps if step not in decided), None)

    def decision_on(self, step: str) -> StepDecision | None:
        """Who decided `step`, how and when; None while it is open."""
        return next((decision for decision in self.decisions if decision.step == step), None)
