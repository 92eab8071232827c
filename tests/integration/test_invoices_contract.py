"""The application on every backend: concurrent writers never double a stream or an approval."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from decimal import Decimal

from invoicing.lifecycle.case import Status
from invoicing.lifecycle.errors import StepAlreadyDecided
from tests.unit.lifecycle.given import facts, recognition, verdict


def run_together(count: int, work) -> list:
    """Run `work(i)` in `count` threads released at the same moment; returns results or exceptions."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread got
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_same_bytes_submitted_at_once_on_eight_channels_make_one_stream(services):
    invoices = services.invoices
    receipts = run_together(8, lambda i: invoices.receive_submission(
        b"<Invoice>same</Invoice>", channel=f"channel-{i}", sender="s", filename="f.xml"))
    assert len({receipt.case_id for receipt in receipts}) == 1
    assert sum(receipt.first for receipt in receipts) == 1
    names = [type(event).__name__ for event in invoices.history(receipts[0].case_id)]
    assert names == ["InvoiceReceived"] + ["InvoiceReceivedAgain"] * 7


def test_two_approvals_of_one_step_at_once_one_wins_and_the_stream_holds_one(services):
    invoices = services.invoices
    case_id = invoices.receive_submission(b"<Invoice>x</Invoice>", channel="api", sender="s", filename="x").case_id
    invoices.record_recognition(case_id, recognition())
    invoices.record_validation(case_id, verdict())
    invoices.route(case_id, facts(amount=Decimal("150000.00")))  # Anordnung: Dr. Hartmann, or Herr Weber above her
    invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth")
    outcomes = run_together(2, lambda i: invoices.approve(case_id, by=("ehartmann", "ehartmann")[i]))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["StepAlreadyDecided", "tuple"]
    conflict = next(outcome for outcome in outcomes if isinstance(outcome, StepAlreadyDecided))
    assert "already approved by" in str(conflict) and conflict.hint.startswith("Nothing more to do")
    approvals = [e for e in invoices.history(case_id) if type(e).__name__ == "InvoiceApproved"]
    assert len(approvals) == 1 and invoices.get_case(case_id).status == Status.APPROVED


def test_two_files_with_one_number_validated_at_once_make_exactly_one_suspected_duplicate(services):
    invoices = services.invoices
    ids = [invoices.receive_submission(f"<Invoice>{i}</Invoice>".encode(), channel="api", sender="s",
                                       filename=f"{i}.xml").case_id for i in range(4)]
    for case_id in ids:
        invoices.record_recognition(case_id, recognition())
    run_together(4, lambda i: invoices.record_validation(ids[i], verdict()))
    statuses = sorted(invoices.get_case(case_id).status for case_id in ids)
    assert statuses == [Status.ACCEPTED] + [Status.DUPLICATE_SUSPECTED] * 3


def test_stored_events_come_back_exactly_report_amounts_and_microseconds(services):
    invoices = services.invoices
    at = datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=timezone.utc)
    case_id = invoices.receive_submission(b"<Invoice>y</Invoice>", channel="mail", sender="s", filename="y",
                                          received_at=at).case_id
    invoices.record_recognition(case_id, recognition())
    invoices.record_validation(case_id, verdict("BR-CO-15"))
    received, recognised, validated, rejected = invoices.history(case_id)
    assert received.received_at == at and received.received_at.microsecond == 123456
    assert recognised.amount_due == Decimal("119.00")
    assert validated.report == verdict("BR-CO-15").report and validated.accepted is False
    assert rejected.rule_ids == ["BR-CO-15"]


def test_two_clerks_certifying_one_step_at_once_one_wins_the_other_is_told_who_was_first(services):
    invoices = services.invoices
    case_id = invoices.receive_submission(b"<Invoice>z</Invoice>", channel="api", sender="s", filename="z").case_id
    invoices.record_recognition(case_id, recognition())
    invoices.record_validation(case_id, verdict())
    invoices.route(case_id, facts())
    outcomes = run_together(2, lambda i: invoices.certify(case_id, step="sachlich_rechnerisch",
                                                          by=("sroth", "jalbrecht")[i]))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["StepAlreadyDecided", "tuple"]
    conflict = next(outcome for outcome in outcomes if isinstance(outcome, StepAlreadyDecided))
    assert "was already certified by" in conflict.message and "wurde bereits von" in conflict.message_de
    assert [type(e).__name__ for e in invoices.history(case_id)].count("InvoiceCertified") == 1


def test_a_page_of_cases_is_read_at_once_as_each_case_is_read_alone(services):
    from uuid import uuid4

    invoices = services.invoices
    ids = []
    for number in range(3):
        case_id = invoices.receive_submission(f"<Invoice>{number}</Invoice>".encode(), channel="api", sender="s",
                                              filename=f"{number}.xml").case_id
        invoices.record_recognition(case_id, recognition(number=f"RE-{number}"))
        if number:
            invoices.record_validation(case_id, verdict())
            invoices.route(case_id, facts(number=f"RE-{number}"))
        ids.append(case_id)
    found = invoices.get_cases([*ids, uuid4()])
    assert list(found) == ids or set(found) == set(ids)
    for case_id in ids:
        alone = invoices.get_case(case_id)
        assert (found[case_id].version, found[case_id].status, found[case_id].current_step) == (
            alone.version, alone.status, alone.current_step)
