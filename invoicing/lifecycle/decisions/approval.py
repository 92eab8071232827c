"""What people decide: certification steps, rejection, return to supplier, duplicates, export.

Unlike the pipeline's decisions these are not silently idempotent: a person who acts on a step
somebody else already decided gets a `Conflict` naming who decided it and when, so two clerks
approving at the same moment never both succeed. Who *may* act (roles, limits, four-eyes,
deputies) is the approval policy's business and is checked before these functions are called.
"""

from __future__ import annotations

from datetime import datetime

from invoicing.lifecycle.decisions import existing
from invoicing.lifecycle.case import Change, InvoiceCase, Status
from invoicing.lifecycle.errors import AlreadyExported, Conflict, NotAllowedNow, ReasonRequired, StepAlreadyDecided

_Case = InvoiceCase
_OPEN_FOR_REJECTION = (Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.DENIED,
                       Status.PROCESSING_FAILED, Status.RECOGNISED, Status.RECEIVED, Status.NOT_RECOGNISED)
_OPEN_FOR_RETURN = (Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.DENIED)


def certify(case: InvoiceCase | None, *, step: str, by: str, comment: str = "", at: datetime) -> list[Change]:
    """Certify an approval step other than the last (e.g. sachlich richtig, rechnerisch richtig)."""
    case = _open_step(case, step)
    if step == case.steps[-1]:
        raise NotAllowedNow(f"'{step}' is the payment order, the last step: it is approved, not certified.",
                            "Use approve for the last step.")
    return [Change(_Case.InvoiceCertified, {"step": step, "comment": comment, "by": by, "timestamp": at})]


def approve(case: InvoiceCase | None, *, by: str, comment: str = "", at: datetime) -> list[Change]:
    """Approve the last step (Anordnung, the payment order) once every earlier step is certified."""
    case = existing(case)
    step = case.steps[-1] if case.steps else "anordnung"
    _open_step(case, step)
    return [Change(_Case.InvoiceApproved, {"step": step, "comment": comment, "by": by, "timestamp": at})]


def deny(case: InvoiceCase | None, *, step: str, by: str, reason: str, at: datetime) -> list[Change]:
    """Refuse to certify the current step, with a reason."""
    _require_reason(reason, "deny a step")
    _open_step(case, step)
    return [Change(_Case.InvoiceDenied, {"step": step, "reason": reason, "by": by, "timestamp": at})]


def reject(case: InvoiceCase | None, *, by: str, reason: str, at: datetime) -> list[Change]:
    """Reject the invoice formally (it is not payable as sent), with a reason for the supplier."""
    case = existing(case)
    _require_reason(reason, "reject an invoice")
    if case.status == Status.REJECTED:
        raise Conflict(f"Invoice {case.id} was already rejected by {case.rejection['by']}.",
                       "Nothing more to do; reload the invoice to see the recorded reason.")
    if case.status not in _OPEN_FOR_REJECTION:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; it can no longer be rejected.",
                            "An approved or exported invoice is corrected by a credit note from the supplier.")
    return [Change(_Case.InvoiceRejected, {"reason": reason, "rule_ids": [], "by": by, "timestamp": at})]


def return_to_supplier(case: InvoiceCase | None, *, by: str, reason: str, at: datetime) -> list[Change]:
    """Send the invoice back to the supplier (e.g. wrong recipient, missing order number), with a reason."""
    case = existing(case)
    _require_reason(reason, "return an invoice")
    if case.status == Status.RETURNED:
        raise Conflict(f"Invoice {case.id} was already returned by {case.returned['by']}.",
                       "Nothing more to do; reload the invoice to see the recorded reason.")
    if case.status not in _OPEN_FOR_RETURN:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; it cannot be returned to the supplier now.",
                            "Only accepted invoices that are not yet approved can be returned.")
    return [Change(_Case.InvoiceReturnedToSupplier, {"reason": reason, "by": by, "timestamp": at})]


def dismiss_duplicate(case: InvoiceCase | None, *, by: str, reason: str, at: datetime) -> list[Change]:
    """Decide that a suspected duplicate is a genuine, separate invoice; it then goes on to approval."""
    case = _suspected(case, reason)
    return [Change(_Case.DuplicateSuspicionDismissed, {"reason": reason, "by": by, "timestamp": at})]


def confirm_duplicate(case: InvoiceCase | None, *, by: str, reason: str, at: datetime) -> list[Change]:
    """Decide that a suspected duplicate is one: it will not be paid, and the supplier is told."""
    case = _suspected(case, reason)
    return [Change(_Case.DuplicateConfirmed, {"reason": reason, "by": by, "timestamp": at})]


def mark_exported(case: InvoiceCase | None, *, target: str, batch: str, by: str, at: datetime) -> list[Change]:
    """Record that an approved invoice was handed to an accounting system; a second export is refused."""
    case = existing(case)
    if case.exports:
        first = case.exports[0]
        raise AlreadyExported(f"Invoice {case.id} was already exported to {first['target']} in batch "
                              f"{first['batch']} at {first['at']:%Y-%m-%d %H:%M} UTC.",
                              "Do not book it again; remove it from this batch.")
    if case.status != Status.APPROVED:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; only approved invoices are exported.",
                            "Finish the approval first.")
    return [Change(_Case.InvoiceExported, {"target": target, "batch": batch, "by": by, "timestamp": at})]


def _open_step(case: InvoiceCase | None, step: str) -> InvoiceCase:
    case = existing(case)
    decided = case.decision_on(step)
    if decided is not None:
        raise StepAlreadyDecided(
            f"Step '{step}' of invoice {case.id} was already {decided.outcome} by {decided.by} "
            f"at {decided.at:%Y-%m-%d %H:%M:%S} UTC.",
            "Nothing more to do on this step; reload the invoice to see its current state.")
    if case.status != Status.AWAITING_APPROVAL:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}, not awaiting approval.",
                            "Only invoices in an approval inbox can be certified, approved or denied.")
    if step not in case.steps:
        raise NotAllowedNow(f"'{step}' is not a step of invoice {case.id}; its steps are {', '.join(case.steps)}.",
                            "Choose one of these steps.")
    if step != case.current_step:
        raise NotAllowedNow(f"Step '{step}' comes after '{case.current_step}', which is still open.",
                            f"Certify '{case.current_step}' first.")
    return case


def _suspected(case: InvoiceCase | None, reason: str) -> InvoiceCase:
    case = existing(case)
    _require_reason(reason, "decide on a suspected duplicate")
    if case.duplicate_decision is not None:
        decision = case.duplicate_decision
        raise Conflict(f"The duplicate suspicion on invoice {case.id} was already decided by {decision['by']} "
                       f"({'duplicate' if decision['duplicate'] else 'not a duplicate'}).",
                       "Nothing more to do; reload the invoice.")
    if case.status != Status.DUPLICATE_SUSPECTED:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; no duplicate suspicion is open on it.",
                            "Only suspected duplicates need this decision.")
    return case


def _require_reason(reason: str, action: str) -> None:
    if not reason or not reason.strip():
        raise ReasonRequired(f"A reason is required to {action}.",
                             "Write down why, in a sentence: it is part of the audit trail.")
