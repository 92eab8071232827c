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

Versions so far: `ApprovalRequested` v2 (adds `route`, `facts`, `policy`), `InvoiceCertified` and
`InvoiceApproved` v2 (add `index`, `on_behalf_of`) and v3 (adds `assignment`, the Kontierung; v2 → None), `InvoiceReturnedToSupplier` v2 (adds `step`),
`InvoiceValidated` v2 (adds `facts`, the `invoicing.lifecycle.accounting.CaseFacts` of an accepted
invoice), `DuplicateSuspected` v2 (adds `own_earlier`); their v1 upcasts set the new attributes to None. Cases validated before v2 get their
facts by the migration event `InvoiceFactsRecorded` (`invoicing db migrate`), never by rewriting. A case routed before the approval policy (v1
`ApprovalRequested`, no route) loads unchanged; `route` routes it again under the policy.

The approval state (`initial_route`, `facts`, `approvals`) is kept in the shapes of
`invoicing.approvals`, so its pure decisions (`decide`, `next_step`, `escalation_due`) run on it.

The aggregate only applies events; what *should* happen is decided by the pure functions in
`invoicing.lifecycle.decisions`, which return `Change`s that `InvoiceCase.record` turns into events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from invoicing.approvals import (
    Assignee,
    Certified,
    ClarificationAnswered,
    ClarificationRequested,
    InvoiceFacts,
    Progress,
    Reassigned,
    Rerouted,
    ReturnedToSupplier,
    Route,
    RouteStep,
    next_step,
)
from invoicing.approvals.policy import StepKind
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.keys import submitter_key

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
    """One arrival of the file: by which channel, from whom, under which name, and exactly when.

    `evidence` is what the channel knows about the arrival beyond that, e.g. for e-mail the
    Message-ID, subject and the address answers go to (see `invoicing.mailbox`); None when nothing.
    """

    channel: str
    sender: str
    filename: str
    received_at: datetime
    evidence: dict | None = None


@dataclass(frozen=True)
class StepDecision:
    """What a person decided on one approval step."""

    step: str
    outcome: str
    by: str
    at: datetime
    note: str = ""
    on_behalf_of: str | None = None


