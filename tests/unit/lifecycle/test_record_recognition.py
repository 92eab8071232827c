"""Recording what a file was read as, or why it could not be read."""

import pytest

from invoicing.lifecycle.decisions import intake
from invoicing.lifecycle.errors import InvoiceNotFound
from tests.unit.lifecycle.given import LATER, given, names, received, recognised, recognition, unreadable


def test_a_read_invoice_is_recorded_with_syntax_number_and_seller():
    case = given(received())
    changes = intake.recognise(case, recognition(), at=LATER)
    assert names(changes) == ["InvoiceRecognised"]
    assert changes[0].attributes["number"] == "RE-2026-0042"
    assert changes[0].attributes["seller_key"] == "vat:de123456789"


def test_an_unreadable_file_is_recorded_with_the_readers_words_for_the_supplier():
    changes = intake.recognise(given(received()), unreadable(), at=LATER)
    assert names(changes) == ["InvoiceNotRecognised"]
    assert changes[0].attributes["hint"] == "Please send XRechnung XML."


def test_recognising_again_records_nothing():
    assert intake.recognise(given(received(), recognised()), recognition(), at=LATER) == []


def test_recognising_an_unknown_case_is_refused():
    with pytest.raises(InvoiceNotFound):
        intake.recognise(None, recognition(), at=LATER)
