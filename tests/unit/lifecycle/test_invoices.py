"""The `Invoices` application, built in memory: load, decide, save; conflicts retried or reported."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.case import Status, Submission
from invoicing.lifecycle.errors import ApprovalRefused, InvoiceNotFound, StepAlreadyDecided
from invoicing.lifecycle.keys import case_id, content_hash
from tests.unit.lifecycle.given import facts, recognition, verdict

PDF = b"%PDF-1.7 pretend invoice"


@pytest.fixture
def invoices():
    services = bootstrap(Settings(persistence="memory"))
    yield services.invoices
    services.close()


def routed_case(invoices, content: bytes = PDF):
    receipt = invoices.receive_submission(content, channel="upload", sender="s@x.example", filename="a.pdf")
    invoices.record_recognition(receipt.case_id, recognition())
    invoices.record_validation(receipt.case_id, verdict())
    invoices.route(receipt.case_id, facts())  # to the Hauptamt: sroth or jalbrecht, then pneumann
    return receipt.case_id


def test_a_receipt_names_the_case_the_hash_and_the_exact_time_of_receipt(invoices):
    at = datetime(2026, 1, 5, 7, 30, 1, 654321, tzinfo=timezone.utc)
    receipt = invoices.receive_submission(PDF, channel="api", sender="s", filename="a.pdf", received_at=at)
    assert receipt.case_id == case_id(content_hash(PDF), "s") and receipt.first
    assert receipt.received_at == at and receipt.size == len(PDF)
    assert invoices.original(receipt.case_id) == PDF


def test_the_same_bytes_twice_land_on_one_stream_recording_the_second_arrival(invoices):
    first = invoices.receive_submission(PDF, channel="upload", sender="s", filename="a.pdf")
    second = invoices.receive_submission(PDF, channel="mail", sender="s", filename="b.pdf")
    assert second.case_id == first.case_id and not second.first
    assert [type(e).__name__ for e in invoices.history(first.case_id)] == ["InvoiceReceived", "InvoiceReceivedAgain"]


def test_naive_times_of_receipt_are_refused(invoices):
    with pytest.raises(ValueError, match="time zone"):
        invoices.receive_submission(PDF, channel="api", sender="s", filename="a", received_at=datetime(2026, 1, 1))


def test_a_second_file_with_the_same_number_is_held_as_a_suspected_duplicate(invoices):
    first = routed_case(invoices, b"first file")
    second = invoices.receive_submission(b"second file", channel="upload", sender="s", filename="b.xml").case_id
    invoices.record_recognition(second, recognition())
    assert invoices.record_validation(second, verdict()) == ("InvoiceValidated", "DuplicateSuspected")
    case = invoices.get_case(second)
    assert case.status == Status.DUPLICATE_SUSPECTED and case.duplicate_of == [first]
    assert invoices.route(second) == ()


def test_two_concurrent_approvals_of_one_step_one_wins_the_other_gets_a_clear_conflict(invoices):
    case = routed_case(invoices)
    barrier, outcomes = threading.Barrier(2), []

    def certify(clerk: str) -> None:
        barrier.wait()
        try:
            outcomes.append(invoices.certify(case, step="sachlich_rechnerisch", by=clerk))
        except StepAlreadyDecided as conflict:
            outcomes.append(conflict)

    threads = [threading.Thread(target=certify, args=(clerk,)) for clerk in ("sroth", "jalbrecht")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["StepAlreadyDecided", "tuple"]
    conflict = next(outcome for outcome in outcomes if isinstance(outcome, StepAlreadyDecided))
    assert "was already certified by" in conflict.message
    certifications = [e for e in invoices.history(case) if type(e).__name__ == "InvoiceCertified"]
    assert len(certifications) == 1


def test_an_auditor_sees_the_case_as_it_was_at_any_version(invoices):
    case = routed_case(invoices)
    invoices.certify(case, step="sachlich_rechnerisch", by="sroth")
    assert invoices.get_case(case, version=3).status == Status.ACCEPTED
    assert invoices.get_case(case).current_step == "anordnung"


def test_commands_on_unknown_invoices_are_refused_by_name(invoices):
    with pytest.raises(InvoiceNotFound, match="There is no invoice with id"):
        invoices.approve(case_id(content_hash(b"nobody sent this"), "s"), by="pneumann")


def test_a_refused_command_records_nothing(invoices):
    case = routed_case(invoices)
    before = len(invoices.history(case))
    with pytest.raises(ApprovalRefused):
        invoices.certify(case, step="sachlich_rechnerisch", by="mengel")
    assert len(invoices.history(case)) == before


def test_people_take_an_invoice_from_routing_to_approval(invoices):
    case = routed_case(invoices)
    assert invoices.request_clarification(case, by="sroth", question="Wurde vollständig geliefert?",
                                          addressed_to="supplier") == ("ClarificationRequested",)
    assert invoices.answer_clarification(case, by="sroth", answer="Ja, laut Lieferschein.") == (
        "ClarificationAnswered",)
    assert invoices.reassign(case, by="sroth", person="jalbrecht", reason="Urlaub") == ("StepReassigned",)
    assert invoices.certify(case, step="sachlich_rechnerisch", by="jalbrecht") == ("InvoiceCertified",)
    assert invoices.approve(case, by="pneumann", comment="Angeordnet.") == ("InvoiceApproved",)
    approved = invoices.get_case(case)
    assert approved.status == Status.APPROVED
    assert [(d.step, d.outcome, d.by) for d in approved.decisions] == [
        ("sachlich_rechnerisch", "certified", "jalbrecht"), ("anordnung", "approved", "pneumann")]


def test_reassigning_needs_exactly_one_person_or_group(invoices):
    with pytest.raises(Exception, match="exactly one person or one group"):
        invoices.reassign(routed_case(invoices), by="sroth", reason="x", person="a", group="b")


def test_the_same_bytes_from_another_submitter_open_a_case_of_their_own(invoices):
    first = invoices.receive_submission(PDF, channel="upload", sender="a@x.example", filename="a.pdf")
    other = invoices.receive_submission(PDF, channel="api", sender="b@y.example", filename="b.pdf")
    assert other.case_id != first.case_id and other.first
    assert other.content_hash == first.content_hash and invoices.original(other.case_id) == PDF
    assert [type(e).__name__ for e in invoices.history(first.case_id)] == ["InvoiceReceived"]


def test_a_case_opened_before_per_submitter_ids_takes_its_own_submitters_repeat(invoices):
    from invoicing.lifecycle.case import InvoiceCase
    from invoicing.lifecycle.decisions import intake
    from invoicing.lifecycle.keys import legacy_case_id

    digest = invoices.documents.put(PDF)
    submission = Submission("upload", "a@x.example", "a.pdf", datetime(2025, 1, 1, tzinfo=timezone.utc))
    changes = intake.receive(None, content_hash=digest, size=len(PDF), submission=submission, at=submission.received_at)
    invoices.save(InvoiceCase.open(legacy_case_id(digest), changes[0]))
    again = invoices.receive_submission(PDF, channel="upload", sender="A@x.example", filename="a.pdf")
    other = invoices.receive_submission(PDF, channel="upload", sender="b@y.example", filename="a.pdf")
    assert again.case_id == legacy_case_id(digest) and not again.first
    assert other.case_id not in (legacy_case_id(digest), again.case_id) and other.first


def test_a_case_replayed_without_the_protocol_check_is_the_case_eventsourcing_projects(invoices):
    from eventsourcing.application import project_aggregate

    from invoicing.replay import ReplayingRepository, replay

    assert isinstance(invoices.repository, ReplayingRepository)  # every read replays so, none has to ask
    case_id = routed_case(invoices)
    invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth")
    events = invoices.history(case_id)
    ours, theirs = replay(None, events), project_aggregate(None, invoices.history(case_id))
    assert vars(ours) == vars(theirs) and ours.version == len(events) == 5
    assert vars(invoices.get_case(case_id)) == vars(theirs)
    assert replay(None, []) is None


def test_people_told_are_recorded_on_the_case_as_stored_when_the_given_one_is_stale(invoices):
    case_id = routed_case(invoices)
    stale = invoices.get_case(case_id)  # version 4: the step to sroth is open
    invoices.record_people_notified(case_id, version=4, about="step-opened", recipients=[])  # someone else, first
    assert invoices.record_people_notified(case_id, version=4, about="step-opened", recipients=[], case=stale) == ()
    invoices.certify(case_id, step="sachlich_rechnerisch", by="sroth")  # version 6
    moved = invoices.get_case(case_id)
    assert invoices.record_people_notified(case_id, version=6, about="step-opened", recipients=[],
                                           case=stale) == ("PeopleNotified",)  # refused on the stale case, then done
    assert invoices.get_case(case_id).version == moved.version + 1
    assert [type(event).__name__ for event in invoices.history(case_id)].count("PeopleNotified") == 2


def test_one_event_of_a_case_is_read_alone(invoices):
    case_id = routed_case(invoices)
    assert invoices.event_at(case_id, 2) == invoices.history(case_id)[1]
    with pytest.raises(InvoiceNotFound):
        invoices.event_at(case_id, 99)
