"""Absences and preferences read for look-ups through `KeptStreams`: up to date by version, reading only what is new.

Two applications on one store stand for two processes (web and worker): what one records, the other's
next look-up shows."""

from __future__ import annotations

from datetime import date

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.staff.absences import ABSENCES_ID

SHARED = ["sqlite", "postgres"]  # backends whose store two applications can share


@pytest.fixture(params=SHARED)
def two(request, tmp_path):
    from tests.integration.conftest import settings_for

    settings = settings_for(request.param, request, tmp_path)
    writer, reader = bootstrap(settings), bootstrap(settings)
    yield writer.invoices, reader.invoices
    writer.close()
    reader.close()


def _deputies(invoices) -> set[tuple[str, str]]:
    return {(deputy.person, deputy.deputy) for deputy in invoices.policy_now().deputies}


def test_the_policy_in_force_follows_absences_another_process_records_and_withdraws(two):
    writer, reader = two
    before = _deputies(reader)
    assert ("pneumann", "jalbrecht") not in before
    writer.record_absence(person="pneumann", start=date(2026, 12, 1), end=date(2026, 12, 24), deputy="jalbrecht",
                          by="pneumann")
    assert _deputies(reader) == before | {("pneumann", "jalbrecht")}
    [absence] = reader.absences()
    writer.withdraw_absence(absence["absence_id"], by="pneumann", reason="Plans changed.")
    assert _deputies(reader) == before and reader.absences() == []


def test_a_look_up_reads_only_the_events_recorded_since_the_last(two, monkeypatch):
    writer, reader = two
    writer.record_absence(person="pneumann", start=date(2026, 12, 1), end=date(2026, 12, 2), deputy="jalbrecht",
                          by="pneumann")
    asked: list = []
    get = reader.events.get
    monkeypatch.setattr(reader.events, "get", lambda stream_id, **options: asked.append(
        (stream_id, options.get("gt"))) or get(stream_id, **options))
    reader.policy_now()
    reader.policy_now()
    writer.record_absence(person="pneumann", start=date(2026, 12, 7), end=date(2026, 12, 8), deputy="jalbrecht",
                          by="pneumann")
    assert len(reader.absences()) == 2
    assert asked == [(ABSENCES_ID, None), (ABSENCES_ID, 2), (ABSENCES_ID, 2)]  # whole once, then only what is new


def test_a_notification_preference_chosen_in_another_process_holds_at_the_next_look_up(two):
    writer, reader = two
    assert reader.notification_mode("sroth") == "immediate"
    writer.choose_notifications("sroth", mode="digest", by="sroth")
    assert reader.notification_mode("sroth") == "digest"
