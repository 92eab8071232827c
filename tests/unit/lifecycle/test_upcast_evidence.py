"""Events stored before arrivals carried evidence and notices carried a Message-ID are read as "not recorded then"."""

from dataclasses import replace

from invoicing.lifecycle.application import Invoices
from invoicing.lifecycle.case import InvoiceCase


def stored_as_version_1(invoices: Invoices, stored, *dropped: str):
    state = invoices.mapper.transcoder.decode(stored.state)
    for name in (*dropped, "class_version"):
        state.pop(name, None)
    return replace(stored, state=invoices.mapper.transcoder.encode(state))


def test_version_1_arrivals_and_notices_are_upcast_with_empty_evidence_and_no_message_id():
    invoices = Invoices({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    case_id = invoices.receive_submission(b"<Invoice/>", channel="upload", sender="s", filename="a.xml").case_id
    invoices.receive_submission(b"<Invoice/>", channel="email", sender="s", filename="b.xml",
                                evidence={"message_id": "<m@x>"})
    stored = invoices.recorder.select_events(case_id)

    received = invoices.mapper.to_domain_event(stored_as_version_1(invoices, stored[0], "evidence"))
    again = invoices.mapper.to_domain_event(stored_as_version_1(invoices, stored[1], "evidence"))

    assert isinstance(received, InvoiceCase.InvoiceReceived) and received.evidence is None
    assert isinstance(again, InvoiceCase.InvoiceReceivedAgain) and again.evidence is None
    assert invoices.mapper.to_domain_event(stored[1]).evidence == {"message_id": "<m@x>"}


def test_a_version_1_notice_has_no_message_id():
    event = InvoiceCase.SupplierNotified
    state = {"about": "accepted", "recipient": "a", "message": "m", "by": "system"}
    event.upcast_v1_v2(state)
    assert state["message_id"] == ""
