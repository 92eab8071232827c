"""What the automatic pipeline decides: receipt, recognition, validation, duplicates, routing, notices.

Every function is idempotent on the history: asked again after its work was recorded, it decides
nothing (an empty list), so a message delivered twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from invoicing import approvals
from invoicing.approvals import InvoiceFacts, Policy
from invoicing.lifecycle import keys
from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase, Status, Submission
from invoicing.lifecycle.decisions import existing
from invoicing.lifecycle.errors import NotAllowedNow
from invoicing.lifecycle.facts import Recognition, Unreadable, Verdict
from invoicing.lifecycle.numbers import InvoiceNumber

CLEARING = "clearing"
"""The `inbox` of an invoice no unit was found for: the central invoice inbox assigns it by hand."""

_Case = InvoiceCase


def receive(case: InvoiceCase | None, *, content_hash: str, size: int, submission: Submission,
            at: datetime) -> list[Change]:
    """A file arrived: the first arrival opens the case, a later one of the same bytes is recorded on it."""
    arrival = {"channel": submission.channel, "sender": submission.sender, "filename": submission.filename,
               "received_at": submission.received_at, "by": submission.sender, "evidence": submission.evidence,
               "timestamp": at}
    if case is None:
        return [Change(_Case.InvoiceReceived, {"content_hash": content_hash, "size": size, **arrival})]
    if submission in case.submissions:
        return []  # the same arrival reported twice (e.g. a retried upload request)
    return [Change(_Case.InvoiceReceivedAgain, arrival)]


def recognise(case: InvoiceCase | None, found: Recognition | Unreadable, *, at: datetime) -> list[Change]:
    """Record what the file was read as, or why it could not be read."""
    case = existing(case)
    if case.recognition is not None or case.unreadable is not None:
        return []
    if isinstance(found, Unreadable):
        return [Change(_Case.InvoiceNotRecognised, {"code": found.code, "message": found.message, "hint": found.hint,
                                                    "by": SYSTEM, "timestamp": at})]
    return [Change(_Case.InvoiceRecognised, {**found.__dict__, "by": SYSTEM, "timestamp": at})]


def validate(case: InvoiceCase | None, verdict: Verdict, *, at: datetime) -> list[Change]:
    """Record the validation report; a report that does not accept the invoice rejects it."""
    case = existing(case)
    if case.verdict is not None:
        return []
    if case.recognition is None and case.unreadable is None:
        raise NotAllowedNow(f"Invoice {case.id} has not been read yet, so its validation cannot be recorded.",
                            "Record the recognition first.")
    changes = [Change(_Case.InvoiceValidated, {"accepted": verdict.accepted, "report": verdict.report,
                                               "rule_sets": verdict.rule_sets, "engine": verdict.engine,
                                               "facts": verdict.facts if verdict.accepted else None,
                                               "by": SYSTEM, "timestamp": at})]
    if not verdict.accepted:
        changes.append(Change(_Case.InvoiceRejected, {"reason": verdict.reason, "rule_ids": verdict.error_ids,
                                                      "by": SYSTEM, "timestamp": at}))
    return changes


@dataclass(frozen=True)
class NumberCheck:
    """The outcome of registering a case's invoice number: changes to the case and to the register."""

    case_changes: list[Change] = field(default_factory=list)
    register_change: Change | None = None
    returned_case: UUID | None = None        # the returned invoice this one corrects
    returned_change: Change | None = None    # what is recorded on it


def number_key(case: InvoiceCase) -> str | None:
    """The (seller, number) key of an accepted case, or None when it has no number or seller to compare."""
    if case.status != Status.ACCEPTED or not case.seller_key or not case.number:
        return None
    return keys.number_key(case.seller_key, case.number)


def check_number(case: InvoiceCase, register: InvoiceNumber | None, *, at: datetime,
                 earlier: Mapping[UUID, InvoiceCase] | None = None) -> NumberCheck:
    """Register an accepted case's invoice number; other uses within ~18 months make it a suspected duplicate.

    The first case to register a number is the original, whatever the order of arrival: that is
    the order in which the city could have known of them. When every earlier use is an invoice the
    same submitter sent and the city returned (`earlier`: those cases by id), the new one is its
    correction: `CorrectionReceived` here, `CorrectionArrived` on the returned case (`returned_change`).
    """
    key = number_key(case)
    if key is None or (register is not None and register.used_by(case.id)):
        return NumberCheck()
    use = {"case_id": case.id, "received_at": case.received_at, "by": SYSTEM, "timestamp": at}
    if register is None:
        return NumberCheck(register_change=Change(InvoiceNumber.InvoiceNumberFirstUsed, {"key": key, **use}))
    register_change = Change(InvoiceNumber.InvoiceNumberUsedAgain, use)
    uses = register.other_uses(case.id, case.received_at)
    if not uses:
        return NumberCheck(register_change=register_change)
    earlier = earlier or {}
    cases = [earlier.get(item.case_id) for item in uses]
    own = [item.id for item in cases if item is not None and item.submitter == case.submitter]
    found = [item for item in cases if item is not None]
    if cases and len(found) == len(cases) and all(
            item.submitter == case.submitter and item.status == Status.RETURNED for item in found):
        returned = max(found, key=lambda item: item.received_at)
        return NumberCheck([Change(_Case.CorrectionReceived, {"corrects": returned.id, "number_key": key, "by": SYSTEM,
                                                              "timestamp": at})], register_change,
                           returned_case=returned.id,
                           returned_change=Change(_Case.CorrectionArrived, {"correction": case.id, "by": SYSTEM,
                                                                            "timestamp": at}))
    suspicion = Change(_Case.DuplicateSuspected, {"number_key": key, "earlier_cases": [use.case_id for use in uses],
                                                  "own_earlier": own, "by": SYSTEM, "timestamp": at})
    return NumberCheck([suspicion], register_change)


