"""What people decide: certification steps, clarification, reassignment, clearing, return, rejection, duplicates.

Who may act is the approval policy's business (`invoicing.approvals`: roles, assignment, deputies,
own matter, four-eyes, release limits). These functions check the case's state, ask the policy's
pure `decide` (or its rules), and turn the record it returns into the event to store. Refusals are
raised, with the reason in German and English, as:
* `ApprovalRefused` — the policy does not let this person do this (its `rule`: "not_assigned",
  "four_eyes", "limit", "deputy_out_of_period", ...);
* `StepAlreadyDecided` — someone else decided this step first, naming who and when, so two clerks
  certifying the same step at the same moment never both succeed;
* `NotAllowedNow`, `ReasonRequired`, `Conflict` — the case's state or a missing reason.

Steps are named by kind ("sachlich", "rechnerisch", "sachlich_rechnerisch", "anordnung"); certifying
the last step (the Anordnung) records `InvoiceApproved`, every other step `InvoiceCertified`.
Rejecting, returning before routing and deciding duplicates are for the central invoice inbox
(the policy's `clearing` assignee); rejecting and returning also for whoever handles the open step.
"""

from __future__ import annotations

from datetime import datetime

from invoicing.approvals import (
    AnswerClarification,
    Assignee,
    AssignToUnit,
    Certify,
    Message,
    Policy,
    Reassign,
    Refusal,
    RequestClarification,
    ReturnToSupplier,
    decide,
    may_handle,
)
from invoicing.approvals.assignment import AssignmentRow
from invoicing.approvals.assignment import check as check_assignment
from invoicing.approvals.history import OPERATOR, Progress
from invoicing.approvals.wording import STEP_NAMES
from invoicing.lifecycle.case import Change, InvoiceCase, Status
from invoicing.lifecycle.decisions import existing
from invoicing.lifecycle.errors import (
    AlreadyExported,
    ApprovalRefused,
    Conflict,
    NotAllowedNow,
    ReasonRequired,
    StepAlreadyDecided,
)

_Case = InvoiceCase
_OPEN_FOR_REJECTION = (Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.DENIED,
                       Status.PROCESSING_FAILED, Status.RECOGNISED, Status.RECEIVED, Status.NOT_RECOGNISED)
_OPEN_FOR_RETURN = (Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.DENIED)
_OUTCOMES_DE = {"certified": "bescheinigt", "approved": "angeordnet", "denied": "abgelehnt"}

HINTS = {
    "unknown_person": "Act under your own login as the approval policy lists it.",
    "role": "Ask someone the step is assigned to, or have the step reassigned.",
    "not_assigned": "Ask someone the step is assigned to, or have the step reassigned.",
    "deputy_out_of_period": "Outside the deputy period the represented person acts; or have the step reassigned.",
    "own_matter": "Have a colleague certify this invoice.",
    "four_eyes": "A second person must sign this step (four-eyes principle).",
    "no_limit": "Someone with a sufficient release limit must sign; have the step reassigned if needed.",
    "limit": "Someone with a sufficient release limit must sign; have the step reassigned if needed.",
    "amount_unknown": "Return the invoice to the supplier: the total (BT-112) is needed.",
    "awaiting_clarification": "Record the answer to the open question first.",
    "not_a_certification": "Assign the invoice to a unit instead.",
    "not_clearing": "Ask the central invoice inbox (Zentraler Rechnungseingang).",
}
"""What to do about a refusal, by the policy's rule."""


def certify(case: InvoiceCase | None, *, step: str, by: str, comment: str = "", policy: Policy,
            at: datetime, operator: str | None = None, assignment: list | None = None) -> list[Change]:
    """Certify step `step` (a kind) as `by`, for themselves or as deputy; the Anordnung approves the invoice.

    With `operator` (an operating-system user, no credentials of `by`): the policy is applied to `by`
    as if they acted, and the event records `by` "operator:<operator>" with `on_behalf_of` `by` — never
    the person as signer. An operator cannot record what `by` would sign as someone's deputy.
    """
    case, progress = _open_step(case, step)
    record = _decided(Certify(by=by, at=at, comment=comment or None), case, policy)
    rows = _assignment(assignment, record.kind, case)
    last = record.step == progress.route.steps[-1].index
    signer, on_behalf_of = by, record.on_behalf_of
    if operator is not None:
        if record.on_behalf_of is not None:
            raise NotAllowedNow(f"{by} would sign as deputy of {record.on_behalf_of}; an operator cannot record that.",
                                f"{by} signs with their own credentials.",
                                de=f"{by} würde als Vertretung von {record.on_behalf_of} zeichnen; das kann kein "
                                   "Operator erfassen.")
        signer, on_behalf_of = f"{OPERATOR}{operator}", by
    attributes = {"step": record.kind, "index": record.step, "on_behalf_of": on_behalf_of, "comment": comment,
                  "by": signer, "timestamp": at}
    if rows is not None:
        attributes["assignment"] = rows
    return [Change(_Case.InvoiceApproved if last else _Case.InvoiceCertified, attributes)]


