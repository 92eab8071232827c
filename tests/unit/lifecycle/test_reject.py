"""Rejecting an invoice by a person: whoever handles the open step or the central inbox, with a reason, once."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, Conflict, NotAllowedNow, ReasonRequired
from tests.unit.lifecycle.given import (
    LATER,
    POLICY,
    approved,
    certified,
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


def reject(case, by="sroth", reason="Falscher Empfänger."):
    return approval.reject(case, by=by, reason=reason, policy=POLICY, at=LATER)


def test_the_clerk_of_the_open_step_rejects_an_invoice_with_a_reason():
    changes = reject(given(*ROUTED))
    assert names(changes) == ["InvoiceRejected"] and changes[0].attributes["by"] == "sroth"


def test_the_central_invoice_inbox_rejects_an_invoice_not_yet_routed():
    case = given(received(), recognised(), validated(), suspected(other_case("earlier")))
    assert names(reject(case, by="dyilmaz")) == ["InvoiceRejected"]


def test_anybody_else_is_refused_and_told_who_may():
    with pytest.raises(ApprovalRefused) as refused:
        reject(given(*ROUTED), by="mengel")
    assert refused.value.rule == "not_clearing"
    assert refused.value.message_de == ("Herr Markus Engel darf die Rechnung nicht abweisen: das dürfen nur Gruppe "
                                        "„Zentraler Rechnungseingang“ (zentraler Rechnungseingang) und wer den "
                                        "offenen Schritt bearbeitet.")


def test_rejecting_twice_is_a_conflict():
    with pytest.raises(Conflict, match="already rejected"):
        reject(given(received(), recognised(), validated("BR-01"), rejected()), by="dyilmaz")


def test_an_approved_invoice_can_no_longer_be_rejected():
    case = given(*ROUTED, certified(), approved())
    with pytest.raises(NotAllowedNow, match="credit note"):
        reject(case, by="dyilmaz")


def test_a_reason_is_required():
    with pytest.raises(ReasonRequired):
        reject(given(received()), by="dyilmaz", reason="")
