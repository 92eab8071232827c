"""The outbox: automatic work that the event log says is due, kept with the position it was read up to.

The dispatcher follows the `Invoices` notification log. For each batch of events it records, in
one transaction, which work items they opened or closed (`invoicing.lifecycle.work`) and the
notification id it has read up to; only then does it send the messages. A crash between commit
and send loses nothing: open items are sent again on start-up and whenever they have waited too
long. Items are closed by the events that show the work done, never by the sender, so a
message delivered twice (or an item sent twice) is harmless: the actors are idempotent.

Implementations: `InMemoryOutbox` (here), `invoicing.outbox.sqlite.SQLiteOutbox`,
`invoicing.outbox.postgres.PostgresOutbox`; one contract test suite runs against all three.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.popo import POPOFactory, POPOTrackingRecorder


@dataclass(frozen=True, order=True)
class Work:
    """One piece of automatic work on one case: `action` is "process", "route" or "notify:<about>"."""

    case_id: UUID
    action: str


@dataclass(frozen=True)
class Backlog:
    """How many work items are open, and when the oldest of them was opened (None when none is)."""

    count: int
    oldest_opened_at: datetime | None


class Outbox(TrackingRecorder):
    """Open work items and the log position they were derived from, changed together."""

    @abstractmethod
    def record(self, *, opened: Sequence[Work], closed: Sequence[Work], tracking: Tracking, at: datetime) -> None:
        """Open and close items and move the position to `tracking`, atomically.

        Opening an open item keeps it as it is; closing an item that is not open does nothing.
        Raises eventsourcing's `IntegrityError` when `tracking` is not past the recorded position
        (another dispatcher got there first), leaving everything unchanged.
        """

    @abstractmethod
    def pending(self, *, sent_before: datetime | None = None, limit: int = 1000) -> list[Work]:
        """Open items, oldest first; with `sent_before`, only those last sent (or opened) before then."""

    @abstractmethod
    def mark_sent(self, items: Sequence[Work], at: datetime) -> None:
        """Note that `items` were (re)sent at `at`, so they are not resent too soon."""

    @abstractmethod
    def backlog(self) -> Backlog:
        """How much work is open and since when (for monitoring: the queue's lag)."""


class InMemoryOutbox(POPOTrackingRecorder, Outbox):
    """An outbox in a dict, for tests and the in-memory application."""

    def __init__(self) -> None:
        super().__init__()
        self._open: dict[Work, tuple[datetime, datetime]] = {}

    def record(self, *, opened: Sequence[Work], closed: Sequence[Work], tracking: Tracking, at: datetime) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            for item in opened:
                self._open.setdefault(item, (at, at))
            for item in closed:
                self._open.pop(item, None)
            self._insert_tracking(tracking)

    def pending(self, *, sent_before: datetime | None = None, limit: int = 1000) -> list[Work]:
        with self._database_lock:
            rows = sorted(self._open.items(), key=lambda row: (row[1][0], row[0]))
            return [item for item, (_, sent) in rows if sent_before is None or sent < sent_before][:limit]

    def mark_sent(self, items: Sequence[Work], at: datetime) -> None:
        with self._database_lock:
            for item in items:
                if item in self._open:
                    self._open[item] = (self._open[item][0], at)

    def backlog(self) -> Backlog:
        with self._database_lock:
            return Backlog(len(self._open), min((opened for opened, _ in self._open.values()), default=None))


def outbox_for(factory: InfrastructureFactory) -> Outbox:
    """The outbox on the same backend (and database) as the application built by `factory`."""
    if isinstance(factory, POPOFactory):
        return InMemoryOutbox()
    from eventsourcing.sqlite import SQLiteFactory

    # eventsourcing types tracking_recorder's result as the factory's own recorder class, not the one asked for
    if isinstance(factory, SQLiteFactory):
        from invoicing.outbox.sqlite import SQLiteOutbox

        return cast(SQLiteOutbox, factory.tracking_recorder(SQLiteOutbox))
    from invoicing.outbox.postgres import PostgresOutbox

    return cast(PostgresOutbox, factory.tracking_recorder(PostgresOutbox))
