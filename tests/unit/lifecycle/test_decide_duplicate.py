"""Deciding a suspected duplicate: the central invoice inbox, with a recorded reason, once."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval, intake
from invoicing.lifecycle.errors import ApprovalRefused, Conflict, NotAllowedNow, ReasonRequired
from tests.unit.lifecycle.given import (
    LATER,
    POLICY,
    facts,
    given,
    names,
    other_case,
    received,
    recognised,
    suspected,
    validated,
)

SUSPECTED = (received(), recognised(), validated(), suspected(other_case("earlier")))


def dismiss(case, by="dyilmaz", reason="Teilrechnung, andere Leistung."):
    return approval.dismiss_duplicate(case, by=by, reason=reason, policy=POLICY, at=LATER)


def confirm(case, by="dyilmaz", reason="Gleiche Rechnung per Post und Mail."):
    return approval.confirm_duplicate(case, by=by, reason=reason, policy=POLICY, at=LATER)


def test_dismissing_the_suspicion_with_a_reason_lets_the_invoice_go_on_to_routing():
    case = given(*SUSPECTED)
    changes = dismiss(case)
    assert names(changes) == ["DuplicateSuspicionDismissed"]
    case.record(changes)
    assert case.status == Status.ACCEPTED
    assert names(intake.route(case, facts=facts(), policy=POLICY, at=LATER)) == ["ApprovalRequested"]


def test_confirming_the_duplicate_closes_it():
    case = given(*SUSPECTED)
    case.record(confirm(case))
    assert case.status == Status.DUPLICATE


def test_only_the_central_invoice_inbox_decides():
    with pytest.raises(ApprovalRefused) as refused:
        dismiss(given(*SUSPECTED), by="sroth")
    assert refused.value.rule == "not_clearing" and "Doppelverdacht" in refused.value.message_de


def test_no_decision_without_a_reason():
    with pytest.raises(ReasonRequired):
        dismiss(given(*SUSPECTED), reason="")


def test_a_second_decision_is_a_conflict():
    case = given(*SUSPECTED)
    case.record(confirm(case, reason="gleich"))
    with pytest.raises(Conflict, match="already decided by dyilmaz"):
        dismiss(case, by="lschulz", reason="doch nicht")


def test_there_is_nothing_to_decide_without_a_suspicion():
    with pytest.raises(NotAllowedNow, match="no duplicate suspicion"):
        confirm(given(received(), recognised(), validated()))
