"""A returned invoice sent again (same seller and number, same submitter) is its correction, not a duplicate;
a suspected duplicate records which earlier cases were the same submitter's own."""

from __future__ import annotations

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.case import Status
from tests.unit.lifecycle.given import facts, recognition, verdict


@pytest.fixture
def invoices():
    services = bootstrap(Settings(persistence="memory"))
    yield services.invoices
    services.close()


def submit(invoices, content: bytes, sender: str = "s@x.example"):
    receipt = invoices.receive_submission(content, channel="upload", sender=sender, filename="a.xml")
    invoices.record_recognition(receipt.case_id, recognition())
    invoices.record_validation(receipt.case_id, verdict())
    return receipt.case_id


def test_the_corrected_invoice_is_linked_to_the_returned_one_and_both_histories_show_it(invoices):
    # given an invoice returned to its supplier
    first = submit(invoices, b"<first/>")
    invoices.route(first, facts())
    invoices.return_to_supplier(first, by="sroth", reason="Bestellnummer fehlt.")
    # when the supplier sends the corrected file with the same number
    second = submit(invoices, b"<corrected/>")
    # then it is the correction, not a suspected duplicate, and goes on to routing
    corrected = invoices.get_case(second)
    assert corrected.status == Status.ACCEPTED and corrected.corrects == first
    assert invoices.get_case(first).corrections == [second]
    assert [type(event).__name__ for event in invoices.history(first)][-1] == "CorrectionArrived"
    assert "CorrectionReceived" in [type(event).__name__ for event in invoices.history(second)]


def test_the_same_number_from_another_submitter_stays_a_suspected_duplicate(invoices):
    first = submit(invoices, b"<first/>")
    invoices.route(first, facts())
    invoices.return_to_supplier(first, by="sroth", reason="Bestellnummer fehlt.")
    second = submit(invoices, b"<corrected/>", sender="other@y.example")
    case = invoices.get_case(second)
    assert case.status == Status.DUPLICATE_SUSPECTED and case.corrects is None and case.duplicate_own == []


def test_a_suspected_duplicate_of_an_invoice_not_returned_names_the_submitters_own_earlier_case(invoices):
    first = submit(invoices, b"<first/>")
    second = submit(invoices, b"<again/>")
    case = invoices.get_case(second)
    assert case.status == Status.DUPLICATE_SUSPECTED and case.duplicate_own == [first]
