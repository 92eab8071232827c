"""Deciding a suspected duplicate: a person, with a recorded reason, once."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval, intake
from invoicing.lifecycle.errors import Conflict, NotAllowedNow, ReasonRequired

from tests.unit.lifecycle.given import LATER, given, names, other_case, received, recognised, suspected, validated

SUSPECTED = (received(), recognised(), validated(), suspected(other_case("earlier")))


def test_dismissing_the_suspicion_with_a_reason_lets_the_invoice_go_on_to_approval():
    case = given(*SUSPECTED)
    changes = approval.dismiss_duplicate(case, by="anna", reason="Teilrechnung, andere Leistung.", at=LATER)
    assert names(changes) == ["DuplicateSuspicionDismissed"]
    case.record(changes)
    assert case.status == Status.ACCEPTED and names(intake.route(case, at=LATER)) == ["ApprovalRequested"]


def test_confirming_the_duplicate_closes_it():
    case = given(*SUSPECTED)
    case.record(approval.confirm_duplicate(case, by="anna", reason="Gleiche Rechnung per Post und Mail.", at=LATER))
    assert case.status == Status.DUPLICATE


def test_no_decision_without_a_reason():
    with pytest.raises(ReasonRequired):
        approval.dismiss_duplicate(given(*SUSPECTED), by="anna", reason="", at=LATER)


def test_a_second_decision_is_a_conflict():
    case = given(*SUSPECTED)
    case.record(approval.confirm_duplicate(case, by="anna", reason="gleich", at=LATER))
    with pytest.raises(Conflict, match="already decided by anna"):
        approval.dismiss_duplicate(case, by="bert", reason="doch nicht", at=LATER)


def test_there_is_nothing_to_decide_without_a_suspicion():
    with pytest.raises(NotAllowedNow, match="no duplicate suspicion"):
        approval.confirm_duplicate(given(received(), recognised(), validated()), by="a", reason="x", at=LATER)
