"""Escalating an open step: step age, cash-discount and payment deadlines, each reason once, to the right person."""

from datetime import datetime, timezone

from invoicing.approvals.clock import CITY_TIMEZONE
from invoicing.lifecycle.decisions import escalation
from tests.unit.lifecycle.given import (
    LATER,
    NOWHERE,
    POLICY,
    approved,
    certified,
    facts,
    given,
    names,
    on,
    received,
    recognised,
    routed,
    validated,
)

SKONTO = facts(payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#\n")  # issued 2026-03-01: discount until 2026-03-15
ROUTED = (received(), recognised(), validated(), routed(SKONTO))  # step began 2026-03-02, due 2026-04-01


def escalate(case, now):
    return escalation.escalate(case, policy=POLICY, now=now)


def midnight(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=CITY_TIMEZONE)


def test_nothing_is_raised_while_nothing_is_due_and_the_next_check_is_the_first_day_something_may_be():
    case = given(*ROUTED)
    assert escalate(case, on("2026-03-04")) == []
    assert escalation.next_check(case, POLICY, on("2026-03-04")) == midnight("2026-03-07")  # 5 days in the step


def test_a_step_waiting_five_days_is_escalated_to_the_units_escalation_target():
    changes = escalate(given(*ROUTED), on("2026-03-07"))
    assert names(changes) == ["EscalationRaised"]
    raised = changes[0].attributes
    assert raised["target"] == {"person": "pneumann"} and raised["unit"] == "hauptamt"
    assert (raised["step"], raised["kind"]) == (0, "sachlich_rechnerisch")
    assert raised["keys"] == [f"step_age:{LATER.isoformat()}"]
    assert raised["reasons"][0]["message"]["de"] == "Der Schritt wartet seit 5 Tagen (Grenze: 5 Tage)."


def test_each_reason_is_raised_once_however_often_the_job_looks():
    case = given(*ROUTED)
    case.record(escalate(case, on("2026-03-07")))
    assert escalate(case, on("2026-03-07", 15)) == []
    assert escalation.next_check(case, POLICY, on("2026-03-07")) == midnight("2026-03-12")  # 3 days before Skonto


def test_a_cash_discount_about_to_expire_is_escalated_with_the_amount_at_stake():
    case = given(*ROUTED)
    case.record(escalate(case, on("2026-03-07")))
    raised = escalate(case, on("2026-03-12"))[0].attributes
    assert raised["keys"] == ["discount_deadline:2026-03-15"]
    assert "23,80 EUR Skonto" in raised["reasons"][0]["message"]["de"]


def test_an_overdue_invoice_is_escalated_for_its_payment_deadline_and_then_checked_no_more():
    case = given(*ROUTED)
    case.record(escalate(case, on("2026-04-02")))
    assert set(case.raised_keys) == {f"step_age:{LATER.isoformat()}", "payment_deadline:2026-04-01"}
    assert escalation.next_check(case, POLICY, on("2026-04-02")) is None


def test_a_certified_step_starts_the_clock_again_for_the_next_step():
    certified_at = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
    case = given(*ROUTED, certified(at=certified_at))
    assert escalation.step_started(case) == certified_at
    assert escalate(case, on("2026-03-12"))[0].attributes["keys"] == ["discount_deadline:2026-03-15"]  # no step age


def test_an_invoice_in_the_clearing_inbox_is_escalated_to_the_policys_target():
    case = given(received(), recognised(), validated(), routed(facts(buyer_reference=NOWHERE)))
    raised = escalate(case, on("2026-03-30"))[0].attributes
    assert raised["target"] == {"person": "ehartmann"} and raised["unit"] is None and raised["kind"] == "clearing"


def test_an_approved_invoice_is_not_escalated():
    case = given(*ROUTED, certified(), approved())
    assert escalate(case, on("2026-04-30")) == [] and escalation.next_check(case, POLICY, on("2026-04-30")) is None