def _assignment(rows: list | None, kind: str, case: InvoiceCase) -> list[dict] | None:
    """The Kontierung as recorded: only with sachlich richtig, checked against the invoice's total."""
    if rows is None:
        return None
    if kind not in ("sachlich", "sachlich_rechnerisch"):
        raise NotAllowedNow("The account assignment is given with 'sachlich richtig'.",
                            "Certify without it, or change it when certifying sachlich richtig.",
                            de="Die Kontierung wird mit „sachlich richtig“ angegeben.")
    parsed = [row if isinstance(row, AssignmentRow) else AssignmentRow.model_validate(row) for row in rows]
    assert case.facts is not None  # a case in approval is routed
    problem = check_assignment(parsed, case.facts)
    if problem is not None:
        raise NotAllowedNow(problem.en, "Correct the account assignment and certify again.", de=problem.de)
    return [row.model_dump(mode="json", exclude_defaults=True) for row in parsed]


def approve(case: InvoiceCase | None, *, by: str, comment: str = "", policy: Policy, at: datetime,
            operator: str | None = None) -> list[Change]:
    """Give the payment order (Anordnung), the last step, once every earlier step is certified."""
    return certify(case, step="anordnung", by=by, comment=comment, policy=policy, at=at, operator=operator)


def deny(case: InvoiceCase | None, *, step: str, by: str, reason: str, policy: Policy, at: datetime) -> list[Change]:
    """Refuse to certify step `step`, with a reason; approval stops (the invoice is then rejected or returned)."""
    _require(reason, "A reason is required to deny a step.",
             "Für die Ablehnung eines Schritts ist eine Begründung nötig.")
    case, progress = _open_step(case, step)
    assert progress.step is not None  # awaiting approval: a step is open
    if progress.step.kind == "clearing":
        raise NotAllowedNow("The clearing inbox does not deny invoices.",
                            "Assign the invoice to a unit, return it to the supplier or reject it.",
                            de="Im zentralen Rechnungseingang wird nichts abgelehnt: bitte zuordnen, zurückgeben "
                               "oder abweisen.")
    _allowed(may_handle(by, progress.step, policy, at))
    return [Change(_Case.InvoiceDenied, {"step": step, "reason": reason, "by": by, "timestamp": at})]


def request_clarification(case: InvoiceCase | None, *, by: str, question: str, addressed_to: str | None = None,
                          policy: Policy, at: datetime) -> list[Change]:
    """Ask a question about the open step (of a colleague, the supplier, or anyone); the step waits for the answer."""
    _require(question, "A clarification request needs a question.", "Eine Rückfrage braucht eine Frage.")
    case, progress = _in_approval(case)
    record = _decided(RequestClarification(by=by, at=at, question=question, addressed_to=addressed_to), case, policy)
    assert progress.step is not None  # awaiting approval: a step is open
    return [Change(_Case.ClarificationRequested, {"step": record.step, "kind": progress.step.kind,
                                                  "question": question, "addressed_to": addressed_to, "by": by,
                                                  "timestamp": at})]


def answer_clarification(case: InvoiceCase | None, *, by: str, answer: str, policy: Policy,
                         at: datetime) -> list[Change]:
    """Record the answer to the open question (anyone the policy knows; a supplier's answer is passed on)."""
    _require(answer, "An answer is required.", "Eine Antwort ist nötig.")
    case, _ = _in_approval(case)
    if policy.person(by) is None:
        raise refused(Refusal(code="unknown_person", message=_unknown(by)))
    record = _decided(AnswerClarification(by=by, at=at, answer=answer), case, policy)
    return [Change(_Case.ClarificationAnswered, {"step": record.step, "answer": answer, "by": by, "timestamp": at})]


