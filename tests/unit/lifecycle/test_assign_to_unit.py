"""Assigning an invoice from the clearing inbox to a unit: the central invoice inbox only, with a reason."""

import pytest

from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused
from tests.unit.lifecycle.given import (
    LATER,
    NOWHERE,
    POLICY,
    facts,
    given,
    names,
    received,
    recognised,
    routed,
    validated,
)

IN_CLEARING = (received(), recognised(), validated(), routed(facts(buyer_reference=NOWHERE)))


def assign(case, unit="gebaeude", by="dyilmaz", reason="Lieferanschrift Technisches Rathaus."):
    return approval.assign_to_unit(case, by=by, unit=unit, reason=reason, policy=POLICY, at=LATER)


def test_the_central_inbox_assigns_the_invoice_and_it_gets_the_units_route():
    case = given(*IN_CLEARING)
    changes = assign(case)
    assert names(changes) == ["InvoiceAssignedToUnit"]
    assigned = changes[0].attributes
    assert assigned["unit"] == "gebaeude" and assigned["route"]["source"] == "assigned"
    assert assigned["policy"]["version"] == "2026-01"
    case.record(changes)
    assert case.inbox == "gebaeude" and case.steps == ["sachlich", "rechnerisch", "anordnung"]
    assert case.current_step == "sachlich" and case.open_step.assignee.group == "gebaeude-technik"
    assert names(approval.certify(case, step="sachlich", by="fkaiser", policy=POLICY, at=LATER)) == [
        "InvoiceCertified"]


def test_nobody_outside_the_central_inbox_assigns_invoices_to_units():
    with pytest.raises(ApprovalRefused) as refused:
        assign(given(*IN_CLEARING), by="sroth")
    assert refused.value.rule == "not_clearing" and "ordnet Rechnungen einem Amt zu" in refused.value.message_de


def test_an_unknown_unit_is_refused():
    with pytest.raises(ApprovalRefused) as refused:
        assign(given(*IN_CLEARING), unit="zoo")
    assert refused.value.rule == "unknown_unit"
