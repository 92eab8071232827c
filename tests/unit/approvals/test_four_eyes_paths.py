"""Four-eyes across every path that changes who acts: reassignment to a person or a group, assignment to a
unit, deputies and operators. No step is given to someone who certified another step of the same invoice
(where the policy forbids combining them) or whose own matter it is."""

from invoicing.approvals import (
    Assignee,
    AssignToUnit,
    Certify,
    Reassign,
    Refusal,
    decide,
    next_step,
    route,
)
from invoicing.approvals.routing import clearing_route
from tests.unit.approvals.helpers import CENTRAL, at, facts, policy

POLICY = policy()
FACTS = facts()
ROUTE = route(FACTS, POLICY)
WHEN = at("2026-03-05")


def run(*commands, initial=ROUTE, invoice=FACTS):
    history = ()
    for command in commands:
        record = decide(command, initial, history, invoice, POLICY)
        assert not isinstance(record, Refusal), record.message.de
        history += (record,)
    return history


def test_the_anordnung_is_not_reassigned_to_who_certified_sachlich_richtig():
    # given Bernd (also a budget holder) certified sachlich richtig, Anna rechnerisch richtig
    history = run(Certify(by="bernd", at=WHEN), Certify(by="anna", at=WHEN))
    # when the Anordnung is handed to Bernd
    refusal = decide(Reassign(by="carla", at=WHEN, to=Assignee(person="bernd"), reason="Urlaub"), ROUTE, history,
                     FACTS, POLICY)
    # then
    assert refusal.code == "four_eyes" and "Vier-Augen-Prinzip" in refusal.message.de
    assert refusal.message.de.startswith("Umleitung nicht möglich")


def test_the_anordnung_may_go_to_a_group_only_if_a_member_has_not_signed():
    history = run(Certify(by="bernd", at=WHEN), Certify(by="anna", at=WHEN))
    refusal = decide(Reassign(by="carla", at=WHEN, to=Assignee(group="bau-sb"), reason="Urlaub"), ROUTE, history,
                     FACTS, POLICY)
    # Anna has no budget-holder role and Bernd signed: nobody in the group may take it
    assert isinstance(refusal, Refusal) and "Niemand" in refusal.message.de


def test_a_step_is_not_reassigned_to_someone_whose_own_matter_it_is():
    invoice = facts(seller_vat_id="DE111111111")
    plan = route(invoice, POLICY)
    refusal = decide(Reassign(by="anna", at=WHEN, to=Assignee(person="bernd"), reason="x"), plan, (), invoice, POLICY)
    assert refusal.code == "own_matter"


def test_a_step_may_be_reassigned_to_a_colleague_who_has_not_signed():
    history = run(Certify(by="anna", at=WHEN))
    record = decide(Reassign(by="anna", at=WHEN, to=Assignee(person="bernd"), reason="Urlaub"), ROUTE, history, FACTS,
                    POLICY)
    assert record.to == Assignee(person="bernd")
    # sachlich and rechnerisch may be combined by the policy, so Anna herself could also be given rechnerisch
    assert decide(Reassign(by="bernd", at=WHEN, to=Assignee(person="anna"), reason="zurück"), ROUTE,
                  history + (record,), FACTS, POLICY).to == Assignee(person="anna")


def test_assignment_to_a_unit_refuses_a_route_whose_named_signer_has_its_own_matter():
    # given an invoice in the clearing inbox whose supplier is Bernd's conflict of interest, and a policy
    # where the Bauamt's sachlich step is assigned to Bernd by name
    variant = policy(POLICY_TEXT.replace('{ step = "sachlich", group = "bau-sb" }', '{ step = "sachlich", person = "bernd" }', 1))
    invoice = facts(buyer_reference=CENTRAL, seller_vat_id="DE111111111")
    plan = clearing_route(invoice, variant)
    refusal = decide(AssignToUnit(by="erik", at=WHEN, unit="bau", reason="Bauleistung"), plan, (), invoice, variant)
    assert refusal.code == "own_matter" and "Zuordnung" in refusal.message.de


def test_assignment_to_a_unit_is_allowed_when_its_groups_have_someone_free():
    invoice = facts(buyer_reference=CENTRAL)
    plan = clearing_route(invoice, POLICY)
    record = decide(AssignToUnit(by="erik", at=WHEN, unit="bau", reason="Bauleistung"), plan, (), invoice, POLICY)
    assert next_step(plan, (record,)).step.kind == "sachlich"


def test_a_deputy_who_certified_may_not_give_the_anordnung_for_the_absent_person():
    # given Dirk is also a clerk of the Bauamt, and Carla's deputy in July
    variant = policy(POLICY_TEXT.replace('roles = ["clerk", "budget_holder"]\nunit = "bau"\n\n',
                                         'roles = ["clerk", "budget_holder"]\nunit = "bau"\ngroups = ["bau-sb", "feststellung"]\n\n'))
    july = at("2026-07-02")
    plan = route(FACTS, variant)
    history = ()
    for command in (Certify(by="dirk", at=july), Certify(by="anna", at=july)):
        history += (decide(command, plan, history, FACTS, variant),)
    # when Dirk, as Carla's deputy, would give the Anordnung
    refusal = decide(Certify(by="dirk", at=july), plan, history, FACTS, variant)
    # then
    assert refusal.code == "four_eyes"


from tests.unit.approvals.helpers import POLICY as POLICY_TEXT  # noqa: E402
