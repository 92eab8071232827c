"""Escalation timing: days in a step, the cash-discount deadline, the payment deadline — and to whom."""

from datetime import date

from invoicing.approvals import (
    Assignee,
    Certify,
    Reassign,
    RequestClarification,
    deadlines,
    decide,
    escalation_due,
    route,
    step_started_at,
)
from tests.unit.approvals.helpers import at, facts, policy

POLICY = policy()  # days_in_step 5, days_before_discount 3, days_before_due 5; Bauamt escalates to Carla
STARTED = at("2026-03-04")
NO_HURRY = deadlines(facts(due_date=date(2026, 6, 30)), STARTED)
SKONTO = deadlines(facts(due_date=date(2026, 6, 30), payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#\n"), STARTED)
# issued 2 March: the discount ends on 16 March


def test_nothing_is_escalated_before_any_limit_is_reached():
    assert escalation_due(STARTED, NO_HURRY, POLICY, at("2026-03-08")) is None


def test_a_step_that_waited_the_days_in_step_is_escalated_to_the_units_target():
    decision = escalation_due(STARTED, NO_HURRY, POLICY, at("2026-03-09"), unit="bau")
    assert decision.target == Assignee(person="carla")
    assert [reason.reason for reason in decision.reasons] == ["step_age"]
    assert decision.reasons[0].message.de == "Der Schritt wartet seit 5 Tagen (Grenze: 5 Tage)."


def test_without_a_unit_target_the_policys_target_is_used():
    assert escalation_due(STARTED, NO_HURRY, POLICY, at("2026-03-09")).target == Assignee(person="kaemmerer")


def test_a_discount_deadline_within_the_set_days_is_escalated():
    decision = escalation_due(at("2026-03-12"), SKONTO, POLICY, at("2026-03-13"))
    assert [(reason.reason, reason.key) for reason in decision.reasons] == [
        ("discount_deadline", "discount_deadline:2026-03-16")]
    assert decision.reasons[0].message.de == ("Die Skontofrist endet am 16.03.2026 (in 3 Tagen); es geht um 23,80 EUR "
                                              "Skonto.")


def test_a_discount_deadline_further_off_is_not_escalated():
    assert escalation_due(STARTED, SKONTO, POLICY, at("2026-03-05")) is None


def test_a_lost_discount_is_no_longer_a_reason():
    decision = escalation_due(at("2026-03-16"), SKONTO, POLICY, at("2026-03-17"))
    assert decision is None


def test_a_payment_deadline_within_the_set_days_is_escalated():
    soon = deadlines(facts(due_date=date(2026, 3, 10)), STARTED)
    decision = escalation_due(STARTED, soon, POLICY, at("2026-03-05"))
    assert [reason.key for reason in decision.reasons] == ["payment_deadline:2026-03-10"]
    assert decision.reasons[0].message.en == "The payment deadline is 2026-03-10 (in 5 days)."


def test_an_overdue_payment_is_escalated():
    overdue = deadlines(facts(due_date=date(2026, 3, 3)), STARTED)
    decision = escalation_due(at("2026-03-04"), overdue, POLICY, at("2026-03-05"))
    assert decision.reasons[0].message.de == "Die Zahlungsfrist ist seit dem 03.03.2026 überschritten."


def test_the_deadlines_of_a_credit_note_are_ignored():
    credit = deadlines(facts(is_credit_note=True, due_date=date(2026, 3, 5)), STARTED)
    assert escalation_due(STARTED, credit, POLICY, at("2026-03-05")) is None


def test_several_reasons_come_together_most_urgent_first():
    urgent = deadlines(facts(due_date=date(2026, 3, 18), payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#"), STARTED)
    decision = escalation_due(STARTED, urgent, POLICY, at("2026-03-14"))
    assert [reason.reason for reason in decision.reasons] == ["payment_deadline", "discount_deadline", "step_age"]


def test_a_reason_already_raised_is_not_raised_again():
    started = at("2026-03-12")
    first = escalation_due(started, SKONTO, POLICY, at("2026-03-13"))
    assert escalation_due(started, SKONTO, POLICY, at("2026-03-14"), already_raised=frozenset(first.keys)) is None


def test_a_step_starts_with_the_previous_certification_not_with_a_reassignment_or_question():
    # given approval requested on 4 March, sachlich richtig on 5 March, then a reassignment and a question
    facts_, initial, history = facts(), route(facts(), POLICY), ()
    for command in (Certify(by="anna", at=at("2026-03-05")),
                    Reassign(by="bernd", at=at("2026-03-06"), to=Assignee(person="sven"), reason="Urlaub"),
                    RequestClarification(by="sven", at=at("2026-03-07"), question="Aufmaß?")):
        history += (decide(command, initial, history, facts_, POLICY),)
    assert [record.type for record in history] == ["certified", "reassigned", "clarification_requested"]
    # when / then
    assert step_started_at(initial, (), STARTED) == STARTED
    assert step_started_at(initial, history, STARTED) == at("2026-03-05")
