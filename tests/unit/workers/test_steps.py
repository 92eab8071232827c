"""The steps the actors run, on the in-memory application: each does its work once, however often it runs."""

from __future__ import annotations

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.generator.submissions import submission_batch
from invoicing.lifecycle.case import Status
from invoicing.lifecycle.decisions import approval
from tests.unit.lifecycle.given import LATER, POLICY, given, received, recognised, routed, validated
from workers import steps

BATCH = submission_batch(11, 40, unreadable=0.05)
ROUTED = (received(), recognised(), validated(), routed())


def first(kind: str):
    return next(item for item in BATCH if item.kind == kind)


@pytest.fixture
def services():
    services = bootstrap(Settings(persistence="memory"))
    yield services
    services.close()


def receive(services, item):
    return services.invoices.receive_submission(item.content, channel=item.channel, sender="s@x.example",
                                                filename=item.name).case_id


def test_a_file_with_wrong_totals_is_recognised_validated_and_rejected_with_br_co_15(services):
    case_id = receive(services, first("invalid"))
    steps.process_submission(services, case_id)
    case = services.invoices.get_case(case_id)
    assert case.status == Status.REJECTED and "BR-CO-15" in case.rejection["rule_ids"]
    assert case.recognition["number"] and case.verdict["rule_sets"]
    assert case.verdict["engine"].startswith("validators.engine (einvoice-receiving ")


def test_a_file_that_is_no_invoice_is_rejected_with_the_readers_reason(services):
    case_id = receive(services, first("unreadable"))
    steps.process_submission(services, case_id)
    case = services.invoices.get_case(case_id)
    assert case.status == Status.REJECTED and case.unreadable["code"]
    assert case.rejection["rule_ids"][0].startswith("INTAKE-")


def test_processing_twice_records_once(services):
    case_id = receive(services, first("fresh"))
    steps.process_submission(services, case_id)
    steps.process_submission(services, case_id)
    names = [type(event).__name__ for event in services.invoices.history(case_id)]
    assert names.count("InvoiceValidated") == 1 and names.count("InvoiceRecognised") == 1


def test_the_supplier_is_notified_once_in_german_and_english(services):
    case_id = receive(services, first("invalid"))
    steps.process_submission(services, case_id)
    steps.notify_supplier(services, case_id, "rejected")
    steps.notify_supplier(services, case_id, "rejected")
    notices = [e for e in services.invoices.history(case_id) if type(e).__name__ == "SupplierNotified"]
    assert len(notices) == 1 and "abgelehnt" in notices[0].message and "rejected" in notices[0].message
    assert notices[0].recipient == "s@x.example"


def test_a_dead_letter_is_recorded_on_its_case_with_the_reason(services):
    case_id = receive(services, first("fresh"))
    message = {"actor_name": "route_invoice", "args": [str(case_id)],
               "options": {"traceback": "Traceback…\nTimeLimitExceeded: took too long\n"}}
    steps.record_dead_letter(services, message, {"retries": 5})
    failure = services.invoices.get_case(case_id).failures[0]
    assert failure["action"] == "route" and failure["reason"] == "TimeLimitExceeded: took too long"


def test_a_file_over_its_budget_is_rejected_saying_so_and_the_next_file_is_checked(services, monkeypatch):
    from tests.unit.workers import spenders

    services.settings = services.settings.but(document_cpu_seconds=1)
    stuck, fine = receive(services, first("fresh")), receive(services, first("invalid"))
    with monkeypatch.context() as patched:
        patched.setattr(steps, "check_file", spenders.spin)
        steps.process_submission(services, stuck)
    steps.process_submission(services, fine)
    case = services.invoices.get_case(stuck)
    assert case.status == Status.REJECTED and case.unreadable["code"] == "over-budget"
    assert case.rejection["rule_ids"] == ["INTAKE-over-budget"] and "CPU time" in case.unreadable["message"]
    assert services.invoices.get_case(fine).status == Status.REJECTED  # checked on its merits: BR-CO-15
    assert "BR-CO-15" in services.invoices.get_case(fine).rejection["rule_ids"]


def test_the_supplier_is_told_why_the_invoice_was_returned():
    case = given(*ROUTED)
    case.record(approval.return_to_supplier(case, by="sroth", reason="Bestellnummer fehlt.", policy=POLICY, at=LATER))
    assert steps.notice(case, "returned") == ("Ihre Rechnung RE-2026-0042 geht an Sie zurück. / "
                                              "Your invoice RE-2026-0042 is returned: Bestellnummer fehlt.")


def test_a_returned_notice_for_a_case_without_a_recorded_return_names_no_reason_instead_of_failing():
    assert steps.notice(given(*ROUTED), "returned") == ("Ihre Rechnung RE-2026-0042 geht an Sie zurück. / "
                                                        "Your invoice RE-2026-0042 is returned: ")
