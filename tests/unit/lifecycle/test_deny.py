"""Denying a step: by whoever handles it, with a reason, on the open step."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from invoicing.lifecycle.errors import ApprovalRefused, NotAllowedNow, ReasonRequired
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

ROUTED = (received(), recognised(), validated(), routed())


def deny(case, by="sroth", reason="Nicht geliefert.", step="sachlich_rechnerisch"):
    return approval.deny(case, step=step, by=by, reason=reason, policy=POLICY, at=LATER)


def test_a_step_is_denied_with_the_reason():
    case = given(*ROUTED)
    changes = deny(case)
    assert names(changes) == ["InvoiceDenied"]
    case.record(changes)
    assert case.status == Status.DENIED and case.decision_on("sachlich_rechnerisch").note == "Nicht geliefert."


def test_denying_without_a_reason_is_refused_and_says_what_to_do():
    with pytest.raises(ReasonRequired) as refused:
        deny(given(*ROUTED), reason=" ")
    assert refused.value.hint.startswith("Write down why") and refused.value.message_de.startswith("Für die Ablehnung")


def test_someone_who_does_not_handle_the_step_cannot_deny_it():
    with pytest.raises(ApprovalRefused) as refused:
        deny(given(*ROUTED), by="mengel")
    assert refused.value.rule == "not_assigned"


def test_the_clearing_inbox_does_not_deny():
    with pytest.raises(NotAllowedNow, match="does not deny"):
        deny(given(received(), recognised(), validated(), routed(facts(buyer_reference=NOWHERE))), by="dyilmaz",
             step="clearing")