def route(case: InvoiceCase | None, *, facts: InvoiceFacts, policy: Policy, at: datetime,
          by: str = SYSTEM) -> list[Change]:
    """Route an accepted invoice by the policy: to a unit's chain of steps, or to the clearing inbox.

    Anything not accepted (rejected, a suspected duplicate not yet decided, ...) has nothing to
    route. A case routed before the policy existed (no route recorded) is routed again, once.
    """
    case = existing(case)
    routed_before_policy = case.status == Status.AWAITING_APPROVAL and case.initial_route is None
    if not routed_before_policy and (case.status != Status.ACCEPTED or case.inbox is not None):
        return []
    chosen = approvals.route(facts, policy)
    return [Change(_Case.ApprovalRequested, {
        "inbox": chosen.unit or CLEARING, "steps": [step.kind for step in chosen.steps],
        "route": chosen.model_dump(mode="json"), "facts": facts.model_dump(mode="json"),
        "policy": {"name": policy.name, "version": policy.version}, "by": by, "timestamp": at})]


def recognised_facts(case: InvoiceCase) -> InvoiceFacts:
    """The routing facts recorded at recognition, for when the original cannot be read again.

    They lack BT-112 (so no release limit can be checked), the cost centres and the order
    reference: routing then goes by the Leitweg-ID, or to the clearing inbox.
    """
    found = case.recognition or {}
    return InvoiceFacts(number=found.get("number"), issue_date=found.get("issue_date"), currency=found.get("currency"),
                        buyer_reference=found.get("buyer_reference"), seller_name=found.get("seller_name"),
                        amount_due=found.get("amount_due"))


NOTICES = {
    Status.ACCEPTED: "accepted",
    Status.REJECTED: "rejected",
    Status.RETURNED: "returned",
    Status.DUPLICATE: "duplicate",
}
"""Which notice a supplier gets about a case, by the state that prompts it."""


def notify_supplier(case: InvoiceCase | None, *, about: str, recipient: str, message: str,
                    at: datetime, message_id: str = "") -> list[Change]:
    """Record that the supplier was told `about` something (by the mail `message_id`, if any); each notice once."""
    case = existing(case)
    if about in case.notified:
        return []
    if about not in NOTICES.values():
        raise NotAllowedNow(f"There is no supplier notice about {about!r}.",
                            f"Use one of: {', '.join(NOTICES.values())}.")
    return [Change(_Case.SupplierNotified, {"about": about, "recipient": recipient, "message": message,
                                            "message_id": message_id, "by": SYSTEM, "timestamp": at})]


def record_failure(case: InvoiceCase | None, *, action: str, reason: str, retries: int,
                   at: datetime) -> list[Change]:
    """Automatic work gave up: make the reason visible on the case (once per action and reason)."""
    case = existing(case)
    if any(failure["action"] == action and failure["reason"] == reason for failure in case.failures):
        return []
    return [Change(_Case.InvoiceProcessingFailed, {"action": action, "reason": reason, "retries": retries,
                                                   "by": SYSTEM, "timestamp": at})]



def record_facts(case: InvoiceCase | None, facts: dict, *, source: str, by: str, at: datetime) -> list[Change]:
    """Migration: record the accounting facts of an accepted case that has none yet (once)."""
    case = existing(case)
    if case.accounting is not None or case.verdict is None or not case.verdict["accepted"]:
        return []
    return [Change(_Case.InvoiceFactsRecorded, {"facts": facts, "status": case.status, "source": source, "by": by,
                                                "timestamp": at})]


def legal_hold(case: InvoiceCase | None, place: bool, *, by: str, reason: str, at: datetime) -> list[Change]:
    """Place (`place`) or lift a legal hold, with a reason; nothing when it is already so."""
    case = existing(case)
    if not reason.strip():
        raise NotAllowedNow("A legal hold is placed or lifted with a reason.", "Give the reason (e.g. the file number).")
    if (case.legal_hold is not None) == place:
        return []
    event = _Case.LegalHoldPlaced if place else _Case.LegalHoldLifted
    return [Change(event, {"reason": reason.strip(), "by": by, "timestamp": at})]
