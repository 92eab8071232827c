"""Routing an accepted invoice by the approval policy: to a unit's chain, or to the clearing inbox."""

from decimal import Decimal

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import intake
from tests.unit.lifecycle.given import (
    BIBLIOTHEK,
    LATER,
    NOWHERE,
    POLICY,
    facts,
    given,
    names,
    other_case,
    received,
    recognised,
    rejected,
    routed,
    routed_before_the_policy,
    suspected,
    validated,
)

ACCEPTED = (received(), recognised(), validated())


def test_an_invoice_to_a_units_leitweg_id_goes_to_that_units_chain_with_assignees_and_the_policy_version():
    changes = intake.route(given(*ACCEPTED), facts=facts(), policy=POLICY, at=LATER)
    assert names(changes) == ["ApprovalRequested"]
    requested = changes[0].attributes
    assert requested["inbox"] == "hauptamt" and requested["steps"] == ["sachlich_rechnerisch", "anordnung"]
    assert requested["route"]["source"] == "leitweg_id" and requested["route"]["rule"] is None
    assert [step["assignee"] for step in requested["route"]["steps"]] == [{"person": None, "group": "hauptamt-sb"},
                                                                         {"person": "pneumann", "group": None}]
    assert requested["route"]["explanation"] == {"de": "Leitweg-ID 08125999-1000-07: Haupt- und Personalamt.",
                                                 "en": "Leitweg-ID 08125999-1000-07: Haupt- und Personalamt."}
    assert requested["policy"] == {"name": POLICY.name, "version": "2026-01"}
    assert requested["facts"]["amount"] == "1190.00"


def test_a_routed_invoice_awaits_its_first_step_assigned_to_the_units_clerks():
    case = given(*ACCEPTED, routed())
    assert case.status == Status.AWAITING_APPROVAL and case.current_step == "sachlich_rechnerisch"
    assert case.open_step.assignee.group == "hauptamt-sb" and case.facts == facts()


def test_a_matching_rule_wins_over_the_leitweg_id_and_names_itself():
    small = facts(buyer_reference=BIBLIOTHEK, amount=Decimal("300.00"))
    requested = intake.route(given(*ACCEPTED), facts=small, policy=POLICY, at=LATER)[0].attributes
    assert requested["inbox"] == "bibliothek" and requested["route"]["rule"] == "bibliothek-kleinbetraege"
    assert requested["route"]["steps"][1]["assignee"] == {"person": None, "group": "bibliothek-leitung"}


def test_an_unroutable_invoice_goes_to_the_clearing_inbox_never_nowhere():
    case = given(*ACCEPTED, routed(facts(buyer_reference=NOWHERE)))
    assert case.inbox == "clearing" and case.current_step == "clearing"
    assert case.open_step.assignee.group == "rechnungseingang"
    assert "bitte im zentralen Rechnungseingang zuordnen" in case.progress.route.explanation.de


def test_above_a_value_threshold_the_payment_order_goes_to_the_named_person():
    case = given(*ACCEPTED, routed(facts(amount=Decimal("150000.00"))))
    assert case.progress.route.steps[-1].assignee.person == "ehartmann"


def test_routing_again_records_nothing():
    assert intake.route(given(*ACCEPTED, routed()), facts=facts(), policy=POLICY, at=LATER) == []


def test_a_suspected_duplicate_is_held_back_until_a_person_decides():
    case = given(*ACCEPTED, suspected(other_case("earlier")))
    assert intake.route(case, facts=facts(), policy=POLICY, at=LATER) == []


def test_a_rejected_invoice_is_not_routed():
    case = given(received(), recognised(), validated("BR-01"), rejected())
    assert intake.route(case, facts=facts(), policy=POLICY, at=LATER) == []


def test_a_case_routed_before_the_policy_is_routed_again_once():
    case = given(*ACCEPTED, routed_before_the_policy())
    assert case.open_step is None and case.current_step is None
    changes = intake.route(case, facts=facts(), policy=POLICY, at=LATER)
    assert names(changes) == ["ApprovalRequested"]
    case.record(changes)
    assert case.current_step == "sachlich_rechnerisch"
    assert intake.route(case, facts=facts(), policy=POLICY, at=LATER) == []


def test_without_the_original_the_recognised_facts_route_by_the_leitweg_id():
    case = given(received(), recognised(), validated())
    found = intake.recognised_facts(case)
    assert found.buyer_reference == NOWHERE and found.amount is None and found.amount_due == Decimal("119.00")
