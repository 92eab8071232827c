"""The sample policy against 200 generated invoices: each reaches its unit's chain and can be fully approved.

By design, an invoice the generator sends to the central inbox's Leitweg-ID (no unit) reaches the
unit it was meant for when its order reference or cost centre names the unit, and otherwise the
clearing inbox, where the Zentraler Rechnungseingang assigns it by hand.
"""

from datetime import datetime, time, timedelta, timezone

import pytest

from invoicing.approvals import (
    AssignToUnit,
    Certified,
    Certify,
    InvoiceFacts,
    Refusal,
    decide,
    next_step,
    route,
    sample_policy,
    who_may_act,
)
from invoicing.generator import city, generate_batch

POLICY = sample_policy()
UNIT_BY_NAME = {unit.name: key for key, unit in city.UNITS.items()}


@pytest.fixture(scope="module")
def invoices():
    return [(invoice, InvoiceFacts.from_invoice(invoice), UNIT_BY_NAME[invoice.buyer.postal_address.line_2])
            for invoice in generate_batch(2026, 200)]


def test_every_invoice_to_a_units_leitweg_id_reaches_that_units_chain(invoices):
    addressed = [(facts, unit) for _, facts, unit in invoices if facts.buyer_reference != city.CENTRAL_LEITWEG_ID]
    assert len(addressed) > 150
    for facts, unit in addressed:
        chosen = route(facts, POLICY)
        assert (chosen.clearing, chosen.unit) == (False, unit), facts.number
        assert chosen.steps[-1].kind == "anordnung"


def test_invoices_to_the_central_inbox_reach_their_unit_or_by_design_the_clearing_inbox(invoices):
    central = [(facts, unit) for _, facts, unit in invoices if facts.buyer_reference == city.CENTRAL_LEITWEG_ID]
    routes = [(route(facts, POLICY), unit) for facts, unit in central]
    assert all(chosen.clearing or chosen.unit == unit for chosen, unit in routes)
    assert any(chosen.clearing for chosen, _ in routes) and any(not chosen.clearing for chosen, _ in routes)


def test_every_generated_invoice_can_be_approved_by_the_people_the_policy_names(invoices):
    for invoice, facts, unit in invoices:
        when = datetime.combine(invoice.issue_date, time(9), timezone.utc) + timedelta(days=2)
        initial, history = route(facts, POLICY), ()
        if initial.clearing:
            history += (_accepted(AssignToUnit(by="dyilmaz", at=when, unit=unit, reason="Lieferanschrift"),
                                  initial, history, facts),)
        while (progress := next_step(initial, history)).open:
            signers = [actor.login for actor in who_may_act(progress.step, POLICY, when)]
            record = next((record for login in signers
                           if not isinstance(record := decide(Certify(by=login, at=when), initial, history, facts,
                                                              POLICY), Refusal)), None)
            assert record is not None, f"nobody may sign step {progress.step} of {facts.number} ({facts.amount})"
            history += (record,)
        assert progress.status == "approved"
        signed = [record for record in history if isinstance(record, Certified)]
        orderer = signed[-1].by
        assert orderer not in {record.by for record in signed[:-1]}, "four-eyes"


def _accepted(command, initial, history, facts):
    record = decide(command, initial, history, facts, POLICY)
    assert not isinstance(record, Refusal), record.message.en
    return record
