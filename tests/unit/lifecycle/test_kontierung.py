"""The account assignment (Kontierung) given with sachlich richtig: pre-filled from the policy, checked, and
recorded in the certification event."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invoicing.approvals import route, sample_policy
from invoicing.approvals.assignment import AssignmentRow, check, prefill
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.errors import NotAllowedNow
from tests.unit.lifecycle.given import facts, recognition, verdict

POLICY = sample_policy()


@pytest.fixture
def invoices():
    services = bootstrap(Settings(persistence="memory"))
    yield services.invoices
    services.close()


def routed(invoices):
    case_id = invoices.receive_submission(b"<i/>", channel="upload", sender="s@x.example", filename="a.xml").case_id
    invoices.record_recognition(case_id, recognition())
    invoices.record_validation(case_id, verdict())
    invoices.route(case_id, facts())  # Hauptamt: sachlich_rechnerisch (sroth), then pneumann; 1,190.00 EUR
    return case_id


def test_the_assignment_is_prefilled_from_the_unit_and_the_suppliers_defaults():
    invoice = facts()
    assert prefill(invoice, route(invoice, POLICY), POLICY) == [AssignmentRow(cost_centre="1000", account="4980")]
    supplier = facts(seller_vat_id="DE226024193")
    assert prefill(supplier, route(supplier, POLICY), POLICY)[0].cost_object == "BGA"
    with_centre = facts(cost_centres=("1020",))
    assert prefill(with_centre, route(with_centre, POLICY), POLICY)[0].cost_centre == "1020"


def test_split_amounts_must_add_up_to_the_gross_total():
    invoice = facts()
    rows = [AssignmentRow(cost_centre="1000", account="4980", amount=Decimal("1000.00")),
            AssignmentRow(cost_centre="1010", account="4980", amount=Decimal("100.00"))]
    assert "1.190,00 EUR" in check(rows, invoice).de
    rows[1] = rows[1].model_copy(update={"amount": None})  # takes the rest
    assert check(rows, invoice) is None
    assert "Sachkonto" in check([AssignmentRow(cost_centre="1000", account="49x0")], invoice).de


def test_the_assignment_is_recorded_in_the_certification_event(invoices):
    case_id = routed(invoices)
    rows = [{"cost_centre": "1000", "account": "4980", "amount": "1000.00", "cost_object": "P-17"},
            {"cost_centre": "1010", "account": "4940"}]
    invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth", assignment=rows)
    event = invoices.history(case_id)[-1]
    assert type(event).__name__ == "InvoiceCertified" and event.assignment[0]["cost_object"] == "P-17"
    assert invoices.get_case(case_id).assignment[1] == {"cost_centre": "1010", "account": "4940"}


def test_a_wrong_assignment_refuses_the_certification_and_records_nothing(invoices):
    case_id = routed(invoices)
    version = invoices.get_case(case_id).version
    with pytest.raises(NotAllowedNow) as refused:
        invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth",
                         assignment=[{"cost_centre": "", "account": "4980"}])
    assert "Kostenstelle" in refused.value.message_de and invoices.get_case(case_id).version == version


def test_the_policy_refuses_accounting_defaults_for_an_unknown_unit_or_with_a_wrong_account():
    from invoicing.approvals import PolicyError
    from tests.unit.approvals.helpers import POLICY as TEXT
    from tests.unit.approvals.helpers import policy

    with pytest.raises(PolicyError) as refused:
        policy(TEXT + '\n[[accounting]]\nunit = "nirgends"\naccount = "49x"\n')
    assert "unknown unit 'nirgends'" in str(refused.value) and "'49x' must be digits" in str(refused.value)
