"""Rejecting an invoice by a person: with a reason, not after approval, not twice."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import Conflict, NotAllowedNow, ReasonRequired

from tests.unit.lifecycle.given import (
    LATER, approved, certified, given, names, received, recognised, rejected, routed, validated,
)


def test_a_clerk_rejects_an_invoice_in_the_inbox_with_a_reason():
    changes = approval.reject(given(received(), recognised(), validated(), routed()), by="anna",
                              reason="Falscher Empfänger.", at=LATER)
    assert names(changes) == ["InvoiceRejected"] and changes[0].attributes["by"] == "anna"


def test_rejecting_twice_is_a_conflict():
    with pytest.raises(Conflict, match="already rejected"):
        approval.reject(given(received(), recognised(), validated("BR-01"), rejected()), by="anna", reason="x", at=LATER)


def test_an_approved_invoice_can_no_longer_be_rejected():
    case = given(received(), recognised(), validated(), routed(), certified("sachlich-richtig"),
                 certified("rechnerisch-richtig"), approved())
    with pytest.raises(NotAllowedNow, match="credit note"):
        approval.reject(case, by="anna", reason="x", at=LATER)


def test_a_reason_is_required():
    with pytest.raises(ReasonRequired):
        approval.reject(given(received()), by="anna", reason="", at=LATER)
