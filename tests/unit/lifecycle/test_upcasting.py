"""Events stored before the approval policy still load: versioned upcasting, and the old cases routed again.

Version 1 of `ApprovalRequested`, `InvoiceCertified`, `InvoiceApproved` and `InvoiceReturnedToSupplier`
lacked attributes that version 2 records; their upcasts set them to None ("not recorded then").
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from eventsourcing.persistence import StoredEvent

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.case import SYSTEM, InvoiceCase, Status
from invoicing.lifecycle.errors import NotAllowedNow
from tests.unit.lifecycle.given import facts, recognition, verdict


@pytest.fixture
def invoices():
    services = bootstrap(Settings(persistence="memory"))
    yield services.invoices
    services.close()


def as_version_1(invoices, event, *dropped: str) -> StoredEvent:
    """`event` stored the way version 1 of its class stored it: without `dropped` and without a class version."""
    stored = invoices.mapper.to_stored_event(event)
    state = invoices.mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") in (2, 3)
    state.pop("assignment", None)  # version 3 of the certification events (the Kontierung)
    for name in dropped:
        del state[name]
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                       invoices.mapper.transcoder.encode(state))


def accepted_case(invoices):
    case_id = invoices.receive_submission(b"<Invoice>legacy</Invoice>", channel="api", sender="s",
                                          filename="l.xml").case_id
    invoices.record_recognition(case_id, recognition())
    invoices.record_validation(case_id, verdict())
    return case_id


def store_legacy(invoices, case_id, *events) -> None:
    version, at = invoices.get_case(case_id).version, invoices.clock()
    stored = []
    for offset, (event_class, attributes, dropped) in enumerate(events, start=1):
        event = event_class(originator_id=case_id, originator_version=version + offset,
                            timestamp=at + timedelta(seconds=offset), **attributes)
        stored.append(as_version_1(invoices, event, *dropped))
    invoices.recorder.insert_events(stored)


LEGACY_ROUTING = (InvoiceCase.ApprovalRequested,
                  {"inbox": "default", "steps": ["sachlich-richtig", "rechnerisch-richtig", "anordnung"],
                   "route": None, "facts": None, "policy": None, "by": SYSTEM}, ("route", "facts", "policy"))


def test_version_1_events_come_back_with_the_new_attributes_as_not_recorded(invoices):
    case_id = accepted_case(invoices)
    store_legacy(invoices, case_id, LEGACY_ROUTING,
                 (InvoiceCase.InvoiceCertified, {"step": "sachlich-richtig", "index": None, "on_behalf_of": None,
                                                 "comment": "ok", "by": "anna"}, ("index", "on_behalf_of")),
                 (InvoiceCase.InvoiceReturnedToSupplier, {"reason": "falsch", "step": None, "by": "anna"}, ("step",)))
    requested, certified, returned = invoices.history(case_id)[-3:]
    assert (requested.inbox, requested.route, requested.facts, requested.policy) == ("default", None, None, None)
    assert (certified.step, certified.index, certified.on_behalf_of) == ("sachlich-richtig", None, None)
    assert returned.step is None and invoices.get_case(case_id).status == Status.RETURNED


def test_an_approval_of_version_1_loads_as_approved(invoices):
    case_id = accepted_case(invoices)
    store_legacy(invoices, case_id, LEGACY_ROUTING,
                 (InvoiceCase.InvoiceApproved, {"step": "anordnung", "index": None, "on_behalf_of": None,
                                                "comment": "", "by": "bert"}, ("index", "on_behalf_of")))
    case = invoices.get_case(case_id)
    assert case.status == Status.APPROVED and case.decision_on("anordnung").by == "bert"


def test_a_case_routed_before_the_policy_is_refused_to_people_until_it_is_routed_again(invoices):
    case_id = accepted_case(invoices)
    store_legacy(invoices, case_id, LEGACY_ROUTING)
    with pytest.raises(NotAllowedNow, match="routed before the approval policy"):
        invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth")
    assert invoices.route(case_id, facts()) == ("ApprovalRequested",)
    assert invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth") == ("InvoiceCertified",)


def test_a_certification_of_version_2_loads_without_an_account_assignment(invoices):
    case_id = accepted_case(invoices)
    invoices.route(case_id, facts())
    case = invoices.get_case(case_id)
    event = InvoiceCase.InvoiceCertified(originator_id=case_id, originator_version=case.version + 1,
                                         timestamp=invoices.clock(), step="sachlich_rechnerisch", index=0,
                                         on_behalf_of=None, comment="ok", by="sroth", assignment=None)
    stored = invoices.mapper.to_stored_event(event)
    state = invoices.mapper.transcoder.decode(stored.state)
    state["class_version"] = 2
    del state["assignment"]
    invoices.recorder.insert_events([StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                                                 invoices.mapper.transcoder.encode(state))])
    certified = invoices.history(case_id)[-1]
    assert certified.assignment is None and invoices.get_case(case_id).assignment is None