SUPPLIER = "supplier:"
"""How `by` begins when the supplier answered a question (in the portal: "supplier:<sender>"; by mail: the address)."""


def supplier_answer(case: InvoiceCase | None, *, sender: str, answer: str, question: int | None = None,
                    policy: Policy, at: datetime) -> list[Change]:
    """Record the supplier's answer to the open question addressed to the supplier (`sender`: who submitted it).

    `question` (its number on the case, 1 for the first) names the question a mail replied to; the answer
    is recorded only while that very question is open, so a reply handled twice is recorded once.
    """
    _require(answer, "An answer is required.", "Eine Antwort ist nötig.")
    case, progress = _in_approval(case)
    asked = progress.question
    if progress.status != "awaiting_clarification" or asked is None or asked.addressed_to != "supplier":
        raise NotAllowedNow("No question to the supplier is open on this invoice.",
                            "Nothing to answer; the city will contact you if it needs anything.",
                            de="Zu dieser Rechnung ist keine Rückfrage an Sie offen.")
    if question is not None and question != questions_asked(case):
        return []
    record = _decided(AnswerClarification(by=f"{SUPPLIER}{sender}", at=at, answer=answer), case, policy)
    return [Change(_Case.ClarificationAnswered, {"step": record.step, "answer": answer, "by": record.by,
                                                 "timestamp": at})]


def questions_asked(case: InvoiceCase) -> int:
    """How many clarification questions were asked on the case so far (the open one is the last)."""
    from invoicing.approvals import ClarificationRequested as Asked

    return sum(1 for record in case.approvals if isinstance(record, Asked))


def reassign(case: InvoiceCase | None, *, by: str, to: Assignee, reason: str, policy: Policy,
             at: datetime) -> list[Change]:
    """Hand the open step to another person or group whose role and release limit fit, with a reason."""
    _require(reason, "A reason is required to reassign a step.", "Eine Umleitung braucht eine Begründung.")
    case, progress = _in_approval(case)
    record = _decided(Reassign(by=by, at=at, to=to, reason=reason), case, policy)
    assert progress.step is not None  # awaiting approval: a step is open
    return [Change(_Case.StepReassigned, {"step": record.step, "kind": progress.step.kind,
                                          "to": record.to.model_dump(exclude_none=True), "reason": reason, "by": by,
                                          "timestamp": at})]


def assign_to_unit(case: InvoiceCase | None, *, by: str, unit: str, reason: str, policy: Policy,
                   at: datetime) -> list[Change]:
    """The central invoice inbox assigns the invoice to a unit, which gives it that unit's route."""
    _require(reason, "A reason is required to assign an invoice to a unit.",
             "Eine Zuordnung braucht eine Begründung.")
    case, _ = _in_approval(case)
    record = _decided(AssignToUnit(by=by, at=at, unit=unit, reason=reason), case, policy)
    return [Change(_Case.InvoiceAssignedToUnit, {
        "unit": record.route.unit, "route": record.route.model_dump(mode="json"), "reason": reason,
        "policy": {"name": policy.name, "version": policy.version}, "by": by, "timestamp": at})]


def return_to_supplier(case: InvoiceCase | None, *, by: str, reason: str, policy: Policy,
                       at: datetime) -> list[Change]:
    """Send the invoice back to the supplier (e.g. wrong recipient, missing order number), with a reason.

    While a step is open, whoever handles it may; otherwise (and always) the central invoice inbox.
    """
    case = existing(case)
    _require(reason, "A reason is required to return an invoice.",
             "Für die Rückgabe an den Lieferanten ist eine Begründung nötig.")
    if case.status == Status.RETURNED:
        returned = case.returned or {}  # recorded with the return
        raise Conflict(f"Invoice {case.id} was already returned by {returned['by']}.",
                       "Nothing more to do; reload the invoice to see the recorded reason.",
                       de=f"Die Rechnung {case.id} wurde bereits von {returned['by']} zurückgegeben.")
    if case.status not in _OPEN_FOR_RETURN:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; it cannot be returned to the supplier now.",
                            "Only accepted invoices that are not yet approved can be returned.",
                            de=f"Die Rechnung {case.id} ist im Zustand „{case.status}“ und kann nicht mehr "
                               "zurückgegeben werden.")
    step = case.open_step
    handled = step is not None and may_handle(by, step, policy, at)
    if handled:
        record = _decided(ReturnToSupplier(by=by, at=at, reason=reason), case, policy)
        index = record.step
    else:
        _clearing_or_step(by, step, policy, ("darf die Rechnung nicht an den Lieferanten zurückgeben",
                                             "may not return the invoice to the supplier"))
        index = step.index if step is not None else None
    return [Change(_Case.InvoiceReturnedToSupplier, {"reason": reason, "step": index, "by": by, "timestamp": at})]


