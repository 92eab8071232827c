"""Routing an accepted invoice to an approval inbox (the default inbox until the policy exists)."""

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import intake

from tests.unit.lifecycle.given import (
    LATER, given, names, other_case, received, recognised, rejected, routed, suspected, validated,
)


def test_an_accepted_invoice_is_sent_to_the_default_inbox_with_the_three_steps():
    changes = intake.route(given(received(), recognised(), validated()), at=LATER)
    assert names(changes) == ["ApprovalRequested"]
    assert changes[0].attributes["inbox"] == "default"
    assert changes[0].attributes["steps"] == ["sachlich-richtig", "rechnerisch-richtig", "anordnung"]


def test_a_routed_invoice_awaits_approval_at_its_first_step():
    case = given(received(), recognised(), validated(), routed())
    assert case.status == Status.AWAITING_APPROVAL and case.current_step == "sachlich-richtig"


def test_routing_again_records_nothing():
    assert intake.route(given(received(), recognised(), validated(), routed()), at=LATER) == []


def test_a_suspected_duplicate_is_held_back_until_a_person_decides():
    case = given(received(), recognised(), validated(), suspected(other_case("earlier")))
    assert intake.route(case, at=LATER) == []


def test_a_rejected_invoice_is_not_routed():
    assert intake.route(given(received(), recognised(), validated("BR-01"), rejected()), at=LATER) == []
