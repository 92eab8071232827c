"""Returning an invoice to the supplier: with a reason, while it is not yet approved."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import Conflict, NotAllowedNow

from tests.unit.lifecycle.given import LATER, given, names, received, recognised, rejected, routed, validated


def test_an_invoice_in_the_inbox_is_returned_with_the_reason():
    case = given(received(), recognised(), validated(), routed())
    changes = approval.return_to_supplier(case, by="anna", reason="Bestellnummer fehlt.", at=LATER)
    assert names(changes) == ["InvoiceReturnedToSupplier"]
    case.record(changes)
    assert case.status == Status.RETURNED


def test_returning_twice_is_a_conflict():
    case = given(received(), recognised(), validated(), routed())
    case.record(approval.return_to_supplier(case, by="anna", reason="x", at=LATER))
    with pytest.raises(Conflict, match="already returned by anna"):
        approval.return_to_supplier(case, by="bert", reason="y", at=LATER)


def test_a_rejected_invoice_is_not_returned_as_well():
    with pytest.raises(NotAllowedNow):
        approval.return_to_supplier(given(received(), recognised(), validated("BR-01"), rejected()), by="a",
                                    reason="x", at=LATER)
