"""Asking and answering a question on the open step: the step waits until it is answered."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, ReasonRequired
from tests.unit.lifecycle.given import LATER, POLICY, given, names, received, recognised, routed, validated

ROUTED = (received(), recognised(), validated(), routed())


def ask(case, by="sroth", question="Ist die Leistung vollständig erbracht?", to="supplier"):
    return approval.request_clarification(case, by=by, question=question, addressed_to=to, policy=POLICY, at=LATER)


def answer(case, by="sroth", text="Ja, Abnahmeprotokoll liegt vor."):
    return approval.answer_clarification(case, by=by, answer=text, policy=POLICY, at=LATER)


def test_whoever_handles_the_step_asks_a_question_and_the_step_waits():
    case = given(*ROUTED)
    changes = ask(case)
    assert names(changes) == ["ClarificationRequested"]
    assert changes[0].attributes == {"step": 0, "kind": "sachlich_rechnerisch", "addressed_to": "supplier",
                                     "question": "Ist die Leistung vollständig erbracht?", "by": "sroth",
                                     "timestamp": LATER}
    case.record(changes)
    assert case.progress.status == "awaiting_clarification"


def test_while_the_question_is_open_nobody_certifies_the_step():
    case = given(*ROUTED)
    case.record(ask(case))
    with pytest.raises(ApprovalRefused) as refused:
        approval.certify(case, step="sachlich_rechnerisch", by="jalbrecht", policy=POLICY, at=LATER)
    assert refused.value.rule == "awaiting_clarification" and "noch offen" in refused.value.message_de


def test_the_answer_lets_the_step_go_on():
    case = given(*ROUTED)
    case.record(ask(case))
    case.record(answer(case, by="dyilmaz"))
    assert case.progress.status == "pending"
    assert names(approval.certify(case, step="sachlich_rechnerisch", by="jalbrecht", policy=POLICY,
                                  at=LATER)) == ["InvoiceCertified"]


def test_without_an_open_question_there_is_nothing_to_answer():
    with pytest.raises(ApprovalRefused) as refused:
        answer(given(*ROUTED))
    assert refused.value.rule == "nothing_open"


def test_only_people_who_handle_the_step_ask_and_only_known_people_answer():
    with pytest.raises(ApprovalRefused):
        ask(given(*ROUTED), by="kvogel")
    case = given(*ROUTED)
    case.record(ask(case))
    with pytest.raises(ApprovalRefused) as refused:
        answer(case, by="lieferant@example.com")
    assert refused.value.rule == "unknown_person"


def test_a_question_must_be_asked_in_words():
    with pytest.raises(ReasonRequired):
        ask(given(*ROUTED), question="  ")
