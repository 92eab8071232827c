"""Approval on every backend: routed invoices reach the open-steps index and the inboxes, escalate once, close."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.lifecycle.errors import ApprovalRefused
from invoicing.open_steps.inbox import inbox
from invoicing.open_steps.indexer import StepIndexer
from tests.unit.lifecycle.given import GEBAEUDE, NOWHERE, facts, recognition, verdict
from workers import steps

ROUTED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=timezone.utc)  # 18 days in the step, payment due in 12 days


class Clock:
    """The application's clock, set by the test."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(ROUTED_AT)


@pytest.fixture
def services(settings, clock):
    services = bootstrap(settings, clock=clock)
    yield services
    services.close()


def routed(invoices, name: str, routing_facts) -> object:
    case_id = invoices.receive_submission(name.encode(), channel="api", sender="s", filename=name,
                                          received_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)).case_id
    invoices.record_recognition(case_id, recognition(number=name))
    invoices.record_validation(case_id, verdict())
    invoices.route(case_id, routing_facts)
    return case_id


def test_an_invoice_goes_from_its_inbox_through_escalation_to_approval_and_leaves_the_index(services, clock):
    invoices, index = services.invoices, StepIndexer(services.invoices, services.open_steps)
    hauptamt = routed(invoices, "RE-1", facts())
    gebaeude = routed(invoices, "RE-2", facts(buyer_reference=GEBAEUDE))
    clearing = routed(invoices, "RE-3", facts(buyer_reference=NOWHERE))
    assert index.catch_up() == 3
    assert steps.escalate_due(services, print) == 0  # nothing due on the day they arrived
    clock.now = NOW
    assert [item.case_id for item in inbox(invoices, services.open_steps, "sroth")] == [hauptamt]
    assert [item.case_id for item in inbox(invoices, services.open_steps, "fkaiser")] == [gebaeude]
    assert [item.case_id for item in inbox(invoices, services.open_steps, "dyilmaz")] == [clearing]
    assert inbox(invoices, services.open_steps, "kvogel") == []

    sent = []
    assert steps.escalate_due(services, sent.append) == 3 and sorted(sent) == sorted([hauptamt, gebaeude, clearing])
    for case_id in sent:
        steps.escalate_invoice(services, case_id)
        steps.escalate_invoice(services, case_id)  # a message delivered twice raises nothing twice
    raised = [e for e in invoices.history(hauptamt) if type(e).__name__ == "EscalationRaised"]
    assert len(raised) == 1 and raised[0].target == {"person": "pneumann"}
    assert services.open_steps.get(hauptamt).check_after > NOW and steps.escalate_due(services, sent.append) == 0

    with pytest.raises(ApprovalRefused):
        invoices.certify(hauptamt, step="sachlich_rechnerisch", by="fkaiser")
    invoices.certify(hauptamt, step="sachlich_rechnerisch", by="sroth")
    index.catch_up()
    assert [item.step.kind for item in inbox(invoices, services.open_steps, "pneumann")] == ["anordnung"]
    invoices.approve(hauptamt, by="pneumann")
    invoices.assign_to_unit(clearing, unit="gebaeude", by="dyilmaz", reason="Technisches Rathaus")
    index.catch_up()
    assert services.open_steps.get(hauptamt) is None
    assert sorted(item.case_id for item in inbox(invoices, services.open_steps, "fkaiser")) == sorted(
        [gebaeude, clearing])


def test_a_groups_inbox_is_read_a_page_at_a_time_oldest_first_and_counted(services, clock):
    from invoicing.open_steps.inbox import inbox_page

    invoices, index = services.invoices, StepIndexer(services.invoices, services.open_steps)
    waiting = []
    for number in range(7):
        waiting.append(routed(invoices, f"RE-{number}", facts()))
        clock.now = clock.now.replace(minute=number + 1)
    index.catch_up()
    clock.now = NOW
    seen, cursor = [], None
    while True:
        page = inbox_page(invoices, services.open_steps, "sroth", scope="groups", cursor=cursor, size=3)
        assert (page.total, page.exact) == (7, True) and len(page.items) <= 3
        seen += [item.case_id for item in page.items]
        if page.next is None:
            break
        cursor = page.next
    assert seen == waiting  # oldest first, each once
    assert inbox_page(invoices, services.open_steps, "sroth", scope="mine").items == []
    assert [item.case_id for item in inbox(invoices, services.open_steps, "sroth")] == waiting


def test_a_batch_touching_more_cases_than_one_read_holds_indexes_every_case(services, clock, monkeypatch):
    from invoicing.open_steps import indexer

    monkeypatch.setattr(indexer, "CASES_PER_READ", 3)
    invoices, index = services.invoices, StepIndexer(services.invoices, services.open_steps)
    waiting = [routed(invoices, f"RE-{number}", facts()) for number in range(7)]
    invoices.reject(waiting[4], by="sroth", reason="Not ours.")
    assert index.catch_up() == 8  # seven steps opened, one closed: one batch, three reads
    for case_id in waiting:
        expected = indexer.row_for(invoices.get_case(case_id), invoices.policy, clock.now)
        assert services.open_steps.get(case_id) == expected
    assert services.open_steps.get(waiting[4]) is None and services.open_steps.get(waiting[0]) is not None
