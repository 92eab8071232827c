"""Given/when/then helpers: past events as `Change`s, and the case their history makes.

    case = given(received(), recognised(), validated())
    changes = intake.route(case, facts=facts(), policy=POLICY, at=LATER)
    assert names(changes) == ["ApprovalRequested"]

Approval examples use the sample policy of the Stadt Eichenbrück (`POLICY`): an ordinary invoice
(`facts()`) goes to the Hauptamt, whose chain is "sachlich_rechnerisch" (group hauptamt-sb: sroth,
jalbrecht) then "anordnung" (pneumann).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid5

from invoicing.approvals import InvoiceFacts, Policy, sample_policy
from invoicing.lifecycle import keys
from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase, Submission
from invoicing.lifecycle.facts import Recognition, Unreadable, Verdict
from invoicing.lifecycle.numbers import InvoiceNumber

RECEIVED_AT = datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=timezone.utc)
LATER = RECEIVED_AT + timedelta(minutes=5)
HASH = "a" * 64
CASE_ID = keys.case_id(HASH, "lieferant@example.org")
SELLER = "vat:de123456789"
_C = InvoiceCase
POLICY = sample_policy()
HAUPTAMT = "08125999-1000-07"
GEBAEUDE = "08125999-GM65-46"
BIBLIOTHEK = "08125999-4110-86"
FEUERWEHR = "08125999-3700-55"
NOWHERE = "04011000-1234512345-06"
"""Leitweg-IDs (BT-10) of units of the sample policy, and one that belongs to no unit."""


def given(*changes: Change, case_id: UUID = CASE_ID) -> InvoiceCase:
    """The case whose history is `changes` (the first must be an `InvoiceReceived`)."""
    case = InvoiceCase.open(case_id, changes[0])
    case.record(list(changes[1:]))
    case.collect_events()
    return case


def names(changes: list[Change]) -> list[str]:
    return [change.name for change in changes]


def submission(channel: str = "upload", received_at: datetime = RECEIVED_AT) -> Submission:
    return Submission(channel, "rechnung@lieferant.example", "RE-2026-0042.xml", received_at)


def received(received_at: datetime = RECEIVED_AT) -> Change:
    return Change(_C.InvoiceReceived, {"content_hash": HASH, "size": 4711, "channel": "upload",
                                       "sender": "rechnung@lieferant.example", "filename": "RE-2026-0042.xml",
                                       "received_at": received_at, "by": "rechnung@lieferant.example",
                                       "timestamp": received_at})


def recognition(number: str = "RE-2026-0042", seller: str | None = SELLER) -> Recognition:
    return Recognition(syntax="UBL", document_type="Invoice", customization_id="urn:cen.eu:en16931:2017",
                       profile=None, container="xml", number=number, issue_date="2026-03-01",
                       seller_name="Muster GmbH", seller_key=seller, buyer_reference="04011000-1234512345-06",
                       currency="EUR", amount_due=Decimal("119.00"))


def recognised(number: str = "RE-2026-0042", seller: str | None = SELLER) -> Change:
    return Change(_C.InvoiceRecognised, {**recognition(number, seller).__dict__, "by": SYSTEM, "timestamp": LATER})


def unreadable() -> Unreadable:
    return Unreadable("not-xml", "The file is not XML.", "Please send XRechnung XML.")


def report(*errors: str) -> dict:
    """A report dict like `ValidationReport.to_dict()` with the given error rule ids."""
    findings = [{"rule_id": rule, "level": "error", "message": f"{rule} is violated.", "layer": "en16931"}
                for rule in errors]
    return {"accepted": not errors, "scenario": "EN 16931", "syntax": "UBL", "customization_id": None,
            "findings": findings, "not_run": [], "complete": True,
            "rule_sets": [{"name": "EN 16931", "version": "CEN EN 16931 UBL 1.3.14", "engine": "saxonche 13"}]}


def verdict(*errors: str) -> Verdict:
    return Verdict(report(*errors), "validators.engine (test)")


def validated(*errors: str) -> Change:
    v = verdict(*errors)
    return Change(_C.InvoiceValidated, {"accepted": v.accepted, "report": v.report, "rule_sets": v.rule_sets,
                                        "engine": v.engine, "by": SYSTEM, "timestamp": LATER})


def rejected(reason: str = "BR-CO-15: BR-CO-15 is violated.", by: str = SYSTEM) -> Change:
    return Change(_C.InvoiceRejected, {"reason": reason, "rule_ids": ["BR-CO-15"], "by": by, "timestamp": LATER})


def facts(**changes) -> InvoiceFacts:
    """An ordinary invoice to the Hauptamt over 1,190.00 EUR, due 2026-04-01; keyword arguments change single facts."""
    values = dict(number="RE-2026-0042", issue_date=date(2026, 3, 1), type_code="380", currency="EUR",
                  due_date=date(2026, 4, 1), buyer_reference=HAUPTAMT, seller_name="Muster GmbH",
                  seller_vat_id="DE123456789", amount=Decimal("1190.00"), amount_due=Decimal("1190.00"))
    return InvoiceFacts(**{**values, **changes})


def routed(routing_facts: InvoiceFacts | None = None, policy: Policy = POLICY, at: datetime = LATER) -> Change:
    """The `ApprovalRequested` the policy decides for an accepted invoice with these facts."""
    from invoicing.lifecycle.decisions import intake

    accepted = given(received(), recognised(), validated())
    change, = intake.route(accepted, facts=routing_facts or facts(), policy=policy, at=at)
    return change


def routed_before_the_policy() -> Change:
    """An `ApprovalRequested` as version 1 recorded it: the default inbox, named steps, no route."""
    return Change(_C.ApprovalRequested, {"inbox": "default", "steps": ["sachlich-richtig", "rechnerisch-richtig",
                                                                       "anordnung"],
                                         "route": None, "facts": None, "policy": None, "by": SYSTEM,
                                         "timestamp": LATER})


def certified(step: str = "sachlich_rechnerisch", by: str = "sroth", index: int = 0,
              on_behalf_of: str | None = None, at: datetime = LATER) -> Change:
    return Change(_C.InvoiceCertified, {"step": step, "index": index, "on_behalf_of": on_behalf_of, "comment": "",
                                        "by": by, "timestamp": at})


def approved(by: str = "pneumann", index: int = 1, at: datetime = LATER) -> Change:
    return Change(_C.InvoiceApproved, {"step": "anordnung", "index": index, "on_behalf_of": None, "comment": "",
                                       "by": by, "timestamp": at})


def on(day: str, hour: int = 10) -> datetime:
    """A moment on `day` (ISO date) at `hour` o'clock UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def suspected(*earlier: UUID) -> Change:
    return Change(_C.DuplicateSuspected, {"number_key": f"{SELLER}|RE-2026-0042", "earlier_cases": list(earlier),
                                          "by": SYSTEM, "timestamp": LATER})


def notified(about: str) -> Change:
    return Change(_C.SupplierNotified, {"about": about, "recipient": "rechnung@lieferant.example", "message": "…",
                                        "by": SYSTEM, "timestamp": LATER})


def other_case(name: str) -> UUID:
    return uuid5(keys.CASES, name)


def register(*uses: tuple[UUID, datetime]) -> InvoiceNumber:
    """The number register of SELLER's RE-2026-0042 with these (case id, received at) uses."""
    key = keys.number_key(SELLER, "RE-2026-0042")
    (first_id, first_at), *more = uses
    number = InvoiceNumber.open(keys.number_id(key), Change(InvoiceNumber.InvoiceNumberFirstUsed, {
        "key": key, "case_id": first_id, "received_at": first_at, "by": SYSTEM}))
    for case_id, at in more:
        number.record(Change(InvoiceNumber.InvoiceNumberUsedAgain, {"case_id": case_id, "received_at": at,
                                                                    "by": SYSTEM}))
    return number