def reject(case: InvoiceCase | None, *, by: str, reason: str, policy: Policy, at: datetime) -> list[Change]:
    """Reject the invoice formally (it is not payable as sent), with a reason for the supplier."""
    case = existing(case)
    _require(reason, "A reason is required to reject an invoice.",
             "Für die Abweisung einer Rechnung ist eine Begründung nötig.")
    if case.status == Status.REJECTED:
        rejection = case.rejection or {}  # recorded with the rejection
        raise Conflict(f"Invoice {case.id} was already rejected by {rejection['by']}.",
                       "Nothing more to do; reload the invoice to see the recorded reason.",
                       de=f"Die Rechnung {case.id} wurde bereits von {rejection['by']} abgewiesen.")
    if case.status not in _OPEN_FOR_REJECTION:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; it can no longer be rejected.",
                            "An approved or exported invoice is corrected by a credit note from the supplier.",
                            de=f"Die Rechnung {case.id} ist im Zustand „{case.status}“ und kann nicht mehr "
                               "abgewiesen werden; eine Korrektur kommt als Gutschrift des Lieferanten.")
    step = case.open_step
    if not (step is not None and may_handle(by, step, policy, at)):
        _clearing_or_step(by, step, policy, ("darf die Rechnung nicht abweisen", "may not reject the invoice"))
    return [Change(_Case.InvoiceRejected, {"reason": reason, "rule_ids": [], "by": by, "timestamp": at})]


def dismiss_duplicate(case: InvoiceCase | None, *, by: str, reason: str, policy: Policy,
                      at: datetime) -> list[Change]:
    """Decide that a suspected duplicate is a genuine, separate invoice; it then goes on to routing."""
    case = _suspected(case, reason)
    _clearing_or_step(by, None, policy, ("darf nicht über den Doppelverdacht entscheiden",
                                         "may not decide on the duplicate suspicion"))
    return [Change(_Case.DuplicateSuspicionDismissed, {"reason": reason, "by": by, "timestamp": at})]


def confirm_duplicate(case: InvoiceCase | None, *, by: str, reason: str, policy: Policy,
                      at: datetime) -> list[Change]:
    """Decide that a suspected duplicate is one: it will not be paid, and the supplier is told."""
    case = _suspected(case, reason)
    _clearing_or_step(by, None, policy, ("darf nicht über den Doppelverdacht entscheiden",
                                         "may not decide on the duplicate suspicion"))
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


def refused(refusal: Refusal) -> ApprovalRefused:
    """The named error for a `Refusal` of the policy."""
    return ApprovalRefused(refusal.code, de=refusal.message.de, en=refusal.message.en,
                           hint=HINTS.get(refusal.code, "Nothing was recorded."))


def _decided(command, case: InvoiceCase, policy: Policy):
    assert case.initial_route is not None and case.facts is not None  # a case in approval is routed
    outcome = decide(command, case.initial_route, tuple(case.approvals), case.facts, policy)
    if isinstance(outcome, Refusal):
        raise refused(outcome)
    return outcome


def _allowed(outcome) -> None:
    if isinstance(outcome, Refusal):
        raise refused(outcome)


def _in_approval(case: InvoiceCase | None) -> tuple[InvoiceCase, Progress]:
    case = existing(case)
    if case.status != Status.AWAITING_APPROVAL:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}, not awaiting approval.",
                            "Only invoices in an approval inbox can be certified, approved or denied.",
                            de=f"Die Rechnung {case.id} ist im Zustand „{case.status}“, nicht in der Freigabe.")
    progress = case.progress
    if progress is None:
        raise NotAllowedNow(f"Invoice {case.id} was routed before the approval policy was in force.",
                            "Route it again to give it the policy's steps.",
                            de=f"Die Rechnung {case.id} wurde vor Geltung der Dienstanweisung verteilt; "
                               "bitte neu verteilen.")
    return case, progress


