"""Making dead-lettered work visible on the case, with the reason."""

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import intake
from tests.unit.lifecycle.given import LATER, given, names, received


def test_a_failed_processing_is_recorded_with_its_reason_and_shows_on_the_status():
    case = given(received())
    changes = intake.record_failure(case, action="process", reason="TimeLimitExceeded", retries=5, at=LATER)
    assert names(changes) == ["InvoiceProcessingFailed"]
    case.record(changes)
    assert case.status == Status.PROCESSING_FAILED and case.failures[0]["reason"] == "TimeLimitExceeded"


def test_the_same_failure_reported_twice_is_recorded_once():
    case = given(received())
    case.record(intake.record_failure(case, action="route", reason="boom", retries=5, at=LATER))
    assert intake.record_failure(case, action="route", reason="boom", retries=5, at=LATER) == []
