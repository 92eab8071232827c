"""Decisions: given a history, when a command comes, then a record (or a refusal) — and where the invoice stands."""

from invoicing.approvals import (
    AnswerClarification,
    Assignee,
    AssignToUnit,
    Certified,
    Certify,
    ClarificationAnswered,
    ClarificationRequested,
    Reassign,
    Reassigned,
    Refusal,
    RequestClarification,
    Rerouted,
    ReturnedToSupplier,
    ReturnToSupplier,
    decide,
    next_step,
    parse_record,
    route,
)
from tests.unit.approvals.helpers import CENTRAL, at, facts, policy

POLICY = policy()
FACTS = facts()
ROUTE = route(FACTS, POLICY)
WHEN = at("2026-03-05")


def run(*commands, facts=FACTS, initial=ROUTE):
    """Apply commands one by one; every one must be accepted. Returns the history."""
    history = ()
    for command in commands:
        record = decide(command, initial, history, facts, POLICY)
        assert not isinstance(record, Refusal), record.message.de
        history += (record,)
    return history


def test_a_new_invoice_waits_for_its_first_step():
    progress = next_step(ROUTE, ())
    assert (progress.status, progress.step.kind, progress.step.assignee.group) == ("pending", "sachlich", "bau-sb")


def test_certifying_every_step_approves_the_invoice():
    history = run(Certify(by="anna", at=WHEN), Certify(by="bernd", at=WHEN), Certify(by="carla", at=WHEN))
    assert [record.kind for record in history] == ["sachlich", "rechnerisch", "anordnung"]
    assert next_step(ROUTE, history).status == "approved"


def test_a_deputys_certification_is_recorded_as_on_behalf_of():
    history = run(Certify(by="anna", at=WHEN), Certify(by="bernd", at=WHEN), Certify(by="dirk", at=at("2026-07-02")))
    assert history[-1] == Certified(by="dirk", at=at("2026-07-02"), step=2, kind="anordnung", on_behalf_of="carla")


def test_a_refused_certification_produces_no_record_but_the_refusal():
    refusal = decide(Certify(by="carla", at=WHEN), ROUTE, (), FACTS, POLICY)
    assert isinstance(refusal, Refusal) and refusal.code == "not_assigned"


def test_a_clarification_request_pauses_the_step():
    # given
    history = run(RequestClarification(by="anna", at=WHEN, question="Wurde die Leistung abgenommen?",
                                       addressed_to="supplier"))
    # when
    progress = next_step(ROUTE, history)
    # then
    assert progress.status == "awaiting_clarification"
    assert progress.question.question == "Wurde die Leistung abgenommen?"
    assert decide(Certify(by="bernd", at=WHEN), ROUTE, history, FACTS, POLICY).code == "awaiting_clarification"


def test_an_answer_resumes_the_step():
    history = run(RequestClarification(by="anna", at=WHEN, question="Abnahme?"),
                  AnswerClarification(by="lara", at=WHEN, answer="Abnahmeprotokoll vom 1.3. liegt bei."))
    assert isinstance(history[-1], ClarificationAnswered)
    assert next_step(ROUTE, history).status == "pending"


