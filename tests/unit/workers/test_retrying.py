"""Which failures are retried: transient ones, a bounded number of times; permanent ones never."""

from eventsourcing.persistence import OperationalError

from invoicing.documents import DocumentNotFound
from invoicing.lifecycle.errors import ConcurrentChange, InvoiceNotFound
from workers.retrying import reason_of, retry_when


def test_a_database_hiccup_is_retried_until_the_limit():
    should_retry = retry_when(max_retries=3)
    assert should_retry(0, OperationalError("server closed the connection"))
    assert not should_retry(3, OperationalError("server closed the connection"))


def test_a_conflict_that_outlived_the_applications_retries_is_retried_later():
    assert retry_when(3)(0, ConcurrentChange("changed", "retry"))


def test_refusals_and_missing_originals_are_not_retried():
    assert not retry_when(3)(0, InvoiceNotFound("no such invoice", "check the id"))
    assert not retry_when(3)(0, DocumentNotFound("gone"))


def test_a_dead_letters_reason_is_the_last_line_of_its_traceback():
    message = {"options": {"traceback": "Traceback (most recent call last):\n  File x\nValueError: bad id\n"}}
    assert reason_of(message) == "ValueError: bad id"
    assert reason_of({"options": {}}) == "The work failed without an error message."
