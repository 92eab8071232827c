"""The open-steps contract, on every backend: rows and the log position change together; newer versions win."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from invoicing.open_steps import OpenStep

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
NAME = "Invoices.open_steps"
A, B, C = sorted((uuid4(), uuid4(), uuid4()))


def step(case_id, version=4, person=None, group="hauptamt-sb", since=NOW, check_after=NOW + timedelta(days=5)):
    return OpenStep(case_id, version, "hauptamt", 0, "sachlich_rechnerisch", person, group, since, check_after)


def test_rows_are_written_with_the_position_and_read_back_exactly(services):
    steps = services.open_steps
    assert steps.max_tracking_id(NAME) is None
    steps.record(rows=[step(A), step(B, person="pneumann", group=None, check_after=None)], closed=[],
                 tracking=Tracking(NAME, 3))
    assert steps.get(A) == step(A) and steps.get(B).check_after is None and steps.get(C) is None
    assert steps.max_tracking_id(NAME) == 3


def test_a_row_from_an_older_case_version_never_replaces_a_newer_one(services):
    steps = services.open_steps
    steps.record(rows=[step(A, version=6, person="pneumann", group=None)], closed=[], tracking=Tracking(NAME, 1))
    steps.put(step(A, version=5))
    assert steps.get(A).person == "pneumann"
    steps.put(step(A, version=7))
    assert steps.get(A).group == "hauptamt-sb" and steps.get(A).version == 7


def test_a_closed_step_is_removed_unless_a_newer_row_is_there(services):
    steps = services.open_steps
    steps.record(rows=[step(A, version=4), step(B, version=9)], closed=[], tracking=Tracking(NAME, 1))
    steps.record(rows=[], closed=[(A, 5), (B, 8)], tracking=Tracking(NAME, 2))
    assert steps.get(A) is None and steps.get(B) is not None


def test_a_position_not_past_the_recorded_one_is_refused_and_changes_nothing(services):
    steps = services.open_steps
    steps.record(rows=[step(A)], closed=[], tracking=Tracking(NAME, 5))
    with pytest.raises(IntegrityError):
        steps.record(rows=[step(B)], closed=[(A, 9)], tracking=Tracking(NAME, 5))
    assert steps.get(A) is not None and steps.get(B) is None


def test_due_steps_are_claimed_earliest_first_and_leased_until_a_later_time(services):
    steps = services.open_steps
    steps.record(rows=[step(A, check_after=NOW), step(B, check_after=NOW - timedelta(hours=1)),
                       step(C, check_after=NOW + timedelta(hours=1))], closed=[], tracking=Tracking(NAME, 1))
    until = NOW + timedelta(minutes=5)
    assert steps.claim_due(NOW, until=until, limit=10) == [B, A]
    assert steps.get(A).check_after == until
    assert steps.claim_due(NOW, until=until) == []
    assert steps.claim_due(until, until=until + timedelta(minutes=5), limit=1) == [A]


def test_an_inbox_finds_steps_by_person_or_group_oldest_first(services):
    steps = services.open_steps
    steps.record(rows=[step(A, since=NOW), step(B, person="pneumann", group=None, since=NOW - timedelta(days=1)),
                       replace(step(C), group="gebaeude-technik")], closed=[], tracking=Tracking(NAME, 1))
    found = steps.assigned_to(people=["pneumann"], groups=["hauptamt-sb"])
    assert [row.case_id for row in found] == [B, A]
    assert steps.assigned_to(people=[], groups=[]) == []


def test_an_inbox_is_read_a_page_at_a_time_after_the_last_row_and_counted(services):
    steps = services.open_steps
    ids = sorted(uuid4() for _ in range(7))
    rows = [step(case_id, since=NOW - timedelta(hours=number % 3), person="pneumann" if number % 2 else None,
                 group=None if number % 2 else "hauptamt-sb") for number, case_id in enumerate(ids)]
    steps.record(rows=rows, closed=[], tracking=Tracking(NAME, 1))
    expected = [row.case_id for row in sorted(rows, key=lambda row: (row.since, row.case_id))]
    seen, after = [], None
    while page := steps.assigned_to(people=["pneumann"], groups=["hauptamt-sb"], limit=3, after=after):
        seen += [row.case_id for row in page]
        after = (page[-1].since, page[-1].case_id)
    assert seen == expected
    assert steps.count_assigned(people=["pneumann"], groups=["hauptamt-sb"]) == (7, True)
    assert steps.count_assigned(people=["pneumann"], groups=[], cap=2) == (2, False)
