"""The actors on the in-process broker with worker threads: the whole pipeline, retries and dead letters."""

from __future__ import annotations

import time

import pytest
from dramatiq.middleware import Retries
from eventsourcing.persistence import OperationalError

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.generator.submissions import submission_batch
from invoicing.lifecycle.case import Status
from workers import actors, steps
from workers.runtime import WorkerRuntime

BATCH = submission_batch(12, 30)


@pytest.fixture
def runtime(monkeypatch):
    retries = next(m for m in actors.broker.middleware if isinstance(m, Retries))
    monkeypatch.setattr(retries, "min_backoff", 10)
    services = bootstrap(Settings(persistence="memory", redeliver_after=3600))
    actors.broker.flush_all()
    runtime = WorkerRuntime(services, threads=4, sweep_every=0.2).start()
    yield runtime
    runtime.stop()
    actors.broker.flush_all()
    services.close()


def settle(runtime, case_ids, done, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cases = [runtime.services.invoices.get_case(case_id) for case_id in case_ids]
        if all(done(case) for case in cases) and not runtime.services.outbox.pending():
            return cases
        time.sleep(0.05)
    raise AssertionError(f"not settled: {[case.status for case in cases]}")


def finished(case):
    return case.status in (Status.AWAITING_APPROVAL, Status.DUPLICATE_SUSPECTED) or (
        case.status == Status.REJECTED and "rejected" in case.notified)


def test_submitted_files_are_processed_routed_or_rejected_and_their_suppliers_told(runtime):
    invoices = runtime.services.invoices
    items = [item for item in BATCH if item.kind in ("fresh", "invalid")][:8]
    ids = [invoices.receive_submission(item.content, channel="upload", sender="s", filename=item.name).case_id
           for item in items]
    cases = settle(runtime, ids, finished)
    for item, case in zip(items, cases):
        if item.kind == "invalid":
            assert case.status == Status.REJECTED
        assert case.notified in (["accepted"], ["rejected"])


def test_a_transient_failure_is_retried_with_backoff(runtime, monkeypatch):
    calls = []
    real = steps.process_submission

    def flaky(services, case_id):
        calls.append(case_id)
        if len(calls) == 1:
            raise OperationalError("connection reset")
        real(services, case_id)

    monkeypatch.setattr(steps, "process_submission", flaky)
    item = next(item for item in BATCH if item.kind == "fresh" and item.name.endswith(".en16931.xml"))
    case_id = runtime.services.invoices.receive_submission(item.content, channel="upload", sender="s",
                                                           filename=item.name).case_id
    case, = settle(runtime, [case_id], lambda case: case.status == Status.AWAITING_APPROVAL)
    assert len(calls) == 2 and case.failures == []


def test_a_poison_message_is_dead_lettered_with_the_reason_visible_on_the_case(runtime, monkeypatch):
    def poisoned(services, case_id):
        raise RuntimeError("the validator crashed on this file")

    monkeypatch.setattr(steps, "process_submission", poisoned)
    case_id = runtime.services.invoices.receive_submission(b"<poison/>", channel="upload", sender="s",
                                                           filename="p.xml").case_id
    case, = settle(runtime, [case_id], lambda case: case.status == Status.PROCESSING_FAILED)
    assert case.failures[0]["reason"] == "RuntimeError: the validator crashed on this file"
    assert len(actors.broker.dead_letters) >= 1
