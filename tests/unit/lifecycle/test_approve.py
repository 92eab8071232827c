"""Giving the payment order (Anordnung), the last step: only after every earlier step, and only once."""

from decimal import Decimal

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, NotAllowedNow, StepAlreadyDecided
from tests.unit.lifecycle.given import (
    LATER,
    POLICY,
    approved,
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
CERTIFIED = (*ROUTED, certified("sachlich_rechnerisch", by="sroth"))


def test_the_payment_order_is_given_once_the_certification_is_there():
    changes = approval.approve(given(*CERTIFIED), by="pneumann", comment="Angeordnet.", policy=POLICY, at=LATER)
    assert names(changes) == ["InvoiceApproved"] and changes[0].attributes["step"] == "anordnung"


def test_an_approved_invoice_is_approved():
    assert given(*CERTIFIED, approved()).status == Status.APPROVED


def test_a_second_approval_is_a_conflict():
    with pytest.raises(StepAlreadyDecided, match="already approved by pneumann"):
        approval.approve(given(*CERTIFIED, approved(by="pneumann")), by="mweber", policy=POLICY, at=LATER)


def test_approval_before_the_certifications_is_refused():
    with pytest.raises(NotAllowedNow, match="Certify 'sachlich_rechnerisch' first"):
        approval.approve(given(*ROUTED), by="pneumann", policy=POLICY, at=LATER)


def test_above_the_value_threshold_only_the_named_person_gives_the_payment_order():
    large = (received(), recognised(), validated(), routed(facts(amount=Decimal("150000.00"))),
             certified("sachlich_rechnerisch", by="sroth"))
    with pytest.raises(ApprovalRefused) as refused:
        approval.approve(given(*large), by="pneumann", policy=POLICY, at=LATER)
    assert refused.value.rule == "not_assigned" and "Frau Dr. Elke Hartmann" in refused.value.message_de
    assert names(approval.approve(given(*large), by="ehartmann", policy=POLICY, at=LATER)) == ["InvoiceApproved"]
