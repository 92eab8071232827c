"""Certifying a step: only by the people the policy lets, in order, once; the Anordnung approves the invoice."""

from decimal import Decimal

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, NotAllowedNow, StepAlreadyDecided
from tests.unit.approvals.helpers import BAU
from tests.unit.approvals.helpers import policy as gemeinde_policy
from tests.unit.lifecycle.given import (
    BIBLIOTHEK,
    FEUERWEHR,
    GEBAEUDE,
    LATER,
    NOWHERE,
    POLICY,
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

ACCEPTED = (received(), recognised(), validated())
HAUPTAMT_CASE = (*ACCEPTED, routed())


def certify(case, step, by, at=LATER, policy=POLICY, comment=""):
    return approval.certify(case, step=step, by=by, comment=comment, policy=policy, at=at)


def refusal(case, step, by, at=LATER, policy=POLICY) -> ApprovalRefused:
    with pytest.raises(ApprovalRefused) as refused:
        certify(case, step, by, at, policy)
    return refused.value


def test_a_member_of_the_assigned_group_certifies_the_first_step_with_a_comment():
    changes = certify(given(*HAUPTAMT_CASE), "sachlich_rechnerisch", "sroth", comment="Geliefert und richtig.")
    assert names(changes) == ["InvoiceCertified"]
    assert changes[0].attributes == {"step": "sachlich_rechnerisch", "index": 0, "on_behalf_of": None,
                                     "comment": "Geliefert und richtig.", "by": "sroth", "timestamp": LATER}


def test_the_payment_order_is_the_last_step_and_approves_the_invoice():
    case = given(*HAUPTAMT_CASE, certified("sachlich_rechnerisch", by="sroth"))
    changes = certify(case, "anordnung", "pneumann")
    assert names(changes) == ["InvoiceApproved"] and changes[0].attributes["index"] == 1
    case.record(changes)
    assert case.status == Status.APPROVED and case.open_step is None


def test_someone_the_step_is_not_assigned_to_is_refused_with_the_reason_in_german_and_english():
    refused = refusal(given(*HAUPTAMT_CASE), "sachlich_rechnerisch", "mengel")
    assert refused.rule == "not_assigned" and refused.code == "approval-refused"
    assert refused.message_de.startswith("Herr Markus Engel darf „sachlich und rechnerisch richtig“ nicht "
                                         "bescheinigen: der Schritt ist Gruppe „Sachbearbeitung Hauptamt“ zugewiesen")
    assert refused.message.startswith("Mr Markus Engel may not certify 'factually and arithmetically correct'")
    assert refused.hint.startswith("Ask someone the step is assigned to")


def test_someone_without_a_fitting_role_is_refused():
    assert refusal(given(*HAUPTAMT_CASE), "sachlich_rechnerisch", "ilang").rule == "role"


def test_an_unknown_login_is_refused():
    assert refusal(given(*HAUPTAMT_CASE), "sachlich_rechnerisch", "mallory").rule == "unknown_person"


def test_nobody_signs_the_payment_order_after_certifying_the_same_invoice_four_eyes():
    # given a small library invoice whose Anordnung is for the library's management, Lukas Brenner among them
    small = (*ACCEPTED, routed(facts(buyer_reference=BIBLIOTHEK, amount=Decimal("300.00"))))
    case = given(*small, certified("sachlich_rechnerisch", by="lbrenner"))
    # when he also tries to give the payment order, then
    refused = refusal(case, "anordnung", "lbrenner")
    assert refused.rule == "four_eyes" and "(Vier-Augen-Prinzip)" in refused.message_de
    assert names(certify(case, "anordnung", "hsommer")) == ["InvoiceApproved"]


def test_nobody_signs_above_their_release_limit():
    # given the Testgemeinde, where Carla may order payments up to 10,000 EUR, and an invoice over 12,000 EUR
    policy = gemeinde_policy()
    bau = facts(buyer_reference=BAU, amount=Decimal("12000.00"))
    case = given(*ACCEPTED, routed(bau, policy=policy), certified("sachlich", by="anna"),
                 certified("rechnerisch", by="bernd", index=1))
    # when / then
    refused = refusal(case, "anordnung", "carla", policy=policy)
    assert refused.rule == "limit"
    assert refused.message_de == ("Frau Carla Conrad darf die Anordnung nicht erteilen: der Rechnungsbetrag von "
                                  "12.000,00 EUR übersteigt die Freigabegrenze von 10.000,00 EUR.")


def test_a_deputy_in_the_deputy_period_gives_the_payment_order_recorded_as_deputy():
    # given a Gebäudemanagement invoice certified sachlich and rechnerisch, and Thomas Koch on holiday
    case = given(*ACCEPTED, routed(facts(buyer_reference=GEBAEUDE)), certified("sachlich", by="fkaiser"),
                 certified("rechnerisch", by="hbraun", index=1))
    # when his deputy Birgit Berger orders the payment within her period
    changes = certify(case, "anordnung", "bberger", at=on("2026-07-25"))
    # then it is recorded that she acted for him
    assert names(changes) == ["InvoiceApproved"]
    assert changes[0].attributes["by"] == "bberger" and changes[0].attributes["on_behalf_of"] == "tkoch"
    case.record(changes)
    assert case.decision_on("anordnung").on_behalf_of == "tkoch"


def test_a_deputy_outside_the_deputy_period_is_refused_and_told_the_period():
    case = given(*ACCEPTED, routed(facts(buyer_reference=GEBAEUDE)), certified("sachlich", by="fkaiser"),
                 certified("rechnerisch", by="hbraun", index=1))
    refused = refusal(case, "anordnung", "bberger", at=on("2026-06-01"))
    assert refused.rule == "deputy_out_of_period"
    assert "vertritt Herr Thomas Koch nur vom 20.07.2026 bis 07.08.2026, nicht am 01.06.2026" in refused.message_de


def test_nobody_certifies_a_matter_concerning_themselves():
    own = facts(buyer_reference=FEUERWEHR, seller_name="Feuerschutz Engel GmbH", seller_vat_id="DE999999999")
    refused = refusal(given(*ACCEPTED, routed(own)), "sachlich_rechnerisch", "mengel")
    assert refused.rule == "own_matter" and "Bruder ist Inhaber" in refused.message_de


def test_a_step_already_certified_is_a_conflict_naming_who_and_when():
    case = given(*HAUPTAMT_CASE, certified("sachlich_rechnerisch", by="sroth"))
    with pytest.raises(StepAlreadyDecided, match="already certified by sroth at 2026-03-02 09:20:30") as conflict:
        certify(case, "sachlich_rechnerisch", "jalbrecht")
    assert "wurde bereits von sroth am 02.03.2026 um 09:20:30 UTC bescheinigt" in conflict.value.message_de


def test_a_later_step_cannot_be_certified_before_the_open_one():
    with pytest.raises(NotAllowedNow, match="comes after 'sachlich_rechnerisch'"):
        certify(given(*HAUPTAMT_CASE), "anordnung", "pneumann")


def test_an_unknown_step_is_refused_with_the_steps_there_are():
    with pytest.raises(NotAllowedNow, match="its steps are sachlich_rechnerisch, anordnung"):
        certify(given(*HAUPTAMT_CASE), "vorpruefung", "sroth")


def test_an_invoice_not_in_an_inbox_cannot_be_certified():
    with pytest.raises(NotAllowedNow, match="not awaiting approval"):
        certify(given(*ACCEPTED), "sachlich_rechnerisch", "sroth")


def test_nothing_is_certified_in_the_clearing_inbox():
    case = given(*ACCEPTED, routed(facts(buyer_reference=NOWHERE)))
    assert refusal(case, "clearing", "dyilmaz").rule == "not_a_certification"