class InvoiceCase(Aggregate):
    """A submitted invoice file and everything that happened to it since it arrived."""

    class InvoiceReceived(Aggregate.Created):
        """The platform received the file; `received_at` counts as delivery, so it is exact."""

        class_version = 2

        content_hash: str
        size: int
        channel: str
        sender: str
        filename: str
        received_at: datetime
        by: str
        evidence: dict | None = None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["evidence"] = None  # version 1 recorded no channel evidence

    class InvoiceReceivedAgain(Aggregate.Event):
        """The very same bytes arrived again (another channel, or a resend)."""

        class_version = 2

        channel: str
        sender: str
        filename: str
        received_at: datetime
        by: str
        evidence: dict | None = None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["evidence"] = None  # version 1 recorded no channel evidence

        def apply(self, case: InvoiceCase) -> None:
            case.submissions.append(Submission(self.channel, self.sender, self.filename, self.received_at,
                                               self.evidence))

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
        """The validation engine ran; `report` is the full report, replayable years later.

        `facts` are the `CaseFacts` (amounts, VAT breakdown, dates, terms, parties) of an accepted
        invoice as data, read from the original at this moment; None when rejected or not readable.
        """

        class_version = 2

        accepted: bool
        report: dict
        rule_sets: list
        engine: str
        by: str
        facts: dict | None = None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["facts"] = None  # version 1 recorded no facts (see `InvoiceFactsRecorded`)

        def apply(self, case: InvoiceCase) -> None:
            case.verdict = {"accepted": self.accepted, "rule_sets": self.rule_sets, "engine": self.engine}
            if self.accepted:
                case.status = Status.ACCEPTED
            if self.facts is not None:
                case.accounting = dict(self.facts)

    class InvoiceFactsRecorded(Aggregate.Event):
        """Migration: the facts of an invoice validated before `InvoiceValidated` v2, read later from its original.

        `facts` as in `InvoiceValidated`; `status` is the case's status when they were recorded (so
        views that keep rows only in some statuses place them right); `source` says where they came
        from (the original's SHA-256 and the reader).
        """

        facts: dict
        status: str
        source: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.accounting = dict(self.facts)

    class InvoiceRejected(Aggregate.Event):
        """The invoice was rejected (by the validation or by a person) and goes back to the supplier."""

        reason: str
        rule_ids: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.rejection = {"reason": self.reason, "rule_ids": self.rule_ids, "by": self.by}
            case.status = Status.REJECTED

    class DuplicateSuspected(Aggregate.Event):
        """Another file with the same seller and invoice number arrived within the window.

        `own_earlier` are those of `earlier_cases` that the same submitter sent (the supplier may be
        told of a suspicion against their own earlier invoice, never of another submitter's case).
        """

        class_version = 2

        number_key: str
        earlier_cases: list
        by: str
        own_earlier: list | None = None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["own_earlier"] = None  # version 1 did not record whose the earlier cases were

        def apply(self, case: InvoiceCase) -> None:
            case.duplicate_of = list(self.earlier_cases)
            case.duplicate_own = list(self.own_earlier or ())
            case.status = Status.DUPLICATE_SUSPECTED

    class CorrectionReceived(Aggregate.Event):
        """This invoice carries the number of an invoice of the same seller and submitter that was returned:
        it is that invoice's correction (`corrects`), not a duplicate."""

        corrects: UUID
        number_key: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.corrects = self.corrects

    class CorrectionArrived(Aggregate.Event):
        """The supplier sent the correction (`correction`) of this returned invoice."""

        correction: UUID
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.corrections.append(self.correction)

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
        """The invoice was routed for certification: to a unit's chain of steps, or to the clearing inbox.

        `inbox` is the unit's key ("clearing" when no unit was found), `steps` the step kinds in
        order, `route` the `invoicing.approvals.Route` as data (unit, rule, steps with assignees,
        explanation in German and English), `facts` the `InvoiceFacts` it was chosen on (later
        decisions replay from them), `policy` the policy's `name` and `version`.
        """

        class_version = 2

        inbox: str
        steps: list
        route: dict | None
        facts: dict | None
        policy: dict | None
        by: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            """Version 1 (the default inbox, before the policy) recorded no route, facts or policy."""
            state.update(route=None, facts=None, policy=None)

        def apply(self, case: InvoiceCase) -> None:
            case.inbox = self.inbox
            case.steps = list(self.steps)
            case.status = Status.AWAITING_APPROVAL
            case.decisions = []
            if self.route is not None:
                case.initial_route = Route.model_validate(self.route)
                case.facts = InvoiceFacts.model_validate(self.facts)
                case.policy_used = dict(self.policy or {})
                case.requested_at = self.timestamp
                case.approvals = []

    class InvoiceCertified(Aggregate.Event):
        """A person certified one step (sachlich, rechnerisch or both) for themselves or as deputy.

        `step` is the step kind, `index` its position in the route in force, `on_behalf_of` the
        login of the person represented by a deputy (None when acting for themselves).
        """

        class_version = 3

        step: str
        index: int | None
        on_behalf_of: str | None
        comment: str
        by: str
        assignment: list | None = None

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            """Version 1 named the step only ("sachlich-richtig"): no index, no deputy recorded."""
            state.update(index=None, on_behalf_of=None)

        @staticmethod
        def upcast_v2_v3(state: dict) -> None:
            """Version 2 recorded no account assignment (Kontierung): None, "not given then"."""
            state["assignment"] = None

        outcome = "certified"  # as the case's decision list names it

        def apply(self, case: InvoiceCase) -> None:
            case.decisions.append(StepDecision(self.step, self.outcome, self.by, self.timestamp, self.comment,
                                               self.on_behalf_of))
            if self.assignment is not None:
                case.assignment = list(self.assignment)
            if self.index is not None:
                case.approvals.append(Certified(by=self.by, at=self.timestamp, step=self.index,
                                                kind=cast(StepKind, self.step),  # Certified validates it
                                                on_behalf_of=self.on_behalf_of, comment=self.comment or None))

    class InvoiceApproved(InvoiceCertified):
        """A person with budget authority gave the payment order (Anordnung), the last step: the invoice is approved.

        Attributes, version and upcasting as `InvoiceCertified` (`step` is "anordnung"); the stored
        topic stays `InvoiceCase.InvoiceApproved`.
        """

        outcome = "approved"

        def apply(self, case: InvoiceCase) -> None:
            super().apply(case)
            case.status = Status.APPROVED

    class ClarificationRequested(Aggregate.Event):
        """A person who handles the open step asked a question; the step waits for the answer.

        `step` is the index of the step, `kind` its kind, `addressed_to` a login, "supplier" or None.
        """

        step: int
        kind: str
        question: str
        addressed_to: str | None
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.approvals.append(ClarificationRequested(by=self.by, at=self.timestamp, step=self.step,
                                                         question=self.question, addressed_to=self.addressed_to))

    class ClarificationAnswered(Aggregate.Event):
        """The open question on step `step` was answered; the step goes on."""

        step: int
        answer: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.approvals.append(ClarificationAnswered(by=self.by, at=self.timestamp, step=self.step,
                                                        answer=self.answer))

    class StepReassigned(Aggregate.Event):
        """The open step `step` (of kind `kind`) was handed to `to`, a person ({"person"}) or group ({"group"})."""

        step: int
        kind: str
        to: dict
        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.approvals.append(Reassigned(by=self.by, at=self.timestamp, step=self.step, to=Assignee(**self.to),
                                             reason=self.reason))

    class InvoiceAssignedToUnit(Aggregate.Event):
        """The central invoice inbox assigned an invoice from the clearing inbox to `unit`; `route` is its new route.

        `route` is an `invoicing.approvals.Route` as data, `policy` the name and version it was made by.
        """

        unit: str
        route: dict
        reason: str
        policy: dict
        by: str

        def apply(self, case: InvoiceCase) -> None:
            record = Rerouted(by=self.by, at=self.timestamp, route=Route.model_validate(self.route), reason=self.reason)
            case.approvals.append(record)
            case.inbox = self.unit
            case.steps = [step.kind for step in record.route.steps]
            case.decisions = []

    class EscalationRaised(Aggregate.Event):
        """An open step waited too long, or a deadline is near: brought to `target`'s attention, once per reason.

        `reasons` are `invoicing.approvals.EscalationReason`s as data (`reason`, `key`, `message`
        with `de` and `en`); `keys` are their keys, so the same reason is never raised twice.
        `step`/`kind` name the open step, `unit` its unit (None in the clearing inbox).
        """

        step: int
        kind: str
        unit: str | None
        target: dict
        reasons: list
        keys: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.escalations.append({"step": self.step, "kind": self.kind, "target": dict(self.target),
                                     "reasons": list(self.reasons), "keys": list(self.keys), "at": self.timestamp})

    class InvoiceDenied(Aggregate.Event):
        """A person refused to certify a step, and said why."""

        step: str
        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.decisions.append(StepDecision(self.step, "denied", self.by, self.timestamp, self.reason))
            case.status = Status.DENIED

    class InvoiceReturnedToSupplier(Aggregate.Event):
        """A person sent the invoice back to the supplier, and said why; `step` is the open step's index, if any."""

        class_version = 2

        reason: str
        step: int | None
        by: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            """Version 1 did not record the step."""
            state.update(step=None)

        def apply(self, case: InvoiceCase) -> None:
            case.returned = {"reason": self.reason, "by": self.by}
            case.status = Status.RETURNED
            if self.step is not None and case.initial_route is not None:
                case.approvals.append(ReturnedToSupplier(by=self.by, at=self.timestamp, step=self.step,
                                                         reason=self.reason))

    class SupplierNotified(Aggregate.Event):
        """The supplier was told about the case (`about`: accepted, rejected, returned, duplicate).

        `message_id` is the Message-ID of the notice mail, derived from (case, about) so that a
        notice sent again after a crash is recognisably the same mail; "" when no mail was sent.
        """

        class_version = 2

        about: str
        recipient: str
        message: str
        by: str
        message_id: str = ""

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["message_id"] = ""  # version 1 sent no mails

        def apply(self, case: InvoiceCase) -> None:
            case.notified.append(self.about)

    class PeopleNotified(Aggregate.Event):
        """The people (and the supplier) concerned by the event at `version` were told (`about`: step-opened,
        escalated, question, answer); `recipients` lists each with login or "supplier", address, how
        ("immediate", "digest", "off", "no-address", "no-mail") and the Message-ID of the mail sent (or "")."""

        version: int
        about: str
        recipients: list
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.people_told.add(self.version)

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

    class LegalHoldPlaced(Aggregate.Event):
        """A legal hold was placed: the case must be kept beyond its retention period until lifted."""

        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.legal_hold = {"reason": self.reason, "by": self.by, "at": self.timestamp}

    class LegalHoldLifted(Aggregate.Event):
        """The legal hold was lifted; retention runs as usual again."""

        reason: str
        by: str

        def apply(self, case: InvoiceCase) -> None:
            case.legal_hold = None

    def __init__(self, content_hash: str, size: int, channel: str, sender: str, filename: str,
                 received_at: datetime, evidence: dict | None = None):
        self.content_hash = content_hash
        self.size = size
        self.submissions = [Submission(channel, sender, filename, received_at, evidence)]
        self.status = Status.RECEIVED
        self.recognition: dict | None = None
        self.unreadable: dict | None = None
        self.verdict: dict | None = None
        self.rejection: dict | None = None
        self.duplicate_of: list[UUID] = []
        self.duplicate_decision: dict | None = None
        self.duplicate_own: list[UUID] = []
        self.corrects: UUID | None = None
        self.corrections: list[UUID] = []
        self.inbox: str | None = None
        self.steps: list[str] = []
        self.initial_route: Route | None = None
        self.facts: InvoiceFacts | None = None
        self.policy_used: dict | None = None
        self.requested_at: datetime | None = None
        self.approvals: list = []
        self.escalations: list[dict] = []
        self.decisions: list[StepDecision] = []
        self.returned: dict | None = None
        self.notified: list[str] = []
        self.people_told: set[int] = set()
        self.exports: list[dict] = []
        self.failures: list[dict] = []
        self.accounting: dict | None = None  # CaseFacts as recorded (see `accounting_facts`)
        self.assignment: list[dict] | None = None  # the Kontierung given with sachlich richtig (rows as data)
        self.legal_hold: dict | None = None

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
    def accounting_facts(self) -> CaseFacts | None:
        """The recorded `invoicing.lifecycle.accounting.CaseFacts`, or None (not accepted, or not yet migrated)."""
        return CaseFacts.model_validate(self.accounting) if self.accounting is not None else None

    @property
    def submitter(self) -> str:
        """Who submitted the file (`keys.submitter_key` of the first arrival's sender): the one who may see it."""
        return submitter_key(self.submissions[0].sender)

    @property
    def seller_key(self) -> str | None:
        return self.recognition["seller_key"] if self.recognition else None

    @property
    def number(self) -> str | None:
        return self.recognition["number"] if self.recognition else None

    @property
    def progress(self) -> Progress | None:
        """Where approval stands under the policy; None before routing (or for a case routed before the policy)."""
        if self.initial_route is None:
            return None
        return next_step(self.initial_route, tuple(self.approvals))

    @property
    def open_step(self) -> RouteStep | None:
        """The step whose turn it is, with its assignee; None when no step is open (not routed, closed, decided)."""
        progress = self.progress
        if progress is None or not progress.open or self.status != Status.AWAITING_APPROVAL:
            return None
        return progress.step

    @property
    def current_step(self) -> str | None:
        """The kind of the open step (e.g. "sachlich_rechnerisch", "anordnung", "clearing"), or None."""
        step = self.open_step
        return step.kind if step is not None else None

    @property
    def raised_keys(self) -> frozenset[str]:
        """The keys of every escalation reason raised so far (each is raised once)."""
        return frozenset(key for escalation in self.escalations for key in escalation["keys"])

    def decision_on(self, step: str) -> StepDecision | None:
        """Who decided `step`, how and when; None while it is open."""
        return next((decision for decision in self.decisions if decision.step == step), None)
