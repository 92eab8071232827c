"""Approving the last step (Anordnung): only after every earlier step, and only once."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import NotAllowedNow, StepAlreadyDecided

from tests.unit.lifecycle.given import (
    LATER, approved, certified, given, names, received, recognised, routed, validated,
)

CERTIFIED = (received(), recognised(), validated(), routed(), certified("sachlich-richtig"),
             certified("rechnerisch-richtig"))


def test_the_payment_order_is_given_once_both_certifications_are_there():
    changes = approval.approve(given(*CERTIFIED), by="bert", comment="Anordnung erteilt.", at=LATER)
    assert names(changes) == ["InvoiceApproved"] and changes[0].attributes["step"] == "anordnung"


def test_an_approved_invoice_is_approved():
    assert given(*CERTIFIED, approved()).status == Status.APPROVED


def test_a_second_approval_is_a_conflict():
    with pytest.raises(StepAlreadyDecided, match="already approved by bert"):
        approval.approve(given(*CERTIFIED, approved(by="bert")), by="dora", at=LATER)


def test_approval_before_the_certifications_is_refused():
    with pytest.raises(NotAllowedNow, match="Certify 'sachlich-richtig' first"):
        approval.approve(given(received(), recognised(), validated(), routed()), by="bert", at=LATER)
