"""Returning an invoice to the supplier: by whoever handles the open step or the central inbox, with a reason."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, Conflict, NotAllowedNow
from tests.unit.lifecycle.given import (
    LATER,
    POLICY,
    given,
    names,
    other_case,
    received,
    recognised,
    rejected,
    routed,
    suspected,
    validated,
)

ROUTED = (received(), recognised(), validated(), routed())


def give_back(case, by="sroth", reason="Bestellnummer fehlt."):
    return approval.return_to_supplier(case, by=by, reason=reason, policy=POLICY, at=LATER)


def test_an_invoice_in_the_inbox_is_returned_with_the_reason_and_the_step():
    case = given(*ROUTED)
    changes = give_back(case)
    assert names(changes) == ["InvoiceReturnedToSupplier"] and changes[0].attributes["step"] == 0
    case.record(changes)
    assert case.status == Status.RETURNED and case.progress.status == "returned" and case.open_step is None


def test_the_central_inbox_returns_a_suspected_duplicate_before_routing():
    changes = give_back(given(received(), recognised(), validated(), suspected(other_case("x"))), by="lschulz")
    assert changes[0].attributes["step"] is None


def test_someone_who_does_not_handle_the_invoice_cannot_return_it():
    with pytest.raises(ApprovalRefused) as refused:
        give_back(given(*ROUTED), by="kvogel")
    assert refused.value.rule == "not_clearing"


def test_returning_twice_is_a_conflict():
    case = given(*ROUTED)
    case.record(give_back(case))
    with pytest.raises(Conflict, match="already returned by sroth"):
        give_back(case, by="jalbrecht", reason="y")


def test_a_rejected_invoice_is_not_returned_as_well():
    with pytest.raises(NotAllowedNow):
        give_back(given(received(), recognised(), validated("BR-01"), rejected()), by="dyilmaz")
