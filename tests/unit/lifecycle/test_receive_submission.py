"""Receiving a file: the first arrival opens the case, the same bytes again are recorded on it."""

from datetime import timedelta

from invoicing.lifecycle.decisions import intake
from tests.unit.lifecycle.given import HASH, LATER, RECEIVED_AT, given, names, received, submission


def test_a_first_arrival_opens_the_case_with_hash_size_channel_sender_name_and_exact_time():
    # given no case for these bytes
    # when
    changes = intake.receive(None, content_hash=HASH, size=4711, submission=submission(), at=RECEIVED_AT)
    # then
    assert names(changes) == ["InvoiceReceived"]
    attributes = changes[0].attributes
    assert attributes["content_hash"] == HASH and attributes["size"] == 4711
    assert attributes["channel"] == "upload" and attributes["filename"] == "RE-2026-0042.xml"
    assert attributes["received_at"] == RECEIVED_AT and attributes["received_at"].microsecond == 123456
    assert attributes["by"] == "rechnung@lieferant.example"


def test_the_same_bytes_by_another_channel_are_recorded_as_received_again():
    case = given(received())
    changes = intake.receive(case, content_hash=HASH, size=4711, at=LATER,
                             submission=submission("mail", RECEIVED_AT + timedelta(hours=1)))
    assert names(changes) == ["InvoiceReceivedAgain"]
    assert changes[0].attributes["channel"] == "mail"


def test_the_same_arrival_reported_twice_is_recorded_once():
    case = given(received())
    assert intake.receive(case, content_hash=HASH, size=4711, submission=submission(), at=LATER) == []
