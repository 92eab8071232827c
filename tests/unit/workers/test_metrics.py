"""The workers' Prometheus metrics: Dramatiq's series for every message, and the pipeline counted from the log."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from uuid import uuid4

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries
from prometheus_client import REGISTRY

from invoicing import logs
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.generator.submissions import submission_batch
from invoicing.lifecycle.case import InvoiceCase
from workers import pipeline_metrics, steps
from workers.metrics import WorkerMetrics, case_of
from workers.pipeline_metrics import PipelineCounts

CASE = str(uuid4())


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(logs.ContextFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def broker():
    broker = StubBroker(middleware=[Retries(max_retries=1, min_backoff=1, max_backoff=1), WorkerMetrics()])
    broker.emit_after("process_boot")
    yield broker
    broker.close()


def run(broker, messages):
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=10)
    worker.start()
    try:
        for actor, arguments in messages:
            actor.send(*arguments)
        broker.join("metrics-test", fail_fast=False)
        worker.join()
    finally:
        worker.stop()


def test_every_message_is_counted_and_timed_by_queue_and_actor_with_its_case_in_the_log(broker):
    records = Records()
    logging.getLogger("test.metrics").addHandler(records)
    name = f"done_{uuid4().hex[:8]}"

    def done(case_id: str) -> None:
        logging.getLogger("test.metrics").warning("working")

    actor = dramatiq.actor(done, actor_name=name, queue_name="metrics-test", broker=broker)
    try:
        run(broker, [(actor, (CASE,)), (actor, (CASE,))])
    finally:
        logging.getLogger("test.metrics").removeHandler(records)
    labels = {"queue_name": "metrics-test", "actor_name": name}
    assert sample("dramatiq_messages_total", **labels) == 2
    assert sample("dramatiq_message_errors_total", **labels) == 0
    assert sample("dramatiq_message_duration_milliseconds_count", **labels) == 2
    assert sample("invoicing_message_wait_seconds_count", **labels) == 2
    assert sample("dramatiq_messages_inprogress", **labels) == 0
    assert [record.case_id for record in records.records] == [CASE, CASE]


def test_a_failing_message_counts_its_errors_its_retry_and_its_dead_letter(broker):
    name = f"failing_{uuid4().hex[:8]}"

    def failing(case_id: str) -> None:
        raise RuntimeError("database away")

    actor = dramatiq.actor(failing, actor_name=name, queue_name="metrics-test", broker=broker)
    run(broker, [(actor, (CASE,))])
    labels = {"queue_name": "metrics-test", "actor_name": name}
    assert sample("dramatiq_messages_total", **labels) == 2  # the first try and the one retry
    assert sample("dramatiq_message_errors_total", **labels) == 2
    assert sample("dramatiq_message_retries_total", **labels) == 1
    assert sample("dramatiq_message_rejects_total", **labels) == 1
    assert sample("invoicing_message_wait_seconds_count", **labels) == 1  # retries wait on purpose


def test_the_case_of_a_message_is_its_first_argument_or_that_of_the_dead_letter_it_reports():
    assert case_of([CASE, "accepted"]) == CASE
    assert case_of([{"args": [CASE], "actor_name": "route_invoice"}, {"retries": 5}]) == CASE
    assert case_of([]) is None and case_of(["not-an-id"]) is None


@pytest.fixture
def services():
    services = bootstrap(Settings(persistence="memory"))
    yield services
    services.close()


def pipeline_samples() -> list[float]:
    return [sample("invoicing_submissions_total", channel="api", again="false"),
            sample("invoicing_submissions_total", channel="upload", again="true"),
            sample("invoicing_verdicts_total", result="accepted"),
            sample("invoicing_verdicts_total", result="rejected")]


def test_the_pipeline_counts_submissions_and_verdicts_recorded_after_it_started(services):
    batch = submission_batch(21, 12)
    fresh = next(item for item in batch if item.kind == "fresh")
    invalid = next(item for item in batch if item.kind == "invalid")
    invoices = services.invoices
    invoices.receive_submission(fresh.content, channel="upload", sender="s", filename="old.xml")  # before: not counted
    counts = PipelineCounts(invoices)
    assert counts.follow_once() == 0  # starts at the log's end
    before = pipeline_samples()
    accepted = invoices.receive_submission(fresh.content, channel="upload", sender="s", filename="again.xml").case_id
    rejected = invoices.receive_submission(invalid.content, channel="api", sender="s", filename="bad.xml").case_id
    steps.process_submission(services, accepted)
    steps.process_submission(services, rejected)
    assert counts.follow_once() > 0
    assert [after - was for was, after in zip(before, pipeline_samples())] == [1, 1, 1, 1]


def test_escalations_are_counted_by_reason_and_processing_failures_by_action():
    escalated = InvoiceCase.EscalationRaised(
        originator_id=uuid4(), originator_version=5, timestamp=datetime.now(timezone.utc), step=0,
        kind="sachlich_rechnerisch", unit="gebaeude", target={"group": "gebaeude"},
        reasons=[{"reason": "step_age", "key": "step_age:x"}, {"reason": "discount_deadline", "key": "d:x"}],
        keys=["step_age:x", "d:x"], by="system:escalation")
    failed = InvoiceCase.InvoiceProcessingFailed(
        originator_id=uuid4(), originator_version=3, timestamp=datetime.now(timezone.utc), action="notify:accepted",
        reason="SMTP refused", retries=5, by="system:worker")
    before = [sample("invoicing_escalations_total", reason="step_age"),
              sample("invoicing_escalations_total", reason="discount_deadline"),
              sample("invoicing_processing_failures_total", action="notify")]
    pipeline_metrics.count(escalated)
    pipeline_metrics.count(failed)
    after = [sample("invoicing_escalations_total", reason="step_age"),
             sample("invoicing_escalations_total", reason="discount_deadline"),
             sample("invoicing_processing_failures_total", action="notify")]
    assert [b - a for a, b in zip(before, after)] == [1, 1, 1]
