"""Denying a step: with a reason, on the open step."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ReasonRequired

from tests.unit.lifecycle.given import LATER, given, names, received, recognised, routed, validated

ROUTED = (received(), recognised(), validated(), routed())


def test_a_step_is_denied_with_the_reason():
    case = given(*ROUTED)
    changes = approval.deny(case, step="sachlich-richtig", by="anna", reason="Nicht geliefert.", at=LATER)
    assert names(changes) == ["InvoiceDenied"]
    case.record(changes)
    assert case.status == Status.DENIED and case.decision_on("sachlich-richtig").note == "Nicht geliefert."


def test_denying_without_a_reason_is_refused_and_says_what_to_do():
    with pytest.raises(ReasonRequired) as refused:
        approval.deny(given(*ROUTED), step="sachlich-richtig", by="anna", reason=" ", at=LATER)
    assert refused.value.hint.startswith("Write down why")
