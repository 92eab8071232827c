"""Counting attempts per key within a window, and temporary locks: the store behind log-in throttling and the
per-address limit on mail answers.

A key names what is counted, e.g. "login:sroth", "address:203.0.113.7", "mail-answer:a@b.example".
`hit` counts one attempt atomically (a row per key; the count restarts when its window has
passed) and returns the new `Count`; what follows from a count (wait, lock, refuse) is decided
by the callers' pure rules. Every process of the service shares the counts through the database.

Implementations: `InMemoryThrottles` (here) and `invoicing.throttles.sql.SqlThrottles` (table
`throttles` in an application's SQLite file, `<app>_throttles` in PostgreSQL), created and changed by the
schema migrations (`invoicing.migrations`); one contract test suite runs against all three.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import overload

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.popo import POPOFactory


@dataclass(frozen=True)
class Count:
    """How often `key` was hit since `first_at` (the window's start), the last time, and a lock if any."""

    key: str
    count: int
    first_at: datetime
    last_at: datetime
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class Throttles(ABC):
    """Attempt counts and locks per key."""

    @abstractmethod
    def hit(self, key: str, now: datetime, window: timedelta) -> Count:
        """Count one attempt on `key` at `now`; a window older than `window` starts again at 1."""

    @abstractmethod
    def get(self, key: str) -> Count | None:
        """The count of `key`, or None when it was never hit (or cleared)."""

    @abstractmethod
    def lock(self, key: str, until: datetime) -> None:
        """Lock `key` until `until` (it must have been hit)."""

    @abstractmethod
    def clear(self, key: str) -> None:
        """Forget `key`: count and lock (after a success, or when an administrator lifts a lock)."""

    @abstractmethod
    def locked(self, prefix: str, now: datetime) -> list[Count]:
        """Keys beginning with `prefix` that are locked at `now`, soonest unlocked first."""


class InMemoryThrottles(Throttles):
    """Counts in a dict, for tests and the in-memory application."""

    def __init__(self) -> None:
        self._rows: dict[str, Count] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: datetime, window: timedelta) -> Count:
        with self._lock:
            row = self._rows.get(key)
            if row is None or row.first_at < now - window:
                row = Count(key, 1, now, now, row.locked_until if row else None)
            else:
                row = replace(row, count=row.count + 1, last_at=now)
            self._rows[key] = row
            return row

    def get(self, key: str) -> Count | None:
        return self._rows.get(key)

    def lock(self, key: str, until: datetime) -> None:
        with self._lock:
            if key in self._rows:
                self._rows[key] = replace(self._rows[key], locked_until=until)

    def clear(self, key: str) -> None:
        with self._lock:
            self._rows.pop(key, None)

    def locked(self, prefix: str, now: datetime) -> list[Count]:
        rows = [row for key, row in list(self._rows.items()) if key.startswith(prefix) and row.locked_at(now)]
        return sorted(rows, key=lambda row: row.locked_until or now)  # every row kept here is locked


def throttles_for(factory: InfrastructureFactory) -> Throttles:
    """The throttles on the same backend (and database) as the application built by `factory`."""
    if isinstance(factory, POPOFactory):
        return InMemoryThrottles()
    from invoicing.throttles.sql import SqlThrottles

    return SqlThrottles.for_factory(factory)  # its table: `invoicing.migrations`


@overload
def from_epoch(value: float) -> datetime: ...
@overload
def from_epoch(value: None) -> None: ...
def from_epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, timezone.utc)