def _open_step(case: InvoiceCase | None, kind: str) -> tuple[InvoiceCase, Progress]:
    case = existing(case)
    decided = case.decision_on(kind)
    if decided is not None:
        name = _german(kind)
        deputy = f" (für {decided.on_behalf_of})" if decided.on_behalf_of else ""
        raise StepAlreadyDecided(
            f"Step '{kind}' of invoice {case.id} was already {decided.outcome} by {decided.by} "
            f"at {decided.at:%Y-%m-%d %H:%M:%S} UTC.",
            "Nothing more to do on this step; reload the invoice to see its current state.",
            de=f"Der Schritt „{name}“ der Rechnung {case.id} wurde bereits von {decided.by}{deputy} am "
               f"{decided.at:%d.%m.%Y um %H:%M:%S} UTC {_OUTCOMES_DE.get(decided.outcome, decided.outcome)}.")
    case, progress = _in_approval(case)
    kinds = [step.kind for step in progress.route.steps]
    if kind not in kinds:
        raise NotAllowedNow(f"'{kind}' is not a step of invoice {case.id}; its steps are {', '.join(kinds)}.",
                            "Choose one of these steps.",
                            de=f"„{kind}“ ist kein Schritt der Rechnung {case.id}; ihre Schritte sind "
                               f"{', '.join(kinds)}.")
    assert progress.step is not None  # awaiting approval: a step is open
    current = progress.step.kind
    if kind != current:
        raise NotAllowedNow(f"Step '{kind}' comes after '{current}', which is still open.",
                            f"Certify '{current}' first.",
                            de=f"Der Schritt „{_german(kind)}“ kommt nach „{_german(current)}“, der noch offen "
                               "ist.")
    return case, progress


def _german(kind: str) -> str:
    return STEP_NAMES.get(kind, (kind, kind))[0]


def _clearing_or_step(by: str, step, policy: Policy, predicate: tuple[str, str]) -> None:
    """Allow members of the clearing assignee; refuse anybody else, saying who may."""
    if any(person.login == by for person in policy.members(policy.clearing)):
        return
    person = policy.person(by)
    if person is None:
        raise refused(Refusal(code="unknown_person", message=_unknown(by)))
    clearing = policy.assignee_name(policy.clearing)
    also_de = " und wer den offenen Schritt bearbeitet" if step is not None else ""
    also_en = " and whoever handles the open step" if step is not None else ""
    raise refused(Refusal(code="not_clearing", message=Message(
        de=f"{person.title[0]} {predicate[0]}: das dürfen nur {clearing[0]} (zentraler Rechnungseingang){also_de}.",
        en=f"{person.title[1]} {predicate[1]}: only {clearing[1]} (central invoice inbox){also_en} may.")))


def _unknown(login: str) -> Message:
    return Message(de=f"Die Anmeldung „{login}“ ist in der Richtlinie nicht bekannt.",
                   en=f"The login '{login}' is not known in the policy.")


def _suspected(case: InvoiceCase | None, reason: str) -> InvoiceCase:
    case = existing(case)
    _require(reason, "A reason is required to decide on a suspected duplicate.",
             "Für die Entscheidung über einen Doppelverdacht ist eine Begründung nötig.")
    if case.duplicate_decision is not None:
        decision = case.duplicate_decision
        raise Conflict(f"The duplicate suspicion on invoice {case.id} was already decided by {decision['by']} "
                       f"({'duplicate' if decision['duplicate'] else 'not a duplicate'}).",
                       "Nothing more to do; reload the invoice.",
                       de=f"Über den Doppelverdacht zur Rechnung {case.id} hat {decision['by']} bereits entschieden.")
    if case.status != Status.DUPLICATE_SUSPECTED:
        raise NotAllowedNow(f"Invoice {case.id} is {case.status}; no duplicate suspicion is open on it.",
                            "Only suspected duplicates need this decision.",
                            de=f"Zur Rechnung {case.id} ist kein Doppelverdacht offen.")
    return case


def _require(text: str | None, english: str, german: str) -> None:
    if not text or not text.strip():
        raise ReasonRequired(english, "Write down why, in a sentence: it is part of the audit trail.", de=german)
