"""Recording the pipeline's check in one transaction: recognition, report, number, route and notice together,
the same events the separate commands record, each once."""

from __future__ import annotations

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.case import Status
from tests.unit.lifecycle.given import facts, recognition, unreadable, verdict


@pytest.fixture
def invoices():
    services = bootstrap(Settings(persistence="memory"))
    yield services.invoices
    services.close()


def saves(invoices, monkeypatch) -> list:
    """Count the application's write transactions from now on."""
    counted = []
    real = invoices.save
    monkeypatch.setattr(invoices, "save", lambda *aggregates: counted.append(aggregates) or real(*aggregates))
    return counted


def told(case, about):
    return case.submissions[0].sender, f"Ihre Rechnung: {about}"


def received(invoices, content: bytes = b"<Invoice/>", sender: str = "s@x.example"):
    return invoices.receive_submission(content, channel="upload", sender=sender, filename="a.xml").case_id


def names(invoices, case_id) -> list[str]:
    return [type(event).__name__ for event in invoices.history(case_id)]


def test_an_accepted_invoice_is_read_validated_routed_and_its_supplier_told_in_one_transaction(invoices, monkeypatch):
    case_id = received(invoices)
    counted = saves(invoices, monkeypatch)
    recorded = invoices.record_check(case_id, recognition(), verdict(), facts=facts(), notice=told)
    assert recorded == ("InvoiceRecognised", "InvoiceValidated", "ApprovalRequested", "SupplierNotified")
    assert len(counted) == 1
    case = invoices.get_case(case_id)
    assert case.status == Status.AWAITING_APPROVAL and case.inbox == "hauptamt" and case.notified == ["accepted"]


def test_a_rejected_invoice_is_rejected_and_its_supplier_told_in_one_transaction(invoices, monkeypatch):
    case_id = received(invoices)
    counted = saves(invoices, monkeypatch)
    recorded = invoices.record_check(case_id, recognition(), verdict("BR-CO-15"), notice=told)
    assert recorded == ("InvoiceRecognised", "InvoiceValidated", "InvoiceRejected", "SupplierNotified")
    assert len(counted) == 1 and invoices.get_case(case_id).notified == ["rejected"]


def test_an_unreadable_file_is_recorded_as_such_and_rejected(invoices):
    case_id = received(invoices)
    invoices.record_check(case_id, unreadable(), verdict("INTAKE-not-xml"), notice=told)
    assert names(invoices, case_id) == ["InvoiceReceived", "InvoiceNotRecognised", "InvoiceValidated",
                                        "InvoiceRejected", "SupplierNotified"]


def test_a_suspected_duplicate_is_not_routed_and_its_number_is_registered_in_the_same_transaction(invoices,
                                                                                                   monkeypatch):
    first, second = received(invoices, b"<a/>"), received(invoices, b"<b/>")
    invoices.record_check(first, recognition(), verdict(), facts=facts(), notice=told)
    counted = saves(invoices, monkeypatch)
    recorded = invoices.record_check(second, recognition(), verdict(), facts=facts(), notice=told)
    assert recorded == ("InvoiceRecognised", "InvoiceValidated", "DuplicateSuspected", "SupplierNotified")
    assert len(counted) == 1 and len([item for item in counted[0] if item is not None]) == 2  # case and register
    assert invoices.get_case(second).status == Status.DUPLICATE_SUSPECTED


def test_a_notice_that_goes_by_mail_is_left_to_the_notify_step(invoices):
    case_id = received(invoices)
    invoices.record_check(case_id, recognition(), verdict(), facts=facts(), notice=lambda case, about: None)
    assert invoices.get_case(case_id).notified == []


def test_a_check_recorded_twice_records_nothing_the_second_time(invoices, monkeypatch):
    case_id = received(invoices)
    invoices.record_check(case_id, recognition(), verdict(), facts=facts(), notice=told)
    counted = saves(invoices, monkeypatch)
    assert invoices.record_check(case_id, recognition(), verdict(), facts=facts(), notice=told) == ()
    assert counted == []


def test_the_events_are_those_the_separate_commands_record(invoices):
    together, apart = received(invoices, b"<a/>"), received(invoices, b"<b/>", sender="t@x.example")
    invoices.record_check(together, recognition("RE-1"), verdict(), facts=facts(number="RE-1"), notice=told)
    invoices.record_recognition(apart, recognition("RE-2"))
    invoices.record_validation(apart, verdict())
    invoices.route(apart, facts(number="RE-2"))
    sender, message = told(invoices.get_case(apart), "accepted")
    invoices.notify_supplier(apart, about="accepted", recipient=sender, message=message)

    def shape(case_id):
        return [(type(event).__name__, sorted(key for key in vars(event) if key not in ("timestamp",)))
                for event in invoices.history(case_id)]

    assert shape(together) == shape(apart)


def test_a_case_changed_meanwhile_is_checked_again_on_the_stored_history(invoices):
    case_id = received(invoices)
    stale = invoices.get_case(case_id)
    invoices.record_recognition(case_id, recognition())  # someone else was quicker
    recorded = invoices.record_check(case_id, recognition(), verdict(), facts=facts(), notice=told, case=stale)
    assert recorded == ("InvoiceValidated", "ApprovalRequested", "SupplierNotified")
    assert names(invoices, case_id).count("InvoiceRecognised") == 1
