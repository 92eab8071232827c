"""Routing by the original's facts, the schedule, and the escalation job end to end on the in-process broker."""

from __future__ import annotations

import time

import pytest
from dramatiq.middleware import Retries

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import city, generate_batch
from invoicing.lifecycle.case import Status
from workers import actors, steps
from workers.runtime import WorkerRuntime
from workers.scheduler import RETRY_AFTER, Periodic, Schedule

INVOICES = generate_batch(2026, 12)
UNIT_BY_NAME = {unit.name: key for key, unit in city.UNITS.items()}


class Ticks:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_job_is_sent_on_taking_over_and_then_every_period():
    ticks, sent = Ticks(), []
    schedule = Schedule([Periodic("escalate", 60, lambda: sent.append(ticks.now))], clock=ticks)
    schedule.start()
    assert schedule.tick() == ["escalate"] and schedule.tick() == []
    ticks.now += 59
    assert schedule.tick() == []
    ticks.now += 1
    assert schedule.tick() == ["escalate"] and sent == [100.0, 160.0]


def test_a_job_that_cannot_be_sent_is_tried_again_shortly():
    ticks, calls = Ticks(), []

    def broker_down():
        calls.append(ticks.now)
        raise ConnectionError("broker down")

    schedule = Schedule([Periodic("escalate", 900, broker_down)], clock=ticks)
    schedule.start()
    assert schedule.tick() == []
    ticks.now += RETRY_AFTER
    schedule.tick()
    assert calls == [100.0, 100.0 + RETRY_AFTER]


@pytest.fixture
def services():
    services = bootstrap(Settings(persistence="memory"))
    yield services
    services.close()


def test_an_accepted_invoice_is_routed_by_the_facts_of_its_original(services):
    invoice = next(item for item in INVOICES if item.buyer_reference != city.CENTRAL_LEITWEG_ID)
    case_id = services.invoices.receive_submission(write_ubl(invoice), channel="upload", sender="s",
                                                   filename="a.xml").case_id
    steps.process_submission(services, case_id)
    steps.route_invoice(services, case_id)
    steps.route_invoice(services, case_id)
    case = services.invoices.get_case(case_id)
    assert case.inbox == UNIT_BY_NAME[invoice.buyer.postal_address.line_2]
    assert case.facts.amount == invoice.totals.total_with_vat and case.facts.number == invoice.number
    assert [type(e).__name__ for e in services.invoices.history(case_id)].count("ApprovalRequested") == 1


@pytest.fixture
def runtime(monkeypatch):
    retries = next(m for m in actors.broker.middleware if isinstance(m, Retries))
    monkeypatch.setattr(retries, "min_backoff", 10)
    services = bootstrap(Settings(persistence="memory", redeliver_after=3600, escalation_every=1))
    actors.broker.flush_all()
    runtime = WorkerRuntime(services, threads=2, sweep_every=0.2).start()
    yield runtime
    runtime.stop()
    actors.broker.flush_all()
    services.close()


def test_the_worker_routes_indexes_and_escalates_an_overdue_invoice_once(runtime):
    invoices, open_steps = runtime.services.invoices, runtime.services.open_steps
    invoice = next(item for item in INVOICES if item.due_date and item.buyer_reference != city.CENTRAL_LEITWEG_ID)
    case_id = invoices.receive_submission(write_ubl(invoice), channel="upload", sender="s", filename="a.xml").case_id
    deadline = time.monotonic() + 60
    while not invoices.get_case(case_id).escalations:
        assert time.monotonic() < deadline, "not escalated within a minute"
        time.sleep(0.05)
    case = invoices.get_case(case_id)
    assert case.status == Status.AWAITING_APPROVAL and f"payment_deadline:{invoice.due_date}" in case.raised_keys
    while open_steps.get(case_id) is None or open_steps.get(case_id).version < case.version:
        assert time.monotonic() < deadline, "the open-steps row did not follow"
        time.sleep(0.05)
    assert open_steps.get(case_id).check_after is None or open_steps.get(case_id).check_after > invoices.clock()
    time.sleep(1.5)  # another sweep or two
    assert len(invoices.get_case(case_id).escalations) == 1
