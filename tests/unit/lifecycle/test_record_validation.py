"""Recording the validation report: the full report is kept, and a failed one rejects the invoice."""

import pytest

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import intake
from invoicing.lifecycle.errors import NotAllowedNow
from tests.unit.lifecycle.given import LATER, given, names, received, recognised, validated, verdict


def test_an_accepting_report_is_recorded_in_full_with_rule_sets_and_engine():
    changes = intake.validate(given(received(), recognised()), verdict(), at=LATER)
    assert names(changes) == ["InvoiceValidated"]
    attributes = changes[0].attributes
    assert attributes["accepted"] is True
    assert attributes["report"]["rule_sets"][0]["version"] == "CEN EN 16931 UBL 1.3.14"
    assert attributes["rule_sets"] == ["EN 16931 CEN EN 16931 UBL 1.3.14 (saxonche 13)"]
    assert attributes["engine"] == "validators.engine (test)"


def test_a_report_with_errors_also_rejects_the_invoice_naming_the_rules():
    changes = intake.validate(given(received(), recognised()), verdict("BR-CO-15", "BR-16"), at=LATER)
    assert names(changes) == ["InvoiceValidated", "InvoiceRejected"]
    assert changes[1].attributes["rule_ids"] == ["BR-16", "BR-CO-15"]
    assert changes[1].attributes["reason"].startswith("BR-CO-15: ")
    assert "(and 1 more)" in changes[1].attributes["reason"]


def test_an_accepted_invoice_is_ready_for_routing():
    case = given(received(), recognised(), validated())
    assert case.status == Status.ACCEPTED


def test_validating_again_records_nothing():
    assert intake.validate(given(received(), recognised(), validated()), verdict("BR-01"), at=LATER) == []


def test_validation_before_reading_is_refused():
    with pytest.raises(NotAllowedNow, match="has not been read yet"):
        intake.validate(given(received()), verdict(), at=LATER)
