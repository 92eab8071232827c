"""The outbox contract, on every backend: open work and the log position change together."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from invoicing.outbox import Backlog, Work

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
A, B = uuid4(), uuid4()


def test_opened_work_is_pending_oldest_first_and_the_position_is_recorded(services):
    outbox = services.outbox
    assert outbox.max_tracking_id("Invoices") is None
    outbox.record(opened=[Work(A, "process")], closed=[], tracking=Tracking("Invoices", 3), at=NOW)
    outbox.record(opened=[Work(B, "process")], closed=[], tracking=Tracking("Invoices", 7), at=NOW + timedelta(1))
    assert outbox.pending() == [Work(A, "process"), Work(B, "process")]
    assert outbox.max_tracking_id("Invoices") == 7


def test_closing_removes_work_and_closing_what_is_not_open_does_nothing(services):
    outbox = services.outbox
    outbox.record(opened=[Work(A, "process"), Work(A, "route")], closed=[], tracking=Tracking("Invoices", 1), at=NOW)
    outbox.record(opened=[], closed=[Work(A, "process"), Work(B, "route")], tracking=Tracking("Invoices", 2), at=NOW)
    assert outbox.pending() == [Work(A, "route")]


def test_opening_open_work_again_keeps_it_once(services):
    outbox = services.outbox
    outbox.record(opened=[Work(A, "route")], closed=[], tracking=Tracking("Invoices", 1), at=NOW)
    outbox.record(opened=[Work(A, "route")], closed=[], tracking=Tracking("Invoices", 2), at=NOW + timedelta(1))
    assert outbox.pending() == [Work(A, "route")]


def test_a_position_not_past_the_recorded_one_is_refused_and_changes_nothing(services):
    outbox = services.outbox
    outbox.record(opened=[Work(A, "process")], closed=[], tracking=Tracking("Invoices", 5), at=NOW)
    with pytest.raises(IntegrityError):
        outbox.record(opened=[Work(B, "process")], closed=[Work(A, "process")], tracking=Tracking("Invoices", 5),
                      at=NOW)
    assert outbox.pending() == [Work(A, "process")] and outbox.max_tracking_id("Invoices") == 5


def test_only_work_last_sent_before_a_time_is_due_again(services):
    outbox = services.outbox
    outbox.record(opened=[Work(A, "process"), Work(B, "process")], closed=[], tracking=Tracking("Invoices", 1), at=NOW)
    outbox.mark_sent([Work(B, "process")], NOW + timedelta(minutes=10))
    assert outbox.pending(sent_before=NOW + timedelta(minutes=5)) == [Work(A, "process")]
    assert outbox.pending(sent_before=NOW) == []
    assert len(outbox.pending(limit=1)) == 1


def test_the_backlog_counts_open_work_and_names_when_the_oldest_was_opened(services):
    outbox = services.outbox
    assert outbox.backlog() == Backlog(0, None)
    outbox.record(opened=[Work(A, "process")], closed=[], tracking=Tracking("Invoices", 1), at=NOW)
    outbox.record(opened=[Work(B, "process"), Work(A, "route")], closed=[Work(A, "process")],
                  tracking=Tracking("Invoices", 2), at=NOW + timedelta(minutes=3))
    outbox.mark_sent([Work(B, "process")], NOW + timedelta(minutes=9))
    assert outbox.backlog() == Backlog(2, NOW + timedelta(minutes=3))
