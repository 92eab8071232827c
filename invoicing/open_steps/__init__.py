"""Open approval steps: one row per invoice waiting for a person, kept beside the position it was read up to.

The escalation job must find the invoices whose step may now be escalated, and an inbox the
invoices assigned to a person or group, without loading 100,000 cases. The dispatcher's leader
follows the `Invoices` event log (`invoicing.open_steps.indexer`) and keeps here, in one
transaction with its tracking position, a row per open step: unit, step, assignee, since when,
and `check_after`, the moment escalation should look at the case again (None: nothing can become
due). Closed steps (approved, rejected, returned, denied) have no row. The table is a pure function
of the event log and the policy: drop it with its tracking record and it is rebuilt.

Rows carry the case version they were computed from; a write never replaces a row computed from a
later version, so the indexer and the escalation job (`put` after looking at a case) may race.

Implementations: `InMemoryOpenSteps` (here), `invoicing.open_steps.sqlite.SQLiteOpenSteps`,
`invoicing.open_steps.postgres.PostgresOpenSteps`; one contract test suite runs against all three.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.popo import POPOFactory, POPOTrackingRecorder


@dataclass(frozen=True)
class OpenStep:
    """One invoice's open approval step: where it is, who has it, since when, when escalation looks next."""

    case_id: UUID
    version: int
    unit: str | None
    step: int
    kind: str
    person: str | None
    group: str | None
    since: datetime
    check_after: datetime | None


class OpenSteps(TrackingRecorder):
    """Rows of open steps and the log position they were derived from."""

    @abstractmethod
    def record(self, *, rows: Sequence[OpenStep], closed: Sequence[tuple[UUID, int]], tracking: Tracking) -> None:
        """Write `rows`, remove the rows of `closed` (case id, version) and move the position, atomically.

        Rows and removals computed from an older case version than the stored row change nothing.
        Raises eventsourcing's `IntegrityError` when `tracking` is not past the recorded position.
        """

    @abstractmethod
    def put(self, row: OpenStep) -> None:
        """Write one row outside the log order (the escalation job after looking at a case); older versions lose."""

    @abstractmethod
    def claim_due(self, now: datetime, *, until: datetime, limit: int = 1000) -> list[UUID]:
        """The cases whose `check_after` is at or before `now` (earliest first), moved to `until` (a lease)."""

    def assigned_to(self, *, people: Sequence[str], groups: Sequence[str], limit: int = 10_000,
                    after: tuple[datetime, UUID] | None = None) -> list[OpenStep]:
        """Rows whose step is assigned to one of `people` or `groups`, oldest first (by since, then case id),
        at most `limit`, after the row at (since, case id) `after` when given.

        Each person and group is read in that order by its own index range (`_assigned`), and the runs are
        merged: a page costs the same however many steps wait."""
        found: dict[UUID, OpenStep] = {}
        for column, values in (("person", people), ("grp", groups)):
            for value in dict.fromkeys(values):
                for row in self._assigned(column, value, after, limit):
                    found[row.case_id] = row
        return sorted(found.values(), key=lambda row: (row.since, row.case_id))[:limit]

    @abstractmethod
    def _assigned(self, column: str, value: str, after: tuple[datetime, UUID] | None, limit: int) -> list[OpenStep]:
        """At most `limit` rows with `column` ("person" or "grp") equal to `value`, by (since, case id), after `after`."""

    @abstractmethod
    def count_assigned(self, *, people: Sequence[str], groups: Sequence[str], cap: int = 10_000) -> tuple[int, bool]:
        """How many rows are assigned to `people` or `groups`: (count, exact); counted up to `cap`."""

    @abstractmethod
    def get(self, case_id: UUID) -> OpenStep | None:
        """The row of one case, or None."""


class InMemoryOpenSteps(POPOTrackingRecorder, OpenSteps):
    """Open steps in a dict, for tests and the in-memory application."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[UUID, OpenStep] = {}

    def record(self, *, rows: Sequence[OpenStep], closed: Sequence[tuple[UUID, int]], tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            for row in rows:
                self._put(row)
            for case_id, version in closed:
                if case_id in self._rows and self._rows[case_id].version <= version:
                    del self._rows[case_id]
            self._insert_tracking(tracking)

    def put(self, row: OpenStep) -> None:
        with self._database_lock:
            self._put(row)

    def claim_due(self, now: datetime, *, until: datetime, limit: int = 1000) -> list[UUID]:
        with self._database_lock:
            due = sorted((row for row in self._rows.values() if row.check_after is not None and row.check_after <= now),
                         key=lambda row: (row.check_after, row.case_id))[:limit]
            for row in due:
                self._rows[row.case_id] = _with_check(row, until)
            return [row.case_id for row in due]

    def _assigned(self, column: str, value: str, after: tuple[datetime, UUID] | None, limit: int) -> list[OpenStep]:
        with self._database_lock:
            rows = [row for row in self._rows.values() if (row.person if column == "person" else row.group) == value
                    and (after is None or (row.since, row.case_id) > after)]
            return sorted(rows, key=lambda row: (row.since, row.case_id))[:limit]

    def count_assigned(self, *, people: Sequence[str], groups: Sequence[str], cap: int = 10_000) -> tuple[int, bool]:
        with self._database_lock:
            found = sum(1 for row in self._rows.values() if row.person in people or row.group in groups)
        return (found, True) if found <= cap else (cap, False)

    def get(self, case_id: UUID) -> OpenStep | None:
        with self._database_lock:
            return self._rows.get(case_id)

    def _put(self, row: OpenStep) -> None:
        stored = self._rows.get(row.case_id)
        if stored is None or stored.version <= row.version:
            self._rows[row.case_id] = row


def _with_check(row: OpenStep, check_after: datetime) -> OpenStep:
    return replace(row, check_after=check_after)


def open_steps_for(factory: InfrastructureFactory) -> OpenSteps:
    """The open-steps table on the same backend (and database) as the application built by `factory`."""
    if isinstance(factory, POPOFactory):
        return InMemoryOpenSteps()
    from eventsourcing.sqlite import SQLiteFactory

    # eventsourcing types tracking_recorder's result as the factory's own recorder class, not the one asked for
    if isinstance(factory, SQLiteFactory):
        from invoicing.open_steps.sqlite import SQLiteOpenSteps

        return cast(SQLiteOpenSteps, factory.tracking_recorder(SQLiteOpenSteps))
    from invoicing.open_steps.postgres import PostgresOpenSteps

    return cast(PostgresOpenSteps, factory.tracking_recorder(PostgresOpenSteps))
