"""Reassigning the open step to another person or group: with a reason, to someone whose role and limit fit."""

from decimal import Decimal

import pytest

from invoicing.approvals import Assignee
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, ReasonRequired
from tests.unit.lifecycle.given import (
    LATER,
    POLICY,
    certified,
    facts,
    given,
    names,
    received,
    recognised,
    routed,
    validated,
)

ROUTED = (received(), recognised(), validated(), routed())


def reassign(case, to, by="sroth", reason="Frau Roth ist im Urlaub."):
    return approval.reassign(case, by=by, to=to, reason=reason, policy=POLICY, at=LATER)


def test_the_step_goes_to_the_named_person_who_may_then_certify_it_and_nobody_else():
    case = given(*ROUTED)
    changes = reassign(case, Assignee(person="jalbrecht"))
    assert names(changes) == ["StepReassigned"]
    assert changes[0].attributes["to"] == {"person": "jalbrecht"} and changes[0].attributes["kind"] == \
        "sachlich_rechnerisch"
    case.record(changes)
    assert case.open_step.assignee.person == "jalbrecht"
    with pytest.raises(ApprovalRefused):
        approval.certify(case, step="sachlich_rechnerisch", by="sroth", policy=POLICY, at=LATER)
    assert names(approval.certify(case, step="sachlich_rechnerisch", by="jalbrecht", policy=POLICY, at=LATER)) == [
        "InvoiceCertified"]


def test_a_step_is_not_handed_to_someone_without_a_fitting_role():
    with pytest.raises(ApprovalRefused) as refused:
        reassign(given(*ROUTED), Assignee(person="ilang"))
    assert refused.value.rule == "role"


def test_a_payment_order_is_not_handed_to_someone_whose_limit_is_too_low():
    large = given(received(), recognised(), validated(), routed(facts(amount=Decimal("150000.00"))),
                  certified(by="sroth"))
    with pytest.raises(ApprovalRefused) as refused:
        reassign(large, Assignee(person="pneumann"), by="ehartmann")
    assert refused.value.rule == "limit"


def test_only_whoever_handles_the_step_or_the_central_inbox_reassigns_it():
    with pytest.raises(ApprovalRefused):
        reassign(given(*ROUTED), Assignee(person="jalbrecht"), by="kvogel")
    assert names(reassign(given(*ROUTED), Assignee(group="hauptamt-sb"), by="dyilmaz")) == ["StepReassigned"]


def test_a_reason_is_required():
    with pytest.raises(ReasonRequired):
        reassign(given(*ROUTED), Assignee(person="jalbrecht"), reason="")