def test_a_clarification_request_needs_a_question():
    refusal = decide(RequestClarification(by="anna", at=WHEN, question="  "), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "reason_missing"
    assert refusal.message.de == "Eine Rückfrage braucht eine Frage; bitte angeben."


def test_only_someone_who_may_handle_the_step_asks_for_clarification():
    refusal = decide(RequestClarification(by="sven", at=WHEN, question="?"), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "not_assigned"


def test_an_answer_without_an_open_question_is_refused():
    assert decide(AnswerClarification(by="anna", at=WHEN, answer="ok"), ROUTE, (), FACTS, POLICY).code == "nothing_open"


def test_a_reassignment_hands_the_step_to_another_assignee():
    # given
    history = run(Reassign(by="anna", at=WHEN, to=Assignee(person="sven"), reason="Herr Stein kennt die Baustelle."))
    # when
    progress = next_step(ROUTE, history)
    # then
    assert history == (Reassigned(by="anna", at=WHEN, step=0, to=Assignee(person="sven"),
                                  reason="Herr Stein kennt die Baustelle."),)
    assert progress.step.assignee == Assignee(person="sven")
    assert decide(Certify(by="sven", at=WHEN), ROUTE, history, FACTS, POLICY).kind == "sachlich"
    assert decide(Certify(by="anna", at=WHEN), ROUTE, history, FACTS, POLICY).code == "not_assigned"


def test_a_reassignment_needs_a_reason():
    refusal = decide(Reassign(by="anna", at=WHEN, to=Assignee(person="dirk"), reason=""), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "reason_missing" and refusal.message.en == "A reassignment needs a reason; please give one."


def test_a_step_is_never_reassigned_to_someone_without_a_fitting_role():
    refusal = decide(Reassign(by="anna", at=WHEN, to=Assignee(person="ines"), reason="x"), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "role"


def test_a_step_is_never_reassigned_to_someone_whose_release_limit_is_too_low():
    # Dirk has no limit for sachlich richtig at all
    refusal = decide(Reassign(by="anna", at=WHEN, to=Assignee(person="dirk"), reason="x"), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "no_limit" and "keine Freigabegrenze festgelegt" in refusal.message.de


def test_a_step_is_never_reassigned_to_someone_unknown():
    refusal = decide(Reassign(by="anna", at=WHEN, to=Assignee(group="nobody"), reason="x"), ROUTE, (), FACTS, POLICY)
    assert refusal.code == "unknown_assignee"


def test_the_clearing_inbox_may_reassign_any_step():
    assert decide(Reassign(by="erik", at=WHEN, to=Assignee(person="sven"), reason="Vertretung"),
                  ROUTE, (), FACTS, POLICY).to == Assignee(person="sven")


def test_a_return_to_the_supplier_closes_the_approval():
    # given
    history = run(ReturnToSupplier(by="anna", at=WHEN, reason="Leistung nicht erbracht."))
    # when / then
    assert isinstance(history[0], ReturnedToSupplier)
    assert next_step(ROUTE, history).status == "returned"
    assert decide(Certify(by="bernd", at=WHEN), ROUTE, history, FACTS, POLICY).code == "closed"


def test_a_return_to_the_supplier_needs_a_reason():
    assert decide(ReturnToSupplier(by="anna", at=WHEN, reason=" "), ROUTE, (), FACTS, POLICY).code == "reason_missing"


def test_nothing_more_is_decided_on_an_approved_invoice():
    history = run(Certify(by="anna", at=WHEN), Certify(by="bernd", at=WHEN), Certify(by="carla", at=WHEN))
    refusal = decide(ReturnToSupplier(by="carla", at=WHEN, reason="zu spät"), ROUTE, history, FACTS, POLICY)
    assert refusal.code == "closed" and "bereits vollständig freigegeben" in refusal.message.de


def test_the_clearing_inbox_assigns_an_unroutable_invoice_to_a_unit():
    # given an invoice in the clearing inbox
    central = facts(buyer_reference=CENTRAL)
    clearing = route(central, POLICY)
    # when
    history = run(AssignToUnit(by="erik", at=WHEN, unit="bau", reason="Lieferadresse Bauhof"), facts=central,
                  initial=clearing)
    # then
    assert isinstance(history[0], Rerouted) and history[0].route.unit == "bau"
    progress = next_step(clearing, history)
    assert (progress.route.unit, progress.status, progress.step.index) == ("bau", "pending", 0)


def test_only_the_clearing_inbox_assigns_invoices_to_units():
    clearing = route(facts(buyer_reference=CENTRAL), POLICY)
    refusal = decide(AssignToUnit(by="anna", at=WHEN, unit="bau", reason="meins"), clearing, (), FACTS, POLICY)
    assert refusal.code == "not_clearing"


def test_an_assignment_to_an_unknown_unit_is_refused():
    clearing = route(facts(buyer_reference=CENTRAL), POLICY)
    assert decide(AssignToUnit(by="erik", at=WHEN, unit="zoo", reason="x"), clearing, (), FACTS, POLICY).code == \
        "unknown_unit"


def test_records_survive_a_json_round_trip_as_event_payloads():
    history = run(RequestClarification(by="anna", at=WHEN, question="?"),
                  AnswerClarification(by="anna", at=WHEN, answer="!"),
                  Reassign(by="anna", at=WHEN, to=Assignee(group="bau-sb"), reason="zurück"),
                  Certify(by="anna", at=WHEN, comment="geprüft"))
    history += (Rerouted(by="erik", at=WHEN, route=ROUTE, reason="neu"),
                ReturnedToSupplier(by="anna", at=WHEN, step=0, reason="falsch"))
    assert tuple(parse_record(record.model_dump(mode="json")) for record in history) == history
    assert isinstance(history[0], ClarificationRequested)
