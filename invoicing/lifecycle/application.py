"""`Invoices`: the application service of the invoice lifecycle. Every command is load, decide, save.

Storage follows the environment handed in (built by `invoicing.config`, never read here): the
events, the originals (`self.documents`) and the outbox live on the same backend. The approval
policy (`self.policy`, loaded by the composition root) decides routing and who may act; people's
commands name who acts (`by`, a login of the policy) and are refused with `ApprovalRefused`
(German and English reason) when the policy does not let them. When two
commands change the same stream at the same moment, the store refuses the second append; the
command is then run again on the new history (up to `ATTEMPTS` times), where the decision either
still holds, finds nothing left to do, or raises a named `Conflict`. A conflict is never lost
and never silently merged.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import RecordConflictError
from eventsourcing.utils import Environment, EnvType

from invoicing.approvals import Assignee, InvoiceFacts, Policy, sample_policy
from invoicing.chain import StreamTampered
from invoicing.documents import DocumentCorrupted, DocumentNotFound, documents_for
from invoicing.lifecycle import keys
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import Change, InvoiceCase, Submission
from invoicing.lifecycle.decisions import approval, escalation, intake, notices
from invoicing.lifecycle.errors import ConcurrentChange, IntegrityAlarm, InvoiceNotFound, NotAllowedNow
from invoicing.lifecycle.facts import Recognition, Unreadable, Verdict
from invoicing.lifecycle.filenames import safe_filename
from invoicing.lifecycle.numbers import InvoiceNumber
from invoicing.replay import Replaying, replay
from invoicing.staff.records import StaffRecords

ATTEMPTS = 10
"""How often a command is tried when other writers keep changing the same stream."""

T = TypeVar("T")
Notice = Callable[[InvoiceCase, str], "tuple[str, str] | None"]
"""(case, about) → (recipient, message) of a notice recorded with the check, or None (it goes by mail)."""


def _recorded(case: InvoiceCase, changes: list[Change]) -> list[Change]:
    """Record `changes` on `case` (in memory) and return them."""
    case.record(changes)
    return changes

log = logging.getLogger(__name__)


def _alarm(case_id: UUID, what: str) -> IntegrityAlarm:
    """The integrity alarm for one case, logged for the auditors."""
    log.error("INTEGRITY ALARM for invoice %s: %s", case_id, what)
    return IntegrityAlarm(f"Integrity alarm for invoice {case_id}: {what}.",
                          "Nothing was changed. Tell the audit office; `invoicing audit verify` names every broken "
                          "position.", de=f"Integritätsalarm für Rechnung {case_id}: Historie oder Original stimmen "
                                          "nicht mehr mit dem Aufgezeichneten überein.")


@dataclass(frozen=True)
class Receipt:
    """What a supplier is told at once: the case id, the original's hash, when it counted as received."""

    case_id: UUID
    content_hash: str
    size: int
    received_at: datetime
    first: bool


def utc_now() -> datetime:
    """Now, in UTC, with microseconds."""
    return datetime.now(timezone.utc)


