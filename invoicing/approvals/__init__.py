"""Approval routing: who certifies an invoice (sachlich richtig, rechnerisch richtig, Anordnung), and when.

Everything here is pure: the policy is data read from TOML (`load_policy`, `sample_policy`),
and every decision is a function of the invoice's facts, its approval history and the policy.
The event-sourced side stores `Route`, the history records and `EscalationDecision` as payloads.

    >>> from invoicing.generator import generate_invoice
    >>> policy = sample_policy()
    >>> facts = InvoiceFacts.from_invoice(generate_invoice(1))
    >>> progress = next_step(route(facts, policy), ())
    >>> progress.status, progress.step.index
    ('pending', 0)

Modules: `policy` (the model), `loader` (TOML), `facts` (what is read from an invoice),
`routing`, `history` (records and progress), `authority` (who may act, certification rules),
`decisions` (commands → records), `skonto`, `deadlines`, `escalation`.
"""

from invoicing.approvals.authority import (
    Actor,
    Ok,
    Refusal,
    check_certification,
    may_be_given,
    may_handle,
    release_limit,
    who_may_act,
)
from invoicing.approvals.deadlines import Deadlines, DiscountDeadline, DueDate, deadlines, due_date
from invoicing.approvals.decisions import (
    AnswerClarification,
    AssignToUnit,
    Certify,
    Command,
    Reassign,
    RequestClarification,
    ReturnToSupplier,
    decide,
)
from invoicing.approvals.errors import ApprovalError, CertificationRefused, PolicyError
from invoicing.approvals.escalation import EscalationDecision, EscalationReason, escalation_due
from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.history import (
    ApprovalRecord,
    Certified,
    ClarificationAnswered,
    ClarificationRequested,
    History,
    Progress,
    Reassigned,
    Rerouted,
    ReturnedToSupplier,
    current_route,
    next_step,
    parse_record,
    step_started_at,
)
from invoicing.approvals.loader import load_policy, parse_policy, sample_policy
from invoicing.approvals.policy import Assignee, Policy
from invoicing.approvals.routing import Route, RouteStep, route, route_to_unit
from invoicing.approvals.skonto import SkontoProblem, SkontoTerms, SkontoTier, parse_skonto
from invoicing.approvals.wording import Message

__all__ = [
    "Actor", "AnswerClarification", "ApprovalError", "ApprovalRecord", "AssignToUnit", "Assignee",
    "CertificationRefused", "Certified", "Certify", "ClarificationAnswered", "ClarificationRequested", "Command",
    "Deadlines", "DiscountDeadline", "DueDate", "EscalationDecision", "EscalationReason", "History", "InvoiceFacts",
    "Message", "Ok", "Policy", "PolicyError", "Progress", "Reassign", "Reassigned", "Refusal", "RequestClarification",
    "Rerouted", "ReturnToSupplier", "ReturnedToSupplier", "Route", "RouteStep", "SkontoProblem", "SkontoTerms",
    "SkontoTier", "check_certification", "current_route", "deadlines", "decide", "due_date", "escalation_due",
    "load_policy", "may_be_given", "may_handle", "next_step", "parse_policy", "parse_record", "parse_skonto",
    "release_limit", "route", "route_to_unit", "sample_policy", "step_started_at", "who_may_act"
]
