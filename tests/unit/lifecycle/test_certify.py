"""Certifying an approval step (sachlich richtig, rechnerisch richtig), in order, once."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import NotAllowedNow, StepAlreadyDecided

from tests.unit.lifecycle.given import LATER, certified, given, names, received, recognised, routed, validated

ROUTED = (received(), recognised(), validated(), routed())


def test_the_first_step_is_certified_by_the_person_with_their_comment():
    changes = approval.certify(given(*ROUTED), step="sachlich-richtig", by="anna", comment="Geliefert.", at=LATER)
    assert names(changes) == ["InvoiceCertified"]
    assert changes[0].attributes == {"step": "sachlich-richtig", "comment": "Geliefert.", "by": "anna",
                                     "timestamp": LATER}


def test_a_step_already_certified_is_a_conflict_naming_who_and_when():
    case = given(*ROUTED, certified("sachlich-richtig", by="anna"))
    with pytest.raises(StepAlreadyDecided, match="already certified by anna at 2026-03-02 09:20:30"):
        approval.certify(case, step="sachlich-richtig", by="carl", at=LATER)


def test_a_later_step_cannot_be_certified_before_the_open_one():
    with pytest.raises(NotAllowedNow, match="comes after 'sachlich-richtig'"):
        approval.certify(given(*ROUTED), step="rechnerisch-richtig", by="anna", at=LATER)


def test_the_payment_order_is_approved_not_certified():
    case = given(*ROUTED, certified("sachlich-richtig"), certified("rechnerisch-richtig"))
    with pytest.raises(NotAllowedNow, match="Use approve"):
        approval.certify(case, step="anordnung", by="bert", at=LATER)


def test_an_invoice_not_in_an_inbox_cannot_be_certified():
    with pytest.raises(NotAllowedNow, match="not awaiting approval"):
        approval.certify(given(received(), recognised(), validated()), step="sachlich-richtig", by="a", at=LATER)


def test_an_unknown_step_is_refused_with_the_steps_there_are():
    with pytest.raises(NotAllowedNow, match="its steps are sachlich-richtig, rechnerisch-richtig, anordnung"):
        approval.certify(given(*ROUTED), step="vorpruefung", by="anna", at=LATER)