class Invoices(Replaying, StaffRecords, Application[UUID]):
    """Every submitted invoice file as an `InvoiceCase` stream, with commands for the pipeline and for people."""

    def __init__(self, env: EnvType | None = None, *, clock: Callable[[], datetime] = utc_now,
                 policy: Policy | None = None):
        super().__init__(env)
        self.clock = clock
        self.policy = policy if policy is not None else sample_policy()
        self.documents = documents_for(self.factory)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Use exactly the environment given (from `invoicing.config`), not the process's variables."""
        return Environment(name, dict(env or {}))

    # --- the pipeline ------------------------------------------------------------------------

    def receive_submission(self, content: bytes, *, channel: str, sender: str, filename: str,
                           received_at: datetime | None = None, evidence: dict[str, str] | None = None) -> Receipt:
        """Keep the original, then open its case (or record the repeat on the existing one).

        `filename` is made safe here, once for every channel (`invoicing.lifecycle.filenames`);
        `evidence` is what the channel knows about this arrival (the mailbox: Message-ID, subject…);
        the same arrival reported again (same channel, sender, name, time and evidence) changes nothing.
        """
        received_at = received_at or self.clock()
        if received_at.tzinfo is None:
            raise ValueError("received_at must carry a time zone (UTC).")
        digest = self.documents.put(content)  # the original first: no event ever lacks its original
        submission = Submission(channel, sender, safe_filename(filename), received_at.astimezone(timezone.utc),
                                dict(evidence) if evidence else None)

        def attempt() -> Receipt:
            case = self._own_earlier_case(digest, sender)
            case_id = case.id if case is not None else keys.case_id(digest, sender)
            case = case or self._find(case_id)
            changes = intake.receive(case, content_hash=digest, size=len(content), submission=submission,
                                     at=self.clock())
            if case is None:
                case = InvoiceCase.open(case_id, changes[0])
            else:
                case.record(changes)
            self.save(case)
            return Receipt(case_id, digest, len(content), case.received_at, first=case.version == 1)

        return self._retrying(attempt)

    def record_recognition(self, case_id: UUID, found: Recognition | Unreadable) -> tuple[str, ...]:
        """Record what the file was read as (or why it could not be read)."""
        return self._decide(case_id, lambda case: intake.recognise(case, found, at=self.clock()))

    def record_validation(self, case_id: UUID, verdict: Verdict) -> tuple[str, ...]:
        """Record the report; reject, or register the invoice number and suspect a duplicate."""
        def attempt() -> tuple[str, ...]:
            case, at = self._get(case_id), self.clock()
            changes = intake.validate(case, verdict, at=at)
            case.record(changes)
            numbered, register, returned = self._check_number(case, at)
            changes += numbered
            self.save(*(item for item in (case, register, returned) if item is not None))
            return tuple(change.name for change in changes)

        return self._retrying(attempt)

    def record_check(self, case_id: UUID, found: Recognition | Unreadable, verdict: Verdict, *,
                     facts: InvoiceFacts | None = None, notice: Notice | None = None,
                     case: InvoiceCase | None = None) -> tuple[str, ...]:
        """Record the pipeline's check of a file in one transaction: what it was read as, the report (rejecting or
        accepting it), its invoice number (a suspected duplicate stops there), its route on `facts` when accepted,
        and the supplier's notice when `notice(case, about)` gives (recipient, message) — None means the notice
        goes out by mail first and is recorded by the notify step. Each part is the decision of its own command
        (`record_recognition`, `record_validation`, `route`, `notify_supplier`), so the events are the same;
        a part already recorded is not recorded again.

        `case` is the case as the caller just loaded it (spares loading it again): when the stream moved
        meanwhile, the save is refused and the command runs again on the stream as stored."""
        loaded = [case]

        def attempt() -> tuple[str, ...]:
            given = loaded.pop() if loaded else None
            loaded.clear()
            current = given if given is not None else self._get(case_id)
            at = self.clock()
            changes = _recorded(current, intake.recognise(current, found, at=at))
            changes += _recorded(current, intake.validate(current, verdict, at=at))
            numbered, register, returned = self._check_number(current, at)
            changes += numbered
            if facts is not None:
                changes += _recorded(current, intake.route(current, facts=facts, policy=self.policy, at=at))
            about = "accepted" if verdict.accepted else "rejected"
            told = notice(current, about) if notice is not None and changes else None
            if told is not None:
                recipient, message = told
                changes += _recorded(current, intake.notify_supplier(current, about=about, recipient=recipient,
                                                                     message=message, at=at))
            if changes:
                self.save(*(item for item in (current, register, returned) if item is not None))
            return tuple(change.name for change in changes)

        return self._retrying(attempt)

    def route(self, case_id: UUID, facts: InvoiceFacts | None = None) -> tuple[str, ...]:
        """Route an accepted invoice by the policy, on `facts` read from its original (default: the recognised ones)."""
        return self._decide(case_id, lambda case: intake.route(
            case, facts=facts if facts is not None else intake.recognised_facts(case), policy=self.policy,
            at=self.clock()))

    def notify_supplier(self, case_id: UUID, *, about: str, recipient: str, message: str,
                        message_id: str = "") -> tuple[str, ...]:
        """Record that the supplier was told `about` the case (once per notice), by the mail `message_id` if any."""
        return self._decide(case_id, lambda case: intake.notify_supplier(
            case, about=about, recipient=recipient, message=message, message_id=message_id, at=self.clock()))

    def record_people_notified(self, case_id: UUID, *, version: int, about: str, recipients: list[dict],
                               case: InvoiceCase | None = None) -> tuple[str, ...]:
        """Record who was told of the event at `version` and how (once per event). `case` is the case as the caller
        just loaded it (spares loading it again; when the stream moved meanwhile, the command runs again on it)."""
        return self._decide(case_id, lambda current: notices.people_notified(
            current, version=version, about=about, recipients=recipients, at=self.clock()), case=case)

    def record_processing_failure(self, case_id: UUID, *, action: str, reason: str, retries: int) -> tuple[str, ...]:
        """Make a dead-lettered piece of automatic work visible on the case."""
        return self._decide(case_id, lambda case: intake.record_failure(
            case, action=action, reason=reason, retries=retries, at=self.clock()))

    def escalate(self, case_id: UUID) -> tuple[str, ...]:
        """Raise what is due now on the case's open step (step age, discount, payment deadline), once per reason."""
        return self._decide(case_id, lambda case: escalation.escalate(case, policy=self.policy, now=self.clock()))

    # --- people ------------------------------------------------------------------------------

    def certify(self, case_id: UUID, *, step: str, by: str, comment: str = "",
                operator: str | None = None, assignment: list | None = None) -> tuple[str, ...]:
        """Certify step `step` (its kind, e.g. "sachlich_rechnerisch"); the Anordnung approves the invoice.
        With `operator`, recorded by that operator on behalf of `by` (see `decisions.approval.certify`);
        `assignment` is the Kontierung (`invoicing.approvals.assignment` rows) given with sachlich richtig."""
        return self._people(case_id, approval.certify, step=step, by=by, comment=comment, operator=operator,
                            assignment=assignment)

    def approve(self, case_id: UUID, *, by: str, comment: str = "", operator: str | None = None) -> tuple[str, ...]:
        """Give the payment order (Anordnung), the last step (with `operator`: on behalf of `by`)."""
        return self._people(case_id, approval.approve, by=by, comment=comment, operator=operator)

    def deny(self, case_id: UUID, *, step: str, by: str, reason: str) -> tuple[str, ...]:
        """Refuse to certify step `step`, with a reason."""
        return self._people(case_id, approval.deny, step=step, by=by, reason=reason)

    def request_clarification(self, case_id: UUID, *, by: str, question: str,
                              addressed_to: str | None = None) -> tuple[str, ...]:
        """Ask a question on the open step (of a login, "supplier", or anyone); the step waits for the answer."""
        return self._people(case_id, approval.request_clarification, by=by, question=question,
                            addressed_to=addressed_to)

    def answer_clarification(self, case_id: UUID, *, by: str, answer: str) -> tuple[str, ...]:
        """Record the answer to the open question."""
        return self._people(case_id, approval.answer_clarification, by=by, answer=answer)

    def answer_as_supplier(self, case_id: UUID, *, sender: str, answer: str,
                           question: int | None = None) -> tuple[str, ...]:
        """Record the supplier's answer (portal or mail reply) to the open question addressed to the supplier."""
        return self._people(case_id, approval.supplier_answer, sender=sender, answer=answer, question=question)

    def reassign(self, case_id: UUID, *, by: str, reason: str, person: str | None = None,
                 group: str | None = None) -> tuple[str, ...]:
        """Hand the open step to another person or group (exactly one of `person`, `group`), with a reason."""
        if (person is None) == (group is None):
            raise NotAllowedNow("Name exactly one person or one group to reassign the step to.",
                                "Give the login of a person, or the key of a group.",
                                de="Bitte genau eine Person oder eine Gruppe nennen, an die umgeleitet wird.")
        return self._people(case_id, approval.reassign, by=by, to=Assignee(person=person, group=group), reason=reason)

    def assign_to_unit(self, case_id: UUID, *, unit: str, by: str, reason: str) -> tuple[str, ...]:
        """Assign an invoice from the clearing inbox to a unit (central invoice inbox only)."""
        return self._people(case_id, approval.assign_to_unit, unit=unit, by=by, reason=reason)

    def reject(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Reject the invoice (not payable as sent), with a reason for the supplier."""
        return self._people(case_id, approval.reject, by=by, reason=reason)

    def return_to_supplier(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Send the invoice back to the supplier, with a reason."""
        return self._people(case_id, approval.return_to_supplier, by=by, reason=reason)

    def dismiss_duplicate(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Decide a suspected duplicate is a separate invoice (central invoice inbox)."""
        return self._people(case_id, approval.dismiss_duplicate, by=by, reason=reason)

    def confirm_duplicate(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Decide a suspected duplicate is one (central invoice inbox)."""
        return self._people(case_id, approval.confirm_duplicate, by=by, reason=reason)

    def mark_exported(self, case_id: UUID, *, target: str, batch: str, by: str) -> tuple[str, ...]:
        return self._decide(case_id, lambda case: approval.mark_exported(case, target=target, batch=batch, by=by,
                                                                         at=self.clock()))

    # --- reading -----------------------------------------------------------------------------

    def get_case(self, case_id: UUID, *, version: int | None = None) -> InvoiceCase:
        """The case as it is now, or as it was at `version` (for auditors); raises `InvoiceNotFound`.

        A stream that no longer matches its recorded history (hash chain, versions) raises
        `IntegrityAlarm` (and is logged), as do `history` and `original`; other cases are unaffected.
        """
        try:
            return self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise InvoiceNotFound(f"There is no invoice with id {case_id}.",
                                  "Check the id in the receipt; it is derived from the file's content.") from None
        except (StreamTampered, OriginatorVersionError) as error:
            raise _alarm(case_id, f"its recorded history was changed outside the application ({error})") from None

    def get_cases(self, case_ids: list[UUID]) -> dict[UUID, InvoiceCase]:
        """Several cases as they are now, read in one query where the store can (a page of a list); cases that do
        not exist are left out, a case whose history no longer matches its chain raises `IntegrityAlarm`."""
        select = getattr(self.recorder, "select_streams", None)
        if select is None:  # a store without a multi-stream read (in memory): one by one
            return {case_id: self.get_case(case_id) for case_id in case_ids if self._find(case_id) is not None}
        try:
            streams = select(list(case_ids))
        except StreamTampered as error:
            raise _alarm(error.stream_id, f"its recorded history was changed outside the application ({error})") from None
        mapper = self.mapper
        # a stream read holds at least the case's first event, so the projection is never None
        return {case_id: cast(InvoiceCase, replay(None, [mapper.to_domain_event(item) for item in stored]))
                for case_id, stored in streams.items()}

    def history(self, case_id: UUID) -> list[Any]:
        """Every event of the case, oldest first."""
        try:
            return list(self.events.get(case_id))
        except StreamTampered as error:
            raise _alarm(case_id, f"its recorded history was changed outside the application ({error})") from None

    def event_at(self, case_id: UUID, version: int) -> Any:
        """The case's event at `version` (read alone, checked against its chain entry); raises `InvoiceNotFound`."""
        try:
            found = list(self.events.get(case_id, gt=version - 1, lte=version))
        except StreamTampered as error:
            raise _alarm(case_id, f"its recorded history was changed outside the application ({error})") from None
        if not found:
            raise InvoiceNotFound(f"Invoice {case_id} has no event {version}.", "Check the id and the version.")
        return found[0]

    def original(self, case_id: UUID) -> bytes:
        """The file exactly as it was received."""
        try:
            return self.documents.get(self.get_case(case_id).content_hash)
        except (DocumentNotFound, DocumentCorrupted) as error:
            raise _alarm(case_id, f"its original is missing or altered ({error})") from None

    # --- audit -------------------------------------------------------------------------------

    def record_facts(self, case_id: UUID, facts: CaseFacts, *, source: str, by: str) -> tuple[str, ...]:
        """Migration: record the facts of a case validated before they were recorded (once; nothing otherwise)."""
        return self._decide(case_id, lambda case: intake.record_facts(case, facts.model_dump(mode="json"),
                                                                      source=source, by=by, at=self.clock()))

    def place_legal_hold(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Keep the case beyond its retention period until the hold is lifted (nothing if already held)."""
        return self._decide(case_id, lambda case: intake.legal_hold(case, True, by=by, reason=reason, at=self.clock()))

    def lift_legal_hold(self, case_id: UUID, *, by: str, reason: str) -> tuple[str, ...]:
        """Lift the legal hold (nothing if none is placed)."""
        return self._decide(case_id, lambda case: intake.legal_hold(case, False, by=by, reason=reason,
                                                                    at=self.clock()))

    # --- plumbing ----------------------------------------------------------------------------

    def _people(self, case_id: UUID, decision: Callable[..., list[Change]], **command: Any) -> tuple[str, ...]:
        policy = self.policy_now()  # with the recorded absences (deputies)
        return self._decide(case_id, lambda case: decision(case, **command, policy=policy, at=self.clock()))

    def _decide(self, case_id: UUID, decide: Callable[[InvoiceCase], list[Change]], *,
                case: InvoiceCase | None = None) -> tuple[str, ...]:
        loaded = [case] if case is not None else []

        def attempt() -> tuple[str, ...]:
            case = loaded.pop() if loaded else self._get(case_id)  # the given case on the first attempt only
            changes = decide(case)
            if changes:
                case.record(changes)
                self.save(case)
            return tuple(change.name for change in changes)

        return self._retrying(attempt)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        for number in range(ATTEMPTS):
            try:
                return attempt()
            except RecordConflictError:
                time.sleep(random.uniform(0, 0.01 * 2 ** number))  # up to ~10 s in all: several busy writers on one case
        raise ConcurrentChange("The invoice was changed by others several times while this command ran.",
                               "Reload the invoice and try again.")

    def _get(self, case_id: UUID) -> InvoiceCase:
        return self.get_case(case_id)

    def _find(self, case_id: UUID) -> InvoiceCase | None:
        try:
            return self.repository.get(case_id)
        except AggregateNotFoundError:
            return None

    def _own_earlier_case(self, digest: str, sender: str) -> InvoiceCase | None:
        """The case this submitter opened for these bytes before per-submitter ids (`keys.legacy_case_id`)."""
        legacy = self._find(keys.legacy_case_id(digest))
        if legacy is not None and legacy.submitter == keys.submitter_key(sender):
            return legacy
        return None

    def _find_register(self, key: str) -> InvoiceNumber | None:
        try:
            return self.repository.get(keys.number_id(key))
        except AggregateNotFoundError:
            return None

    def _check_number(self, case: InvoiceCase, at) -> tuple[list[Change], InvoiceNumber | None, InvoiceCase | None]:
        """Register `case`'s invoice number (`intake.check_number`), recording its changes on `case`: (those changes,
        the register to save, the returned case this one corrects, to save with them)."""
        key = intake.number_key(case)
        if key is None:
            return [], None, None
        register = self._find_register(key)
        uses = register.other_uses(case.id, case.received_at) if register else ()
        earlier = {use.case_id: found for use in uses if (found := self._find(use.case_id)) is not None}
        check = intake.check_number(case, register, at=at, earlier=earlier)
        changes = _recorded(case, check.case_changes)
        register = self._changed_register(key, register, check.register_change)
        returned = None
        if check.returned_change is not None:
            assert check.returned_case is not None  # set together with returned_change
            returned = earlier[check.returned_case]
            returned.record([check.returned_change])
        return changes, register, returned

    @staticmethod
    def _changed_register(key: str, register: InvoiceNumber | None, change: Change | None) -> InvoiceNumber | None:
        if change is None:
            return register
        if register is None:
            return InvoiceNumber.open(keys.number_id(key), change)
        register.record(change)
        return register
